"""Lists of requisitions, quotations, orders and supplier prices. Amounts are printed in their
own currency; the totals row sums the filtered rows in SQL, one line per currency."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.tables_documents import MoneyColumn, badge
from zhangfang.purchasing.models import PurchaseOrder, PurchaseRequisition, RequestForQuotation, SupplierPrice

BADGES = {"draft": "text-bg-secondary", "awaiting_approval": "text-bg-warning", "approved": "text-bg-info",
          "rejected": "text-bg-danger", "ordered": "text-bg-success",
          "cancelled": "text-bg-light border text-secondary",
          "sent": "text-bg-info", "quoted": "text-bg-primary", "awarded": "text-bg-success",
          "declined": "text-bg-light border text-secondary", "confirmed": "text-bg-primary",
          "partially_received": "text-bg-info", "received": "text-bg-info", "billed": "text-bg-success",
          "closed": "text-bg-dark"}
NUMBER = {"td": {"class": "num font-monospace"}, "th": {"class": "num"}}


def status_badge(record, value):
    return badge(BADGES.get(record.status, "text-bg-light border"), value)


class RequisitionTable(tables.Table):
    number = tables.Column(linkify=("purchasing_requisition_detail", {"pk": tables.A("pk")}))
    amount_estimated = MoneyColumn()
    line_count = tables.Column(verbose_name=_("Lines"), attrs=NUMBER)
    requested_by = tables.Column(verbose_name=_("Requested by"), default="—")

    class Meta:
        model = PurchaseRequisition
        fields = ("number", "created_at", "department", "origin", "requested_by", "status", "line_count",
                  "amount_estimated")

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = list(totals)

    render_status = staticmethod(status_badge)

    def render_created_at(self, value):
        return value.strftime("%Y-%m-%d")


class RfqTable(tables.Table):
    number = tables.Column(linkify=("purchasing_rfq_detail", {"pk": tables.A("pk")}))
    supplier = tables.Column(accessor="supplier__name", verbose_name=_("Supplier"))
    requisition = tables.Column(linkify=lambda record: record.requisition and record.requisition.get_absolute_url())
    order = tables.Column(linkify=lambda record: record.order and record.order.get_absolute_url())
    currency = tables.Column(accessor="currency__code", verbose_name=_("Currency"))

    class Meta:
        model = RequestForQuotation
        fields = ("number", "date", "supplier", "requisition", "reply_by", "quote_reference", "status", "currency",
                  "order")

    render_status = staticmethod(status_badge)


def _currencies(table):
    return format_html_join("", "<div>{}</div>", ((row["currency"],) for row in table.totals))


class OrderTable(tables.Table):
    number = tables.Column(linkify=("purchasing_order_detail", {"pk": tables.A("pk")}), footer=_("Total"))
    supplier = tables.Column(accessor="supplier__name", verbose_name=_("Supplier"))
    currency = tables.Column(accessor="currency__code", verbose_name=_("Currency"), footer=_currencies)
    amount_untaxed = MoneyColumn(visible=False)
    amount_tax = MoneyColumn(visible=False)
    amount_total = MoneyColumn()

    class Meta:
        model = PurchaseOrder
        fields = ("number", "order_date", "supplier", "expected_date", "reference", "department", "status",
                  "currency", "amount_untaxed", "amount_tax", "amount_total")

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = list(totals)

    render_status = staticmethod(status_badge)


class SupplierPriceTable(tables.Table):
    product = tables.Column(linkify=("purchasing_price_edit", {"pk": tables.A("pk")}))
    supplier = tables.Column(accessor="supplier__name", verbose_name=_("Supplier"))
    currency = tables.Column(accessor="currency__code", verbose_name=_("Currency"))
    min_quantity = tables.Column(attrs=NUMBER)
    price = tables.Column(attrs=NUMBER)

    class Meta:
        model = SupplierPrice
        fields = ("product", "supplier", "supplier_code", "min_quantity", "currency", "price", "lead_days",
                  "valid_from", "valid_to", "active")

    def render_min_quantity(self, value):
        return f"{value.normalize():f}"

    def render_price(self, value):
        return format_html("{}", f"{value:,.6f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.2f}")
