"""Lists of quotations, orders, deliveries and price lists. Amounts are printed in their own
currency; the totals row sums the filtered rows in SQL, one line per currency."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.tables_documents import MoneyColumn, badge
from zhangfang.inventory.models import Picking
from zhangfang.sales.models import PriceList, SalesOrder

ORDER_BADGES = {"draft": "text-bg-secondary", "sent": "text-bg-info", "awaiting_approval": "text-bg-warning",
                "confirmed": "text-bg-primary", "done": "text-bg-success",
                "cancelled": "text-bg-light border text-secondary"}
PICKING_BADGES = {"draft": "text-bg-secondary", "confirmed": "text-bg-warning", "reserved": "text-bg-primary",
                  "done": "text-bg-success", "cancelled": "text-bg-light border text-secondary"}


class OrderTable(tables.Table):
    number = tables.Column(linkify=("sales_order_detail", {"pk": tables.A("pk")}), footer=_("Total"))
    partner = tables.Column(accessor="partner__name", verbose_name=_("Customer"))
    salesperson = tables.Column(accessor="salesperson", verbose_name=_("Salesperson"))
    currency = tables.Column(accessor="currency__code", verbose_name=_("Currency"),
                             footer=lambda table: format_html_join("", "<div>{}</div>",
                                                                   ((row["currency"],) for row in table.totals)))
    amount_untaxed = MoneyColumn(visible=False)
    amount_tax = MoneyColumn(visible=False)
    amount_total = MoneyColumn()

    class Meta:
        model = SalesOrder
        fields = ("number", "date", "partner", "reference", "salesperson", "status", "currency", "amount_untaxed",
                  "amount_tax", "amount_total")

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = list(totals)

    def render_status(self, record, value):
        return badge(ORDER_BADGES[record.status], value)


class DeliveryTable(tables.Table):
    number = tables.Column(linkify=("sales_delivery_detail", {"pk": tables.A("pk")}))
    order = tables.Column(accessor="sales_link__order__number", verbose_name=_("Sales order"),
                          linkify=("sales_order_detail", {"pk": tables.A("sales_link__order_id")}))
    partner = tables.Column(accessor="partner__name", verbose_name=_("Customer"))

    class Meta:
        model = Picking
        fields = ("number", "kind", "scheduled_date", "order", "partner", "carrier", "tracking_number", "status")

    def render_status(self, record, value):
        return badge(PICKING_BADGES[record.status], value)


class PriceListTable(tables.Table):
    name = tables.Column(linkify=("sales_pricelist_detail", {"pk": tables.A("pk")}))
    currency = tables.Column(accessor="currency__code", verbose_name=_("Currency"))
    items = tables.Column(accessor="item_count", verbose_name=_("Items"), attrs={"td": {"class": "num"}})

    class Meta:
        model = PriceList
        fields = ("name", "currency", "items", "active")

    def render_active(self, value):
        return format_html('<i class="bi bi-{}"></i>', "check-lg" if value else "dash")
