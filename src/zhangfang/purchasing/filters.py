"""Filters of the purchasing lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from zhangfang.core.filters import SearchFilterSet
from zhangfang.core.models import Partner
from zhangfang.purchasing.models import PurchaseOrder, PurchaseRequisition, RequestForQuotation, SupplierPrice
from zhangfang.web.forms import DatePicker


def _suppliers(request):
    company = getattr(request, "company", None)
    return Partner.objects.filter(company=company, is_supplier=True).order_by("name")


class RequisitionFilter(SearchFilterSet):
    search_fields = ("number", "department", "origin", "notes")
    status = django_filters.ChoiceFilter(choices=PurchaseRequisition.Status.choices, empty_label=_("Any status"))

    class Meta:
        model = PurchaseRequisition
        fields = ["q", "status"]


class RfqFilter(SearchFilterSet):
    search_fields = ("number", "quote_reference", "supplier__name", "supplier__code", "requisition__number")
    status = django_filters.ChoiceFilter(choices=RequestForQuotation.Status.choices, empty_label=_("Any status"))
    supplier = django_filters.ModelChoiceFilter(queryset=_suppliers, empty_label=_("All suppliers"))

    class Meta:
        model = RequestForQuotation
        fields = ["q", "status", "supplier"]


class OrderFilter(SearchFilterSet):
    search_fields = ("number", "reference", "department", "supplier__name", "supplier__code")
    status = django_filters.ChoiceFilter(choices=PurchaseOrder.Status.choices, empty_label=_("Any status"))
    supplier = django_filters.ModelChoiceFilter(queryset=_suppliers, empty_label=_("All suppliers"))
    date_from = django_filters.DateFilter(field_name="order_date", lookup_expr="gte", label=_("From"),
                                          widget=DatePicker())
    date_to = django_filters.DateFilter(field_name="order_date", lookup_expr="lte", label=_("To"),
                                        widget=DatePicker())

    class Meta:
        model = PurchaseOrder
        fields = ["q", "status", "supplier", "date_from", "date_to"]


class SupplierPriceFilter(SearchFilterSet):
    search_fields = ("product__code", "product__name", "supplier__name", "supplier_code")
    supplier = django_filters.ModelChoiceFilter(queryset=_suppliers, empty_label=_("All suppliers"))

    class Meta:
        model = SupplierPrice
        fields = ["q", "supplier", "active"]
