"""Purchase orders: defaults, the approval threshold, receipts in purchase units with backorders,
the over-receipt tolerance, foreign-currency costs, quality hold, closing and cancelling."""

from decimal import Decimal as D

import pytest

from zhangfang.core.approvals.selectors import approval_request_for
from zhangfang.core.models import Currency, Role
from zhangfang.core.services.approvals import approval_decide, approval_rule_create
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.inventory.models import Picking
from zhangfang.inventory.selectors.stock import on_hand
from zhangfang.purchasing.exceptions import NothingToReceive, OverReceipt, PurchaseTransitionNotAllowed
from zhangfang.purchasing.models import PurchaseReceipt
from zhangfang.purchasing.services.orders import (
    DOCUMENT_TYPE,
    purchase_order_cancel,
    purchase_order_close,
    purchase_order_confirm,
    purchase_order_create,
)
from zhangfang.purchasing.services.prices import supplier_price_create
from zhangfang.purchasing.services.receipts import purchase_receipt_inspect
from zhangfang.purchasing.tests.conftest import nov


def receipts(order, kind="receipt"):
    return [link.picking for link in PurchaseReceipt.objects.filter(order=order, kind=kind).order_by("pk")]


def test_an_order_takes_the_price_list_the_purchase_unit_and_tax_and_expects_the_goods_after_the_lead_time(buying):
    bearing = buying.product(purchase_uom=buying.box, purchase_tax=buying.vat13, purchase_price=D("9.00"))
    supplier_price_create(actor=buying.actor, company=buying.company, supplier=buying.supplier_a, product=bearing,
                          price=D("95.00"), lead_days=6)
    order = purchase_order_create(actor=buying.actor, company=buying.company, supplier=buying.supplier_a,
                                  order_date=nov(2), lines=[{"product": bearing, "quantity": D("4")}])
    line = order.lines.get()
    assert (line.uom, line.unit_price, line.tax, line.amount_untaxed, line.amount_tax) == (
        buying.box, D("95"), buying.vat13, D("380.00"), D("49.40"))
    assert (order.number, order.expected_date, order.amount_total, order.warehouse) == (
        "PO-2026-0001", nov(8), D("429.40"), buying.warehouse)

    # Another supplier has no price list: the product's purchase price per piece, times 10 per box.
    other = purchase_order_create(actor=buying.actor, company=buying.company, supplier=buying.supplier_b,
                                  order_date=nov(2), lines=[{"product": bearing, "quantity": D("4")}])
    assert (other.lines.get().unit_price, other.expected_date) == (D("90"), nov(2))


def test_an_order_above_the_threshold_is_confirmed_only_when_approved(buying, make_user):
    buying.settings(order_approval_threshold=D("10000.00"))
    approval_rule_create(actor=buying.actor, company=buying.company, document_type=DOCUMENT_TYPE, name="大额采购",
                         steps=[{"role": Role.objects.get(code="finance_manager"), "due_hours": 24}])
    manager = make_user("finance_manager")
    product = buying.product()

    # 10,000.00 with VAT 11,300.00 is above the threshold; 8,000.00 + 1,040.00 is not.
    small = buying.order((product, "80", "100"))
    large = buying.order((product, "100", "100"))
    assert (small.status, large.status) == ("confirmed", "awaiting_approval")
    assert receipts(large) == [] and len(receipts(small)) == 1
    with pytest.raises(PurchaseTransitionNotAllowed):  # the buyer cannot confirm it past the approver
        purchase_order_confirm(actor=buying.actor, order=large)

    # Rejected, it is a draft again; approved, it is confirmed by the manager and its receipt is waiting.
    request = approval_request_for(company=buying.company, document_type=DOCUMENT_TYPE, object_id=large.pk)
    approval_decide(actor=manager, request=request, decision="reject", comment="分两批")
    large.refresh_from_db()
    assert large.status == "draft"
    large = purchase_order_confirm(actor=buying.actor, order=large)
    request = approval_request_for(company=buying.company, document_type=DOCUMENT_TYPE, object_id=large.pk)
    approval_decide(actor=manager, request=request, decision="approve")
    large.refresh_from_db()
    assert (large.status, large.confirmed_by) == ("confirmed", manager)
    [picking] = receipts(large)
    assert (picking.status, picking.scheduled_date, [m.quantity for m in picking.moves.all()]) == (
        "confirmed", large.expected_date, [D("100")])


def test_boxes_received_in_part_leave_a_backorder_in_pieces(buying):
    bearing = buying.product(purchase_uom=buying.box)
    order = buying.order((bearing, "5", "120.00"))  # 5 boxes at 120.00 + 13 %: 12.00 a piece net
    [waiting] = receipts(order)
    assert [(m.quantity, m.unit_cost) for m in waiting.moves.all()] == [(D("50"), D("12"))]

    done = buying.receive(order, ["3"], date=nov(4))
    assert done == waiting and done.status == "done"
    [_first, backorder] = receipts(order)
    assert (backorder.backorder_of, backorder.status, [m.quantity for m in backorder.moves.all()]) == (
        done, "confirmed", [D("20")])
    line = order.lines.get()
    order.refresh_from_db()
    assert (order.status, line.received_quantity, line.to_receive) == ("partially_received", D("3"), D("2"))
    assert on_hand(buying.company, bearing) == D("30")
    assert buying.balance("1405") == D("360.00") and buying.balance("2209") == D("-360.00")

    # The rest arrives with the backorder; nothing is left to receive.
    assert buying.receive(order, date=nov(6)) == backorder
    order.refresh_from_db()
    assert order.status == "received" and on_hand(buying.company, bearing) == D("50")
    with pytest.raises(NothingToReceive):
        buying.receive(order, date=nov(7))


def test_more_than_ordered_is_received_only_within_the_tolerance(buying):
    buying.settings(over_receipt_tolerance=D("10"))
    product = buying.product()
    order = buying.order((product, "10", "5.00"))
    with pytest.raises(OverReceipt) as refused:
        buying.receive(order, ["12"])
    assert refused.value.params == {"product": str(product), "quantity": "12", "ordered": "10", "received": "12",
                                    "tolerance": "10"}
    assert on_hand(buying.company, product) == D("0")

    buying.receive(order, ["9"], date=nov(2))
    buying.receive(order, ["2"], date=nov(3))  # 11 of 10: within 10 %
    line = order.lines.get()
    assert line.received_quantity == D("11") and on_hand(buying.company, product) == D("11")
    with pytest.raises(OverReceipt):
        buying.receive(order, ["0.5"], date=nov(4))


def test_a_dollar_order_is_valued_at_the_rate_of_each_receipt_day(buying):
    usd = Currency.objects.get(code="USD")
    for day, rate in ((1, "7.10"), (5, "7.20")):
        exchange_rate_create(actor=buying.actor, company=buying.company, currency=usd, date=nov(day), rate=D(rate))
    product = buying.product()
    order = buying.order((product, "10", "2.00"), currency=usd)

    buying.receive(order, ["4"], date=nov(2))
    buying.receive(order, ["6"], date=nov(6))  # the backorder carried Nov 1's rate: a new receipt replaces it
    pickings = receipts(order)
    assert [p.status for p in pickings] == ["done", "cancelled", "done"]
    assert [(m.quantity, m.unit_cost, m.value) for p in pickings if p.status == "done" for m in p.moves.all()] == [
        (D("4"), D("14.2"), D("56.80")), (D("6"), D("14.4"), D("86.40"))]
    order.refresh_from_db()
    assert order.status == "received" and buying.balance("1405") == D("143.20")


def test_goods_wait_in_quality_hold_until_inspected_and_rejects_go_back(buying):
    buying.settings(use_quality_hold=True)
    product = buying.product()
    order = buying.order((product, "10", "8.00"))
    receipt = buying.receive(order, date=nov(3))
    assert receipt.destination == buying.warehouse.quality_location
    assert on_hand(buying.company, product, buying.stock) == D("0")

    # When 8 pass inspection and 2 fail.
    move = receipt.moves.get()
    release, rejection = purchase_receipt_inspect(actor=buying.actor, receipt=receipt, accepted={move: D("8")},
                                                  date=nov(4))

    # Then 8 are in stock, 2 went back to the supplier as rejected: received 8, rejected 2.
    assert (release.kind, rejection.kind, rejection.status) == ("internal", "return_out", "done")
    assert on_hand(buying.company, product, buying.stock) == D("8")
    assert on_hand(buying.company, product, buying.warehouse.quality_location) == D("0")
    line = order.lines.get()
    assert (line.received_quantity, line.rejected_quantity) == (D("8"), D("2"))
    assert buying.balance("1405") == D("64.00") and buying.balance("2209") == D("-64.00")
    with pytest.raises(PurchaseTransitionNotAllowed):
        purchase_receipt_inspect(actor=buying.actor, receipt=receipt)


def test_closing_cancels_the_backorder_and_cancelling_needs_nothing_received(buying):
    product = buying.product()
    order = buying.order((product, "10", "1.00"))
    buying.receive(order, ["6"], date=nov(2))
    with pytest.raises(PurchaseTransitionNotAllowed):
        purchase_order_cancel(actor=buying.actor, order=order)
    order = purchase_order_close(actor=buying.actor, order=order)
    assert order.status == "closed"
    assert [p.status for p in receipts(order)] == [Picking.Status.DONE, Picking.Status.CANCELLED]

    untouched = buying.order((product, "3", "1.00"))
    assert purchase_order_cancel(actor=buying.actor, order=untouched).status == "cancelled"
    assert [p.status for p in receipts(untouched)] == [Picking.Status.CANCELLED]
