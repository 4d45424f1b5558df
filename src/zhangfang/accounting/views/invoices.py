"""Pages of customer invoices, supplier bills and their credit notes: the two lists, the
form with its line grid, the document with its status bar, and crediting one."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.accounting.exceptions import InvoiceLineInvalid
from zhangfang.accounting.filters_documents import InvoiceFilter
from zhangfang.accounting.forms import account_label
from zhangfang.accounting.forms_documents import (
    CreditNoteForm,
    InvoiceChoices,
    InvoiceForm,
    invoice_initial_lines,
    invoice_line_data,
    invoice_line_formset,
    side_kinds,
)
from zhangfang.accounting.models import Invoice
from zhangfang.accounting.selectors import invoices as selectors
from zhangfang.accounting.selectors.settlements import settlements
from zhangfang.accounting.services.invoices import (
    DOCUMENT_TYPE,
    invoice_create,
    invoice_credit_note,
    invoice_delete,
    invoice_post,
    invoice_update,
)
from zhangfang.accounting.tables_documents import InvoiceTable
from zhangfang.accounting.tax import LineInput, TaxRate, compute
from zhangfang.core import permissions
from zhangfang.core.approvals.selectors import approval_request_for
from zhangfang.core.errors import BusinessError, NotFound
from zhangfang.core.models import Currency
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, FormPage, ListPage, history

Status = Invoice.Status
SIDES = {True: (gettext_lazy("Customer invoices"), "accounting_invoice_list", "accounting_invoice_create"),
         False: (gettext_lazy("Supplier bills"), "accounting_bill_list", "accounting_bill_create")}
AMOUNTS = ("amount_untaxed", "amount_tax", "amount_total", "amount_residual")


def invoice_of(request, pk) -> Invoice:
    try:
        return selectors.invoice_detail(company=request.company, pk=pk)
    except Invoice.DoesNotExist as exc:
        raise NotFound() from exc


def side_breadcrumbs(invoice: Invoice) -> list[tuple]:
    label, list_name, _create = SIDES[invoice.is_sale]
    return [(label, reverse(list_name))]


# --- lists ------------------------------------------------------------------------------

class InvoiceList(ListPage):
    perm = "accounting.view_invoice"
    create_perm = "accounting.add_invoice"
    table_class = InvoiceTable
    filterset_class = InvoiceFilter
    sale = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.title, _list, create = SIDES[self.sale]
        self.create_url = reverse_lazy(create)
        self.export_name = "customer-invoices" if self.sale else "supplier-bills"
        self.kinds = [kind for kind, _label in side_kinds(self.sale)]

    def get_queryset(self):
        return selectors.invoices(self.request.company).filter(kind__in=self.kinds)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "kinds": [Invoice.Kind(k) for k in self.kinds]}

    def get_table_kwargs(self):
        totals = (self.object_list.order_by().values("currency__code")
                  .annotate(**{name: Sum(name) for name in AMOUNTS}).order_by("currency__code"))
        return {"totals": [{"currency": row.pop("currency__code"), **row} for row in totals]}


class BillList(InvoiceList):
    sale = False


# --- the form ---------------------------------------------------------------------------

class InvoicePage(CompanyView):
    """A draft keyed with its lines; the amounts shown are the service's, computed on save."""

    perm = "accounting.add_invoice"
    template_name = "accounting/documents/invoice_form.html"
    sale = True

    def get_invoice(self) -> Invoice | None:
        return None

    def get(self, request, **kwargs):
        invoice = self.get_invoice()
        choices = InvoiceChoices.load(request.company, sale=self.sale)
        formset_class = invoice_line_formset(extra=1 if invoice else 3)
        if invoice is None:
            form = self.form(initial={"kind": side_kinds(self.sale)[0][0], "date": datetime.date.today(),
                                      "currency": request.company.base_currency.code})
            formset = formset_class(prefix="lines", form_kwargs={"choices": choices})
        else:
            form = self.form(initial={"kind": invoice.kind, "partner": invoice.partner_id, "date": invoice.date,
                                      "due_date": invoice.due_date, "currency": invoice.currency.code,
                                      "reference": invoice.reference, "narration": invoice.narration})
            formset = formset_class(prefix="lines", form_kwargs={"choices": choices},
                                    initial=invoice_initial_lines(selectors.invoice_lines(invoice=invoice)))
        return self.render(form, formset, choices)

    def form(self, data=None, initial=None):
        return InvoiceForm(data, initial=initial, company=self.request.company, sale=self.sale,
                           invoice=self.get_invoice())

    def post(self, request, **kwargs):
        invoice = self.get_invoice()
        choices = InvoiceChoices.load(request.company, sale=self.sale)
        form = self.form(request.POST, initial={"kind": invoice.kind} if invoice else None)
        formset = invoice_line_formset(extra=0)(request.POST, prefix="lines", form_kwargs={"choices": choices})
        if form.is_valid() and formset.is_valid():
            kept = formset.kept()
            header = {name: form.cleaned_data[name] for name in ("partner", "date", "due_date", "currency",
                                                                   "reference", "narration")}
            lines = [line for _index, line in kept]
            try:
                if invoice is None:
                    invoice = invoice_create(actor=request.user, company=request.company,
                                             kind=form.cleaned_data["kind"], lines=lines, **header)
                else:
                    invoice = invoice_update(actor=request.user, invoice=invoice, lines=lines, **header)
            except BusinessError as error:
                place_error(form, formset, kept, error)
            else:
                messages.success(request, _("Saved as a draft: %(total)s %(currency)s.") % {
                    "total": f"{invoice.amount_total:,.2f}", "currency": invoice.currency.code})
                return redirect("accounting_invoice_detail", pk=invoice.pk)
        return self.render(form, formset, choices, status=422)

    def render(self, form, formset, choices, status=200):
        invoice = self.get_invoice()
        label, list_name, _create = SIDES[self.sale]
        breadcrumbs = [(label, reverse(list_name))]
        if invoice is not None:
            breadcrumbs.append((str(invoice), reverse("accounting_invoice_detail", args=[invoice.pk])))
            title = _("Edit %(invoice)s") % {"invoice": invoice}
        else:
            title = _("New customer invoice") if self.sale else _("New supplier bill")
        return render(self.request, self.template_name, {
            "form": form, "formset": formset, "invoice": invoice, "title": title, "breadcrumbs": breadcrumbs,
            "cancel_url": breadcrumbs[-1][1], "side": "sale" if self.sale else "purchase",
            "account_options": [(account_label(a), a.name_en) for a in choices.voucher.accounts.values()],
        }, status=status)


class InvoiceCreate(InvoicePage):
    pass


class BillCreate(InvoicePage):
    sale = False


class InvoiceEdit(InvoicePage):
    perm = "accounting.change_invoice"

    def get_invoice(self):
        if not hasattr(self, "_invoice"):
            self._invoice = invoice_of(self.request, self.kwargs["pk"])
            self.sale = self._invoice.is_sale
        return self._invoice

    def get(self, request, pk):
        invoice = self.get_invoice()
        if invoice.status != Status.DRAFT:
            messages.info(request, _("Only drafts can be changed; correct a posted document with a credit note."))
            return redirect("accounting_invoice_detail", pk=pk)
        return super().get(request)


def place_error(form, formset, kept: list[tuple[int, dict]], error: BusinessError) -> None:
    """Show a service error at the line and field it is about; the service numbers kept lines from 1."""
    line = error.params.get("line", 0) if isinstance(error, InvoiceLineInvalid) else 0
    if 1 <= line <= len(kept):
        target = formset.forms[kept[line - 1][0]]
        for name, errors in error.fields.items():
            field = name.rsplit(".", 1)[-1]
            for message in errors:
                target.add_error(field if field in target.fields else None, message)
        return
    apply_error(form, error)


class InvoicePreview(CompanyView):
    """The totals of the lines as typed, from the same VAT arithmetic the service uses; nothing is saved."""

    perm = "accounting.add_invoice"

    def post(self, request):
        sale = request.POST.get("side") != "purchase"
        choices = InvoiceChoices.load(request.company, sale=sale)
        formset = invoice_line_formset(extra=0)(request.POST, prefix="lines", form_kwargs={"choices": choices})
        currency = Currency.objects.filter(code=request.POST.get("currency", "")).first() or (
            request.company.base_currency)
        lines = []
        for form in formset.forms if formset.is_valid() else []:
            data = form.cleaned_data  # empty for an untouched extra row
            if data.get("blank", True) or data["unit_price"] is None or (data["discount"] or 0) > 100:
                continue
            tax = choices.taxes.get(data["tax"] or "")
            lines.append(LineInput(quantity=data["quantity"] or 1, unit_price=data["unit_price"],
                                   discount=data["discount"] or 0,
                                   tax=tax and TaxRate(key=tax.pk, rate=tax.rate, price_include=tax.price_include,
                                                       exempt=tax.exempt)))
        return render(request, "accounting/documents/invoice_totals.html", {
            "amounts": compute(lines, quantum=currency.quantum), "currency": currency,
        })


# --- one document -----------------------------------------------------------------------

def invoice_actions(request, invoice: Invoice, approval) -> list[dict]:
    """The next steps the document's state and the user's rights allow, for the status bar."""
    def can(perm):
        return permissions.has_perm(request.user, request.company, perm)

    def action(name):
        return reverse("accounting_invoice_action", args=[invoice.pk, name])

    actions = []
    if invoice.status == Status.DRAFT:
        if can("accounting.change_invoice"):
            actions.append({"kind": "link", "label": _("Edit"), "icon": "pencil",
                            "url": reverse("accounting_invoice_edit", args=[invoice.pk])})
        if can("accounting.post_invoice"):
            actions.append({"kind": "post", "label": _("Post"), "url": action("post"), "icon": "check2-circle",
                            "primary": True})
        if can("accounting.delete_invoice"):
            actions.append({"kind": "post", "label": _("Delete"), "url": action("delete"), "icon": "trash",
                            "danger": True, "confirm": _("Delete this draft?")})
    elif invoice.status == Status.AWAITING_APPROVAL and approval is not None:
        actions.append({"kind": "link", "label": _("Approval request"), "icon": "person-check",
                        "url": reverse("approval_detail", args=[approval.pk])})
    elif invoice.status == Status.POSTED:
        if invoice.amount_residual > 0 and can("accounting.add_payment"):
            actions.append({"kind": "link", "label": _("Register payment"), "icon": "cash-coin", "primary": True,
                            "url": reverse("accounting_payment_create") + f"?invoice={invoice.pk}"})
        if not invoice.is_credit_note and can("accounting.add_invoice"):
            actions.append({"kind": "link", "label": _("Credit note"), "icon": "arrow-return-left",
                            "url": reverse("accounting_invoice_credit_note", args=[invoice.pk])})
    return actions


def invoice_steps(invoice: Invoice) -> list[tuple]:
    steps = [Status.DRAFT]
    if invoice.kind == Invoice.Kind.SUPPLIER_BILL or invoice.status == Status.AWAITING_APPROVAL:
        steps.append(Status.AWAITING_APPROVAL)
    steps.append(Status.POSTED)
    if invoice.status == Status.CANCELLED:
        steps.append(Status.CANCELLED)
    return [(step.value, step.label) for step in steps]


class InvoiceDetail(CompanyView):
    perm = "accounting.view_invoice"

    def get(self, request, pk):
        invoice = invoice_of(request, pk)
        approval = approval_request_for(company=request.company, document_type=DOCUMENT_TYPE, object_id=invoice.pk)
        return render(request, "accounting/documents/invoice_detail.html", {
            "invoice": invoice, "title": str(invoice), "breadcrumbs": side_breadcrumbs(invoice),
            "lines": selectors.invoice_lines(invoice=invoice), "approval": approval,
            "credit_notes": invoice.credit_notes.order_by("date", "pk"),
            "settlements": settlements(entry_id=invoice.entry_id), "history": history(invoice),
            "actions": invoice_actions(request, invoice, approval), "steps": invoice_steps(invoice),
        })


class InvoiceAction(CompanyView):
    """Post or delete from the status bar; the outcome comes back as a message."""

    perm = "accounting.view_invoice"
    RIGHTS = {"post": "accounting.post_invoice", "delete": "accounting.delete_invoice"}

    def post(self, request, pk, action):
        if action not in self.RIGHTS:
            raise Http404
        invoice = invoice_of(request, pk)
        if not permissions.has_perm(request.user, request.company, self.RIGHTS[action]):
            raise DjangoPermissionDenied
        try:
            if action == "delete":
                invoice_delete(actor=request.user, invoice=invoice)
                messages.success(request, _("The draft was deleted."))
                return redirect(SIDES[invoice.is_sale][1])
            invoice = invoice_post(actor=request.user, invoice=invoice)
            if invoice.status == Status.AWAITING_APPROVAL:
                messages.info(request, _("Sent for approval; it is posted when approved."))
            else:
                messages.success(request, _("Posted as %(number)s.") % {"number": invoice.number})
        except BusinessError as error:
            messages.error(request, str(error))
        return redirect("accounting_invoice_detail", pk=pk)


class CreditNoteCreate(FormPage):
    """Credit a posted invoice or bill: all of it at once, or part of it through a draft."""

    perm = "accounting.add_invoice"
    form_class = CreditNoteForm

    def invoice(self) -> Invoice:
        if not hasattr(self, "_invoice"):
            self._invoice = invoice_of(self.request, self.kwargs["pk"])
        return self._invoice

    def get(self, request, pk):
        invoice = self.invoice()
        if invoice.status != Status.POSTED or invoice.is_credit_note:
            messages.info(request, _("Only a posted invoice or bill can be credited."))
            return redirect("accounting_invoice_detail", pk=pk)
        return super().get(request)

    def form_kwargs(self):
        return {"initial": {"date": datetime.date.today(), "partial": "0"}}

    @property
    def title(self):
        return _("Credit %(invoice)s") % {"invoice": self.invoice()}

    def extra_context(self):
        invoice = self.invoice()
        return {"breadcrumbs": [*side_breadcrumbs(invoice),
                                (str(invoice), reverse("accounting_invoice_detail", args=[invoice.pk]))]}

    def cancel_url(self):
        return reverse("accounting_invoice_detail", args=[self.invoice().pk])

    def save(self, form, formsets):
        invoice = self.invoice()
        lines = invoice_line_data(selectors.invoice_lines(invoice=invoice)) if form.cleaned_data["partial"] else None
        return invoice_credit_note(actor=self.request.user, invoice=invoice, date=form.cleaned_data["date"],
                                   lines=lines, reason=form.cleaned_data["reason"])

    def success_message(self, note):
        if note.status == Status.DRAFT:
            return _("A draft credit note was made; change its lines and post it.")
        return _("Credit note %(number)s posted.") % {"number": note.number}

    def success_url(self, note):
        name = "accounting_invoice_edit" if note.status == Status.DRAFT else "accounting_invoice_detail"
        return reverse(name, args=[note.pk])

