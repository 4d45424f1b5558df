"""Delivering, invoicing, receiving payment and taking goods back, with the ledger after each step.

Throughout: pumps cost 60.00 (10 bought in on Nov 2), sell at 100.00 plus 13 % VAT."""

import datetime
from decimal import Decimal as D

import pytest

from zhangfang.accounting.models import Invoice
from zhangfang.inventory.models import Picking
from zhangfang.inventory.selectors.stock import on_hand
from zhangfang.sales.exceptions import NothingToInvoice, ReturnQuantityInvalid
from zhangfang.sales.selectors import order_invoices, order_payments, order_pickings, payment_state
from zhangfang.sales.services.deliveries import sales_order_deliver
from zhangfang.sales.services.invoicing import sales_order_invoice, sales_order_payment_register
from zhangfang.sales.services.orders import sales_order_confirm
from zhangfang.sales.services.returns import sales_order_return

NOV_5, NOV_6, NOV_9, NOV_20 = (datetime.date(2026, 11, day) for day in (5, 6, 9, 20))


@pytest.fixture
def pump(shop):
    pump = shop.product()
    shop.receive(pump, "10", "60.00")
    return pump


def confirmed(shop, *lines, **header):
    return sales_order_confirm(actor=shop.actor, order=shop.order(*lines, **header))


def ledger(shop, *codes) -> list[D]:
    return [shop.balance(code) for code in codes]


def test_a_partial_delivery_leaves_a_backorder_and_invoices_what_was_delivered(shop, pump):
    service = shop.product(kind="service", price="200.00")
    order = confirmed(shop, (pump, "10"), (service, "1"), invoice_policy="delivery")
    line = order.lines.get(product=pump)

    # Nov 5: 6 of the 10 leave with 顺丰, 4 wait on a backorder.
    done, backorder = sales_order_deliver(actor=shop.actor, order=order, quantities={line.pk: D("6")}, date=NOV_5,
                                          carrier="顺丰速运", tracking_number="SF1234567890")

    assert (done.status, done.carrier, done.tracking_number) == ("done", "顺丰速运", "SF1234567890")
    backorder.refresh_from_db()
    assert (backorder.status, backorder.backorder_of, backorder.moves.get().quantity) == ("reserved", done, D("4"))
    assert done.moves.get().quantity == D("6")
    assert list(order_pickings(order)) == [done, backorder]
    line.refresh_from_db()
    assert (line.delivered_quantity, line.invoiced_quantity) == (D("6"), D("0"))
    assert on_hand(shop.company, pump) == D("4")
    # cost of the 6 sold: 6 × 60.00 = 360.00 out of stock into cost of sales
    assert ledger(shop, "1405", "6401") == [D("240.00"), D("360.00")]

    # Invoiced on delivery: 6 pumps (600.00) and the service as ordered (200.00), VAT 13 % = 104.00.
    first = sales_order_invoice(actor=shop.actor, order=order, date=NOV_5)
    assert (first.kind, first.status, first.amount_untaxed, first.amount_tax, first.amount_total) == (
        "out_invoice", "posted", D("800.00"), D("104.00"), D("904.00"))
    assert first.reference == order.number
    with pytest.raises(NothingToInvoice):
        sales_order_invoice(actor=shop.actor, order=order, date=NOV_5)

    # Nov 6: the other 4 leave and are invoiced: 400.00 + 52.00; the order is done.
    sales_order_deliver(actor=shop.actor, order=order, date=NOV_6)
    second = sales_order_invoice(actor=shop.actor, order=order, date=NOV_6)
    assert second.amount_total == D("452.00")
    order.refresh_from_db()
    assert order.status == "done"
    assert ledger(shop, "1405", "6401", "1122", "6001", "222102") == [
        D("0.00"), D("600.00"), D("1356.00"), D("-1200.00"), D("-156.00")]

    # Nov 9: the customer pays both invoices, 904.00 + 452.00.
    payment = sales_order_payment_register(actor=shop.actor, order=order, journal=shop.bank, date=NOV_9)
    assert payment.amount == D("1356.00")
    assert payment_state(order) == Invoice.PaymentState.PAID
    assert order_payments(order) == [payment]
    assert ledger(shop, "1122", "1002") == [D("0.00"), D("1356.00")]


def test_invoiced_on_order_before_anything_is_delivered(shop, pump):
    order = confirmed(shop, (pump, "5"), invoice_policy="order")

    invoice = sales_order_invoice(actor=shop.actor, order=order, date=NOV_5)

    assert (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total) == (
        D("500.00"), D("65.00"), D("565.00"))
    assert order.lines.get().invoiced_quantity == D("5") and order.lines.get().delivered_quantity == 0
    with pytest.raises(NothingToInvoice):
        sales_order_invoice(actor=shop.actor, order=order, date=NOV_5)
    order.refresh_from_db()
    assert order.status == "confirmed"  # still to deliver

    sales_order_deliver(actor=shop.actor, order=order, date=NOV_6)
    order.refresh_from_db()
    assert order.status == "done"


@pytest.mark.parametrize("valuation", ["average", "fifo"])
def test_a_return_reverses_cost_of_sales_and_is_credited(shop, valuation):
    pump = shop.product(valuation)
    shop.receive(pump, "10", "60.00")
    order = confirmed(shop, (pump, "10"))
    sales_order_deliver(actor=shop.actor, order=order, date=NOV_5)
    invoice = sales_order_invoice(actor=shop.actor, order=order, date=NOV_5)  # 1,000.00 + 130.00
    line = order.lines.get()

    result = sales_order_return(actor=shop.actor, order=order, quantities={line.pk: D("3")}, date=NOV_20,
                                reason="包装破损")

    (back,) = result.pickings
    (note,) = result.credit_notes
    assert (back.kind, back.status, back.return_of.kind) == ("return_in", "done", "delivery")
    assert back.moves.get().value == D("180.00")  # 3 × 60.00, the cost they left at
    assert (note.kind, note.credit_note_of, note.amount_untaxed, note.amount_tax, note.amount_total) == (
        "out_refund", invoice, D("300.00"), D("39.00"), D("339.00"))
    invoice.refresh_from_db()
    assert invoice.amount_residual == D("791.00")  # 1,130.00 − 339.00, settled by the credit note
    line.refresh_from_db()
    assert (line.delivered_quantity, line.returned_quantity, line.invoiced_quantity) == (D("7"), D("3"), D("7"))
    assert on_hand(shop.company, pump) == D("3")
    # stock 600 − 600 + 180; cost of sales 600 − 180; revenue 1,000 − 300; VAT 130 − 39
    assert ledger(shop, "1405", "6401", "6001", "222102", "1122") == [
        D("180.00"), D("420.00"), D("-700.00"), D("-91.00"), D("791.00")]
    assert set(order_invoices(order)) == {invoice, note}
    order.refresh_from_db()
    assert order.status == "done"

    with pytest.raises(ReturnQuantityInvalid):
        sales_order_return(actor=shop.actor, order=order, quantities={line.pk: D("8")}, date=NOV_20)


def test_a_return_of_goods_not_yet_invoiced_makes_no_credit_note(shop, pump):
    order = confirmed(shop, (pump, "4"), invoice_policy="delivery")
    sales_order_deliver(actor=shop.actor, order=order, date=NOV_5)
    line = order.lines.get()

    result = sales_order_return(actor=shop.actor, order=order, quantities={line.pk: D("1")}, date=NOV_6)

    assert result.credit_notes == [] and len(result.pickings) == 1
    invoice = sales_order_invoice(actor=shop.actor, order=order, date=NOV_6)
    assert invoice.lines.get().quantity == D("3")
    assert Picking.objects.filter(kind="return_in", status="done").count() == 1
