"""Pages of quotations and sales orders: the two lists, the form with its line grid, the order
with its status bar and next steps, and the forms that register a payment and a return."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.core import permissions
from zhangfang.core.approvals.selectors import approval_request_for
from zhangfang.core.errors import BusinessError, NotFound
from zhangfang.sales import selectors
from zhangfang.sales.exceptions import ReturnQuantityInvalid, SalesLineInvalid
from zhangfang.sales.filters import OrderFilter
from zhangfang.sales.forms import (
    LineChoices,
    OrderForm,
    PaymentForm,
    ReturnForm,
    order_initial_lines,
    order_line_formset,
)
from zhangfang.sales.models import SalesOrder
from zhangfang.sales.services.deliveries import sales_order_reserve
from zhangfang.sales.services.invoicing import (
    invoiceable,
    open_invoices,
    sales_order_invoice,
    sales_order_payment_register,
)
from zhangfang.sales.services.orders import (
    DOCUMENT_TYPE,
    credit_exposure,
    sales_order_cancel,
    sales_order_confirm,
    sales_order_create,
    sales_order_send,
    sales_order_update,
)
from zhangfang.sales.services.returns import returnable, sales_order_return
from zhangfang.sales.services.settings import sales_settings
from zhangfang.sales.tables import OrderTable
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, FormPage, ListPage, history

Status = SalesOrder.Status
AMOUNTS = ("amount_untaxed", "amount_tax", "amount_total")
LISTS = {True: (gettext_lazy("Quotations"), "sales_quotation_list"), False: (gettext_lazy("Sales orders"),
                                                                             "sales_order_list")}


def order_of(request, pk) -> SalesOrder:
    try:
        return selectors.order_detail(company=request.company, pk=pk)
    except SalesOrder.DoesNotExist as exc:
        raise NotFound() from exc


def order_breadcrumbs(order: SalesOrder) -> list[tuple]:
    label, list_name = LISTS[order.confirmed_at is None]
    return [(label, reverse(list_name)), (str(order), reverse("sales_order_detail", args=[order.pk]))]


# --- lists ------------------------------------------------------------------------------

class OrderList(ListPage):
    perm = "sales.view_salesorder"
    create_perm = "sales.add_salesorder"
    create_url = reverse_lazy("sales_order_create")
    table_class = OrderTable
    filterset_class = OrderFilter
    quotations = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.title = LISTS[self.quotations][0]
        self.export_name = "quotations" if self.quotations else "sales-orders"

    def get_queryset(self):
        company = self.request.company
        return selectors.quotations(company) if self.quotations else selectors.sales_orders(company)

    def get_filterset_kwargs(self, filterset_class):
        statuses = [*SalesOrder.QUOTATIONS] if self.quotations else [*SalesOrder.ORDERS]
        return {**super().get_filterset_kwargs(filterset_class), "statuses": [*statuses, Status.CANCELLED]}

    def get_table_kwargs(self):
        totals = (self.object_list.order_by().values("currency__code")
                  .annotate(**{name: Sum(name) for name in AMOUNTS}).order_by("currency__code"))
        return {"totals": [{"currency": row.pop("currency__code"), **row} for row in totals]}


class QuotationList(OrderList):
    quotations = True


# --- the form ---------------------------------------------------------------------------

def place_error(form, formset, kept: list[tuple[int, dict]], error: BusinessError) -> None:
    """Show a service error at the line and field it is about; the service numbers kept lines from 1."""
    line = error.params.get("line", 0) if isinstance(error, SalesLineInvalid) else 0
    if 1 <= line <= len(kept):
        target = formset.forms[kept[line - 1][0]]
        for name, errors in error.fields.items():
            field = name.rsplit(".", 1)[-1]
            for message in errors:
                target.add_error(field if field in target.fields else None, message)
        return
    apply_error(form, error)


class OrderPage(CompanyView):
    """A quotation keyed with its lines; prices left empty come from the price list on save."""

    perm = "sales.add_salesorder"
    template_name = "sales/order_form.html"

    def get_order(self) -> SalesOrder | None:
        return None

    def get(self, request, **kwargs):
        order = self.get_order()
        choices = LineChoices.load(request.company)
        formset_class = order_line_formset(extra=1 if order else 3)
        if order is None:
            form = OrderForm(company=request.company, initial={
                "date": datetime.date.today(), "invoice_policy": sales_settings(request.company).invoice_policy})
            formset = formset_class(prefix="lines", form_kwargs={"choices": choices})
        else:
            form = OrderForm(company=request.company, initial={
                name: getattr(order, name) for name in ("partner", "date", "valid_until", "price_list", "warehouse",
                                                        "invoice_policy", "reference", "notes")}
                | {"currency": order.currency.code})
            formset = formset_class(prefix="lines", form_kwargs={"choices": choices},
                                    initial=order_initial_lines(selectors.order_lines(order)))
        return self.render(form, formset)

    def post(self, request, **kwargs):
        order = self.get_order()
        choices = LineChoices.load(request.company)
        form = OrderForm(request.POST, company=request.company)
        formset = order_line_formset(extra=0)(request.POST, prefix="lines", form_kwargs={"choices": choices})
        if form.is_valid() and formset.is_valid():
            kept = formset.kept()
            header = dict(form.cleaned_data)
            lines = [line for _index, line in kept]
            try:
                if order is None:
                    order = sales_order_create(actor=request.user, company=request.company, lines=lines, **header)
                else:
                    order = sales_order_update(actor=request.user, order=order, lines=lines, **header)
            except BusinessError as error:
                place_error(form, formset, kept, error)
            else:
                messages.success(request, _("Saved %(order)s: %(total)s %(currency)s.") % {
                    "order": order, "total": f"{order.amount_total:,.2f}", "currency": order.currency.code})
                return redirect("sales_order_detail", pk=order.pk)
        return self.render(form, formset, status=422)

    def render(self, form, formset, status=200):
        order = self.get_order()
        if order is None:
            breadcrumbs, title = [(LISTS[True][0], reverse("sales_quotation_list"))], _("New quotation")
        else:
            breadcrumbs, title = order_breadcrumbs(order), _("Edit %(order)s") % {"order": order}
        return render(self.request, self.template_name, {
            "form": form, "formset": formset, "order": order, "title": title, "breadcrumbs": breadcrumbs,
            "cancel_url": breadcrumbs[-1][1]}, status=status)


class OrderCreate(OrderPage):
    pass


class OrderEdit(OrderPage):
    perm = "sales.change_salesorder"

    def get_order(self):
        if not hasattr(self, "_order"):
            self._order = order_of(self.request, self.kwargs["pk"])
        return self._order

    def get(self, request, pk):
        if self.get_order().status not in SalesOrder.EDITABLE:
            messages.info(request, _("Only quotations can be changed."))
            return redirect("sales_order_detail", pk=pk)
        return super().get(request)


# --- one order --------------------------------------------------------------------------

def order_actions(request, order: SalesOrder, context: dict) -> list[dict]:
    """The next steps the order's state and the user's rights allow, for the status bar."""
    def can(perm):
        return permissions.has_perm(request.user, request.company, perm)

    def action(name, label, icon, **extra):
        return {"kind": "post", "label": label, "icon": icon, "url": reverse("sales_order_action",
                                                                              args=[order.pk, name]), **extra}

    def link(url, label, icon, **extra):
        return {"kind": "link", "label": label, "icon": icon, "url": url, **extra}

    actions = []
    if order.status in SalesOrder.EDITABLE:
        if can("sales.change_salesorder"):
            actions.append(link(reverse("sales_order_edit", args=[order.pk]), _("Edit"), "pencil"))
        if order.status == Status.DRAFT and can("sales.change_salesorder"):
            actions.append(action("send", _("Mark as sent"), "send"))
        if can("sales.confirm_salesorder"):
            if context["over_limit"]:
                actions.append(action("request-approval", _("Request credit approval"), "person-check",
                                      primary=True))
            else:
                actions.append(action("confirm", _("Confirm"), "check2-circle", primary=True))
    elif order.status == Status.AWAITING_APPROVAL and context["approval"] is not None:
        actions.append(link(reverse("approval_detail", args=[context["approval"].pk]), _("Approval request"),
                            "person-check"))
    if order.status == Status.CONFIRMED:
        waiting = [p for p in context["pickings"] if p.kind == "delivery" and p.status in selectors.OPEN_PICKING]
        if any(p.status != "reserved" for p in waiting) and can("sales.change_salesorder"):
            actions.append(action("reserve", _("Check availability"), "box-seam"))
        if waiting:
            actions.append(link(reverse("sales_delivery_detail", args=[waiting[0].pk]), _("Deliver"), "truck",
                                primary=True))
        if context["invoiceable"] and can("accounting.add_invoice"):
            actions.append(action("invoice", _("Create invoice"), "receipt", primary=not waiting))
    if order.status in SalesOrder.ORDERS:
        if context["open_invoices"] and can("accounting.add_payment"):
            actions.append(link(reverse("sales_order_payment", args=[order.pk]), _("Register payment"), "cash-coin",
                                primary=True))
        if context["returnable"] and can("inventory.validate_picking"):
            actions.append(link(reverse("sales_order_return", args=[order.pk]), _("Return"), "arrow-return-left"))
    if order.status in (*SalesOrder.EDITABLE, Status.CONFIRMED) and can("sales.change_salesorder") and not (
            order.status == Status.CONFIRMED and (context["delivered"] or context["invoices"])):
        actions.append(action("cancel", _("Cancel"), "x-circle", danger=True, confirm=_("Cancel this order?")))
    return actions


def order_steps(order: SalesOrder) -> list[tuple]:
    steps = [Status.DRAFT, Status.SENT]
    if order.status == Status.AWAITING_APPROVAL:
        steps.append(Status.AWAITING_APPROVAL)
    steps += [Status.CONFIRMED, Status.DONE]
    if order.status == Status.CANCELLED:
        steps = [Status.DRAFT, Status.CANCELLED]
    return [(step.value, step.label) for step in steps]


class OrderDetail(CompanyView):
    perm = "sales.view_salesorder"

    def get(self, request, pk):
        order = order_of(request, pk)
        lines = list(selectors.order_lines(order))
        invoices = list(selectors.order_invoices(order))
        limit = order.partner.credit_limit
        exposure = credit_exposure(order.partner, adding=order if order.is_quotation else None) if limit else None
        context = {
            "order": order, "title": str(order), "breadcrumbs": order_breadcrumbs(order)[:-1], "lines": lines,
            "pickings": list(selectors.order_pickings(order)), "invoices": invoices,
            "payments": selectors.order_payments(order), "payment_state": selectors.payment_state(order),
            "approval": approval_request_for(company=request.company, document_type=DOCUMENT_TYPE,
                                             object_id=order.pk),
            "history": history(order), "steps": order_steps(order), "exposure": exposure, "limit": limit,
            "over_limit": bool(order.is_quotation and limit and sales_settings(request.company).credit_check
                               and exposure > limit),
            "invoiceable": any(invoiceable(order, line) for line in lines),
            "open_invoices": open_invoices(order).exists(),
            "returnable": any(returnable(line) for line in lines),
            "delivered": any(line.delivered_quantity or line.returned_quantity for line in lines),
        }
        context["related_count"] = len(context["pickings"]) + len(invoices)
        context["actions"] = order_actions(request, order, context)
        return render(request, "sales/order_detail.html", context)


class OrderAction(CompanyView):
    """The status bar's buttons; the outcome comes back as a message on the order."""

    perm = "sales.view_salesorder"
    RIGHTS = {"send": "sales.change_salesorder", "confirm": "sales.confirm_salesorder",
              "request-approval": "sales.confirm_salesorder", "cancel": "sales.change_salesorder",
              "reserve": "sales.change_salesorder", "invoice": "accounting.add_invoice"}

    def post(self, request, pk, action):
        if action not in self.RIGHTS:
            raise Http404
        order = order_of(request, pk)
        if not permissions.has_perm(request.user, request.company, self.RIGHTS[action]):
            raise DjangoPermissionDenied
        try:
            messages.success(request, self.run(request, order, action))
        except BusinessError as error:
            messages.error(request, str(error))
        return redirect("sales_order_detail", pk=pk)

    def run(self, request, order, action) -> str:
        actor = request.user
        if action == "send":
            sales_order_send(actor=actor, order=order)
            return _("Marked as sent to the customer.")
        if action in ("confirm", "request-approval"):
            order = sales_order_confirm(actor=actor, order=order, request_approval=action == "request-approval")
            if order.status == Status.AWAITING_APPROVAL:
                return _("Sent for credit approval; the order is confirmed when approved.")
            return _("Confirmed; the delivery order is made.")
        if action == "cancel":
            sales_order_cancel(actor=actor, order=order)
            return _("Cancelled.")
        if action == "reserve":
            sales_order_reserve(actor=actor, order=order)
            return _("The stock is reserved; the delivery is ready.")
        invoice = sales_order_invoice(actor=actor, order=order)
        return _("Invoice %(number)s posted: %(total)s %(currency)s.") % {
            "number": invoice.number, "total": f"{invoice.amount_total:,.2f}", "currency": invoice.currency.code}


class OrderPayment(FormPage):
    """Money received against the order's open invoices."""

    perm = "accounting.add_payment"
    form_class = PaymentForm

    def order(self) -> SalesOrder:
        if not hasattr(self, "_order"):
            self._order = order_of(self.request, self.kwargs["pk"])
        return self._order

    def form_kwargs(self):
        due = sum((invoice.amount_residual for invoice in open_invoices(self.order())), Decimal(0))
        return {"company": self.request.company, "initial": {"date": datetime.date.today(), "amount": due}}

    @property
    def title(self):
        return _("Register payment for %(order)s") % {"order": self.order()}

    def extra_context(self):
        return {"breadcrumbs": order_breadcrumbs(self.order())}

    def cancel_url(self):
        return reverse("sales_order_detail", args=[self.order().pk])

    def save(self, form, formsets):
        return sales_order_payment_register(actor=self.request.user, order=self.order(), **form.cleaned_data)

    def success_message(self, payment):
        return _("Payment of %(amount)s %(currency)s registered.") % {"amount": f"{payment.amount:,.2f}",
                                                                      "currency": payment.currency.code}

    def success_url(self, payment):
        return self.cancel_url()


class OrderReturn(CompanyView):
    """Goods coming back from the customer: a quantity per delivered line, then a return and,
    for what was invoiced, a credit note."""

    perm = "inventory.validate_picking"

    def lines(self, order):
        return [line for line in selectors.order_lines(order) if returnable(line)]

    def get(self, request, pk):
        order = order_of(request, pk)
        return self.render(order, ReturnForm(initial={"date": datetime.date.today()}), {})

    def post(self, request, pk):
        order = order_of(request, pk)
        form = ReturnForm(request.POST)
        typed = {line.pk: request.POST.get(f"return-{line.pk}", "").strip() for line in self.lines(order)}
        errors = {}
        quantities = {}
        for line_id, text in typed.items():
            if not text:
                continue
            try:
                quantities[line_id] = Decimal(text.replace(",", ""))
            except ArithmeticError:
                errors[line_id] = _("Enter a number.")
        if form.is_valid() and not errors:
            try:
                result = sales_order_return(actor=request.user, order=order, quantities=quantities,
                                            date=form.cleaned_data["date"], reason=form.cleaned_data["reason"])
            except ReturnQuantityInvalid as error:  # the service counts the lines given from 1
                errors[list(quantities)[error.params["line"] - 1]] = str(error.params["reason"])
            except BusinessError as error:
                apply_error(form, error)
            else:
                message = _("Return %(pickings)s received.") % {
                    "pickings": ", ".join(p.number for p in result.pickings)}
                if result.credit_notes:
                    message += " " + _("Credit note %(number)s posted.") % {
                        "number": ", ".join(note.number for note in result.credit_notes)}
                messages.success(request, message)
                return redirect("sales_order_detail", pk=pk)
        return self.render(order, form, typed, errors=errors, status=422)

    def render(self, order, form, typed, errors=None, status=200):
        rows = [{"line": line, "returnable": returnable(line), "value": typed.get(line.pk, ""),
                 "error": (errors or {}).get(line.pk)} for line in self.lines(order)]
        return render(self.request, "sales/order_return.html", {
            "order": order, "form": form, "rows": rows, "title": _("Return from %(order)s") % {"order": order},
            "breadcrumbs": order_breadcrumbs(order), "cancel_url": reverse("sales_order_detail", args=[order.pk]),
        }, status=status)
