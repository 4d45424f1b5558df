"""Procure to pay: bearings bought by the box, stocked by the piece, November 2026, PRC chart, CNY.

The company keeps raw materials on 1403 (category 原材料, valued by moving average or by FIFO —
the story runs once for each). Bearing 6204 is stocked in pieces and bought in boxes of 10
from 苏州精密轴承 at 13 % input VAT. Purchasing allows bills 2 % off the order price, no
quantity tolerance; a bill that differs more needs the finance manager's approval.

 1. Nov  2  PO-2026-0001: 10 boxes × 90.00 = 900.00 + VAT 117.00 = 1,017.00, expected Nov 3.
 2. Nov  3  All 10 boxes arrive (on time): 100 pcs at 9.00 → Dr 1403 900.00 / Cr 2209 900.00.
 3. Nov  4  The bill for 10 boxes at 90.00 matches: Dr 2209 900.00, Dr 222101 117.00 / Cr 2202 1,017.00.
 4. Nov  5  Paid: Dr 2202 1,017.00 / Cr 1002 1,017.00.
 5. Nov  6  PO-2026-0002: 30 boxes × 100.00 = 3,000.00 + VAT 390.00 = 3,390.00, expected Nov 12.
 6. Nov 10  20 boxes arrive (on time): 200 pcs at 10.00 → Dr 1403 2,000.00 / Cr 2209 2,000.00;
            10 boxes stay on a backorder. The order is partially received.
 7. Nov 13  The backorder's 10 boxes arrive (a day late): Dr 1403 1,000.00 / Cr 2209 1,000.00.
            On hand 400 pcs worth 3,900.00 (moving average 9.75).
 8. Nov 14  The bill for 30 boxes at 103.00 (3 % over the order) = 3,090.00 + VAT 401.70 = 3,491.70
            is refused (BillMismatch) until the finance manager approves the difference; then it
            posts: Dr 2209 3,090.00, Dr 222101 401.70 / Cr 2202 3,491.70, and the price difference
            billed 3,090.00 − received 3,000.00 = 90.00 leaves GRNI: Dr 6405 90.00 / Cr 2209 90.00.
 9. Nov 18  5 boxes (50 pcs) are faulty and go back, taken from the Nov 13 receipt (cost 10.00):
            GRNI is cleared at that cost, Dr 2209 500.00; the stock leaves at its cost —
              moving average: 50 × 9.75 = 487.50, Cr 1403 487.50 and Cr 6405 12.50 (inventory's
              price difference on the return);
              FIFO: the returned receipt's layer, 50 × 10.00 = 500.00, Cr 1403 500.00.
            30 boxes are billed and 25 kept, so 5 boxes at 103.00 are credited: 515.00 + VAT 66.95
            = 581.95, Dr 2202 581.95 / Cr 2209 515.00, Cr 222101 66.95, matched against the bill.
            The price difference of the 25 boxes both received and billed is now 2,575.00 − 2,500.00
            = 75.00, so 15.00 of the 90.00 goes back: Dr 2209 15.00 / Cr 6405 15.00.
10. Nov 20  The bill's remaining 3,491.70 − 581.95 = 2,909.75 is paid: Dr 2202 / Cr 1002 2,909.75.

Balances at Nov 30 (debit +):            moving average       FIFO
    1403 raw materials  900 + 2,000 + 1,000 − 487.50 | − 500   3,412.50     3,400.00
         (350 pcs: 350 × 9.75 | 100 × 9.00 + 250 × 10.00)
    2209 GRNI           (every line received and billed)           0.00         0.00
    2202 payable        1,017 − 1,017 + 3,491.70 − 581.95 − 2,909.75   0.00     0.00
    222101 input VAT    117.00 + 401.70 − 66.95                   451.75       451.75
    6405 price diff.    90.00 − 15.00 (− 12.50 average only)       62.50        75.00
    1002 bank           −1,017.00 − 2,909.75                    −3,926.75    −3,926.75
    (3,412.50 + 451.75 + 62.50 = 3,400.00 + 451.75 + 75.00 = 3,926.75: the books balance.)

Supplier rating: receipts on time 2 of 3 = 66.67 %; 50 of 400 pcs rejected = 12.50 %; bills
3,990.00 against 3,900.00 at order prices = +2.31 %.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.db.models import Sum
from django.utils import translation

from zhangfang.accounting.models import Account, Invoice, Journal, JournalEntry, JournalEntryLine, Payment, Tax
from zhangfang.accounting.services.accounts import chart_load, journal_defaults_ensure
from zhangfang.accounting.services.payments import payment_register
from zhangfang.core.approvals.selectors import approval_request_for
from zhangfang.core.models import Role, Uom
from zhangfang.core.services.approvals import approval_decide, approval_rule_create
from zhangfang.core.services.partners import partner_create
from zhangfang.inventory.models import Picking
from zhangfang.inventory.selectors.stock import on_hand, stock_value
from zhangfang.inventory.services.products import product_category_create, product_create
from zhangfang.inventory.services.setup import inventory_setup
from zhangfang.purchasing.exceptions import BillMismatch
from zhangfang.purchasing.selectors.rating import supplier_rating
from zhangfang.purchasing.services.bills import (
    DOCUMENT_TYPE,
    purchase_bill_create,
    purchase_bill_match_submit,
    purchase_bill_post,
)
from zhangfang.purchasing.services.orders import purchase_order_confirm, purchase_order_create
from zhangfang.purchasing.services.receipts import purchase_order_receive, purchase_return
from zhangfang.purchasing.services.settings import purchasing_settings_update

pytestmark = pytest.mark.django_db


def nov(day: int) -> datetime.date:
    return datetime.date(2026, 11, day)


class Purchasing:
    """The company, its books and stock set up, and the buyer's hands."""

    def __init__(self, actor, company, valuation):
        self.actor, self.company = actor, company
        chart_load(actor=actor, company=company, template="prc")
        journal_defaults_ensure(actor=actor, company=company)
        self.warehouse = inventory_setup(actor=actor, company=company)
        self.accounts = {a.code: a for a in Account.objects.filter(company=company)}
        category = product_category_create(actor=actor, company=company, name="原材料", valuation=valuation,
                                           stock_account=self.accounts["1403"])
        self.vat = Tax.objects.get(company=company, scope=Tax.Scope.PURCHASE, name="进项 13%")
        self.bearing = product_create(
            actor=actor, company=company, code="BRG-6204", name="深沟球轴承 6204", category=category,
            uom=Uom.objects.get(company=company, symbol="pcs"), purchase_uom=Uom.objects.get(company=company,
                                                                                             symbol="box"),
            purchase_tax=self.vat)
        self.supplier = partner_create(actor=actor, company=company, code="S-SZ", name="苏州精密轴承有限公司",
                                       is_supplier=True)
        self.bank = Journal.objects.get(company=company, code="bank")
        purchasing_settings_update(actor=actor, company=company, price_tolerance=D("2"))

    def order(self, day: int, boxes: str, price: str, expected: int):
        order = purchase_order_create(actor=self.actor, company=self.company, supplier=self.supplier,
                                      order_date=nov(day), expected_date=nov(expected),
                                      lines=[{"product": self.bearing, "quantity": D(boxes), "unit_price": D(price)}])
        return purchase_order_confirm(actor=self.actor, order=order)

    def pay(self, day: int, bill: Invoice, amount: str) -> Payment:
        return payment_register(actor=self.actor, company=self.company, kind=Payment.Kind.OUTBOUND,
                                partner=self.supplier, journal=self.bank, date=nov(day), amount=D(amount),
                                allocations=[(bill, D(amount))])

    def balance(self, code: str) -> D:
        sums = JournalEntryLine.objects.filter(account=self.accounts[code],
                                               entry__status__in=JournalEntry.IN_LEDGER).aggregate(
            debit=Sum("debit"), credit=Sum("credit"))
        return (D(sums["debit"] or 0) - D(sums["credit"] or 0)).quantize(D("0.01"))

    def balances(self) -> dict[str, D]:
        return {code: self.balance(code) for code in ("1403", "2209", "2202", "222101", "6405", "1002")}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("valuation", "stock_after_return", "price_difference"), [
    ("average", D("3412.50"), D("62.50")),
    ("fifo", D("3400.00"), D("75.00")),
])
def test_bearings_are_ordered_received_billed_returned_and_paid(admin, company, make_user, valuation,
                                                                stock_after_return, price_difference):
    buyer = Purchasing(admin, company, valuation)
    manager = make_user("finance_manager")
    approval_rule_create(actor=admin, company=company, document_type=DOCUMENT_TYPE, name="价差审批",
                         steps=[{"role": Role.objects.get(code="finance_manager"), "due_hours": 24}])

    # 1–4. A first order, received on time, billed as ordered and paid.
    first = buyer.order(2, "10", "90.00", expected=3)
    assert (first.number, first.status, first.amount_untaxed, first.amount_tax, first.amount_total) == (
        "PO-2026-0001", "confirmed", D("900.00"), D("117.00"), D("1017.00"))
    purchase_order_receive(actor=admin, order=first, date=nov(3))
    first_bill = purchase_bill_post(actor=admin, invoice=purchase_bill_create(actor=admin, order=first, date=nov(4),
                                                                                reference="SZ-1101"))
    buyer.pay(5, first_bill, "1017.00")
    first.refresh_from_db()
    assert first.status == "billed"
    assert buyer.balances() == {"1403": D("900.00"), "2209": D("0.00"), "2202": D("0.00"), "222101": D("117.00"),
                                "6405": D("0.00"), "1002": D("-1017.00")}

    # 5–6. The second order: 20 of 30 boxes arrive, 10 stay on a backorder.
    order = buyer.order(6, "30", "100.00", expected=12)
    assert order.amount_total == D("3390.00")
    line = order.lines.get()
    receipt = purchase_order_receive(actor=admin, order=order, quantities={line: D("20")}, date=nov(10))
    backorder = Picking.objects.get(backorder_of=receipt)
    assert [(m.quantity, m.unit_cost, m.value) for m in receipt.moves.all()] == [(D("200"), D("10"), D("2000.00"))]
    assert (backorder.status, [m.quantity for m in backorder.moves.all()]) == ("confirmed", [D("100")])
    order.refresh_from_db()
    line.refresh_from_db()
    assert (order.status, line.received_quantity) == ("partially_received", D("20"))
    assert (buyer.balance("1403"), buyer.balance("2209")) == (D("2900.00"), D("-2000.00"))

    # 7. The backorder arrives a day late; everything is in.
    late = purchase_order_receive(actor=admin, order=order, date=nov(13))
    assert late == backorder
    order.refresh_from_db()
    assert order.status == "received"
    assert on_hand(company, buyer.bearing) == D("400")
    assert stock_value(company, product=buyer.bearing) == D("3900.00")

    # 8. A bill 3 % over the order price waits for the finance manager.
    bill = purchase_bill_create(actor=admin, order=order, date=nov(14), reference="SZ-1114",
                                lines=[{"order_line": line, "quantity": D("30"), "unit_price": D("103.00")}])
    assert (bill.amount_untaxed, bill.amount_tax, bill.amount_total) == (D("3090.00"), D("401.70"), D("3491.70"))
    with pytest.raises(BillMismatch):
        purchase_bill_post(actor=admin, invoice=bill)
    request = purchase_bill_match_submit(actor=admin, invoice=bill)
    assert request.status == "pending"
    approval_decide(actor=manager, request=request, decision="approve")
    assert approval_request_for(company=company, document_type=DOCUMENT_TYPE, object_id=bill.pk).status == "approved"
    bill = purchase_bill_post(actor=admin, invoice=bill)
    assert bill.status == "posted"
    order.refresh_from_db()
    assert order.status == "billed"
    assert buyer.balances() == {"1403": D("3900.00"), "2209": D("0.00"), "2202": D("-3491.70"),
                                "222101": D("518.70"), "6405": D("90.00"), "1002": D("-1017.00")}

    # 9. Five faulty boxes go back; they were billed, so they are credited.
    returned, note = purchase_return(actor=admin, order=order, quantities={line: D("5")}, date=nov(18))
    assert (returned.kind, returned.status, [m.quantity for m in returned.moves.all()]) == ("return_out", "done",
                                                                                           [D("50")])
    assert (note.kind, note.status, note.amount_untaxed, note.amount_tax, note.amount_total) == (
        "in_refund", "posted", D("515.00"), D("66.95"), D("581.95"))
    bill.refresh_from_db()
    line.refresh_from_db()
    assert bill.amount_residual == D("2909.75")
    assert (line.received_quantity, line.rejected_quantity, line.billed_quantity) == (D("25"), D("5"), D("25"))
    assert buyer.balance("1403") == stock_after_return
    assert stock_value(company, product=buyer.bearing) == stock_after_return
    assert (buyer.balance("2209"), buyer.balance("6405")) == (D("0.00"), price_difference)

    # 10. What is left of the bill is paid.
    buyer.pay(20, bill, "2909.75")
    bill.refresh_from_db()
    assert (bill.amount_residual, bill.payment_state) == (D("0.00"), "paid")
    assert buyer.balances() == {"1403": stock_after_return, "2209": D("0.00"), "2202": D("0.00"),
                                "222101": D("451.75"), "6405": price_difference, "1002": D("-3926.75")}
    assert stock_after_return + D("451.75") + price_difference == D("3926.75")

    # The supplier's record: 2 of 3 receipts on time, 50 of 400 pcs rejected, bills 2.31 % over.
    [row] = supplier_rating(company)
    assert (row.supplier, row.rating.on_time_rate, row.rating.rejected_share, row.rating.price_variance) == (
        buyer.supplier, D("66.67"), D("12.50"), D("2.31"))
