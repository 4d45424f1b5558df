import django_filters
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Account, CostCentre, Journal, JournalEntry, Tax
from zhangfang.core.filters import SearchFilterSet


class JournalEntryFilter(SearchFilterSet):
    search_fields = ("number", "reference", "narration")
    status = django_filters.ChoiceFilter(choices=JournalEntry.Status.choices, empty_label=_("Any status"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = JournalEntry
        fields = ["q", "status", "date_from", "date_to"]


class AccountFilter(SearchFilterSet):
    search_fields = ("code", "name", "name_en")
    type = django_filters.ChoiceFilter(choices=Account.Type.choices, empty_label=_("Any type"))

    class Meta:
        model = Account
        fields = ["q", "type"]


class CodeNameFilter(SearchFilterSet):
    """Search by code or name, for the short set-up lists."""

    search_fields = ("code", "name")

    class Meta:
        fields = ["q"]


class JournalFilter(CodeNameFilter):
    class Meta(CodeNameFilter.Meta):
        model = Journal


class CostCentreFilter(CodeNameFilter):
    class Meta(CodeNameFilter.Meta):
        model = CostCentre


class TaxFilter(SearchFilterSet):
    search_fields = ("name",)
    scope = django_filters.ChoiceFilter(choices=Tax.Scope.choices, empty_label=_("Sales and purchases"))

    class Meta:
        model = Tax
        fields = ["q", "scope"]
