"""Thin pages over the ledger's selectors: entries, one entry, the trial balance."""

import datetime

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from zhangfang.accounting.filters import JournalEntryFilter
from zhangfang.accounting.models import JournalEntry
from zhangfang.accounting.selectors import ledger as selectors
from zhangfang.accounting.tables import JournalEntryTable
from zhangfang.core.errors import NotFound
from zhangfang.web.forms import DatePicker
from zhangfang.web.views import CompanyView, ListPage, history


class JournalEntryList(ListPage):
    perm = "accounting.view_journalentry"
    table_class = JournalEntryTable
    filterset_class = JournalEntryFilter
    title = gettext_lazy("Journal entries")
    export_name = "journal-entries"

    def get_queryset(self):
        return selectors.journal_entries(company=self.request.company)


class JournalEntryDetail(CompanyView):
    perm = "accounting.view_journalentry"

    def get(self, request, pk):
        try:
            entry = selectors.journal_entry_detail(company=request.company, pk=pk)
        except JournalEntry.DoesNotExist as exc:
            raise NotFound() from exc
        lines = list(selectors.journal_entry_lines(entry=entry))
        return render(request, "accounting/entry_detail.html", {
            "entry": entry, "lines": lines, "title": str(entry),
            "total_debit": sum(line.debit for line in lines), "total_credit": sum(line.credit for line in lines),
            "breadcrumbs": [(gettext_lazy("Journal entries"), reverse("accounting_entry_list"))],
            "history": history(entry),
        })


class TrialBalanceForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"), widget=DatePicker())
    date_to = forms.DateField(label=gettext_lazy("To"), widget=DatePicker())


class TrialBalancePage(CompanyView):
    perm = "accounting.view_accountbalance"

    def get(self, request):
        today = datetime.date.today()
        form = TrialBalanceForm(request.GET or {"date_from": today.replace(day=1), "date_to": today})
        report = None
        if form.is_valid():
            report = selectors.trial_balance(company=request.company, date_from=form.cleaned_data["date_from"],
                                             date_to=form.cleaned_data["date_to"])
        return render(request, "accounting/trial_balance.html", {
            "form": form, "report": report, "title": gettext_lazy("Trial balance"),
        })
