"""Purchase order pages: the list with totals, the form, the document with its status bar and
what followed it (receipts, bills, payments), and the steps that take a form: receiving,
billing, returning, inspecting; the 3-way match of a bill; the printable order."""

import datetime

from django.contrib import messages
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from zhangfang.accounting.models import Invoice
from zhangfang.core.approvals.selectors import approval_request_for
from zhangfang.core.errors import BusinessError, NotFound
from zhangfang.purchasing import printing
from zhangfang.purchasing.filters import OrderFilter
from zhangfang.purchasing.forms import (
    BillForm,
    InspectionForm,
    OrderForm,
    OrderLineForm,
    QuantitiesForm,
    ReturnForm,
    price_text,
)
from zhangfang.purchasing.models import PurchaseBill, PurchaseOrder, PurchaseReceipt
from zhangfang.purchasing.selectors import documents as selectors
from zhangfang.purchasing.selectors.bills import bill_match_rows, billable
from zhangfang.purchasing.services import bills, orders, receipts
from zhangfang.purchasing.tables import OrderTable
from zhangfang.purchasing.views import ORDERS, ActionView, DocumentFormPage, can, step, steps_of
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, ListPage, history

Status = PurchaseOrder.Status
AMOUNTS = ("amount_untaxed", "amount_tax", "amount_total")


def order_of(request, pk) -> PurchaseOrder:
    return selectors.order_detail(company=request.company, pk=pk)


def crumbs(order: PurchaseOrder | None = None) -> list[tuple]:
    trail = [(ORDERS, reverse("purchasing_order_list"))]
    if order is not None:
        trail.append((order.number, order.get_absolute_url()))
    return trail


class OrderList(ListPage):
    perm = "purchasing.view_purchaseorder"
    create_perm = "purchasing.add_purchaseorder"
    create_url = reverse_lazy("purchasing_order_create")
    table_class = OrderTable
    filterset_class = OrderFilter
    title = ORDERS
    export_name = "purchase-orders"

    def get_queryset(self):
        return selectors.orders(self.request.company)

    def get_table_kwargs(self):
        totals = (self.object_list.order_by().values("currency__code")
                  .annotate(**{name: Sum(name) for name in AMOUNTS}).order_by("currency__code"))
        return {"totals": [{"currency": row.pop("currency__code"), **row} for row in totals]}


class OrderCreate(DocumentFormPage):
    perm = "purchasing.add_purchaseorder"
    line_form_class = OrderLineForm
    title = _("New purchase order")

    def header_form(self, data=None, initial=None):
        return OrderForm(data, initial=initial, company=self.request.company)

    def initial_header(self, obj):
        return {"order_date": datetime.date.today(), "warehouse": selectors.default_warehouse(self.request.company)}

    def list_url(self):
        return reverse("purchasing_order_list")

    def breadcrumbs(self, obj):
        return crumbs()

    def save(self, header, lines):
        return orders.purchase_order_create(actor=self.request.user, company=self.request.company, lines=lines,
                                            **header)


class OrderEdit(OrderCreate):
    perm = "purchasing.change_purchaseorder"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = order_of(self.request, self.kwargs["pk"])
        return self._object

    def initial_header(self, obj):
        return {name: getattr(obj, name) for name in ("supplier", "order_date", "expected_date", "warehouse",
                                                      "department", "reference", "notes")} | {
            "currency": obj.currency.code}

    def initial_lines(self, obj):
        return [{"product": line.product_id, "description": line.description, "quantity": line.quantity,
                 "uom": line.uom_id, "unit_price": price_text(line.unit_price), "tax": line.tax_id}
                for line in selectors.order_lines(obj)]

    def save(self, header, lines):
        return orders.purchase_order_update(actor=self.request.user, order=self.get_object(), lines=lines, **header)


def _actions(request, order: PurchaseOrder, approval) -> list[dict]:
    def url(action):
        return reverse("purchasing_order_action", args=[order.pk, action])

    def page(name):
        return reverse(name, args=[order.pk])

    running = order.status in PurchaseOrder.RUNNING
    actions = []
    if order.status == Status.DRAFT:
        if can(request, "purchasing.change_purchaseorder"):
            actions.append(step(_("Edit"), page("purchasing_order_edit"), "pencil", kind="link"))
        if can(request, "purchasing.confirm_purchaseorder"):
            actions.append(step(_("Confirm"), url("confirm"), "check2-circle", primary=True))
    if order.status == Status.AWAITING_APPROVAL and approval is not None:
        actions.append(step(_("Approval request"), reverse("approval_detail", args=[approval.pk]), "person-check",
                            kind="link"))
    if running and can(request, "purchasing.receive_purchaseorder"):
        if order.status in (Status.CONFIRMED, Status.PARTIALLY_RECEIVED):
            actions.append(step(_("Receive"), page("purchasing_order_receive"), "box-arrow-in-down", kind="link",
                                primary=True))
        if order.status != Status.CONFIRMED:
            actions.append(step(_("Return to supplier"), page("purchasing_order_return"), "arrow-return-left",
                                kind="link"))
    if order.status in (*PurchaseOrder.RUNNING, Status.CLOSED) and order.status != Status.BILLED and can(
            request, "accounting.add_invoice"):
        actions.append(step(_("Enter bill"), page("purchasing_order_bill"), "receipt-cutoff", kind="link",
                            primary=order.status == Status.RECEIVED))
    actions.append(step(_("Print"), page("purchasing_order_pdf"), "printer", kind="link"))
    if can(request, "purchasing.confirm_purchaseorder"):
        if Status.CLOSED in PurchaseOrder.TRANSITIONS[order.status]:
            actions.append(step(_("Close"), url("close"), "lock", confirm=_("Close this order? What is still to "
                                                                            "come is no longer expected.")))
        if Status.CANCELLED in PurchaseOrder.TRANSITIONS[order.status]:
            actions.append(step(_("Cancel"), url("cancel"), "x-circle", danger=True,
                                confirm=_("Cancel this order?")))
    return actions


def _steps(order: PurchaseOrder) -> list[tuple]:
    shown = [Status.DRAFT]
    if order.status == Status.AWAITING_APPROVAL:
        shown.append(Status.AWAITING_APPROVAL)
    shown += [Status.CONFIRMED, Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.BILLED]
    if order.status in (Status.CLOSED, Status.CANCELLED):
        shown.append(Status(order.status))
    return steps_of(shown)


class OrderDetail(CompanyView):
    perm = "purchasing.view_purchaseorder"

    def get(self, request, pk):
        order = order_of(request, pk)
        approval = approval_request_for(company=request.company, document_type=orders.DOCUMENT_TYPE, object_id=pk)
        links, bill_rows = selectors.order_receipts(order), selectors.order_bills(order)
        return render(request, "purchasing/order_detail.html", {
            "order": order, "title": str(order), "breadcrumbs": crumbs(), "lines": selectors.order_lines(order),
            "receipts": links, "bills": bill_rows, "related_count": len(links) + len(bill_rows),
            "perms_receive": can(request, "purchasing.receive_purchaseorder"),
            "price_differences": order.price_differences.select_related("entry").order_by("date", "pk"),
            "rfqs": order.rfqs.select_related("supplier").order_by("pk"), "approval": approval,
            "actions": _actions(request, order, approval), "steps": _steps(order), "status": order.status,
            "history": history(order),
        })


class OrderAction(ActionView):
    perm = "purchasing.view_purchaseorder"
    ACTIONS = {"confirm": ("purchasing.confirm_purchaseorder", "confirm"),
               "close": ("purchasing.confirm_purchaseorder", "close"),
               "cancel": ("purchasing.confirm_purchaseorder", "cancel")}

    def get_object(self, pk):
        return order_of(self.request, pk)

    def confirm(self, order):
        order = orders.purchase_order_confirm(actor=self.request.user, order=order)
        if order.status == Status.AWAITING_APPROVAL:
            messages.info(self.request, _("Sent for approval; it is confirmed when approved."))
        else:
            messages.success(self.request, _("Confirmed; the warehouse expects the goods on %(date)s.") % {
                "date": order.expected_date.isoformat()})

    def close(self, order):
        orders.purchase_order_close(actor=self.request.user, order=order)

    def cancel(self, order):
        orders.purchase_order_cancel(actor=self.request.user, order=order)


# --- steps that take a form -------------------------------------------------------------

class OrderStep(CompanyView):
    """A form of one quantity per order line; ``save`` calls the service."""

    template_name = "purchasing/order_step.html"
    form_class = QuantitiesForm
    title = ""

    def lines(self, order):
        return [line for line in selectors.order_lines(order) if line.product.is_stocked]

    def initial_quantity(self, line):
        return None

    def form(self, order, data=None):
        return self.form_class(data, lines=self.lines(order), initial_quantity=self.initial_quantity)

    def get(self, request, pk):
        order = order_of(request, pk)
        return self.render(order, self.form(order))

    def post(self, request, pk):
        order = order_of(request, pk)
        form = self.form(order, request.POST)
        if form.is_valid():
            try:
                message, target = self.save(order, form)
            except BusinessError as error:
                apply_error(form, error)
            else:
                messages.success(request, message)
                return redirect(target)
        return self.render(order, form, status=422)

    def render(self, order, form, status=200):
        return render(self.request, self.template_name, {
            "order": order, "form": form, "title": f"{self.title} · {order.number}", "breadcrumbs": crumbs(order),
            "cancel_url": order.get_absolute_url(),
        }, status=status)


class OrderReceive(OrderStep):
    perm = "purchasing.receive_purchaseorder"
    title = _("Receive goods")

    def initial_quantity(self, line):
        return line.to_receive or None

    def save(self, order, form):
        picking = receipts.purchase_order_receive(actor=self.request.user, order=order,
                                                  quantities=form.quantities(), date=form.cleaned_data["date"])
        return _("Received with %(picking)s.") % {"picking": picking.number}, order.get_absolute_url()


class OrderReturn(OrderStep):
    perm = "purchasing.receive_purchaseorder"
    form_class = ReturnForm
    title = _("Return to supplier")

    def form(self, order, data=None):
        form = super().form(order, data)
        if not can(self.request, "accounting.post_invoice"):  # crediting is the accountants' part
            del form.fields["credit"]
        return form

    def save(self, order, form):
        picking, note = receipts.purchase_return(
            actor=self.request.user, order=order, quantities=form.quantities(), date=form.cleaned_data["date"],
            rejected=form.cleaned_data["rejected"], credit=form.cleaned_data.get("credit", False))
        message = _("Returned with %(picking)s.") % {"picking": picking.number}
        if note is not None:
            message += " " + _("Credit note %(number)s posted.") % {"number": note.number}
        return message, order.get_absolute_url()


class OrderBill(OrderStep):
    perm = "accounting.add_invoice"
    form_class = BillForm
    title = _("Enter supplier bill")

    def lines(self, order):
        return list(selectors.order_lines(order))

    def form(self, order, data=None):
        return self.form_class(data, lines=self.lines(order), prices=True,
                               initial_quantity=lambda line: billable(line) or None)

    def save(self, order, form):
        invoice = bills.purchase_bill_create(actor=self.request.user, order=order, date=form.cleaned_data["date"],
                                             lines=form.bill_lines(), reference=form.cleaned_data["reference"])
        return _("A draft bill was entered; check the match and post it."), reverse("purchasing_bill_match",
                                                                                   args=[invoice.pk])


class ReceiptInspect(CompanyView):
    """Release what passed inspection to stock; the rest goes back to the supplier."""

    perm = "purchasing.receive_purchaseorder"

    def link(self, request, picking_id) -> PurchaseReceipt:
        link = (PurchaseReceipt.objects.filter(company=request.company, picking_id=picking_id)
                .select_related("picking", "order").first())
        if link is None:
            raise NotFound()
        return link

    def form(self, link, data=None):
        return InspectionForm(data, moves=link.picking.moves.filter(status="done").select_related("product"))

    def get(self, request, picking_id):
        link = self.link(request, picking_id)
        return self.render(link, self.form(link))

    def post(self, request, picking_id):
        link = self.link(request, picking_id)
        form = self.form(link, request.POST)
        if form.is_valid():
            try:
                receipts.purchase_receipt_inspect(actor=request.user, receipt=link.picking, accepted=form.accepted(),
                                                  date=form.cleaned_data["date"])
            except BusinessError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Inspected: what passed is in stock, the rest goes back."))
                return redirect(link.order.get_absolute_url())
        return self.render(link, form, status=422)

    def render(self, link, form, status=200):
        return render(self.request, "purchasing/inspect.html", {
            "link": link, "form": form, "order": link.order, "breadcrumbs": crumbs(link.order),
            "title": _("Inspect %(picking)s") % {"picking": link.picking.number},
            "cancel_url": link.order.get_absolute_url(),
        }, status=status)


class BillMatch(CompanyView):
    """A bill of an order against the order and its receipts, line by line; post it, or ask for
    approval of the difference."""

    perm = "purchasing.view_purchaseorder"

    def get(self, request, pk):
        bill = selectors.bill_for_invoice(company=request.company, invoice_id=pk)
        invoice = bill.invoice
        approval = approval_request_for(company=request.company, document_type=bills.DOCUMENT_TYPE, object_id=pk)
        rows, problem = bill_match_rows(bill)
        actions = []
        if invoice.status == Invoice.Status.DRAFT:
            differs = problem is not None or any(row.differs for row in rows)
            if can(request, "accounting.post_invoice"):
                actions.append(step(_("Post"), reverse("purchasing_bill_action", args=[pk, "post"]), "check2-circle",
                                    primary=not differs or bill.match == PurchaseBill.Match.APPROVED))
            if differs and bill.match in (PurchaseBill.Match.MISMATCH, PurchaseBill.Match.REJECTED) and can(
                    request, "accounting.change_invoice"):
                actions.append(step(_("Ask for approval of the difference"),
                                    reverse("purchasing_bill_action", args=[pk, "approve"]), "person-check",
                                    primary=True))
        if approval is not None:
            actions.append(step(_("Approval request"), reverse("approval_detail", args=[approval.pk]), "person-check",
                                kind="link"))
        actions.append(step(_("The bill in finance"), reverse("accounting_invoice_detail", args=[pk]), "receipt",
                            kind="link"))
        return render(request, "purchasing/bill_match.html", {
            "bill": bill, "invoice": invoice, "order": bill.order, "rows": rows, "problem": problem,
            "title": _("3-way match: %(bill)s") % {"bill": invoice}, "breadcrumbs": crumbs(bill.order),
            "actions": actions, "steps": [], "approval": approval,
        })


class BillAction(ActionView):
    perm = "purchasing.view_purchaseorder"
    ACTIONS = {"post": ("accounting.post_invoice", "post_bill"),
               "approve": ("accounting.change_invoice", "approve")}

    def get_object(self, pk):
        return selectors.bill_for_invoice(company=self.request.company, invoice_id=pk)

    def done_url(self, bill):
        return reverse("purchasing_bill_match", args=[bill.invoice_id])

    def post_bill(self, bill):
        invoice = bills.purchase_bill_post(actor=self.request.user, invoice=bill.invoice)
        if invoice.status == Invoice.Status.POSTED:
            messages.success(self.request, _("Posted as %(number)s.") % {"number": invoice.number})
        else:
            messages.info(self.request, _("Sent for approval; it is posted when approved."))

    def approve(self, bill):
        request = bills.purchase_bill_match_submit(actor=self.request.user, invoice=bill.invoice)
        messages.info(self.request, _("Sent for approval.") if request.status == "pending"
                      else _("Approved: no approval rule applies to it."))


class OrderPdf(CompanyView):
    perm = "purchasing.view_purchaseorder"

    def get(self, request, pk):
        order = order_of(request, pk)
        name, content = printing.order_pdf(order)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response

