"""Request-for-quotation pages: the list, one request with the supplier's answer keyed in
place, and its steps (sent, awarded, cancelled)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhangfang.core.errors import BusinessError
from zhangfang.purchasing.filters import RfqFilter
from zhangfang.purchasing.forms import QuoteForm
from zhangfang.purchasing.models import RequestForQuotation
from zhangfang.purchasing.selectors import documents as selectors
from zhangfang.purchasing.services.rfqs import rfq_award, rfq_cancel, rfq_quote, rfq_send
from zhangfang.purchasing.tables import RfqTable
from zhangfang.purchasing.views import RFQS, ActionView, can, step, steps_of
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, ListPage, history

Status = RequestForQuotation.Status


def rfq_of(request, pk) -> RequestForQuotation:
    return selectors.rfq_detail(company=request.company, pk=pk)


def crumbs() -> list[tuple]:
    return [(RFQS, reverse("purchasing_rfq_list"))]


class RfqList(ListPage):
    perm = "purchasing.view_requestforquotation"
    table_class = RfqTable
    filterset_class = RfqFilter
    title = RFQS
    export_name = "requests-for-quotation"

    def get_queryset(self):
        return selectors.rfqs(self.request.company)


def _actions(request, rfq: RequestForQuotation) -> list[dict]:
    def url(action):
        return reverse("purchasing_rfq_action", args=[rfq.pk, action])

    change = can(request, "purchasing.change_requestforquotation")
    actions = []
    if rfq.status == Status.DRAFT and change:
        actions.append(step(_("Mark sent"), url("send"), "send"))
    if rfq.status == Status.QUOTED and can(request, "purchasing.add_purchaseorder"):
        actions.append(step(_("Award: make the purchase order"), url("award"), "trophy", primary=True,
                            confirm=_("Order from this supplier at the quoted prices?")))
    if rfq.requisition_id:
        actions.append(step(_("Compare quotations"), reverse("purchasing_requisition_compare",
                                                             args=[rfq.requisition_id]), "layout-three-columns",
                            kind="link"))
    if rfq.status in RequestForQuotation.OPEN and change:
        actions.append(step(_("Cancel"), url("cancel"), "x-circle", danger=True,
                            confirm=_("Cancel this request for quotation?")))
    return actions


class RfqDetail(CompanyView):
    perm = "purchasing.view_requestforquotation"

    def get(self, request, pk, form=None, status=200):
        rfq = rfq_of(request, pk)
        lines = list(selectors.rfq_lines(rfq))
        editable = rfq.status in RequestForQuotation.OPEN and can(request, "purchasing.change_requestforquotation")
        if editable and form is None:
            form = QuoteForm(lines=lines, initial={"quote_reference": rfq.quote_reference,
                                                   "valid_until": rfq.valid_until})
        shown = [Status.DRAFT, Status.SENT, Status.QUOTED, Status.AWARDED]
        if rfq.status in (Status.DECLINED, Status.CANCELLED):
            shown.append(Status(rfq.status))
        return render(request, "purchasing/rfq_detail.html", {
            "rfq": rfq, "title": str(rfq), "breadcrumbs": crumbs(), "form": form if editable else None,
            "lines": [(line, form[f"price_{line.pk}"] if editable else None,
                       form[f"lead_{line.pk}"] if editable else None) for line in lines],
            "actions": _actions(request, rfq), "steps": steps_of(shown), "history": history(rfq),
        }, status=status)


class RfqQuote(RfqDetail):
    """Save the supplier's answer typed into the request's page."""

    perm = "purchasing.change_requestforquotation"

    def post(self, request, pk):
        rfq = rfq_of(request, pk)
        form = QuoteForm(request.POST, lines=selectors.rfq_lines(rfq))
        if form.is_valid():
            try:
                rfq_quote(actor=request.user, rfq=rfq, lines=form.quotes(),
                          quote_reference=form.cleaned_data["quote_reference"],
                          valid_until=form.cleaned_data["valid_until"])
            except BusinessError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("The quotation was saved."))
                return redirect("purchasing_rfq_detail", pk=pk)
        return self.get(request, pk, form=form, status=422)


class RfqAction(ActionView):
    perm = "purchasing.view_requestforquotation"
    ACTIONS = {"send": ("purchasing.change_requestforquotation", "send"),
               "award": ("purchasing.add_purchaseorder", "award"),
               "cancel": ("purchasing.change_requestforquotation", "cancel")}

    def get_object(self, pk):
        return rfq_of(self.request, pk)

    def send(self, rfq):
        rfq_send(actor=self.request.user, rfq=rfq)

    def award(self, rfq):
        order = rfq_award(actor=self.request.user, rfq=rfq, date=timezone.localdate())
        messages.success(self.request, _("Purchase order %(order)s made; check it and confirm it.") % {
            "order": order.number})
        return order.get_absolute_url()

    def cancel(self, rfq):
        rfq_cancel(actor=self.request.user, rfq=rfq)
