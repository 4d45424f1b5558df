"""The VAT core, without a database: per-line tax, rounded per document."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhangfang.accounting.tax import LineInput, TaxRate, compute

D = Decimal
VAT13 = TaxRate(key="13", rate=D("13"))
VAT9 = TaxRate(key="9", rate=D("9"))
VAT13_INCL = TaxRate(key="13i", rate=D("13"), price_include=True)
ZERO_RATED = TaxRate(key="0", rate=D("0"))
EXEMPT = TaxRate(key="ex", rate=D("0"), exempt=True)


def test_tax_is_rounded_once_per_document_and_shared_back_to_the_lines():
    # Given two lines of 3 × 33.33 at 13 %: 12.9987 tax each, 25.9974 together.
    lines = [LineInput(quantity=D("3"), unit_price=D("33.33"), tax=VAT13)] * 2

    result = compute(lines)

    # Then the document tax is 25.9974 rounded once, 26.00, and the lines carry 13.00 each.
    assert (result.untaxed, result.tax, result.total) == (D("199.98"), D("26.00"), D("225.98"))
    assert [(line.untaxed, line.tax, line.total) for line in result.lines] == [
        (D("99.99"), D("13.00"), D("112.99")), (D("99.99"), D("13.00"), D("112.99"))]
    assert [(t.tax, t.base, t.amount) for t in result.taxes] == [(VAT13, D("199.98"), D("26.00"))]


def test_per_document_rounding_differs_from_rounding_each_line():
    # Three lines of 0.10 at 13 %: 0.013 each. Rounded per line that is 0.01 × 3 = 0.03;
    # rounded per document 0.039 → 0.04, the extra cent going to the first line on the tie.
    result = compute([LineInput(quantity=D("1"), unit_price=D("0.10"), tax=VAT13)] * 3)

    assert result.tax == D("0.04")
    assert [line.tax for line in result.lines] == [D("0.02"), D("0.01"), D("0.01")]


def test_the_largest_remainder_gets_the_missing_cent():
    # Taxes 0.1495, 0.1443, 0.1365 sum to 0.4303 → 0.43; rounded down they give 0.41, so two
    # cents are missing: they go to the remainders 0.0095 and 0.0065, not to 0.0043.
    result = compute([LineInput(quantity=D("1"), unit_price=D("1.15"), tax=VAT13),
                      LineInput(quantity=D("1"), unit_price=D("1.11"), tax=VAT13),
                      LineInput(quantity=D("1"), unit_price=D("1.05"), tax=VAT13)])

    assert result.tax == D("0.43")
    assert [line.tax for line in result.lines] == [D("0.15"), D("0.14"), D("0.14")]


def test_tax_inclusive_price_keeps_the_gross_and_splits_out_the_tax():
    # 含税价 113.00 at 13 %: untaxed 100.00, tax 13.00; 50.00 gross: 44.2477… + 5.7522…
    result = compute([LineInput(quantity=D("1"), unit_price=D("113.00"), tax=VAT13_INCL),
                      LineInput(quantity=D("1"), unit_price=D("50.00"), tax=VAT13_INCL)])

    assert [(line.untaxed, line.tax, line.total) for line in result.lines] == [
        (D("100.00"), D("13.00"), D("113.00")), (D("44.25"), D("5.75"), D("50.00"))]
    assert (result.untaxed, result.tax, result.total) == (D("144.25"), D("18.75"), D("163.00"))


def test_discount_applies_before_tax():
    result = compute([LineInput(quantity=D("10"), unit_price=D("20.00"), discount=D("12.5"), tax=VAT9)])

    assert (result.untaxed, result.tax, result.total) == (D("175.00"), D("15.75"), D("190.75"))


@pytest.mark.parametrize("tax", [ZERO_RATED, EXEMPT, None], ids=["zero-rated", "exempt", "no tax"])
def test_zero_rated_exempt_and_untaxed_lines_carry_no_tax(tax):
    result = compute([LineInput(quantity=D("2"), unit_price=D("49.995"), tax=tax)])

    assert (result.untaxed, result.tax, result.total) == (D("99.99"), D("0.00"), D("99.99"))
    assert [t.base for t in result.taxes] == ([] if tax is None else [D("99.99")])


def test_each_tax_is_rounded_on_its_own():
    result = compute([LineInput(quantity=D("1"), unit_price=D("0.10"), tax=VAT13),
                      LineInput(quantity=D("1"), unit_price=D("0.10"), tax=VAT9),
                      LineInput(quantity=D("1"), unit_price=D("0.10"), tax=VAT13)])

    # 13 %: 0.026 → 0.03 over two lines; 9 %: 0.009 → 0.01.
    assert [(t.tax.key, t.base, t.amount) for t in result.taxes] == [("13", D("0.20"), D("0.03")),
                                                                     ("9", D("0.10"), D("0.01"))]
    assert [line.tax for line in result.lines] == [D("0.02"), D("0.01"), D("0.01")]


def test_a_currency_without_cents_rounds_to_whole_units():
    result = compute([LineInput(quantity=D("3"), unit_price=D("333"), tax=VAT13)], quantum=D("1"))

    assert (result.untaxed, result.tax, result.total) == (D("999"), D("130"), D("1129"))


money = st.decimals(min_value=D("0"), max_value=D("99999.999999"), places=6)
quantities = st.decimals(min_value=D("0.0001"), max_value=D("9999"), places=4)
discounts = st.decimals(min_value=D("0"), max_value=D("100"), places=2)
lines_strategy = st.lists(
    st.builds(LineInput, quantity=quantities, unit_price=money, discount=discounts,
              tax=st.sampled_from([VAT13, VAT9, VAT13_INCL, ZERO_RATED, EXEMPT, None])),
    min_size=1, max_size=8)


@given(lines=lines_strategy)
def test_lines_add_up_to_the_document_per_tax(lines):
    result = compute(lines)

    for tax_total in result.taxes:
        on_lines = [amounts for line, amounts in zip(lines, result.lines, strict=True) if line.tax == tax_total.tax]
        exact = sum(_exact_tax(line) for line in lines if line.tax == tax_total.tax)
        assert sum(a.tax for a in on_lines) == tax_total.amount
        assert tax_total.amount == exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
        assert sum(a.untaxed for a in on_lines) == tax_total.base
    for amounts in result.lines:
        assert amounts.total == amounts.untaxed + amounts.tax
        assert amounts.untaxed >= 0 and amounts.tax >= 0
    assert result.total == result.untaxed + result.tax
    assert result.untaxed == sum(a.untaxed for a in result.lines)
    assert result.tax == sum(a.tax for a in result.lines) == sum(t.amount for t in result.taxes)


@given(lines=lines_strategy)
def test_inclusive_totals_equal_the_gross(lines):
    result = compute(lines)

    for line, amounts in zip(lines, result.lines, strict=True):
        if line.tax is not None and line.tax.price_include:
            gross = line.quantity * line.unit_price * (1 - line.discount / 100)
            assert amounts.total == gross.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _exact_tax(line: LineInput) -> Decimal:
    base = line.quantity * line.unit_price * (1 - line.discount / 100)
    if line.tax is None or not line.tax.rate:
        return D(0)
    rate = line.tax.rate / 100
    return base - base / (1 + rate) if line.tax.price_include else base * rate


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        compute([LineInput(quantity=D("-1"), unit_price=D("1"))])
