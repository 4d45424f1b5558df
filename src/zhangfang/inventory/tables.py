"""Inventory lists. Quantities read without trailing zeros, values with two places; the totals
row reads ``table.totals`` (a dict of column → sum over the filtered rows, summed in SQL)."""

from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhangfang.inventory.models import (
    Location,
    Lot,
    Picking,
    Product,
    ProductCategory,
    ReorderRule,
    StockCount,
    StockMove,
    Warehouse,
)
from zhangfang.inventory.templatetags.stock_format import cost as cost_text
from zhangfang.inventory.templatetags.stock_format import money, qty

CENT = Decimal("0.01")
# On a phone a long product name wraps (but not a character per line) and secondary columns
# step aside, so that the figures stay on screen.
WRAP = {"td": {"class": "text-wrap", "style": "min-width: 9rem"}}
WIDE_ONLY = {part: {"class": "d-none d-md-table-cell"} for part in ("td", "th", "tf")}
NUM = {"td": {"class": "num font-monospace"}, "th": {"class": "num"}, "tf": {"class": "num font-monospace"}}
PICKING_BADGES = {"draft": "text-bg-secondary", "confirmed": "text-bg-warning", "reserved": "text-bg-info",
                  "done": "text-bg-success", "cancelled": "text-bg-light border text-secondary"}


def badge(css: str, label) -> str:
    return format_html('<span class="badge {}">{}</span>', css, label)


class TotalsTable(tables.Table):
    """A table whose number columns may show a total in the footer."""

    def __init__(self, *args, totals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = totals or {}


class QuantityColumn(tables.Column):
    """A number right-aligned; with ``total``, its footer shows ``table.totals[<column>]`` (left
    blank when the totals hold None, e.g. quantities of different units)."""

    def __init__(self, *args, total=False, wide_only=False, **kwargs):
        attrs = {part: {"class": f"{css['class']} d-none d-md-table-cell"} for part, css in NUM.items()}
        super().__init__(*args, attrs=attrs if wide_only else NUM, **kwargs)
        self.total = total

    def render(self, value):
        return qty(value)

    def value(self, value):
        return value

    def render_footer(self, bound_column, table):
        return qty(table.totals.get(bound_column.name)) if self.total else ""


class ValueColumn(QuantityColumn):
    def render(self, value):
        return money(value)

    def render_footer(self, bound_column, table):
        return money(table.totals.get(bound_column.name)) if self.total else ""


def stock_url(location) -> str:
    """The stock-on-hand report of a location and what lies under it."""
    return f"{reverse('inventory_stock')}?location={location.pk}"


def lot_url(record) -> str | None:
    return reverse("inventory_lot_detail", args=[record.lot_id]) if record.lot_id else None


class ProductTable(TotalsTable):
    code = tables.Column(linkify=("inventory_product_detail", {"pk": tables.A("pk")}), footer=_("Total"))
    name = tables.Column(linkify=("inventory_product_detail", {"pk": tables.A("pk")}), attrs=WRAP)
    category = tables.Column(accessor="category__name", verbose_name=_("Category"), attrs=WIDE_ONLY)
    kind = tables.Column(attrs=WIDE_ONLY)
    barcode = tables.Column(attrs=WIDE_ONLY)
    uom = tables.Column(accessor="uom__name", verbose_name=_("Unit"))
    on_hand = QuantityColumn(verbose_name=_("On hand"))
    available = QuantityColumn(verbose_name=_("Available"))
    value = ValueColumn(verbose_name=_("Stock value"), total=True)
    sale_price = ValueColumn()

    class Meta:
        model = Product
        fields = ("code", "name", "category", "kind", "uom", "barcode", "on_hand", "available", "value",
                  "sale_price", "active")

    def render_value(self, record, value):
        return money(value) if record.is_valued else "—"  # consumables are expensed when bought


def _account_column(name: str) -> tables.Column:
    """A category's account by its code, headed with the account's role."""
    return tables.Column(accessor=f"{name}__code", verbose_name=ProductCategory._meta.get_field(name).verbose_name)


class CategoryTable(tables.Table):
    name = tables.Column(linkify=("inventory_category_edit", {"pk": tables.A("pk")}))
    stock_account = _account_column("stock_account")
    input_account = _account_column("input_account")
    output_account = _account_column("output_account")
    loss_account = _account_column("loss_account")
    product_count = tables.Column(verbose_name=_("Products"), attrs=NUM)

    class Meta:
        model = ProductCategory
        fields = ("name", "parent", "valuation", "stock_account", "input_account", "output_account",
                  "loss_account", "product_count", "active")


class WarehouseTable(tables.Table):
    code = tables.Column(linkify=("inventory_warehouse_edit", {"pk": tables.A("pk")}))
    stock_location = tables.Column(linkify=lambda record: stock_url(record.stock_location))

    class Meta:
        model = Warehouse
        fields = ("code", "name", "address", "stock_location", "active")


class LocationTable(tables.Table):
    """The locations as a tree: each name indented by its depth in ``full_name``."""

    full_name = tables.Column(verbose_name=_("Location"), linkify=("inventory_location_edit", {"pk": tables.A("pk")}))
    stock = tables.Column(verbose_name=_("Stock"), accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        model = Location
        fields = ("full_name", "kind", "warehouse", "barcode", "active", "stock")

    def render_full_name(self, record, value):
        depth = value.count("/")
        return format_html('<span style="padding-left: {}rem" title="{}">{}{}</span>', depth * 1.25, value,
                           "└ " if depth else "", value.rsplit("/", 1)[-1])

    def value_full_name(self, value):
        return value

    def render_stock(self, record):
        if not (record.is_stocked or record.warehouse_id):  # a warehouse's root holds its stock below it
            return ""
        return format_html('<a href="{}"><i class="bi bi-boxes"></i> {}</a>', stock_url(record), _("On hand"))


class LotTable(tables.Table):
    name = tables.Column(linkify=("inventory_lot_detail", {"pk": tables.A("pk")}))
    product = tables.Column(linkify=("inventory_product_detail", {"pk": tables.A("product_id")}))
    on_hand = QuantityColumn(verbose_name=_("On hand"))

    class Meta:
        model = Lot
        fields = ("name", "product", "expiry_date", "on_hand", "created_at")


class PickingTable(tables.Table):
    number = tables.Column(verbose_name=pgettext_lazy("transfer", "Number"),
                           linkify=("inventory_picking_detail", {"pk": tables.A("pk")}))
    partner = tables.Column(accessor="partner__name", verbose_name=_("Partner"))
    source = tables.Column(verbose_name=pgettext_lazy("location", "From"))
    destination = tables.Column(verbose_name=pgettext_lazy("location", "To"))

    class Meta:
        model = Picking
        fields = ("number", "kind", "partner", "source", "destination", "scheduled_date", "origin", "status",
                  "done_date", "carrier", "tracking_number")

    def render_status(self, record, value):
        return badge(PICKING_BADGES[record.status], value)


class MoveTable(tables.Table):
    """Moves in and out side by side: their values have no meaningful sum, so no totals row.
    The unit and unit cost go to the export; on screen the unit follows the quantity."""

    reference = tables.Column(verbose_name=_("Reference"), accessor="picking__number", empty_values=(),
                              order_by=("picking__number", "origin"))
    product = tables.Column(linkify=("inventory_product_detail", {"pk": tables.A("product_id")}))
    lot = tables.Column(linkify=lot_url)
    date = tables.DateColumn(format="Y-m-d")
    # On screen one "from → to" column; the export keeps the two.
    route = tables.Column(verbose_name=_("From → to"), accessor="source", order_by=("source__full_name",),
                          exclude_from_export=True)
    source = tables.Column(verbose_name=pgettext_lazy("location", "From"), visible=False)
    destination = tables.Column(verbose_name=pgettext_lazy("location", "To"), visible=False)
    quantity = QuantityColumn()
    uom = tables.Column(accessor="product__uom__name", verbose_name=_("Unit"), orderable=False, visible=False)
    unit_cost = QuantityColumn(visible=False)
    value = ValueColumn()

    class Meta:
        model = StockMove
        fields = ("date", "reference", "product", "lot", "route", "source", "destination", "quantity", "uom",
                  "unit_cost", "value")

    def render_reference(self, record):
        if record.picking_id:
            return format_html('<a href="{}">{}</a>', reverse("inventory_picking_detail", args=[record.picking_id]),
                               record.picking.number)
        return record.origin or "—"

    def value_reference(self, record):
        return record.picking.number if record.picking_id else record.origin

    def render_route(self, record):
        return f"{record.source} → {record.destination}"

    def render_quantity(self, record, value):
        return format_html('{} <span class="text-secondary">{}</span>', qty(value), record.product.uom)

    def render_unit_cost(self, value):
        return cost_text(value)


class QuantTable(TotalsTable):
    """Stock on hand: one row per product, location and lot, valued at the product's unit cost."""

    product = tables.Column(linkify=("inventory_product_detail", {"pk": tables.A("product_id")}),
                            footer=_("Total"), attrs=WRAP)
    category = tables.Column(accessor="product__category__name", verbose_name=_("Category"), attrs=WIDE_ONLY)
    location = tables.Column(verbose_name=_("Location"), order_by=("location__full_name",))
    lot = tables.Column(verbose_name=_("Lot / serial number"), linkify=lot_url, order_by=("lot__name",),
                        attrs=WIDE_ONLY)
    quantity = QuantityColumn(verbose_name=_("On hand"), total=True)
    reserved = QuantityColumn(verbose_name=_("Reserved"), total=True, wide_only=True)
    available = QuantityColumn(verbose_name=_("Available"), total=True)
    uom = tables.Column(accessor="product__uom__name", verbose_name=_("Unit"), orderable=False)
    unit_cost = QuantityColumn(verbose_name=_("Unit cost"), accessor="product_id", orderable=False, wide_only=True)
    value = ValueColumn(verbose_name=_("Value"), accessor="product_id", orderable=False, total=True)

    def __init__(self, *args, unit_costs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_costs = unit_costs or {}

    def render_unit_cost(self, record):
        return cost_text(self.unit_costs.get(record.product_id))

    def value_unit_cost(self, record):
        return self.unit_costs.get(record.product_id)

    def value_value(self, record):
        cost = self.unit_costs.get(record.product_id)
        return None if cost is None else (record.quantity * cost).quantize(CENT)

    def render_value(self, record):
        return money(self.value_value(record))


class ValuationTable(TotalsTable):
    """Stock value at a date, per product or per product and location (rows of stock_report)."""

    product = tables.Column(linkify=("inventory_product_detail", {"pk": tables.A("product__pk")}),
                            footer=_("Total"), order_by=("product__code",), attrs=WRAP)
    category = tables.Column(accessor="product__category", verbose_name=_("Category"), attrs=WIDE_ONLY)
    location = tables.Column(verbose_name=_("Location"), default="")
    quantity = QuantityColumn(verbose_name=_("Quantity"))
    uom = tables.Column(accessor="product__uom", verbose_name=_("Unit"), orderable=False)
    value = ValueColumn(verbose_name=_("Value"), total=True)


COUNT_BADGES = {"draft": "text-bg-secondary", "in_progress": "text-bg-warning", "done": "text-bg-success",
                "cancelled": "text-bg-light border text-secondary"}


class CountTable(tables.Table):
    number = tables.Column(linkify=("inventory_count_detail", {"pk": tables.A("pk")}))
    picking = tables.Column(linkify=lambda record: record.picking_id and reverse(
        "inventory_picking_detail", args=[record.picking_id]))

    class Meta:
        model = StockCount
        fields = ("number", "date", "kind", "location", "category", "blind", "status", "picking")

    def render_status(self, record, value):
        return badge(COUNT_BADGES[record.status], value)


class ReorderRuleTable(tables.Table):
    product = tables.Column(linkify=("inventory_reorder_rule_edit", {"pk": tables.A("pk")}))
    minimum = QuantityColumn()
    maximum = QuantityColumn()
    multiple = QuantityColumn()
    lead_days = tables.Column(attrs=NUM)

    class Meta:
        model = ReorderRule
        fields = ("product", "warehouse", "minimum", "maximum", "multiple", "lead_days", "supplier", "active")


class ReplenishmentTable(tables.Table):
    """Proposals: what falls below its minimum, how much to order and by when."""

    product = tables.Column(linkify=("inventory_product_detail", {"pk": tables.A("product__pk")}),
                            verbose_name=_("Product"), order_by=("product__code",))
    warehouse = tables.Column(verbose_name=_("Warehouse"))
    on_hand = QuantityColumn(verbose_name=_("On hand"))
    incoming = QuantityColumn(verbose_name=_("Incoming"))
    outgoing = QuantityColumn(verbose_name=_("Outgoing"))
    forecast = QuantityColumn(verbose_name=_("Forecast"))
    minimum = QuantityColumn(accessor="rule__minimum", verbose_name=_("Minimum"))
    quantity = QuantityColumn(verbose_name=_("To order"))
    uom = tables.Column(accessor="product__uom", verbose_name=_("Unit"), orderable=False)
    supplier = tables.Column(verbose_name=_("Supplier"), default="—")
    order_by = tables.Column(verbose_name=_("Order by"))
    arrival = tables.Column(verbose_name=_("Arrives"))
