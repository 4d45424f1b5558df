from decimal import Decimal as D

from zhangfang.web.pdf import amount_in_words, money, quantity


def test_amounts_in_capital_numerals():
    assert amount_in_words(D("1234.56")) == "壹仟贰佰叁拾肆元伍角陆分"
    assert amount_in_words(D("100100.00")) == "壹拾万零壹佰元整"
    assert amount_in_words(D("10.05")) == "壹拾元零伍分"
    assert amount_in_words(D("0")) == "零元整"
    assert amount_in_words(D("-20.50")) == "负贰拾元伍角"


def test_money_has_two_places_and_quantities_no_trailing_zeros():
    assert money(D("1234.5")) == "1,234.50"
    assert [quantity(D(q)) for q in ("1200.0000", "2.5000", "0.0125", "3")] == ["1,200", "2.5", "0.0125", "3"]
