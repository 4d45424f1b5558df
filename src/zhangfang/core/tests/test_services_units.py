"""Converting quantities between units of one category, rounded half-up to the target unit."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Uom
from zhangfang.core.services.units import convert, round_quantity, uom_create


def unit(company, symbol: str) -> Uom:
    """One of the units every new company starts with."""
    return Uom.objects.get(company=company, symbol=symbol)


@pytest.mark.parametrize(("quantity", "source", "target", "expected"), [
    ("2", "dz", "pcs", "24"),
    ("30", "pcs", "dz", "3"),        # 2.5 dozen, rounded half-up to whole dozens
    ("29", "pcs", "dz", "2"),        # 2.4166… dozen
    ("1234.5", "g", "kg", "1.235"),  # half-up, not half-even (1.234)
    ("1234.4", "g", "kg", "1.234"),
    ("0.0014", "kg", "g", "1.40"),
    ("1.5", "t", "kg", "1500.000"),
    ("3", "d", "h", "24.00"),
    ("250", "cm", "m", "2.50"),
])
def test_convert_within_a_category_rounds_half_up_to_the_target_unit(company, quantity, source, target, expected):
    result = convert(Decimal(quantity), unit(company, source), unit(company, target))
    assert result == Decimal(expected)


def test_converting_to_the_same_unit_keeps_the_quantity(company):
    assert convert(Decimal("7"), unit(company, "box"), unit(company, "box")) == Decimal("7")


@pytest.mark.parametrize(("source", "target"), [("kg", "pcs"), ("m", "L"), ("h", "dz")])
def test_convert_across_categories_is_refused(company, source, target):
    with pytest.raises(ValidationFailed) as error:
        convert(Decimal("1"), unit(company, source), unit(company, target))
    assert error.value.code == "validation_failed"


def test_convert_refuses_a_float(company):
    with pytest.raises(ValidationFailed) as error:
        convert(2.0, unit(company, "dz"), unit(company, "pcs"))
    assert list(error.value.fields) == ["quantity"]


def test_a_new_unit_converts_through_the_reference_unit(admin, company):
    # given a pack of 20 pieces added to the Count category
    pack = uom_create(actor=admin, company=company, category=unit(company, "pcs").category, name="包",
                      symbol="pk", ratio=Decimal("20"), rounding=Decimal("1"))
    # then 3 packs are 5 dozen, and 50 pieces are 2.5 packs, rounded up to 3
    assert convert(Decimal("3"), pack, unit(company, "dz")) == Decimal("5")
    assert convert(Decimal("50"), unit(company, "pcs"), pack) == Decimal("3")


def test_a_unit_with_a_float_ratio_is_refused(admin, company):
    with pytest.raises(ValidationFailed) as error:
        uom_create(actor=admin, company=company, category=unit(company, "pcs").category, name="包",
                   symbol="pk", ratio=20.0, rounding=Decimal("1"))
    assert list(error.value.fields) == ["ratio"]


@pytest.mark.parametrize(("quantity", "rounding", "expected"), [
    ("2.5", "1", "3"), ("-2.5", "1", "-3"), ("2.25", "0.5", "2.5"), ("2.24", "0.5", "2.0"), ("0.005", "0.01", "0.01"),
])
def test_round_quantity_is_half_up_to_a_multiple_of_the_rounding(quantity, rounding, expected):
    assert round_quantity(Decimal(quantity), Decimal(rounding)) == Decimal(expected)


# A pure property over unsaved units: no database needed.
ROUNDINGS = [Decimal(text) for text in ("0.001", "0.01", "0.1", "0.5", "1", "5")]
ratios = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000"), places=3)
roundings = st.sampled_from(ROUNDINGS)


@given(ratio_a=ratios, rounding_a=roundings, ratio_b=ratios, rounding_b=roundings,
       steps=st.integers(min_value=-10**9, max_value=10**9))
def test_there_and_back_stays_within_one_rounding_step(ratio_a, rounding_a, ratio_b, rounding_b, steps):
    # given two units of one category and a quantity that unit a can hold exactly
    a = Uom(category_id=1, name="a", ratio=ratio_a, rounding=rounding_a)
    b = Uom(category_id=1, name="b", ratio=ratio_b, rounding=rounding_b)
    quantity = steps * rounding_a
    # when it is converted to b and back
    back = convert(convert(quantity, a, b), b, a)
    # then it lands on a's grid, no further away than the coarser of the two steps (in a's units)
    assert back % rounding_a == 0
    assert abs(back - quantity) <= max(rounding_a, rounding_b * ratio_b / ratio_a)
