"""Pages of the deliveries made for orders: the list of what is to be delivered, one delivery
with its quantities, carrier and tracking number to validate, and its printed documents."""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError
from zhangfang.inventory.models import Picking
from zhangfang.sales import selectors
from zhangfang.sales.filters import DeliveryFilter
from zhangfang.sales.forms import DeliveryForm
from zhangfang.sales.printing import picking_pdf
from zhangfang.sales.services.deliveries import RESERVE_RIGHTS, sales_delivery_validate, sales_order_reserve
from zhangfang.sales.tables import DeliveryTable
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, ListPage, history, owned

OPEN = selectors.OPEN_PICKING


def delivery_of(request, pk) -> Picking:
    return owned(selectors.deliveries(request.company), pk)


class DeliveryList(ListPage):
    """Deliveries still to do, unless a status is chosen."""

    perm = "inventory.view_picking"
    table_class = DeliveryTable
    filterset_class = DeliveryFilter
    title = gettext_lazy("Deliveries to do")
    export_name = "deliveries"

    def get_queryset(self):
        company = self.request.company
        if self.request.GET.get("status"):
            return selectors.deliveries(company)
        return selectors.deliveries_to_do(company)


class DeliveryDetail(CompanyView):
    """GET shows the delivery; POST validates it with the quantities typed (in stock units)."""

    perm = "inventory.view_picking"

    def get(self, request, pk):
        picking = delivery_of(request, pk)
        form = DeliveryForm(initial={"date": datetime.date.today(), "carrier": picking.carrier,
                                     "tracking_number": picking.tracking_number})
        return self.render(picking, form, {})

    def post(self, request, pk):
        picking = delivery_of(request, pk)
        if not permissions.has_perm(request.user, request.company, "inventory.validate_picking"):
            raise DjangoPermissionDenied
        form = DeliveryForm(request.POST)
        moves = [move for move in selectors.picking_moves(picking) if move.status not in ("done", "cancelled")]
        typed, errors = {}, {}
        for move in moves:
            text = request.POST.get(f"done-{move.pk}", "").replace(",", "").strip()
            try:
                typed[move.pk] = Decimal(text or "0")
            except InvalidOperation:
                errors[move.pk] = _("Enter a number.")
        if form.is_valid() and not errors:
            data = form.cleaned_data
            try:
                done, backorder = sales_delivery_validate(actor=request.user, picking=picking, quantities=typed,
                                                          date=data["date"], carrier=data["carrier"],
                                                          tracking_number=data["tracking_number"])
            except BusinessError as error:
                apply_error(form, error)
            else:
                message = _("%(picking)s is done.") % {"picking": done.number}
                if backorder is not None:
                    message += " " + _("What was not delivered waits on backorder %(backorder)s.") % {
                        "backorder": backorder.number}
                messages.success(request, message)
                return redirect("sales_delivery_detail", pk=done.pk)
        return self.render(picking, form, {move.pk: request.POST.get(f"done-{move.pk}", "") for move in moves},
                           errors, status=422)

    def render(self, picking, form, typed, errors=None, status=200):
        order = picking.sales_link.order
        moves = list(selectors.picking_moves(picking))
        rows = [{"move": move, "line": move.sales_link.line if hasattr(move, "sales_link") else None,
                 "value": typed.get(move.pk, move.quantity.normalize()), "error": (errors or {}).get(move.pk)}
                for move in moves]
        can_validate = (picking.status in OPEN and picking.kind == Picking.Kind.DELIVERY
                        and permissions.has_perm(self.request.user, self.request.company, "inventory.validate_picking"))
        return render(self.request, "sales/delivery_detail.html", {
            "picking": picking, "order": order, "rows": rows, "form": form, "can_validate": can_validate,
            "can_reserve": picking.status in ("draft", "confirmed") and picking.kind == Picking.Kind.DELIVERY
            and any(permissions.has_perm(self.request.user, self.request.company, perm) for perm in RESERVE_RIGHTS),
            "title": str(picking), "history": history(picking),
            "breadcrumbs": [(_("Deliveries to do"), reverse("sales_delivery_list")),
                            (str(order), reverse("sales_order_detail", args=[order.pk]))],
        }, status=status)


class DeliveryReserve(CompanyView):
    """Check availability from the delivery page (the service checks the rights)."""

    perm = "inventory.view_picking"

    def post(self, request, pk):
        picking = delivery_of(request, pk)
        if not any(permissions.has_perm(request.user, request.company, perm) for perm in RESERVE_RIGHTS):
            raise DjangoPermissionDenied
        try:
            sales_order_reserve(actor=request.user, order=picking.sales_link.order)
            messages.success(request, _("The stock is reserved; the delivery is ready."))
        except BusinessError as error:
            messages.error(request, str(error))
        return redirect("sales_delivery_detail", pk=pk)


class DeliveryPdf(CompanyView):
    """The delivery note the customer signs, or the picking list the warehouse works from."""

    perm = "inventory.view_picking"
    picking_list = False

    def get(self, request, pk):
        picking = delivery_of(request, pk)
        moves = [move for move in selectors.picking_moves(picking).select_related("lot")
                 if move.status != "cancelled"]
        name, pdf = picking_pdf(picking, moves, order=picking.sales_link.order, picking_list=self.picking_list)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class PickingListPdf(DeliveryPdf):
    picking_list = True
