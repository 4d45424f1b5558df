import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Account, CostCentre, Journal, JournalEntry, Tax

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class JournalEntryTable(tables.Table):
    number = tables.Column(linkify=("accounting_entry_detail", {"pk": tables.A("pk")}), empty_values=())
    journal = tables.Column(accessor="journal__prefix", verbose_name=_("journal"))
    posted_by = tables.Column()

    class Meta:
        model = JournalEntry
        fields = ("number", "date", "journal", "reference", "narration", "status", "posted_by")

    def render_number(self, record):
        return record.number or _("Draft %(id)s") % {"id": record.pk}

    def value_number(self, record):
        return record.number


class AccountTable(tables.Table):
    """The chart as a tree: each code indented by its depth."""

    code = tables.Column(linkify=("accounting_account_edit", {"pk": tables.A("pk")}))

    class Meta:
        model = Account
        fields = ("code", "name", "name_en", "type", "subtype", "reconcilable", "currency", "active")

    def render_code(self, record, value):
        return format_html('<span class="font-monospace" style="padding-left: {}rem">{}</span>',
                           record.depth * 1.25, value)

    def render_name(self, record, value):
        return format_html('<span style="padding-left: {}rem">{}</span>', record.depth * 1.25, value)


class JournalTable(tables.Table):
    class Meta:
        model = Journal
        fields = ("code", "name", "kind", "prefix", "default_account", "active")


class TaxTable(tables.Table):
    rate = tables.Column(attrs=NUM)

    class Meta:
        model = Tax
        fields = ("name", "scope", "rate", "price_include", "exempt", "account", "active")


class CostCentreTable(tables.Table):
    code = tables.Column(linkify=("accounting_cost_centre_edit", {"pk": tables.A("pk")}))

    class Meta:
        model = CostCentre
        fields = ("code", "name", "active")
