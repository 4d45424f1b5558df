"""Lists and document pages of requisitions, quotations and orders, with what is related."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from zhangfang.accounting.models import Invoice
from zhangfang.accounting.selectors.settlements import settlements
from zhangfang.core.errors import NotFound
from zhangfang.core.models import Company
from zhangfang.inventory.models import Picking, Warehouse
from zhangfang.purchasing.models import (
    PurchaseBill,
    PurchaseOrder,
    PurchaseReceipt,
    PurchaseRequisition,
    RequestForQuotation,
)


def _one(rows: QuerySet, pk):
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def requisitions(company: Company) -> QuerySet:
    return (PurchaseRequisition.objects.filter(company=company).select_related("requested_by")
            .annotate(line_count=Count("lines")).order_by("-created_at", "-id"))


def requisition_detail(*, company: Company, pk) -> PurchaseRequisition:
    return _one(PurchaseRequisition.objects.filter(company=company).select_related("requested_by", "decided_by"), pk)


def requisition_lines(requisition: PurchaseRequisition) -> QuerySet:
    return requisition.lines.select_related("product", "uom", "supplier").order_by("pk")


def rfqs(company: Company) -> QuerySet:
    return RequestForQuotation.objects.filter(company=company).select_related("supplier", "currency", "requisition",
                                                                              "order")


def rfq_detail(*, company: Company, pk) -> RequestForQuotation:
    return _one(rfqs(company).select_related("created_by"), pk)


def rfq_lines(rfq: RequestForQuotation) -> QuerySet:
    return rfq.lines.select_related("product", "uom").order_by("pk")


def default_warehouse(company: Company):
    return Warehouse.objects.filter(company=company, active=True).order_by("pk").first()


def orders(company: Company) -> QuerySet:
    return PurchaseOrder.objects.filter(company=company).select_related("supplier", "currency", "warehouse")


def order_detail(*, company: Company, pk) -> PurchaseOrder:
    return _one(orders(company).select_related("requisition", "created_by", "confirmed_by", "closed_by"), pk)


def order_lines(order: PurchaseOrder) -> QuerySet:
    return order.lines.select_related("product", "uom", "tax").order_by("pk")


def order_receipts(order: PurchaseOrder) -> list[PurchaseReceipt]:
    """The order's receipts, releases and returns, oldest first, their pickings loaded."""
    return list(PurchaseReceipt.objects.filter(order=order).exclude(picking__status=Picking.Status.CANCELLED)
                .select_related("picking").order_by("picking__scheduled_date", "pk"))


@dataclass
class BillRow:
    bill: PurchaseBill
    invoice: Invoice
    payments: list  # accounting Settlements: payments and credit notes matched with it


def order_bills(order: PurchaseOrder) -> list[BillRow]:
    """The order's bills and credit notes with what settled them (payments, credit notes)."""
    rows = []
    for bill in (PurchaseBill.objects.filter(order=order).select_related("invoice__currency", "invoice__entry")
                 .order_by("invoice__date", "pk")):
        rows.append(BillRow(bill=bill, invoice=bill.invoice, payments=settlements(entry_id=bill.invoice.entry_id)))
    return rows


def bill_for_invoice(*, company: Company, invoice_id) -> PurchaseBill:
    try:
        return (PurchaseBill.objects.filter(company=company)
                .select_related("order__currency", "order__supplier", "invoice__currency").get(invoice_id=invoice_id))
    except (PurchaseBill.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
