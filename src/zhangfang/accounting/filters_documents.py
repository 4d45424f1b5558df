import django_filters
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Invoice, Payment
from zhangfang.core.filters import SearchFilterSet
from zhangfang.web.forms import DatePicker


class DocumentFilter(SearchFilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DatePicker())
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"), widget=DatePicker())


class InvoiceFilter(DocumentFilter):
    """``kinds``: the two kinds of the list's side (an invoice and its credit note)."""

    search_fields = ("number", "reference", "narration", "partner__name", "partner__code")
    kind = django_filters.ChoiceFilter(choices=(), empty_label=_("Invoices and credit notes"))
    status = django_filters.ChoiceFilter(choices=Invoice.Status.choices, empty_label=_("Any status"))
    payment_state = django_filters.ChoiceFilter(choices=Invoice.PaymentState.choices, label=_("Payment"),
                                                empty_label=_("Paid or not"))

    class Meta:
        model = Invoice
        fields = ["q", "kind", "status", "payment_state", "date_from", "date_to"]

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = [(kind.value, kind.label) for kind in kinds]


class PaymentFilter(DocumentFilter):
    search_fields = ("entry__number", "reference", "partner__name", "partner__code")
    kind = django_filters.ChoiceFilter(choices=Payment.Kind.choices, empty_label=_("Received and paid"))
    status = django_filters.ChoiceFilter(choices=Payment.Status.choices, empty_label=_("Any status"))

    class Meta:
        model = Payment
        fields = ["q", "kind", "status", "date_from", "date_to"]
