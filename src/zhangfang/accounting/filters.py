import django_filters
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import JournalEntry
from zhangfang.core.filters import SearchFilterSet


class JournalEntryFilter(SearchFilterSet):
    search_fields = ("number", "reference", "narration")
    status = django_filters.ChoiceFilter(choices=JournalEntry.Status.choices, empty_label=_("Any status"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = JournalEntry
        fields = ["q", "status", "date_from", "date_to"]
