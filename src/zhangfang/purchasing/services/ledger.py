"""The purchase price difference (SCM-6 with SCM-2): receipts credit goods received not
invoiced (GRNI) at the order's price, bills debit it at theirs. Whatever of GRNI belongs to
quantity both received and billed is moved to the category's price difference account, so
that a line received and billed in full leaves GRNI at zero. Booked as one small entry per
event (receipt, return, bill, credit note), each line's running total kept on the line."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from zhangfang.accounting.models import Invoice, JournalEntry
from zhangfang.accounting.services.entries import journal_entry_book
from zhangfang.inventory.models import Location, Product, ProductCategory
from zhangfang.inventory.services.moves import general_journal
from zhangfang.purchasing.exceptions import CategoryAccountMissing
from zhangfang.purchasing.matching import price_difference_due
from zhangfang.purchasing.models import PurchaseBillLine, PurchaseOrder, PurchasePriceDifference
from zhangfang.purchasing.services.tracking import is_return, line_moves

CENT = Decimal("0.01")
ZERO = Decimal("0")


def category_account(category: ProductCategory, field: str):
    found = getattr(category, field)
    if found is None:
        raise CategoryAccountMissing(category=str(category),
                                     account=ProductCategory._meta.get_field(field).verbose_name)
    return found


def received_values(order: PurchaseOrder) -> dict[int, Decimal]:
    """Base-currency value per order line that receipts credited to GRNI, less what returns debited
    (a return clears GRNI at the cost its receipt booked)."""
    values: dict[int, Decimal] = {}
    for line_id, move in line_moves(order):
        if move.source.kind == Location.Kind.SUPPLIER:
            value = move.value or ZERO
        elif is_return(move) and move.returned_move is not None:
            value = -(move.quantity * (move.returned_move.unit_cost or ZERO)).quantize(CENT, rounding=ROUND_HALF_UP)
        else:
            continue
        values[line_id] = values.get(line_id, ZERO) + value
    return values


def billed_values(order: PurchaseOrder) -> dict[int, Decimal]:
    """Base-currency value per order line that posted bills debited to GRNI, less credit notes;
    each bill line converted and rounded as the bill's entry converts it."""
    quantum = order.company.base_currency.quantum
    values: dict[int, Decimal] = {}
    rows = (PurchaseBillLine.objects.filter(bill__order=order, bill__invoice__status=Invoice.Status.POSTED,
                                            invoice_line__isnull=False)
            .values_list("order_line_id", "invoice_line__amount_untaxed", "bill__invoice__rate", "bill__invoice__kind"))
    for line_id, amount, rate, kind in rows:
        value = (amount * rate).quantize(quantum, rounding=ROUND_HALF_UP)
        values[line_id] = values.get(line_id, ZERO) + (-value if kind == Invoice.Kind.SUPPLIER_CREDIT else value)
    return values


def price_differences_book(*, actor, order: PurchaseOrder, date: datetime.date) -> JournalEntry | None:
    """Book what the order's valued lines owe the price difference account since the last time
    (call after order_refresh, inside the caller's transaction); None when nothing changed."""
    received, billed = received_values(order), billed_values(order)
    changes = []
    for line in order.lines.select_related("product__category").order_by("pk"):
        if line.product.kind != Product.Kind.GOODS:
            continue
        due = price_difference_due(received_quantity=line.received_quantity,
                                   received_value=received.get(line.pk, ZERO),
                                   billed_quantity=line.billed_quantity, billed_value=billed.get(line.pk, ZERO))
        if due != line.price_difference:
            changes.append((line, due - line.price_difference, due))
    if not changes:
        return None
    rows = []
    for line, delta, _due in changes:
        category = line.product.category
        debit, credit = (max(delta, ZERO), max(-delta, ZERO))
        text = f"{order.number} {line.product.code}"[:200]
        rows.append({"account": category_account(category, "price_difference_account"), "debit": debit,
                     "credit": credit, "description": text})
        rows.append({"account": category_account(category, "input_account"), "debit": credit, "credit": debit,
                     "partner": order.supplier, "description": text})
    entry = journal_entry_book(actor=actor, company=order.company, journal=general_journal(order.company), date=date,
                               lines=rows, origin=JournalEntry.Origin.OTHER, reference=order.number,
                               narration=gettext("Purchase price difference %(order)s") % {"order": order.number})
    for line, _delta, due in changes:
        line.price_difference = due
        line.save(update_fields=["price_difference"])
    PurchasePriceDifference.objects.create(company=order.company, order=order, entry=entry, date=date,
                                           amount=sum((delta for _line, delta, _due in changes), ZERO))
    return entry
