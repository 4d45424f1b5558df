import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import JournalEntry

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
