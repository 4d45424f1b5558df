"""Reorder rules and the needs they raise."""

import datetime
from decimal import Decimal

import pytest

from zhangfang.inventory.exceptions import StockFieldInvalid
from zhangfang.inventory.models import Picking
from zhangfang.inventory.selectors.replenishment import replenishment_needs
from zhangfang.inventory.services.pickings import picking_confirm
from zhangfang.inventory.services.replenishment import reorder_rule_create, reorder_rule_update
from zhangfang.inventory.services.warehouses import warehouse_create

D = Decimal


def rule(stock, product, minimum, maximum, multiple="1", lead_days=0, warehouse=None):
    return reorder_rule_create(actor=stock.actor, company=stock.company, product=product,
                               warehouse=warehouse or stock.warehouse, minimum=D(minimum), maximum=D(maximum),
                               multiple=D(multiple), lead_days=lead_days)


def test_below_minimum_orders_up_to_maximum_in_multiples_counting_planned_moves(stock):
    bearings = stock.product()
    stock.receive(bearings, "150", "8.50")
    rule(stock, bearings, "200", "1000", "100", lead_days=7)
    incoming = stock.picking(Picking.Kind.RECEIPT, stock.supplier, stock.stock, (bearings, "100", "8.50"))
    picking_confirm(actor=stock.actor, picking=incoming)
    stock.picking(Picking.Kind.RECEIPT, stock.supplier, stock.stock, (bearings, "500", "8.50"))  # a draft: not counted
    outgoing = stock.picking(Picking.Kind.DELIVERY, stock.stock, stock.customer, (bearings, "80"),
                             date=stock.today + datetime.timedelta(days=20))
    picking_confirm(actor=stock.actor, picking=outgoing)

    [need] = replenishment_needs(stock.company, on_date=stock.today)

    # forecast 150 + 100 − 80 = 170 < 200: order 1000 − 170 = 830, rounded up to 900.
    assert (need.on_hand, need.incoming, need.outgoing, need.forecast) == (D("150"), D("100"), D("80"), D("170"))
    assert need.quantity == D("900") and need.product == bearings and need.warehouse == stock.warehouse
    # The stock only falls below 200 when the delivery leaves in 20 days; order 7 days before.
    assert need.need_date == stock.today + datetime.timedelta(days=20)
    assert need.order_by == stock.today + datetime.timedelta(days=13)
    assert need.arrival == need.need_date


def test_no_need_at_or_above_minimum_nor_for_inactive_rules_or_other_warehouses(stock):
    product, other = stock.product(), stock.product()
    stock.receive(product, "10", "1.00")
    rule(stock, product, "10", "50")
    hankou = warehouse_create(actor=stock.actor, company=stock.company, code="HK", name="汉口仓")
    inactive = rule(stock, other, "5", "10")
    reorder_rule_update(actor=stock.actor, rule=inactive, active=False)
    rule(stock, product, "5", "8", multiple="0", warehouse=hankou)

    [need] = replenishment_needs(stock.company)

    assert (need.warehouse, need.on_hand, need.quantity) == (hankou, 0, D("8"))
    assert need.order_by == need.need_date == stock.today


def test_rules_refuse_bad_quantities_and_duplicates(stock):
    product = stock.product()
    rule(stock, product, "1", "2")

    with pytest.raises(StockFieldInvalid) as duplicate:
        rule(stock, product, "1", "2")
    with pytest.raises(StockFieldInvalid) as upside_down:
        rule(stock, stock.product(), "5", "2")
    assert list(duplicate.value.fields) == ["product"] and list(upside_down.value.fields) == ["maximum"]
