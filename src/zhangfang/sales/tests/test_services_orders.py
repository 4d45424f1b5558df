"""Quotations and orders: prices from price lists, amounts, confirming through the credit-limit
check and its approval, reserving the delivery."""

import datetime
from decimal import Decimal as D

import pytest

from zhangfang.accounting.models import Invoice
from zhangfang.accounting.services.invoices import invoice_create, invoice_post
from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import ApprovalRequest, Role
from zhangfang.core.services.approvals import approval_decide, approval_rule_create
from zhangfang.core.services.partners import partner_update
from zhangfang.inventory.exceptions import NotEnoughStock
from zhangfang.inventory.models import Picking
from zhangfang.sales.exceptions import CreditLimitExceeded, SalesLineInvalid, SalesOrderTransitionNotAllowed
from zhangfang.sales.pricing import PriceItem, pick_price
from zhangfang.sales.selectors import order_pickings
from zhangfang.sales.services.deliveries import sales_order_reserve
from zhangfang.sales.services.orders import (
    DOCUMENT_TYPE,
    credit_exposure,
    sales_order_cancel,
    sales_order_confirm,
    sales_order_send,
    sales_order_update,
)
from zhangfang.sales.services.pricelists import partner_price_list_set, price_list_create

NOV_3 = datetime.date(2026, 11, 3)


# --- prices -------------------------------------------------------------------------------

def test_the_highest_quantity_break_wins_then_the_latest_promotion():
    items = [PriceItem(D("0"), D("95")), PriceItem(D("10"), D("90")),
             PriceItem(D("0"), D("92"), datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))]

    assert pick_price(items, quantity=D("5"), on_date=NOV_3) == D("92")  # the November promotion
    assert pick_price(items, quantity=D("5"), on_date=datetime.date(2026, 12, 1)) == D("95")  # promotion over
    assert pick_price(items, quantity=D("10"), on_date=NOV_3) == D("90")  # the volume break
    assert pick_price([PriceItem(D("10"), D("90"))], quantity=D("9"), on_date=NOV_3) is None


def test_an_order_takes_the_customers_price_list_per_unit_and_quantity(shop):
    pump = shop.product(price="100.00")
    wholesale = price_list_create(actor=shop.actor, company=shop.company, name="批发价", items=[
        {"product": pump, "price": D("95.00")}, {"product": pump, "min_quantity": D("10"), "price": D("90.00")}])
    partner_price_list_set(actor=shop.actor, partner=shop.customer, price_list=wholesale)

    order = shop.order((pump, "5"), (pump, "2", {"uom": shop.box}), (pump, "1", {"unit_price": D("99.50")}))

    assert order.price_list == wholesale
    # 5 pieces at 95.00; 2 boxes are 20 pieces, past the break of 10: 90.00 a piece, 900.00 a box;
    # a price typed in stays.
    assert [(line.quantity, line.uom.symbol, line.unit_price) for line in order.lines.order_by("pk")] == [
        (D("5"), "pcs", D("95")), (D("2"), "box", D("900")), (D("1"), "pcs", D("99.5"))]
    assert order.number == "SO-2026-0001"


def test_discount_and_tax_make_the_order_totals(shop):
    pump, valve = shop.product(price="100.00"), shop.product(price="50.55")

    order = shop.order((pump, "3", {"discount": D("10")}), (valve, "2"))

    # 3 × 100.00 − 10 % = 270.00, VAT 35.10; 2 × 50.55 = 101.10, VAT 13.143 → document VAT
    # 35.10 + 13.143 = 48.243 → 48.24, shared 35.10 / 13.14.
    assert [(line.amount_untaxed, line.amount_tax, line.amount_total) for line in order.lines.order_by("pk")] == [
        (D("270.00"), D("35.10"), D("305.10")), (D("101.10"), D("13.14"), D("114.24"))]
    assert (order.amount_untaxed, order.amount_tax, order.amount_total) == (D("371.10"), D("48.24"), D("419.34"))


def test_a_quotation_is_changed_sent_and_no_longer_changed_once_confirmed(shop):
    pump = shop.product()
    shop.receive(pump, "10", "60.00")
    order = shop.order((pump, "1"))

    order = sales_order_update(actor=shop.actor, order=order, lines=[{"product": pump, "quantity": D("4")}],
                               reference="PO-778")
    order = sales_order_send(actor=shop.actor, order=order)
    assert (order.status, order.reference, order.amount_total) == ("sent", "PO-778", D("452.00"))
    sales_order_confirm(actor=shop.actor, order=order)

    with pytest.raises(SalesOrderTransitionNotAllowed):
        sales_order_update(actor=shop.actor, order=order, notes="改")


def test_bad_lines_are_named(shop):
    pump = shop.product()
    with pytest.raises(SalesLineInvalid) as error:
        shop.order((pump, "1"), (pump, "-2"))
    assert error.value.fields == {"lines.2.quantity": ["the quantity must be positive."]}
    with pytest.raises(SalesLineInvalid) as error:
        shop.order((pump, "1", {"uom": shop.vat13}))
    assert list(error.value.fields) == ["lines.1.uom"]


# --- confirming and reserving ------------------------------------------------------------

def test_confirming_makes_a_reserved_delivery_when_the_stock_is_there(shop):
    pump = shop.product()
    shop.receive(pump, "25", "60.00")

    order = sales_order_confirm(actor=shop.actor, order=shop.order((pump, "2", {"uom": shop.box})))

    (delivery,) = order_pickings(order)
    assert (order.status, delivery.kind, delivery.status, delivery.origin) == (
        "confirmed", "delivery", "reserved", order.number)
    # 2 boxes of 10 leave as 20 pieces, the stock unit
    assert [(m.quantity, m.reserved_quantity) for m in delivery.moves.all()] == [(D("20"), D("20"))]


def test_a_short_order_is_confirmed_and_waits_and_reserving_says_what_is_missing(shop):
    pump = shop.product()
    shop.receive(pump, "3", "60.00")
    order = sales_order_confirm(actor=shop.actor, order=shop.order((pump, "5")))
    (delivery,) = order_pickings(order)
    assert (order.status, delivery.status) == ("confirmed", "confirmed")

    with pytest.raises(NotEnoughStock) as error:
        sales_order_reserve(actor=shop.actor, order=order)
    assert (error.value.params["requested"], error.value.params["available"]) == ("5", "3")

    shop.receive(pump, "2", "60.00")
    (delivery,) = sales_order_reserve(actor=shop.actor, order=order)
    assert delivery.status == Picking.Status.RESERVED


def test_a_cancelled_order_releases_its_delivery(shop):
    pump = shop.product()
    shop.receive(pump, "5", "60.00")
    order = sales_order_confirm(actor=shop.actor, order=shop.order((pump, "5")))

    order = sales_order_cancel(actor=shop.actor, order=order)

    assert order.status == "cancelled"
    assert order_pickings(order).get().status == "cancelled"


# --- the credit limit --------------------------------------------------------------------

@pytest.fixture
def owing(shop):
    """The customer has a limit of 1,000.00 and owes 500.00 on an open invoice."""
    partner_update(actor=shop.actor, partner=shop.customer, credit_limit=D("1000.00"))
    shop.customer.refresh_from_db()
    invoice = invoice_create(actor=shop.actor, company=shop.company, kind=Invoice.Kind.CUSTOMER_INVOICE,
                             partner=shop.customer, date=NOV_3, lines=[{"description": "旧货款",
                                                                         "unit_price": D("500.00")}])
    invoice_post(actor=shop.actor, invoice=invoice)
    return shop


def test_an_order_over_the_credit_limit_is_refused(owing):
    shop = owing
    pump = shop.product()
    within = shop.order((pump, "3"))  # 339.00: 500 + 339 = 839.00
    sales_order_confirm(actor=shop.actor, order=within)
    over = shop.order((pump, "2"))  # 226.00: 500 + 339 (confirmed, not invoiced) + 226 = 1,065.00

    assert credit_exposure(shop.customer, adding=over) == D("1065.00")
    with pytest.raises(CreditLimitExceeded) as error:
        sales_order_confirm(actor=shop.actor, order=over)

    assert "1,065.00" in str(error.value) and "1,000.00" in str(error.value)
    over.refresh_from_db()
    assert over.status == "draft" and not order_pickings(over).exists()


def test_over_the_limit_the_order_waits_for_approval_and_the_approver_confirms_it(owing, make_user):
    shop = owing
    approval_rule_create(actor=shop.actor, company=shop.company, document_type=DOCUMENT_TYPE, name="超信用额度",
                         steps=[{"role": Role.objects.get(code="finance_manager")}])
    salesperson, manager = make_user("sales"), make_user("finance_manager")
    pump = shop.product()
    order = shop.order((pump, "6"), actor=salesperson)  # 678.00: 500 + 678 = 1,178.00

    order = sales_order_confirm(actor=salesperson, order=order, request_approval=True)

    assert order.status == "awaiting_approval" and not order_pickings(order).exists()
    with pytest.raises(SalesOrderTransitionNotAllowed):
        sales_order_confirm(actor=salesperson, order=order)
    request = ApprovalRequest.objects.get(document_type=DOCUMENT_TYPE, object_id=str(order.pk))
    assert request.amount == D("678.00")

    approval_decide(actor=manager, request=request, decision="approve")

    order.refresh_from_db()
    assert (order.status, order.confirmed_by) == ("confirmed", manager)
    assert order_pickings(order).get().kind == "delivery"


def test_a_rejected_order_goes_back_to_a_quotation(owing, make_user):
    shop = owing
    approval_rule_create(actor=shop.actor, company=shop.company, document_type=DOCUMENT_TYPE, name="超信用额度",
                         steps=[{"role": Role.objects.get(code="finance_manager")}])
    manager = make_user("finance_manager")
    order = sales_order_confirm(actor=shop.actor, order=shop.order((shop.product(), "6")), request_approval=True)

    approval_decide(actor=manager, request=ApprovalRequest.objects.get(object_id=str(order.pk)), decision="reject",
                    comment="客户逾期")

    order.refresh_from_db()
    assert order.status == "draft"


def test_without_an_approval_rule_the_engine_approves_at_once(owing):
    shop = owing
    order = sales_order_confirm(actor=shop.actor, order=shop.order((shop.product(), "6")), request_approval=True)

    assert order.status == "confirmed"


def test_a_salesperson_confirms_without_inventory_rights_but_cannot_invoice(shop, make_user):
    from zhangfang.sales.services.invoicing import sales_order_invoice

    salesperson = make_user("sales")
    pump = shop.product()
    shop.receive(pump, "5", "60.00")
    order = sales_order_confirm(actor=salesperson, order=shop.order((pump, "1"), actor=salesperson))

    assert order_pickings(order).get().status == "reserved"
    with pytest.raises(PermissionDenied):
        sales_order_invoice(actor=salesperson, order=order)
