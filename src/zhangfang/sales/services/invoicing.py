"""Invoicing an order and receiving its payment (SCM-8), through accounting's services.

What an order line invoices follows the order's policy: on order, what was ordered (less what
came back) and is not invoiced yet; on delivery, what was delivered and is not invoiced yet.
Services are not delivered, so they invoice as ordered either way. Each invoice line goes to
the income account of the product's category, with the order line's price, discount and tax."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from zhangfang.accounting.models import Invoice, Journal, Payment
from zhangfang.accounting.services.invoices import invoice_create, invoice_post
from zhangfang.accounting.services.payments import payment_register
from zhangfang.core import audit, permissions
from zhangfang.sales.exceptions import NothingToInvoice, PaymentNotNeeded, SalesOrderTransitionNotAllowed
from zhangfang.sales.models import (
    InvoicePolicy,
    SalesOrder,
    SalesOrderInvoice,
    SalesOrderLine,
    SalesOrderLineInvoiceLine,
)
from zhangfang.sales.services.orders import lock
from zhangfang.sales.services.progress import refresh_done

ZERO = Decimal("0")
Status = SalesOrder.Status


def invoiceable(order: SalesOrder, line: SalesOrderLine) -> Decimal:
    """What of ``line`` the order's policy lets invoice now, in the line's unit."""
    if order.invoice_policy == InvoicePolicy.DELIVERY and line.product.is_stocked:
        basis = line.delivered_quantity
    else:
        basis = line.quantity - line.returned_quantity
    return max(basis - line.invoiced_quantity, ZERO)


def invoice_line(line: SalesOrderLine, quantity: Decimal) -> dict:
    """An invoice line for ``quantity`` of an order line, as accounting's invoice services take it."""
    data = {"description": line.description, "quantity": quantity, "unit_price": line.unit_price,
            "discount": line.discount, "tax": line.tax}
    account = line.product.category.income_account
    if account is not None:
        data["account"] = account
    return data


def link_invoice(*, order: SalesOrder, invoice: Invoice, lines: list[SalesOrderLine]) -> None:
    """Remember the invoice (or credit note) and which order line each of its lines bills."""
    SalesOrderInvoice.objects.create(order=order, invoice=invoice)
    SalesOrderLineInvoiceLine.objects.bulk_create([
        SalesOrderLineInvoiceLine(line=line, invoice_line=invoice_line)
        for line, invoice_line in zip(lines, invoice.lines.order_by("pk"), strict=True)])


def sales_order_invoice(*, actor, order: SalesOrder, date: datetime.date | None = None) -> Invoice:
    """Invoice what the order's policy lets invoice now (see the module docstring): a customer
    invoice, posted, linked to the order. NothingToInvoice when nothing is."""
    permissions.require(actor, order.company, "accounting.add_invoice")
    with transaction.atomic():
        order = lock(order)
        if order.status != Status.CONFIRMED:
            raise SalesOrderTransitionNotAllowed(order=str(order), status=order.get_status_display(),
                                                 action=gettext("invoiced"))
        lines, rows = [], []
        for line in order.lines.select_related("product__category__income_account", "tax").order_by("pk"):
            quantity = invoiceable(order, line)
            if quantity > 0:
                lines.append(line)
                rows.append(invoice_line(line, quantity))
        if not rows:
            raise NothingToInvoice(order=str(order))
        invoice = invoice_create(actor=actor, company=order.company, kind=Invoice.Kind.CUSTOMER_INVOICE,
                                 partner=order.partner, date=date or timezone.localdate(), currency=order.currency,
                                 reference=order.reference or order.number, lines=rows,
                                 narration=gettext("Sales order %(order)s") % {"order": order.number})
        invoice = invoice_post(actor=actor, invoice=invoice)
        link_invoice(order=order, invoice=invoice, lines=lines)
        for line, row in zip(lines, rows, strict=True):
            SalesOrderLine.objects.filter(pk=line.pk).update(invoiced_quantity=F("invoiced_quantity") + row["quantity"])
        audit.record(actor=actor, action="invoice", obj=order, after={"invoice": invoice.number})
        refresh_done(actor=actor, order=order)
    return invoice


def open_invoices(order: SalesOrder):
    """The order's posted customer invoices with something still due, oldest first."""
    return (Invoice.objects.filter(sales_link__order=order, kind=Invoice.Kind.CUSTOMER_INVOICE,
                                   status=Invoice.Status.POSTED, amount_residual__gt=0).order_by("date", "pk"))


def sales_order_payment_register(*, actor, order: SalesOrder, journal: Journal, date: datetime.date,
                                 amount: Decimal | None = None, reference: str = "") -> Payment:
    """Money received from the customer against the order's open invoices, oldest first;
    ``amount`` defaults to all that is due. More than is due stays open as an advance."""
    invoices = list(open_invoices(order))
    if not invoices:
        raise PaymentNotNeeded(order=str(order))
    due = sum((invoice.amount_residual for invoice in invoices), ZERO)
    amount = due if amount is None else amount
    allocations, left = [], amount if isinstance(amount, Decimal) else ZERO
    for invoice in invoices:
        share = min(left, invoice.amount_residual)
        if share > 0:
            allocations.append((invoice, share))
            left -= share
    return payment_register(actor=actor, company=order.company, kind=Payment.Kind.INBOUND, partner=order.partner,
                            journal=journal, date=date, amount=amount, currency=order.currency,
                            reference=reference or order.number, allocations=allocations)
