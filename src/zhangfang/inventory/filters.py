"""Filters of the inventory lists. Choices that name rows come from the current company only."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.core.filters import SearchFilterSet
from zhangfang.inventory.models import (
    Location,
    Lot,
    Picking,
    Product,
    ProductCategory,
    ReorderRule,
    StockCount,
    StockMove,
    StockQuant,
    Warehouse,
)
from zhangfang.web.forms import DatePicker


def _of_company(model, **filters):
    """A queryset callable: django-filter calls it with the request."""
    def rows(request):
        return model.objects.filter(company=request.company, **filters) if request else model.objects.none()
    return rows


def _in_subtree(queryset, prefix: str, location):
    """Rows whose ``<prefix>`` location is ``location`` or lies under it."""
    return queryset.filter(Q(**{f"{prefix}": location})
                           | Q(**{f"{prefix}__full_name__startswith": f"{location.full_name}/"}))


def _location_choice(method: str):
    """A location of the company; the filter takes it with everything under it."""
    return django_filters.ModelChoiceFilter(queryset=_of_company(Location, kind__in=("view", *Location.STOCKED)),
                                            label=_("Location"), empty_label=_("All locations"), method=method)


class ProductFilter(SearchFilterSet):
    search_fields = ("code", "name", "barcode", "description")
    category = django_filters.ModelChoiceFilter(queryset=_of_company(ProductCategory), label=_("Category"),
                                                empty_label=_("All categories"))
    kind = django_filters.ChoiceFilter(choices=Product.Kind.choices, label=_("Type"), empty_label=_("All types"))
    active = django_filters.ChoiceFilter(label=_("Status"), empty_label=_("Active and archived"),
                                         choices=[("1", _("Active")), ("0", _("Archived"))], method="filter_active")

    class Meta:
        model = Product
        fields = ["q", "category", "kind", "active"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "1")


class CategoryFilter(SearchFilterSet):
    search_fields = ("name",)
    valuation = django_filters.ChoiceFilter(choices=ProductCategory.Valuation.choices, label=_("Valuation"),
                                            empty_label=_("Any valuation"))

    class Meta:
        model = ProductCategory
        fields = ["q", "valuation"]


class WarehouseFilter(SearchFilterSet):
    search_fields = ("code", "name", "address")

    class Meta:
        model = Warehouse
        fields = ["q"]


class LocationFilter(SearchFilterSet):
    search_fields = ("full_name", "barcode")
    kind = django_filters.ChoiceFilter(choices=Location.Kind.choices, label=_("Type"), empty_label=_("All types"))
    warehouse = django_filters.ModelChoiceFilter(queryset=_of_company(Warehouse), label=_("Warehouse"),
                                                 empty_label=_("All warehouses"))

    class Meta:
        model = Location
        fields = ["q", "kind", "warehouse"]


class LotFilter(SearchFilterSet):
    search_fields = ("name", "product__code", "product__name")
    expires_before = django_filters.DateFilter(field_name="expiry_date", lookup_expr="lte",
                                               label=_("Expires by"), widget=DatePicker())

    class Meta:
        model = Lot
        fields = ["q", "expires_before"]


class PickingFilter(SearchFilterSet):
    search_fields = ("number", "origin", "partner__name", "tracking_number")
    kind = django_filters.ChoiceFilter(choices=Picking.Kind.choices, label=_("Type"), empty_label=_("All types"))
    status = django_filters.ChoiceFilter(choices=Picking.Status.choices, label=_("Status"),
                                         empty_label=_("Any status"))
    date_from = django_filters.DateFilter(field_name="scheduled_date", lookup_expr="gte", label=_("From"),
                                          widget=DatePicker())
    date_to = django_filters.DateFilter(field_name="scheduled_date", lookup_expr="lte", label=_("To"),
                                        widget=DatePicker())

    class Meta:
        model = Picking
        fields = ["q", "kind", "status", "date_from", "date_to"]

    def __init__(self, *args, kinds=(), **kwargs):
        """``kinds``: those of the list (receipts and customer returns, ...); one kind needs no filter."""
        super().__init__(*args, **kwargs)
        if len(kinds) > 1:
            self.filters["kind"].extra["choices"] = [(kind.value, kind.label) for kind in kinds]
        else:
            del self.filters["kind"]


class MoveFilter(SearchFilterSet):
    search_fields = ("product__code", "product__name", "origin", "picking__number", "lot__name")
    location = _location_choice("filter_location")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DatePicker())
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"), widget=DatePicker())

    class Meta:
        model = StockMove
        fields = ["q", "location", "date_from", "date_to"]

    def filter_location(self, queryset, name, value):
        """Moves into or out of the location or anything under it."""
        return _in_subtree(queryset, "source", value) | _in_subtree(queryset, "destination", value)


class QuantFilter(SearchFilterSet):
    search_fields = ("product__code", "product__name", "product__barcode", "lot__name")
    category = django_filters.ModelChoiceFilter(field_name="product__category", label=_("Category"),
                                                queryset=_of_company(ProductCategory),
                                                empty_label=_("All categories"))
    warehouse = django_filters.ModelChoiceFilter(field_name="location__warehouse", label=_("Warehouse"),
                                                 queryset=_of_company(Warehouse), empty_label=_("All warehouses"))
    location = _location_choice("filter_location")

    class Meta:
        model = StockQuant
        fields = ["q", "category", "warehouse", "location"]

    def filter_location(self, queryset, name, value):
        return _in_subtree(queryset, "location", value)


class CountFilter(SearchFilterSet):
    search_fields = ("number", "location__full_name", "notes")
    kind = django_filters.ChoiceFilter(choices=StockCount.Kind.choices, label=_("Type"), empty_label=_("All types"))
    status = django_filters.ChoiceFilter(choices=StockCount.Status.choices, label=_("Status"),
                                         empty_label=_("Any status"))

    class Meta:
        model = StockCount
        fields = ["q", "kind", "status"]


class ReorderRuleFilter(SearchFilterSet):
    search_fields = ("product__code", "product__name", "supplier__name")
    warehouse = django_filters.ModelChoiceFilter(queryset=_of_company(Warehouse), label=_("Warehouse"),
                                                 empty_label=_("All warehouses"))

    class Meta:
        model = ReorderRule
        fields = ["q", "warehouse"]
