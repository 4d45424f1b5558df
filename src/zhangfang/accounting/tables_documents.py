"""Lists of invoices, bills, credit notes and payments. Amounts are printed in their own
currency; the totals row sums the filtered rows in SQL, one line per currency."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Invoice, Payment

MONEY = {"td": {"class": "num font-monospace"}, "th": {"class": "num"}, "tf": {"class": "num font-monospace"}}
STATUS_BADGES = {"draft": "text-bg-secondary", "awaiting_approval": "text-bg-warning", "posted": "text-bg-success",
                 "cancelled": "text-bg-light border text-secondary"}
PAYMENT_BADGES = {"not_paid": "text-bg-light border", "partial": "text-bg-info", "paid": "text-bg-success",
                  "credited": "text-bg-light border text-secondary"}


def badge(css: str, label) -> str:
    return format_html('<span class="badge {}">{}</span>', css, label)


class MoneyColumn(tables.Column):
    """An amount right-aligned with thousands separators; the export keeps the number. Its
    footer reads ``table.totals``: [{"currency": code, <column>: amount, ...}]."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs=MONEY, **kwargs)

    def render(self, value):
        return f"{value:,.2f}"

    def value(self, value):
        return value

    def render_footer(self, bound_column, table):
        totals = getattr(table, "totals", [])
        return format_html_join("", "<div>{}</div>", ((f"{row[bound_column.name]:,.2f}",) for row in totals))


class InvoiceTable(tables.Table):
    number = tables.Column(linkify=("accounting_invoice_detail", {"pk": tables.A("pk")}), empty_values=(),
                           footer=_("Total"))
    partner = tables.Column(accessor="partner__name", verbose_name=_("Partner"))
    currency = tables.Column(accessor="currency__code", verbose_name=_("Currency"),
                             footer=lambda table: format_html_join("", "<div>{}</div>",
                                                                   ((row["currency"],) for row in table.totals)))
    # In the export; on screen the total and what is due are enough.
    amount_untaxed = MoneyColumn(visible=False)
    amount_tax = MoneyColumn(visible=False)
    amount_total = MoneyColumn()
    amount_residual = MoneyColumn()

    class Meta:
        model = Invoice
        fields = ("number", "kind", "partner", "date", "due_date", "reference", "status", "payment_state",
                  "currency", "amount_untaxed", "amount_tax", "amount_total", "amount_residual")

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = list(totals)

    def render_number(self, record):
        return str(record) if record.number else format_html('<span class="text-secondary">{}</span>', record)

    def value_number(self, record):
        return record.number

    def render_status(self, record, value):
        return badge(STATUS_BADGES[record.status], value)

    def render_payment_state(self, record, value):
        if record.status != Invoice.Status.POSTED:
            return "—"
        return badge(PAYMENT_BADGES[record.payment_state], value)


class PaymentTable(tables.Table):
    number = tables.Column(accessor="entry__number", verbose_name=_("number"),
                           linkify=("accounting_payment_detail", {"pk": tables.A("pk")}), footer=_("Total"))
    partner = tables.Column(accessor="partner__name", verbose_name=_("Partner"))
    journal = tables.Column(accessor="journal__name", verbose_name=_("journal"))
    currency = tables.Column(accessor="currency__code", verbose_name=_("Currency"),
                             footer=lambda table: format_html_join("", "<div>{}</div>",
                                                                   ((row["currency"],) for row in table.totals)))
    amount = MoneyColumn()

    class Meta:
        model = Payment
        fields = ("number", "date", "kind", "partner", "journal", "reference", "status", "currency", "amount")

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = list(totals)

    def render_status(self, record, value):
        return badge("text-bg-success" if record.status == Payment.Status.POSTED else STATUS_BADGES["cancelled"],
                     value)
