"""Bills of purchase orders: the 3-way match and its approval, price differences in both
directions, partial billing, consumables and services, returns with and without credit notes."""

from decimal import Decimal as D

import pytest

from zhangfang.accounting.services.invoices import invoice_post, invoice_update
from zhangfang.core.models import Role
from zhangfang.core.services.approvals import approval_decide, approval_rule_create
from zhangfang.purchasing.exceptions import BillLinesChanged, BillMismatch, PurchaseFieldInvalid
from zhangfang.purchasing.models import PurchaseBill
from zhangfang.purchasing.services.bills import (
    DOCUMENT_TYPE,
    purchase_bill_create,
    purchase_bill_match_submit,
    purchase_bill_post,
)
from zhangfang.purchasing.services.receipts import purchase_return
from zhangfang.purchasing.tests.conftest import nov


def entry_lines(invoice):
    return sorted((line.account.code, line.debit, line.credit) for line in invoice.entry.lines.all())


def test_a_bill_for_more_than_was_received_posts_only_once_the_difference_is_approved(buying, make_user):
    approval_rule_create(actor=buying.actor, company=buying.company, document_type=DOCUMENT_TYPE, name="三单匹配",
                         steps=[{"role": Role.objects.get(code="finance_manager"), "due_hours": 24}])
    manager = make_user("finance_manager")
    product = buying.product()
    order = buying.order((product, "10", "50.00"))
    buying.receive(order, ["8"], date=nov(3))

    # The supplier bills all 10 though 8 came: refused, with what differs.
    bill = buying.bill(order, ("10", "50.00"), date=nov(4), post=False)
    assert PurchaseBill.objects.get(invoice=bill).match == "mismatch"
    with pytest.raises(BillMismatch) as refused:
        purchase_bill_post(actor=buying.actor, invoice=bill)
    assert refused.value.params["differences"] == f"{product}: 10 billed, 8 received"

    # Rejected by the manager, it still cannot post; asked again and approved, it posts.
    request = purchase_bill_match_submit(actor=buying.actor, invoice=bill, reason="供应商坚持")
    approval_decide(actor=manager, request=request, decision="reject", comment="等到货")
    assert PurchaseBill.objects.get(invoice=bill).match == "rejected"
    with pytest.raises(BillMismatch):
        purchase_bill_post(actor=buying.actor, invoice=bill)
    approval_decide(actor=manager, request=purchase_bill_match_submit(actor=buying.actor, invoice=bill),
                    decision="approve")
    bill = purchase_bill_post(actor=buying.actor, invoice=bill)
    assert bill.status == "posted"

    # GRNI: 400.00 received, 500.00 billed → Dr 100.00 until the last 2 arrive, which clear it.
    assert buying.balance("2209") == D("100.00") and buying.balance("6405") == D("0.00")
    buying.receive(order, date=nov(6))
    order.refresh_from_db()
    assert order.status == "billed" and buying.balance("2209") == D("0.00")


def test_within_the_quantity_tolerance_a_bill_for_more_posts_without_approval(buying):
    buying.settings(quantity_tolerance=D("25"))
    product = buying.product()
    order = buying.order((product, "10", "5.00"))
    buying.receive(order, ["8"], date=nov(3))
    assert buying.bill(order, ("10", "5.00"), date=nov(4)).status == "posted"


def test_a_bill_below_the_order_price_books_the_saving_and_partial_bills_leave_the_rest_in_grni(buying):
    buying.settings(price_tolerance=D("5"))
    product = buying.product()
    order = buying.order((product, "10", "20.00"))
    buying.receive(order, date=nov(3))  # Dr 1405 200.00 / Cr 2209 200.00

    # 6 billed at 19.50: Dr 2209 117.00 + 222101 15.21 / Cr 2202 132.21; the 3.00 saving leaves GRNI.
    bill = buying.bill(order, ("6", "19.50"), date=nov(4))
    assert entry_lines(bill) == [("2202", D("0"), D("132.21")), ("2209", D("117.00"), D("0")),
                                 ("222101", D("15.21"), D("0"))]
    assert (buying.balance("2209"), buying.balance("6405")) == (D("-80.00"), D("-3.00"))
    order.refresh_from_db()
    assert order.status == "received"

    # The other 4 at 20.00 by default: everything received and not billed, at the order's price.
    rest = buying.bill(order, date=nov(5), reference="INV-2")
    assert (rest.amount_untaxed, buying.balance("2209"), buying.balance("6405")) == (D("80.00"), D("0.00"),
                                                                                     D("-3.00"))
    order.refresh_from_db()
    assert order.status == "billed"
    with pytest.raises(PurchaseFieldInvalid):
        buying.bill(order, date=nov(6), reference="INV-3")


def test_an_order_bill_posted_from_the_accounting_pages_is_matched_and_followed_up_all_the_same(buying):
    product = buying.product()
    order = buying.order((product, "10", "20.00"))
    buying.receive(order, date=nov(3))  # Dr 1405 200.00 / Cr 2209 200.00

    # 10 billed at 22.00 (10 % over, beyond the tolerance) and posted with accounting's own service.
    bill = buying.bill(order, ("10", "22.00"), date=nov(4), post=False)
    with pytest.raises(BillMismatch):
        invoice_post(actor=buying.actor, invoice=bill)
    bill.refresh_from_db()
    assert bill.status == "draft" and buying.balance("2202") == D("0.00")

    # Approved (no rule: at once), accounting's post matches and books the 20.00 difference.
    purchase_bill_match_submit(actor=buying.actor, invoice=bill)
    invoice_post(actor=buying.actor, invoice=bill)
    order.refresh_from_db()
    assert (order.status, buying.balance("2209"), buying.balance("6405")) == ("billed", D("0.00"), D("20.00"))


def test_consumables_and_services_are_billed_to_expense_services_against_what_was_ordered(buying):
    paper = buying.product(kind="consumable")
    repair = buying.product(kind="service")
    order = buying.order((paper, "20", "3.00"), (repair, "1", "500.00"))
    buying.receive(order, date=nov(3))  # consumables move, book nothing
    assert buying.balance("1405") == D("0.00")
    bill = buying.bill(order, date=nov(4))
    assert [(line.account.code, line.quantity) for line in bill.lines.order_by("pk")] == [
        ("6602", D("20")), ("6602", D("1"))]
    assert buying.balance("6602") == D("560.00") and buying.balance("2209") == D("0.00")
    order.refresh_from_db()
    assert order.status == "billed"


def test_goods_returned_before_billing_are_not_credited_and_the_bill_covers_what_was_kept(buying):
    product = buying.product()
    order = buying.order((product, "10", "10.00"))
    buying.receive(order, date=nov(3))
    picking, note = purchase_return(actor=buying.actor, order=order, quantities={order.lines.get(): D("3")},
                                    date=nov(4))
    assert note is None and picking.status == "done"
    line = order.lines.get()
    assert (line.received_quantity, line.rejected_quantity) == (D("7"), D("3"))
    assert (buying.balance("1405"), buying.balance("2209")) == (D("70.00"), D("-70.00"))
    bill = buying.bill(order, date=nov(5))
    assert bill.lines.get().quantity == D("7") and buying.balance("2209") == D("0.00")


def test_a_bill_rewritten_in_accounting_no_longer_posts_from_the_order(buying):
    product = buying.product()
    order = buying.order((product, "2", "10.00"))
    buying.receive(order, date=nov(3))
    bill = purchase_bill_create(actor=buying.actor, order=order, date=nov(4))
    invoice_update(actor=buying.actor, invoice=bill, lines=[{"description": "改", "unit_price": D("30"),
                                                             "quantity": D("1")}])
    with pytest.raises(BillLinesChanged):
        purchase_bill_post(actor=buying.actor, invoice=bill)
