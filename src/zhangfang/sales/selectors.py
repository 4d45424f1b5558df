"""Reads of quotations, orders, their deliveries, invoices and payments, and price lists."""

from decimal import Decimal

from django.db.models import Q

from zhangfang.accounting.models import Invoice, Payment
from zhangfang.accounting.selectors.settlements import settlements
from zhangfang.core.models import Company
from zhangfang.inventory.models import Picking, StockMove
from zhangfang.sales.models import PriceList, SalesOrder

Status = SalesOrder.Status
OPEN_PICKING = (Picking.Status.DRAFT, Picking.Status.CONFIRMED, Picking.Status.RESERVED)


def orders(company: Company):
    return (SalesOrder.objects.filter(company=company)
            .select_related("partner", "currency", "salesperson").order_by("-date", "-id"))


def quotations(company: Company):
    """Quotations, and those cancelled before they became orders."""
    return orders(company).filter(Q(status__in=SalesOrder.QUOTATIONS)
                                  | Q(status=Status.CANCELLED, confirmed_at__isnull=True))


def sales_orders(company: Company):
    """Confirmed and done orders, and those cancelled after confirmation."""
    return orders(company).filter(Q(status__in=SalesOrder.ORDERS) | Q(status=Status.CANCELLED,
                                                                      confirmed_at__isnull=False))


def order_detail(*, company: Company, pk: int) -> SalesOrder:
    return orders(company).select_related("price_list", "warehouse", "created_by", "sent_by", "confirmed_by",
                                          "cancelled_by").get(pk=pk)


def order_lines(order: SalesOrder):
    return order.lines.select_related("product__category", "product__uom", "uom", "tax").order_by("pk")


def order_pickings(order: SalesOrder):
    return (Picking.objects.filter(sales_link__order=order).select_related("source", "destination")
            .order_by("pk"))


def order_invoices(order: SalesOrder):
    return Invoice.objects.filter(sales_link__order=order).select_related("currency").order_by("date", "pk")


def order_payments(order: SalesOrder) -> list[Payment]:
    """The payments matched against the order's invoices, oldest first."""
    found: dict[int, Payment] = {}
    for invoice in order_invoices(order).filter(kind=Invoice.Kind.CUSTOMER_INVOICE):
        for row in settlements(entry_id=invoice.entry_id):
            if row.payment is not None:
                found[row.payment.pk] = row.payment
    return sorted(found.values(), key=lambda payment: (payment.date, payment.pk))


def payment_state(order: SalesOrder) -> str | None:
    """paid / partial / not_paid over the order's posted invoices; None before any invoice."""
    invoices = list(order_invoices(order).filter(kind=Invoice.Kind.CUSTOMER_INVOICE,
                                                 status__in=(Invoice.Status.POSTED, Invoice.Status.CANCELLED)))
    if not invoices:
        return None
    due = sum((invoice.amount_residual for invoice in invoices if invoice.status == Invoice.Status.POSTED),
              Decimal(0))
    if not due:
        return Invoice.PaymentState.PAID
    paid = any(invoice.payment_state in (Invoice.PaymentState.PAID, Invoice.PaymentState.PARTIAL)
               for invoice in invoices)
    return Invoice.PaymentState.PARTIAL if paid else Invoice.PaymentState.NOT_PAID


def deliveries(company: Company):
    """Sales deliveries and customer returns, with their order."""
    return (Picking.objects.filter(company=company, sales_link__isnull=False)
            .select_related("partner", "source", "destination", "sales_link__order").order_by("scheduled_date", "pk"))


def deliveries_to_do(company: Company):
    return deliveries(company).filter(kind=Picking.Kind.DELIVERY, status__in=OPEN_PICKING)


def picking_moves(picking: Picking):
    """The picking's moves with the order line each serves."""
    return (StockMove.objects.filter(picking=picking)
            .select_related("product__uom", "source", "sales_link__line__uom").order_by("pk"))


def price_lists(company: Company):
    return PriceList.objects.filter(company=company).select_related("currency").order_by("name")
