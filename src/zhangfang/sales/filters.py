import django_filters
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.filters_documents import DocumentFilter
from zhangfang.core.filters import SearchFilterSet
from zhangfang.inventory.models import Picking
from zhangfang.sales.models import PriceList, SalesOrder


class OrderFilter(DocumentFilter):
    """``statuses``: the statuses the list shows (quotations or orders)."""

    search_fields = ("number", "reference", "notes", "partner__name", "partner__code")
    status = django_filters.ChoiceFilter(choices=(), empty_label=_("Any status"))

    class Meta:
        model = SalesOrder
        fields = ["q", "status", "date_from", "date_to"]

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = [(status.value, status.label) for status in statuses]


class DeliveryFilter(SearchFilterSet):
    search_fields = ("number", "origin", "partner__name", "tracking_number", "carrier")
    status = django_filters.ChoiceFilter(choices=Picking.Status.choices, empty_label=_("Any status"))

    class Meta:
        model = Picking
        fields = ["q", "status"]


class PriceListFilter(SearchFilterSet):
    search_fields = ("name",)

    class Meta:
        model = PriceList
        fields = ["q"]
