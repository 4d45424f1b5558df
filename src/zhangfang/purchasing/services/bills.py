"""Supplier bills of purchase orders and the 3-way match (SCM-2): a bill is keyed from what
was received (services: ordered), on the goods-received-not-invoiced account for goods and
the expense account for consumables and services, with the order's tax. It posts only when
the billed quantity stays within what was received and its prices within the order's (the
company's tolerances); otherwise the difference goes to the approval engine first. Posting
books the price difference (ledger.py). Returns credit what was billed but sent back."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Invoice
from zhangfang.accounting.services.invoices import invoice_create, invoice_credit_note, invoice_post
from zhangfang.core import audit, permissions
from zhangfang.core.services.approvals import approval_request_submit
from zhangfang.inventory.models import Product
from zhangfang.purchasing.exceptions import BillAlreadyMatches, BillMismatch
from zhangfang.purchasing.models import PurchaseBill, PurchaseBillLine, PurchaseOrder, PurchaseOrderLine
from zhangfang.purchasing.selectors.bills import bill_differences, deliverable, difference_text
from zhangfang.purchasing.services.inputs import field_error, line_error, number, refusal
from zhangfang.purchasing.services.ledger import category_account, price_differences_book
from zhangfang.purchasing.services.orders import lock
from zhangfang.purchasing.services.tracking import adopt_backorders, order_refresh

DOCUMENT_TYPE = "purchasing.billmatch"
ZERO = Decimal("0")
Match = PurchaseBill.Match
BILLABLE = (*PurchaseOrder.RUNNING, PurchaseOrder.Status.CLOSED)


def _account(line: PurchaseOrderLine):
    """Goods clear goods received not invoiced; consumables and services are expensed."""
    category = line.product.category
    if line.product.kind == Product.Kind.GOODS:
        return category_account(category, "input_account")
    return category_account(category, "expense_account")


def _in_draft(order: PurchaseOrder) -> dict[int, Decimal]:
    """Quantities per order line on draft or awaiting bills, not yet counted as billed."""
    rows = PurchaseBillLine.objects.filter(
        bill__order=order, bill__invoice__kind=Invoice.Kind.SUPPLIER_BILL,
        bill__invoice__status__in=(Invoice.Status.DRAFT, Invoice.Status.AWAITING_APPROVAL),
    ).values_list("order_line_id", "quantity")
    drafts: dict[int, Decimal] = {}
    for line_id, quantity in rows:
        drafts[line_id] = drafts.get(line_id, ZERO) + quantity
    return drafts


def _invoice_line(order: PurchaseOrder, line: PurchaseOrderLine, quantity: Decimal, price: Decimal) -> dict:
    return {"description": f"{order.number} {line.description}"[:200], "account": _account(line),
            "quantity": quantity, "unit_price": price, "tax": line.tax}


def _link(order: PurchaseOrder, invoice: Invoice, rows: list[tuple[PurchaseOrderLine, Decimal, Decimal]]
          ) -> PurchaseBill:
    bill = PurchaseBill.objects.create(company_id=order.company_id, order=order, invoice=invoice)
    invoice_lines = list(invoice.lines.order_by("pk"))
    PurchaseBillLine.objects.bulk_create([
        PurchaseBillLine(bill=bill, order_line=line, invoice_line=invoice_line, quantity=quantity, unit_price=price)
        for (line, quantity, price), invoice_line in zip(rows, invoice_lines, strict=True)])
    return bill


def purchase_bill_create(*, actor, order: PurchaseOrder, date: datetime.date, lines: list[dict] | None = None,
                         reference: str = "", due_date: datetime.date | None = None) -> Invoice:
    """A draft supplier bill of the order. ``lines``: dicts of order_line (or id), quantity (the
    line's unit) and optionally unit_price (default the order's); default: everything received
    (services: ordered) and not yet billed, at the order's prices."""
    permissions.require(actor, order.company, "accounting.add_invoice")
    with transaction.atomic():
        order = lock(order)
        if order.status not in BILLABLE:
            raise refusal(order, _("billed"))
        adopt_backorders(order)
        order_refresh(order)
        own = {line.pk: line for line in order.lines.select_related("product__category", "uom", "tax").order_by("pk")}
        drafts = _in_draft(order)
        if lines is None:
            rows = [(line, open_quantity, line.unit_price) for line in own.values()
                    if (open_quantity := deliverable(line) - line.billed_quantity - drafts.get(line.pk, ZERO)) > 0]
            if not rows:
                raise field_error("lines", _("nothing received is left to bill."))
        else:
            if not lines:
                raise field_error("lines", _("add at least one line."))
            rows = []
            for index, data in enumerate(lines, start=1):
                key = data.get("order_line")
                line = own.get(key.pk if isinstance(key, PurchaseOrderLine) else key)
                if line is None:
                    raise line_error(index, "order_line", _("choose a line of this order."))
                quantity = number(data.get("quantity"), line=index, name="quantity", places=4, positive=True)
                price = data.get("unit_price")
                price = line.unit_price if price in (None, "") else number(price, line=index, name="unit_price",
                                                                          places=6)
                rows.append((line, quantity, price))
        invoice = invoice_create(actor=actor, company=order.company, kind=Invoice.Kind.SUPPLIER_BILL,
                                 partner=order.supplier, date=date, due_date=due_date, currency=order.currency,
                                 reference=reference, narration=order.number,
                                 lines=[_invoice_line(order, line, quantity, price) for line, quantity, price in rows])
        bill = _link(order, invoice, rows)
        differences = bill_differences(bill)
        bill.match = Match.MISMATCH if differences else Match.MATCHED
        bill.differences = [difference_text(d) for d in differences]
        bill.save(update_fields=["match", "differences"])
    return invoice


# --- the 3-way match ----------------------------------------------------------------------

def _bill_of(invoice: Invoice) -> PurchaseBill:
    bill = PurchaseBill.objects.filter(invoice=invoice).select_related("order").first()
    if bill is None:
        raise field_error("invoice", _("this bill was not entered against a purchase order."))
    return bill


def purchase_bill_post(*, actor, invoice: Invoice) -> Invoice:
    """Post a purchase order's draft bill after the 3-way match: a difference beyond the
    tolerances refuses it (BillMismatch) unless the difference was approved. Once posted, the
    order's billed quantities, state and price differences follow. A bill above the accounting
    approval threshold is posted by accounting when approved. The match and the follow-up are
    accounting's posting hooks, so a bill posted from the accounting pages gets them too."""
    _bill_of(invoice)
    return invoice_post(actor=actor, invoice=invoice)


def _order_bill(invoice: Invoice) -> PurchaseBill | None:
    """The order's link of a supplier bill; credit notes are followed up by the return that makes them."""
    if invoice.kind != Invoice.Kind.SUPPLIER_BILL:
        return None
    return PurchaseBill.objects.filter(invoice=invoice).select_related("order").first()


def bill_match_check(invoice: Invoice) -> None:
    """Accounting's hook before a bill posts: refuse an order's bill that differs from order
    and receipts beyond the tolerances, unless the difference was approved."""
    bill = _order_bill(invoice)
    if bill is None:
        return
    order = lock(bill.order)
    bill = PurchaseBill.objects.select_for_update().get(pk=bill.pk)
    adopt_backorders(order)
    order_refresh(order)
    differences = bill_differences(bill)
    if differences and bill.match != Match.APPROVED:
        raise BillMismatch(bill=str(invoice), differences="; ".join(difference_text(d) for d in differences))


def bill_posted(*, actor, invoice: Invoice) -> None:
    """Accounting's hook once an order's bill is posted: the order's
    billed quantities and state follow, and the price difference is booked."""
    bill = _order_bill(invoice)
    if bill is None:
        return
    order = lock(bill.order)
    order_refresh(order)
    price_differences_book(actor=actor, order=order, date=invoice.date)


def purchase_bill_match_submit(*, actor, invoice: Invoice, reason: str = ""):
    """Ask the approval engine to accept a bill's difference from order and receipts (at once
    when no approval rule applies). Returns the approval request."""
    permissions.require(actor, invoice.company, "accounting.change_invoice")
    with transaction.atomic():
        bill = _bill_of(invoice)
        lock(bill.order)
        bill = PurchaseBill.objects.select_for_update().select_related("invoice", "order").get(pk=bill.pk)
        if bill.invoice.status != Invoice.Status.DRAFT or bill.match in (Match.AWAITING_APPROVAL, Match.APPROVED):
            raise refusal(bill.invoice, _("sent for approval of its difference"))
        differences = bill_differences(bill)
        if not differences:
            raise BillAlreadyMatches(bill=str(bill.invoice))
        before = audit.snapshot(bill)
        bill.match, bill.differences = Match.AWAITING_APPROVAL, [difference_text(d) for d in differences]
        bill.save(update_fields=["match", "differences"])
        audit.record(actor=actor, action="submit", obj=bill, before=before, after=audit.snapshot(bill),
                     company=bill.company)
        title = gettext("Bill %(reference)s of %(order)s differs: %(differences)s") % {
            "reference": bill.invoice.reference or bill.invoice, "order": bill.order.number,
            "differences": "; ".join(bill.differences)}
        if reason:
            title = f"{title} ({reason})"
        return approval_request_submit(actor=actor, company=bill.company, document_type=DOCUMENT_TYPE,
                                       object_id=bill.invoice_id, title=title[:200], amount=bill.invoice.amount_total,
                                       currency=bill.invoice.currency.code, department=bill.order.department)


def bill_match_approval_decided(*, request, actor) -> None:
    """The approval engine's verdict on a bill's difference: approved lets it post; rejected
    keeps it from posting (correct or delete the draft); withdrawn puts it back to mismatch."""
    bill = (PurchaseBill.objects.select_for_update()
            .filter(invoice_id=int(request.object_id), company_id=request.company_id).first())
    if bill is None or bill.match != Match.AWAITING_APPROVAL:
        return
    before = audit.snapshot(bill)
    bill.match = {request.Status.APPROVED: Match.APPROVED, request.Status.REJECTED: Match.REJECTED}.get(
        request.status, Match.MISMATCH)
    bill.save(update_fields=["match"])
    audit.record(actor=actor, action="update", obj=bill, before=before, after=audit.snapshot(bill),
                 company=bill.company)


# --- credit notes -------------------------------------------------------------------------

def purchase_credit_note_create(*, actor, order: PurchaseOrder, date: datetime.date) -> Invoice | None:
    """Post a credit note for what of each goods line is billed beyond what is now received (after
    a return), at the prices of the latest bills; None when nothing is over-billed. Call inside
    the caller's transaction with the order locked and refreshed."""
    over = {line.pk: line.billed_quantity - line.received_quantity
            for line in order.lines.select_related("product") if line.product.kind != Product.Kind.SERVICE
            and line.billed_quantity > line.received_quantity}
    if not over:
        return None
    permissions.require(actor, order.company, "accounting.post_invoice")
    bills = (PurchaseBill.objects.filter(order=order, invoice__kind=Invoice.Kind.SUPPLIER_BILL,
                                         invoice__status=Invoice.Status.POSTED)
             .select_related("invoice").order_by("-invoice__date", "-pk"))
    notes = []
    for bill in bills:
        rows = []
        for row in bill.lines.select_related("order_line__product__category", "invoice_line__tax").order_by("pk"):
            quantity = min(over.get(row.order_line_id, ZERO), row.quantity)
            if quantity > 0 and row.invoice_line is not None:
                rows.append((row.order_line, quantity, row.invoice_line))
                over[row.order_line_id] -= quantity
        if not rows:
            continue
        note = invoice_credit_note(actor=actor, invoice=bill.invoice, date=date,
                                   reason=gettext("Goods of %(order)s returned") % {"order": order.number},
                                   lines=[{**_invoice_line(order, line, quantity, source.unit_price),
                                           "tax": source.tax, "discount": source.discount}
                                          for line, quantity, source in rows])
        _link(order, note, [(line, quantity, source.unit_price) for line, quantity, source in rows])
        notes.append(invoice_post(actor=actor, invoice=note))
    order_refresh(order)
    return notes[-1] if notes else None
