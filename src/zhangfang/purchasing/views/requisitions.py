"""Requisition pages: the list, the form, the document with its status bar, asking suppliers
for quotations and comparing their answers."""

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from zhangfang.core.approvals.selectors import approval_request_for
from zhangfang.core.errors import BusinessError
from zhangfang.purchasing.filters import RequisitionFilter
from zhangfang.purchasing.forms import RequisitionForm, RequisitionLineForm, RfqRequestForm
from zhangfang.purchasing.models import PurchaseRequisition
from zhangfang.purchasing.selectors import documents as selectors
from zhangfang.purchasing.selectors.rfqs import rfq_comparison
from zhangfang.purchasing.services.orders import purchase_orders_from_requisition
from zhangfang.purchasing.services.requisitions import (
    DOCUMENT_TYPE,
    purchase_requisition_cancel,
    purchase_requisition_create,
    purchase_requisition_submit,
    purchase_requisition_update,
)
from zhangfang.purchasing.services.rfqs import rfqs_create_from_requisition
from zhangfang.purchasing.tables import RequisitionTable
from zhangfang.purchasing.views import REQUISITIONS, ActionView, DocumentFormPage, can, step, steps_of
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, ListPage, history

Status = PurchaseRequisition.Status


def requisition_of(request, pk) -> PurchaseRequisition:
    return selectors.requisition_detail(company=request.company, pk=pk)


def crumbs() -> list[tuple]:
    return [(REQUISITIONS, reverse("purchasing_requisition_list"))]


class RequisitionList(ListPage):
    perm = "purchasing.view_purchaserequisition"
    create_perm = "purchasing.add_purchaserequisition"
    create_url = reverse_lazy("purchasing_requisition_create")
    table_class = RequisitionTable
    filterset_class = RequisitionFilter
    title = REQUISITIONS
    export_name = "purchase-requisitions"

    def get_queryset(self):
        return selectors.requisitions(self.request.company)

    def get_table_kwargs(self):
        total = self.object_list.order_by().aggregate(total=Sum("amount_estimated"))["total"] or 0
        return {"totals": [{"currency": self.request.company.base_currency.code, "amount_estimated": total}]}


class RequisitionCreate(DocumentFormPage):
    perm = "purchasing.add_purchaserequisition"
    line_form_class = RequisitionLineForm
    title = _("New requisition")

    def header_form(self, data=None, initial=None):
        return RequisitionForm(data, initial=initial)

    def list_url(self):
        return reverse("purchasing_requisition_list")

    def breadcrumbs(self, obj):
        return crumbs()

    def save(self, header, lines):
        return purchase_requisition_create(actor=self.request.user, company=self.request.company, lines=lines,
                                           **header)


class RequisitionEdit(RequisitionCreate):
    perm = "purchasing.change_purchaserequisition"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = requisition_of(self.request, self.kwargs["pk"])
        return self._object

    def initial_header(self, obj):
        return {"department": obj.department, "notes": obj.notes}

    def initial_lines(self, obj):
        return [{"product": line.product_id, "quantity": line.quantity, "uom": line.uom_id,
                 "needed_by": line.needed_by, "supplier": line.supplier_id}
                for line in selectors.requisition_lines(obj)]

    def save(self, header, lines):
        return purchase_requisition_update(actor=self.request.user, requisition=self.get_object(), lines=lines,
                                           **header)


def _actions(request, requisition: PurchaseRequisition, approval) -> list[dict]:
    def url(action):
        return reverse("purchasing_requisition_action", args=[requisition.pk, action])

    change = can(request, "purchasing.change_purchaserequisition")
    actions = []
    if requisition.status in (Status.DRAFT, Status.REJECTED) and change:
        actions += [step(_("Edit"), reverse("purchasing_requisition_edit", args=[requisition.pk]), "pencil",
                         kind="link"),
                    step(_("Submit for approval"), url("submit"), "send-check", primary=True)]
    if requisition.status == Status.AWAITING_APPROVAL and approval is not None:
        actions.append(step(_("Approval request"), reverse("approval_detail", args=[approval.pk]), "person-check",
                            kind="link"))
    if requisition.status == Status.APPROVED and can(request, "purchasing.add_requestforquotation"):
        actions.append(step(_("Ask suppliers for quotations"),
                            reverse("purchasing_requisition_rfqs", args=[requisition.pk]), "chat-square-quote",
                            kind="link", primary=True))
    if requisition.status == Status.APPROVED and can(request, "purchasing.add_purchaseorder"):
        actions.append(step(_("Order from the preferred suppliers"), url("order"), "cart-check",
                            confirm=_("Make draft purchase orders at the price list's prices?")))
    if requisition.rfqs.exists():
        actions.append(step(_("Compare quotations"), reverse("purchasing_requisition_compare", args=[requisition.pk]),
                            "layout-three-columns", kind="link"))
    if Status.CANCELLED in PurchaseRequisition.TRANSITIONS[requisition.status] and change:
        actions.append(step(_("Cancel"), url("cancel"), "x-circle", danger=True,
                            confirm=_("Cancel this requisition?")))
    return actions


class RequisitionDetail(CompanyView):
    perm = "purchasing.view_purchaserequisition"

    def get(self, request, pk):
        requisition = requisition_of(request, pk)
        approval = approval_request_for(company=request.company, document_type=DOCUMENT_TYPE, object_id=pk)
        shown = [Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED, Status.ORDERED]
        if requisition.status in (Status.REJECTED, Status.CANCELLED):
            shown.append(Status(requisition.status))
        return render(request, "purchasing/requisition_detail.html", {
            "requisition": requisition, "title": str(requisition), "breadcrumbs": crumbs(),
            "lines": selectors.requisition_lines(requisition), "approval": approval,
            "rfqs": requisition.rfqs.select_related("supplier").order_by("pk"),
            "orders": requisition.orders.select_related("supplier", "currency").order_by("pk"),
            "actions": _actions(request, requisition, approval), "steps": steps_of(shown),
            "history": history(requisition),
        })


class RequisitionAction(ActionView):
    perm = "purchasing.view_purchaserequisition"
    ACTIONS = {"submit": ("purchasing.change_purchaserequisition", "submit"),
               "order": ("purchasing.add_purchaseorder", "order"),
               "cancel": ("purchasing.change_purchaserequisition", "cancel")}

    def get_object(self, pk):
        return requisition_of(self.request, pk)

    def submit(self, requisition):
        requisition = purchase_requisition_submit(actor=self.request.user, requisition=requisition)
        if requisition.status == Status.APPROVED:
            messages.success(self.request, _("Approved: no approval rule applies to it."))
        else:
            messages.info(self.request, _("Sent for approval."))

    def order(self, requisition):
        made = purchase_orders_from_requisition(actor=self.request.user, requisition=requisition,
                                                date=timezone.localdate())
        messages.success(self.request, _("Draft purchase orders made: %(orders)s.") % {
            "orders": ", ".join(order.number for order in made)})
        return made[0].get_absolute_url() if len(made) == 1 else None

    def cancel(self, requisition):
        purchase_requisition_cancel(actor=self.request.user, requisition=requisition)
        messages.success(self.request, _("The requisition was cancelled."))


class RequisitionRfqs(CompanyView):
    """Ask several suppliers at once for the requisition's lines."""

    perm = "purchasing.add_requestforquotation"
    template_name = "web/form.html"

    def form(self, data=None):
        return RfqRequestForm(data, company=self.request.company)

    def get(self, request, pk):
        return self.render(requisition_of(request, pk), self.form())

    def post(self, request, pk):
        requisition = requisition_of(request, pk)
        form = self.form(request.POST)
        if form.is_valid():
            try:
                rfqs = rfqs_create_from_requisition(actor=request.user, requisition=requisition,
                                                    suppliers=list(form.cleaned_data["suppliers"]),
                                                    date=form.cleaned_data["date"],
                                                    reply_by=form.cleaned_data["reply_by"])
            except BusinessError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("%(count)s requests for quotation made.") % {"count": len(rfqs)})
                return redirect("purchasing_requisition_compare", pk=pk)
        return self.render(requisition, form, status=422)

    def render(self, requisition, form, status=200):
        return render(self.request, self.template_name, {
            "form": form, "title": _("Ask suppliers: %(requisition)s") % {"requisition": requisition},
            "cancel_url": requisition.get_absolute_url(),
            "breadcrumbs": [*crumbs(), (str(requisition), requisition.get_absolute_url())],
        }, status=status)


class RequisitionCompare(CompanyView):
    """The quotations side by side, per line: price, lead time, total; cheapest and fastest flagged."""

    perm = "purchasing.view_requestforquotation"

    def get(self, request, pk):
        requisition = requisition_of(request, pk)
        rfqs, rows = rfq_comparison(requisition)
        return render(request, "purchasing/rfq_compare.html", {
            "requisition": requisition, "rfqs": rfqs, "rows": rows,
            "title": _("Quotations for %(requisition)s") % {"requisition": requisition},
            "breadcrumbs": [*crumbs(), (str(requisition), requisition.get_absolute_url())],
            "can_award": can(request, "purchasing.add_purchaseorder"),
        })
