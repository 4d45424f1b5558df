"""Pages of payments received and made, and of a partner's open items with their matches."""

import datetime

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.accounting.filters_documents import PaymentFilter
from zhangfang.accounting.forms_documents import AllocationFormSet, CancelForm, PaymentForm
from zhangfang.accounting.models import Invoice, Journal, JournalEntryLine, Payment
from zhangfang.accounting.selectors import settlements as selectors
from zhangfang.accounting.selectors.arap import KINDS, open_items
from zhangfang.accounting.services.payments import PAYS, payment_cancel, payment_register
from zhangfang.accounting.services.reconciliation import line_unreconcile
from zhangfang.accounting.tables_documents import PaymentTable
from zhangfang.accounting.views.invoices import invoice_of
from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError, NotFound
from zhangfang.core.models import Partner
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, ListPage, history

PAYMENTS = gettext_lazy("Payments")
KIND_OF_SUBTYPE = {subtype: kind for kind, subtype in KINDS.items()}


class PaymentList(ListPage):
    perm = "accounting.view_payment"
    create_perm = "accounting.add_payment"
    create_url = reverse_lazy("accounting_payment_create")
    table_class = PaymentTable
    filterset_class = PaymentFilter
    title = PAYMENTS
    export_name = "payments"

    def get_queryset(self):
        return selectors.payments(self.request.company)

    def get_table_kwargs(self):
        totals = (self.object_list.order_by().values("currency__code").annotate(amount=Sum("amount"))
                  .order_by("currency__code"))
        return {"totals": [{"currency": row["currency__code"], "amount": row["amount"]} for row in totals]}


def payment_kind(invoice: Invoice) -> str:
    return Payment.Kind.INBOUND if invoice.kind in PAYS[Payment.Kind.INBOUND] else Payment.Kind.OUTBOUND


class PaymentCreate(CompanyView):
    """Register money received or paid and choose the open invoices it settles. From an
    invoice (``?invoice=<id>``) the partner, direction and currency follow from it and the
    amount due is filled in."""

    perm = "accounting.add_payment"
    template_name = "accounting/documents/payment_form.html"

    def invoice(self) -> Invoice | None:
        if not hasattr(self, "_invoice"):
            wanted = self.request.GET.get("invoice", "")
            self._invoice = invoice_of(self.request, int(wanted)) if wanted.isdigit() else None
        return self._invoice

    def initial(self) -> dict:
        company, invoice = self.request.company, self.invoice()
        bank = Journal.objects.filter(company=company, active=True, kind=Journal.Kind.BANK).order_by("code").first()
        initial = {"kind": Payment.Kind.INBOUND, "currency": company.base_currency.code, "journal": bank,
                   "date": datetime.date.today()}
        if invoice is not None:
            return {**initial, "kind": payment_kind(invoice), "partner": invoice.partner,
                    "currency": invoice.currency.code, "amount": invoice.amount_residual}
        query = self.request.GET
        partner = query.get("partner", "")
        if partner.isdigit():
            initial["partner"] = Partner.objects.filter(company=company, pk=int(partner)).first()
        if query.get("kind") in Payment.Kind.values:
            initial["kind"] = query["kind"]
        if query.get("currency"):
            initial["currency"] = query["currency"]
        return initial

    def form(self, data=None) -> PaymentForm:
        return PaymentForm(data, initial=self.initial(), company=self.request.company,
                           fixed=self.invoice() is not None)

    def get(self, request):
        invoice = self.invoice()
        if invoice is not None and (invoice.status != Invoice.Status.POSTED or invoice.amount_residual <= 0):
            messages.info(request, _("Nothing is due on %(invoice)s.") % {"invoice": invoice})
            return redirect("accounting_invoice_detail", pk=invoice.pk)
        initial = self.initial()
        invoices = []
        if initial.get("partner") is not None:
            invoices = [row for row in selectors.open_invoices(company=request.company, partner=initial["partner"],
                                                               kinds=PAYS[initial["kind"]])
                        if row.currency.code == initial["currency"]]
        formset = AllocationFormSet(prefix="alloc", initial=[
            {"invoice": row.pk, "amount": row.amount_residual if invoice and row.pk == invoice.pk else None}
            for row in invoices])
        return self.render(self.form(), formset)

    def post(self, request):
        form = self.form(request.POST)
        formset = AllocationFormSet(request.POST, prefix="alloc")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            shares = {row["invoice"]: row["amount"] for row in formset.cleaned_data if row and row["amount"]}
            invoices = Invoice.objects.filter(company=request.company, pk__in=shares).in_bulk()
            if len(invoices) != len(shares):
                raise NotFound()
            try:
                payment = payment_register(
                    actor=request.user, company=request.company, kind=data["kind"], partner=data["partner"],
                    journal=data["journal"], date=data["date"], amount=data["amount"], currency=data["currency"],
                    rate=data["rate"], reference=data["reference"],
                    allocations=[(invoices[pk], amount) for pk, amount in shares.items()])
            except BusinessError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Payment %(number)s registered.") % {"number": payment})
                if self.invoice() is not None:
                    return redirect("accounting_invoice_detail", pk=self.invoice().pk)
                return redirect("accounting_payment_detail", pk=payment.pk)
        return self.render(form, formset, status=422)

    def render(self, form, formset, status=200):
        ids = [str(row["invoice"].value()) for row in formset.forms]
        invoices = Invoice.objects.filter(company=self.request.company,
                                          pk__in=[int(pk) for pk in ids if pk.isdigit()]).in_bulk()
        rows = [(row, invoices.get(int(pk)) if pk.isdigit() else None) for row, pk in zip(formset, ids, strict=True)]
        invoice = self.invoice()
        breadcrumbs = [(PAYMENTS, reverse("accounting_payment_list"))]
        if invoice is not None:
            breadcrumbs = [(str(invoice), reverse("accounting_invoice_detail", args=[invoice.pk]))]
        return render(self.request, self.template_name, {
            "form": form, "formset": formset, "rows": rows, "invoice": invoice, "title": _("Register payment"),
            "breadcrumbs": breadcrumbs, "cancel_url": breadcrumbs[-1][1],
        }, status=status)


def payment_of(request, pk) -> Payment:
    try:
        return selectors.payment_detail(company=request.company, pk=pk)
    except Payment.DoesNotExist as exc:
        raise NotFound() from exc


class PaymentDetail(CompanyView):
    perm = "accounting.view_payment"

    def get(self, request, pk):
        payment = payment_of(request, pk)
        actions = []
        if payment.status == Payment.Status.POSTED and permissions.has_perm(request.user, request.company,
                                                                           "accounting.change_payment"):
            actions.append({"kind": "reverse", "label": _("Cancel payment"), "icon": "x-circle",
                            "url": reverse("accounting_payment_cancel", args=[payment.pk]),
                            "confirm": _("Unmatch %(payment)s from what it paid and post its reversal?")
                            % {"payment": payment}})
        steps = [Payment.Status.POSTED, Payment.Status.CANCELLED]
        return render(request, "accounting/documents/payment_detail.html", {
            "payment": payment, "title": str(payment), "breadcrumbs": [(PAYMENTS, reverse("accounting_payment_list"))],
            "settlements": selectors.settlements(entry_id=payment.entry_id), "history": history(payment),
            "actions": actions, "steps": [(step.value, step.label) for step in steps],
            "reverse_form": CancelForm(initial={"date": payment.date}),
        })


class PaymentCancel(CompanyView):
    perm = "accounting.change_payment"

    def post(self, request, pk):
        payment = payment_of(request, pk)
        form = CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("date", [])))
            return redirect("accounting_payment_detail", pk=pk)
        try:
            payment_cancel(actor=request.user, payment=payment, date=form.cleaned_data["date"])
        except BusinessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The payment was cancelled and its entry reversed."))
        return redirect("accounting_payment_detail", pk=pk)


# --- open items -------------------------------------------------------------------------

class OpenItems(CompanyView):
    """What is open with one partner, and the matches that settled the rest, each undoable."""

    perm = "accounting.view_invoice"

    def get(self, request, pk):
        partner = Partner.objects.filter(company=request.company, pk=pk).first()
        if partner is None:
            raise NotFound()
        kind = request.GET.get("kind")
        if kind not in KINDS:
            kind = "payable" if partner.is_supplier and not partner.is_customer else "receivable"
        items = list(open_items(company=request.company, partner=partner, kind=kind)
                     .select_related("entry__invoice", "entry__payment"))
        return render(request, "accounting/documents/open_items.html", {
            "partner": partner, "kind": kind, "kinds": [("receivable", _("Receivable")), ("payable", _("Payable"))],
            "items": items, "total": sum(item.open_amount for item in items),
            "matches": selectors.partner_matches(company=request.company, partner=partner, kind=kind),
            "title": _("Open items of %(partner)s") % {"partner": partner.name},
            "breadcrumbs": [(_("Aging"), reverse("accounting_aging") + f"?kind={kind}")],
            "can_unreconcile": permissions.has_perm(request.user, request.company,
                                                    "accounting.delete_reconciliation"),
        })


class LineUnreconcile(CompanyView):
    perm = "accounting.delete_reconciliation"

    def post(self, request, pk):
        line = (JournalEntryLine.objects.filter(pk=pk, entry__company=request.company)
                .select_related("account", "entry").first())
        if line is None:
            raise NotFound()
        try:
            removed = line_unreconcile(actor=request.user, line=line)
        except BusinessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(count)s matches of %(entry)s removed; both sides are open again.")
                             % {"count": removed, "entry": line.entry})
        kind = KIND_OF_SUBTYPE.get(line.account.subtype, "receivable")
        if line.partner_id is None:
            return redirect("accounting_aging")
        return redirect(reverse("accounting_open_items", args=[line.partner_id]) + f"?kind={kind}")
