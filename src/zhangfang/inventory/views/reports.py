"""Stock reports: on hand by product, location and lot; the moves history; the valuation at a
date set against the stock accounts of the ledger (SCM-4, SCM-6)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from zhangfang.inventory.filters import MoveFilter, QuantFilter
from zhangfang.inventory.forms import ValuationForm
from zhangfang.inventory.models import Product
from zhangfang.inventory.selectors import pages
from zhangfang.inventory.selectors.stock import move_history, stock_report, stock_value
from zhangfang.inventory.tables import MoveTable, QuantTable, ValuationTable
from zhangfang.web.views import CompanyView, ListPage

ZERO = Decimal("0")


class StockOnHand(ListPage):
    perm = "inventory.view_stockquant"
    table_class = QuantTable
    filterset_class = QuantFilter
    title = gettext_lazy("Stock on hand")
    export_name = "stock-on-hand"
    paginate_by = 50

    def get_queryset(self):
        return pages.quants(self.request.company)

    def get_table_kwargs(self):
        costs = pages.unit_costs(self.request.company, self.object_list.values("product_id"))
        return {"unit_costs": costs, "totals": pages.quant_totals(self.object_list, costs)}


class MoveList(ListPage):
    perm = "inventory.view_stockmove"
    table_class = MoveTable
    filterset_class = MoveFilter
    title = gettext_lazy("Moves history")  # done moves; planned ones are on their transfers
    export_name = "stock-moves"

    def get_queryset(self):
        return move_history(self.request.company)


class ValuationReport(ExportMixin, SingleTableMixin, CompanyView, TemplateView):
    """SCM-6: what the stock is worth at a date, by product (and location), next to the
    balance of the stock accounts in the ledger — the two must agree."""

    perm = "inventory.view_valuationlayer"
    template_name = "inventory/valuation.html"
    table_class = ValuationTable
    table_pagination = False
    export_formats = ("csv", "xlsx")

    def get_export_filename(self, export_format):
        return f"stock-valuation-{self.form.cleaned_data['date']}.{export_format}"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        data.setdefault("date", datetime.date.today().isoformat())
        self.form = ValuationForm(data, company=request.company)
        self.rows = self.build(self.form.cleaned_data) if self.form.is_valid() else []
        return super().get(request, *args, **kwargs)

    def build(self, data: dict) -> list:
        company = self.request.company
        rows = stock_report(company, date=data["date"], category=data.get("category"),
                            location=data.get("location"))
        products = Product.objects.select_related("category", "uom").in_bulk({row.product.pk for row in rows})
        for row in rows:
            row.product = products[row.product.pk]
        if data.get("by_location"):
            return rows
        by_product = {}
        for row in rows:
            total = by_product.setdefault(row.product.pk, {"product": row.product, "quantity": ZERO, "value": ZERO})
            total["quantity"] += row.quantity
            total["value"] += row.value
        return list(by_product.values())

    def get_table_data(self):
        return self.rows

    def get_table_kwargs(self):
        kwargs = {"totals": {"value": sum((self._value(row) for row in self.rows), ZERO)}}
        if not self.form.is_valid() or not self.form.cleaned_data.get("by_location"):
            kwargs["exclude"] = ("location",)
        return kwargs

    @staticmethod
    def _value(row):
        return row["value"] if isinstance(row, dict) else row.value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comparison = None
        if self.form.is_valid() and not self.form.cleaned_data.get("location") and not self.form.cleaned_data.get(
                "category"):
            date = self.form.cleaned_data["date"]
            stock = stock_value(self.request.company, date=date)
            ledger = pages.stock_ledger_balance(self.request.company, date)
            comparison = {"stock": stock, "ledger": ledger, "difference": stock - ledger}
        query = self.request.GET.copy()
        query.pop("_export", None)
        return {**context, "form": self.form, "title": _("Stock valuation"), "comparison": comparison,
                "export_formats": self.export_formats, "query": query.urlencode()}
