"""Property: any sequence of receipts, deliveries and returns keeps the quants equal to the
done moves and the stock value equal to the stock account, under both valuation methods;
a delivery of more than is on hand is refused and changes nothing."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhangfang.inventory import checks
from zhangfang.inventory.exceptions import NotEnoughStock
from zhangfang.inventory.selectors.stock import on_hand, stock_value
from zhangfang.inventory.services.pickings import picking_return, picking_validate, returnable


class Rollback(Exception):
    pass


# (operation, quantity, unit cost in 1/10000 yuan, which earlier picking a return refers to)
steps = st.lists(st.tuples(st.sampled_from(["receive", "deliver", "return_delivery", "return_receipt"]),
                           st.integers(1, 20), st.integers(1, 10**6), st.integers(0, 50)), min_size=1, max_size=6)


def give_back(stock, pickings, which, quantity):
    """Return up to ``quantity`` of an earlier receipt or delivery; None when nothing is left of it."""
    if not pickings:
        return None
    picking = pickings[which % len(pickings)]
    move = picking.moves.get()
    quantity = min(Decimal(quantity), returnable(move))
    if quantity <= 0:
        return None
    back = picking_return(actor=stock.actor, picking=picking, lines=[{"move": move, "quantity": quantity}])
    return picking_validate(actor=stock.actor, picking=back)[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(plan=steps)
@pytest.mark.parametrize("valuation", ["average", "fifo"])
def test_any_sequence_keeps_quants_and_ledger_in_step(stock, valuation, plan):
    try:
        with transaction.atomic():
            product = stock.product(valuation)
            receipts, deliveries = [], []
            for operation, quantity, cost, which in plan:
                before = on_hand(stock.company, product)
                try:
                    with transaction.atomic():
                        if operation == "receive":
                            receipts.append(stock.receive(product, quantity, Decimal(cost) / 10000))
                        elif operation == "deliver":
                            deliveries.append(stock.deliver(product, quantity))
                        elif operation == "return_delivery":
                            give_back(stock, deliveries, which, quantity)
                        else:
                            give_back(stock, receipts, which, quantity)
                except NotEnoughStock:
                    assert operation in ("deliver", "return_receipt")
                    assert on_hand(stock.company, product) == before
                assert on_hand(stock.company, product) >= 0
                assert checks.quants_match_moves() == []
                assert checks.valuation_matches_ledger() == []
                assert stock_value(stock.company) == stock.balance("1405")
                if not on_hand(stock.company, product):
                    assert stock_value(stock.company) == 0  # no value without quantity
            raise Rollback
    except Rollback:
        pass
