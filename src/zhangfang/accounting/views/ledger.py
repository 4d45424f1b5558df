"""Thin pages over the ledger: entries, one entry with its next actions, the voucher form."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.accounting.exceptions import AccountNotPostable, EntryLineInvalid
from zhangfang.accounting.filters import JournalEntryFilter
from zhangfang.accounting.forms import (
    ReverseForm,
    VoucherChoices,
    VoucherForm,
    account_label,
    partner_label,
    voucher_initial_lines,
    voucher_line_formset,
)
from zhangfang.accounting.models import JournalEntry
from zhangfang.accounting.selectors import ledger as selectors
from zhangfang.accounting.services.entries import journal_entry_delete, journal_entry_post, journal_entry_reverse
from zhangfang.accounting.services.vouchers import voucher_save
from zhangfang.accounting.tables import JournalEntryTable
from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError, NotFound
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, ListPage, history

ENTRIES = gettext_lazy("Journal entries")


def _entry(request, pk) -> JournalEntry:
    try:
        return selectors.journal_entry_detail(company=request.company, pk=pk)
    except JournalEntry.DoesNotExist as exc:
        raise NotFound() from exc


class JournalEntryList(ListPage):
    perm = "accounting.view_journalentry"
    create_perm = "accounting.add_journalentry"
    create_url = reverse_lazy("accounting_entry_create")
    table_class = JournalEntryTable
    filterset_class = JournalEntryFilter
    title = ENTRIES
    export_name = "journal-entries"

    def get_queryset(self):
        return selectors.journal_entries(company=self.request.company)


def _status_actions(request, entry: JournalEntry) -> list[dict]:
    """The next steps the entry's state and the user's rights allow, for the status bar."""
    def can(perm):
        return permissions.has_perm(request.user, request.company, perm)

    def action(name):
        return reverse("accounting_entry_action", args=[entry.pk, name])

    actions = []
    if entry.status == JournalEntry.Status.DRAFT:
        if can("accounting.change_journalentry"):
            actions.append({"kind": "link", "label": _("Edit"), "url": reverse("accounting_entry_edit",
                                                                              args=[entry.pk]), "icon": "pencil"})
        if can("accounting.post_journalentry"):
            actions.append({"kind": "post", "label": _("Post"), "url": action("post"), "icon": "check2-circle",
                            "primary": True})
        if can("accounting.delete_journalentry"):
            actions.append({"kind": "post", "label": _("Delete"), "url": action("delete"), "icon": "trash",
                            "danger": True, "confirm": _("Delete this draft?")})
    elif (entry.status == JournalEntry.Status.POSTED and entry.origin not in JournalEntry.DOCUMENT_ORIGINS
          and can("accounting.post_journalentry")):
        actions.append({"kind": "reverse", "label": _("Reverse"), "url": action("reverse"),
                        "icon": "arrow-counterclockwise",
                        "confirm": _("Post the reversal of %(entry)s?") % {"entry": entry}})
    return actions


class JournalEntryDetail(CompanyView):
    perm = "accounting.view_journalentry"

    def get(self, request, pk):
        entry = _entry(request, pk)
        lines = list(selectors.journal_entry_lines(entry=entry))
        steps = [JournalEntry.Status.DRAFT, JournalEntry.Status.POSTED]
        if entry.status == JournalEntry.Status.REVERSED:
            steps.append(JournalEntry.Status.REVERSED)
        return render(request, "accounting/entry_detail.html", {
            "entry": entry, "lines": lines, "title": str(entry),
            "total_debit": sum(line.debit for line in lines), "total_credit": sum(line.credit for line in lines),
            "breadcrumbs": [(ENTRIES, reverse("accounting_entry_list"))],
            "history": history(entry), "actions": _status_actions(request, entry),
            "steps": [(step, JournalEntry.Status(step).label) for step in steps],
            "reverse_form": ReverseForm(initial={"date": datetime.date.today()}),
        })


class JournalEntryAction(CompanyView):
    """Post, delete or reverse from the status bar; the outcome comes back as a message."""

    perm = "accounting.view_journalentry"
    RIGHTS = {"post": "accounting.post_journalentry", "reverse": "accounting.post_journalentry",
              "delete": "accounting.delete_journalentry"}

    def post(self, request, pk, action):
        if action not in self.RIGHTS:
            raise Http404
        entry = _entry(request, pk)
        if not permissions.has_perm(request.user, request.company, self.RIGHTS[action]):
            raise DjangoPermissionDenied
        try:
            if action == "post":
                entry = journal_entry_post(actor=request.user, entry=entry)
                messages.success(request, _("Posted as %(number)s.") % {"number": entry.number})
            elif action == "delete":
                journal_entry_delete(actor=request.user, entry=entry)
                messages.success(request, _("The draft was deleted."))
                return redirect("accounting_entry_list")
            else:
                form = ReverseForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Give the date of the reversal."))
                    return redirect("accounting_entry_detail", pk=pk)
                mirror = journal_entry_reverse(actor=request.user, entry=entry, date=form.cleaned_data["date"])
                messages.success(request, _("Reversed by %(number)s.") % {"number": mirror.number})
                return redirect("accounting_entry_detail", pk=mirror.pk)
        except BusinessError as error:
            messages.error(request, str(error))
        return redirect("accounting_entry_detail", pk=pk)


class VoucherPage(CompanyView):
    """The voucher (凭证) keyed line by line; Save keeps a draft, Post saves and posts at once."""

    perm = "accounting.add_journalentry"
    template_name = "accounting/voucher_form.html"

    def get_entry(self) -> JournalEntry | None:
        return None

    def get(self, request, **kwargs):
        entry = self.get_entry()
        choices = VoucherChoices.load(request.company)
        if entry is None:
            form = VoucherForm(company=request.company, initial={"date": datetime.date.today()})
            formset = voucher_line_formset(extra=2)(prefix="lines", form_kwargs={"choices": choices})
        else:
            form = VoucherForm(company=request.company, editing=True, initial={
                "journal": entry.journal_id, "date": entry.date, "reference": entry.reference,
                "narration": entry.narration})
            lines = selectors.journal_entry_lines(entry=entry).select_related("cost_centre")
            formset = voucher_line_formset(extra=1)(prefix="lines", form_kwargs={"choices": choices},
                                                    initial=voucher_initial_lines(lines))
        return self.render(form, formset, choices)

    def post(self, request, **kwargs):
        entry = self.get_entry()
        choices = VoucherChoices.load(request.company)
        initial = {"journal": entry.journal_id} if entry else {}
        form = VoucherForm(request.POST, company=request.company, editing=entry is not None, initial=initial)
        formset = voucher_line_formset(extra=0)(request.POST, prefix="lines", form_kwargs={"choices": choices})
        if form.is_valid() and formset.is_valid():
            kept = formset.kept()
            try:
                saved = voucher_save(actor=request.user, company=request.company, entry=entry,
                                     journal=form.cleaned_data["journal"], date=form.cleaned_data["date"],
                                     reference=form.cleaned_data["reference"],
                                     narration=form.cleaned_data["narration"], lines=[line for _i, line in kept],
                                     post=request.POST.get("action") == "post")
            except BusinessError as error:
                _place_error(form, formset, kept, error)
            else:
                if saved.status == JournalEntry.Status.DRAFT:
                    messages.success(request, _("Saved as a draft."))
                else:
                    messages.success(request, _("Posted as %(number)s.") % {"number": saved.number})
                return redirect("accounting_entry_detail", pk=saved.pk)
        return self.render(form, formset, choices, status=422)

    def render(self, form, formset, choices, status=200):
        entry = self.get_entry()
        breadcrumbs = [(ENTRIES, reverse("accounting_entry_list"))]
        if entry is not None:
            breadcrumbs.append((str(entry), reverse("accounting_entry_detail", args=[entry.pk])))
        return render(self.request, self.template_name, {
            "form": form, "formset": formset, "entry": entry,
            "title": _("Edit voucher") if entry else _("New voucher"), "breadcrumbs": breadcrumbs,
            "cancel_url": reverse("accounting_entry_detail", args=[entry.pk]) if entry
            else reverse("accounting_entry_list"),
            "can_post": permissions.has_perm(self.request.user, self.request.company,
                                             "accounting.post_journalentry"),
            "account_options": [(account_label(a), a.name_en) for a in choices.accounts.values()],
            "partner_options": [partner_label(p) for p in choices.partners.values()],
        }, status=status)


class VoucherCreate(VoucherPage):
    pass


class VoucherEdit(VoucherPage):
    perm = "accounting.change_journalentry"

    def get_entry(self):
        if not hasattr(self, "_entry"):
            self._entry = _entry(self.request, self.kwargs["pk"])
        return self._entry

    def get(self, request, pk):
        entry = self.get_entry()
        if entry.status != JournalEntry.Status.DRAFT:
            messages.info(request, _("Posted entries are final; correct them with a reversal."))
            return redirect("accounting_entry_detail", pk=pk)
        return super().get(request)


def _place_error(form, formset, kept: list[tuple[int, dict]], error: BusinessError) -> None:
    """Show a service error at the line it is about; the service numbers the kept lines from 1."""
    if isinstance(error, EntryLineInvalid) and 1 <= error.params.get("line", 0) <= len(kept):
        formset.forms[kept[error.params["line"] - 1][0]].add_error(None, str(error))
        return
    if isinstance(error, AccountNotPostable):
        rows = [index for index, line in kept if str(line["account"]) == str(error.params.get("account"))]
        for index in rows:
            formset.forms[index].add_error("account", str(error))
        if rows:
            return
    apply_error(form, error)
