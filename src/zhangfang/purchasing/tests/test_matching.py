"""The purchasing arithmetic, without a database."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from zhangfang.purchasing.matching import (
    Difference,
    MatchLine,
    Offer,
    Rating,
    best_offers,
    match_differences,
    net_unit_price,
    price_difference_due,
)

quantities = st.integers(min_value=1, max_value=10_000).map(D)
values = st.integers(min_value=0, max_value=10_000_000).map(lambda cents: D(cents) / 100)


def test_a_tax_inclusive_price_is_netted():
    assert net_unit_price(D("113.00"), rate=D("13"), price_include=True) == D("100.000000")
    assert net_unit_price(D("113.00"), rate=D("13")) == D("113.000000")


def test_the_match_flags_quantities_and_prices_beyond_their_tolerances_either_way():
    lines = [MatchLine("A", billed=D("11"), received=D("10"), bill_price=D("10"), order_price=D("10")),
             MatchLine("B", billed=D("5"), received=D("5"), bill_price=D("9.79"), order_price=D("10")),
             MatchLine("C", billed=D("5"), received=D("5"), bill_price=D("10.20"), order_price=D("10"))]
    assert match_differences(lines, price_tolerance=D("2"), quantity_tolerance=D("0")) == [
        Difference("A", "quantity", D("10"), D("11")), Difference("B", "price", D("10"), D("9.79"))]
    assert match_differences(lines, price_tolerance=D("3"), quantity_tolerance=D("10")) == []


@given(quantities, values, values)
def test_a_line_received_and_billed_in_full_moves_the_whole_difference(quantity, received, billed):
    assert price_difference_due(received_quantity=quantity, received_value=received, billed_quantity=quantity,
                                billed_value=billed) == billed - received


def test_only_the_quantity_both_received_and_billed_is_matched():
    # 10 received for 1,000.00; 6 billed for 630.00: 630.00 − 600.00.
    assert price_difference_due(received_quantity=D("10"), received_value=D("1000"), billed_quantity=D("6"),
                                billed_value=D("630")) == D("30.00")
    # 10 billed for 1,050.00; 8 received (2 returned) for 800.00: 840.00 − 800.00.
    assert price_difference_due(received_quantity=D("8"), received_value=D("800"), billed_quantity=D("10"),
                                billed_value=D("1050")) == D("40.00")
    assert price_difference_due(received_quantity=D("0"), received_value=D("0"), billed_quantity=D("10"),
                                billed_value=D("1050")) == D("0")


def test_the_cheapest_and_fastest_quotes_are_flagged_and_ties_share_the_flag():
    cheapest, fastest = best_offers([Offer("a", D("100"), 5), Offer("b", D("90"), 9), Offer("c", D("90"), 5),
                                     Offer("d", None, 1)])
    assert (cheapest, fastest) == ({"b", "c"}, {"a", "c"})


def test_the_rating_is_in_percent_and_empty_without_data():
    rating = Rating(receipts=3, on_time=2, received=D("400"), rejected=D("50"), billed_value=D("3990"),
                    ordered_value=D("3900"))
    assert (rating.on_time_rate, rating.rejected_share, rating.price_variance) == (D("66.67"), D("12.50"), D("2.31"))
    empty = Rating(receipts=0, on_time=0, received=D("0"), rejected=D("0"), billed_value=D("0"),
                   ordered_value=D("0"))
    assert (empty.on_time_rate, empty.rejected_share, empty.price_variance) == (None, None, None)
