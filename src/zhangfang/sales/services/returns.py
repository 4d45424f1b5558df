"""Customer returns (SCM-8): goods delivered for an order come back — a return of the delivery
they left on, valued at the cost they left at, so cost of sales is reversed — and what of them
had been invoiced is credited with a credit note against the invoice that billed it.

The goods side needs the right to validate transfers, the credit note the right to post
invoices (checked by inventory's and accounting's services)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Invoice
from zhangfang.accounting.services.invoices import invoice_credit_note, invoice_post
from zhangfang.core import audit
from zhangfang.core.services.units import convert
from zhangfang.inventory.models import Location, Picking, StockMove
from zhangfang.inventory.services.pickings import picking_return, picking_validate
from zhangfang.inventory.services.pickings import returnable as move_returnable
from zhangfang.sales.exceptions import ReturnQuantityInvalid, SalesFieldInvalid, SalesOrderTransitionNotAllowed
from zhangfang.sales.models import InvoicePolicy, SalesOrder, SalesOrderLine, SalesOrderLineInvoiceLine
from zhangfang.sales.services.invoicing import invoice_line, link_invoice
from zhangfang.sales.services.orders import lock
from zhangfang.sales.services.progress import link_picking, refresh_done, refresh_quantities

ZERO = Decimal("0")


@dataclass
class ReturnResult:
    pickings: list[Picking] = field(default_factory=list)
    credit_notes: list[Invoice] = field(default_factory=list)


def returnable(line: SalesOrderLine) -> Decimal:
    """What of the line is at the customer and may come back, in the line's unit."""
    return line.delivered_quantity


def _refuse(number: int, reason) -> ReturnQuantityInvalid:
    return ReturnQuantityInvalid(line=number, reason=reason, fields={f"lines.{number}.quantity": [str(reason)]})


def _take_back(line: SalesOrderLine, quantity: Decimal) -> list[tuple[StockMove, Decimal]]:
    """(delivery move, quantity in stock unit) covering ``quantity`` of the line, latest delivery first."""
    stock = quantity if line.uom_id == line.product.uom_id else convert(quantity, line.uom, line.product.uom)
    taken = []
    for move in (StockMove.objects.filter(sales_link__line=line, status=StockMove.Status.DONE,
                                          destination__kind=Location.Kind.CUSTOMER)
                 .select_related("picking").order_by("-date", "-pk")):
        share = min(stock, move_returnable(move))
        if share > 0:
            taken.append((move, share))
            stock -= share
        if not stock:
            break
    return taken


def _credit_due(order: SalesOrder, line: SalesOrderLine) -> Decimal:
    """What of the line is invoiced beyond what the order now bills for it."""
    if order.invoice_policy == InvoicePolicy.DELIVERY and line.product.is_stocked:
        basis = line.delivered_quantity
    else:
        basis = line.quantity - line.returned_quantity
    return max(line.invoiced_quantity - basis, ZERO)


def _creditable(line: SalesOrderLine) -> list[tuple[Invoice, Decimal]]:
    """(posted invoice, quantity of the line it billed and no credit note took back), newest first."""
    net: dict[int, Decimal] = defaultdict(Decimal)
    rows = (SalesOrderLineInvoiceLine.objects.filter(line=line)
            .values(invoice=F("invoice_line__invoice_id"), kind=F("invoice_line__invoice__kind"),
                    credited=F("invoice_line__invoice__credit_note_of_id"))
            .annotate(quantity=Sum("invoice_line__quantity")))
    for row in rows:
        if row["kind"] == Invoice.Kind.CUSTOMER_CREDIT:
            net[row["credited"]] -= row["quantity"]
        else:
            net[row["invoice"]] += row["quantity"]
    invoices = Invoice.objects.filter(pk__in=[pk for pk, quantity in net.items() if quantity > 0],
                                      status=Invoice.Status.POSTED).order_by("-date", "-pk")
    return [(invoice, net[invoice.pk]) for invoice in invoices]


def _credit(*, actor, order: SalesOrder, date: datetime.date, reason: str) -> list[Invoice]:
    """Credit notes for what the order lines have invoiced beyond what they now bill."""
    by_invoice: dict[Invoice, list[tuple[SalesOrderLine, Decimal]]] = defaultdict(list)
    for line in order.lines.select_related("product__category__income_account", "tax").order_by("pk"):
        due = _credit_due(order, line)
        for invoice, quantity in _creditable(line) if due else []:
            share = min(due, quantity)
            by_invoice[invoice].append((line, share))
            due -= share
            if not due:
                break
    notes = []
    for invoice, shares in sorted(by_invoice.items(), key=lambda item: item[0].pk):
        note = invoice_credit_note(actor=actor, invoice=invoice, date=date, reason=reason,
                                   lines=[invoice_line(line, quantity) for line, quantity in shares])
        note = invoice_post(actor=actor, invoice=note)
        link_invoice(order=order, invoice=note, lines=[line for line, _quantity in shares])
        for line, quantity in shares:
            SalesOrderLine.objects.filter(pk=line.pk).update(invoiced_quantity=F("invoiced_quantity") - quantity)
        notes.append(note)
    return notes


def sales_order_return(*, actor, order: SalesOrder, quantities: dict[int, Decimal],
                       date: datetime.date | None = None, reason: str = "") -> ReturnResult:
    """Take back ``quantities`` (order line id → quantity in the line's unit) of what was
    delivered: a return per delivery they left on, validated at once, and a credit note per
    invoice for what of them was invoiced."""
    date = date or timezone.localdate()
    with transaction.atomic():
        order = lock(order)
        if order.status not in SalesOrder.ORDERS:
            raise SalesOrderTransitionNotAllowed(order=str(order), status=order.get_status_display(),
                                                 action=_("returned"))
        lines = {line.pk: line for line in order.lines.select_related("product__uom", "uom")}
        by_picking: dict[Picking, list[tuple[SalesOrderLine, StockMove, Decimal]]] = defaultdict(list)
        for number, (line_id, quantity) in enumerate(quantities.items(), start=1):
            line = lines.get(line_id)
            if line is None:
                raise _refuse(number, _("it is not a line of %(order)s.") % {"order": order})
            if not quantity:
                continue
            if quantity < 0 or quantity > returnable(line):
                raise _refuse(number, _("%(product)s: return from 0 to the %(left)s delivered.")
                              % {"product": line.product, "left": returnable(line).normalize()})
            for move, share in _take_back(line, quantity):
                by_picking[move.picking].append((line, move, share))
        if not by_picking:
            reason = _("enter the quantity coming back.")
            raise SalesFieldInvalid(field=_("Quantities"), reason=reason, fields={"quantities": [str(reason)]})
        result = ReturnResult()
        for delivery, rows in sorted(by_picking.items(), key=lambda item: item[0].pk):
            back = picking_return(actor=actor, picking=delivery, date=date,
                                  lines=[{"move": move, "quantity": share} for _line, move, share in rows])
            link_picking(order=order, picking=back, lines=[line for line, _move, _share in rows])
            back, _rest = picking_validate(actor=actor, picking=back, date=date)
            result.pickings.append(back)
        refresh_quantities(order)
        result.credit_notes = _credit(actor=actor, order=order, date=date, reason=reason)
        audit.record(actor=actor, action="return", obj=order, after={
            "pickings": [p.number for p in result.pickings], "credit_notes": [n.number for n in result.credit_notes]})
        refresh_done(actor=actor, order=order)
    return result
