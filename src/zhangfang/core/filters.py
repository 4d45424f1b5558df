import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import AuditRecord, Currency, ExchangeRate, Partner, Role, Uom, User
from zhangfang.web.forms import DatePicker


class FilterSet(django_filters.FilterSet):
    """Filter widgets with the Bootstrap look."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select form-select-sm" if hasattr(field.widget, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        return form


class SearchFilterSet(FilterSet):
    """A free-text ``q`` box over ``search_fields``."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


class PartnerFilter(SearchFilterSet):
    search_fields = ("name", "code", "tax_id", "phone", "email", "city")
    role = django_filters.ChoiceFilter(
        label=_("Type"), empty_label=_("Customers and suppliers"), method="filter_role",
        choices=[("customer", _("Customers")), ("supplier", _("Suppliers"))],
    )
    active = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("Active and archived"), method="filter_active",
        choices=[("1", _("Active")), ("0", _("Archived"))],
    )

    class Meta:
        model = Partner
        fields = ["q", "role", "active"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "1")

    def filter_role(self, queryset, name, value):
        return queryset.filter(**{f"is_{value}": True})


class CurrencyFilter(SearchFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = Currency
        fields = ["q", "active"]


class ExchangeRateFilter(FilterSet):
    currency = django_filters.ModelChoiceFilter(queryset=Currency.objects.exclude(code="CNY"),
                                                empty_label=_("All currencies"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"),
                                          widget=DatePicker())
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"),
                                        widget=DatePicker())

    class Meta:
        model = ExchangeRate
        fields = ["currency", "date_from", "date_to"]


class UomFilter(SearchFilterSet):
    search_fields = ("name", "symbol", "category__name")

    class Meta:
        model = Uom
        fields = ["q"]


class UserFilter(SearchFilterSet):
    search_fields = ("username", "full_name", "email")

    class Meta:
        model = User
        fields = ["q", "is_active"]


class RoleFilter(SearchFilterSet):
    search_fields = ("name", "code", "description")

    class Meta:
        model = Role
        fields = ["q"]


class AuditFilter(SearchFilterSet):
    search_fields = ("object_repr", "object_id", "action", "actor__username", "actor__full_name", "request_id")
    object_type = django_filters.ChoiceFilter(label=_("Object type"), empty_label=_("All object types"),
                                              choices=lambda: [(t, t) for t in AuditRecord.objects.order_by()
                                                               .values_list("object_type", flat=True).distinct()])
    date_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label=_("From"),
                                          widget=DatePicker())
    date_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label=_("To"),
                                        widget=DatePicker())

    class Meta:
        model = AuditRecord
        fields = ["q", "object_type", "date_from", "date_to"]
