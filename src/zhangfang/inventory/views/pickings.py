"""Transfers (pickings): the lists by kind, one transfer with its status bar and next steps,
validating with done quantities (the rest goes to a backorder), returns, shipping details,
and the internal transfer form (SCM-4, SCM-9)."""

import contextlib
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError
from zhangfang.inventory.exceptions import InventoryNotSetUp
from zhangfang.inventory.filters import PickingFilter
from zhangfang.inventory.forms import MoveQuantitiesForm, ShippingForm, TransferForm, transfer_line_formset
from zhangfang.inventory.models import Picking, StockMove
from zhangfang.inventory.selectors import pages
from zhangfang.inventory.services.pickings import (
    picking_cancel,
    picking_confirm,
    picking_create,
    picking_reserve,
    picking_return,
    picking_shipping_set,
    picking_unreserve,
    picking_validate,
    returnable,
)
from zhangfang.inventory.services.setup import default_warehouse
from zhangfang.inventory.tables import PICKING_BADGES, PickingTable
from zhangfang.inventory.views import TRANSFERS
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, ListPage, history, owned

Kind, Status = Picking.Kind, Picking.Status
# The lists of the menu: (title, url name, kinds shown). Returns sit with the flow they reverse.
LISTS = {
    "all": (TRANSFERS, "inventory_picking_list", list(Kind)),
    "receipts": (gettext_lazy("Receipts"), "inventory_receipt_list", [Kind.RECEIPT, Kind.RETURN_IN]),
    "deliveries": (gettext_lazy("Deliveries"), "inventory_delivery_list", [Kind.DELIVERY, Kind.RETURN_OUT]),
    "internal": (gettext_lazy("Internal transfers"), "inventory_internal_list", [Kind.INTERNAL]),
}
OPEN = Picking.OPEN


def picking_of(request, pk) -> Picking:
    return owned(pages.pickings(request.company), pk)


def _list_of(picking: Picking) -> tuple:
    for key in ("receipts", "deliveries", "internal"):
        if picking.kind in LISTS[key][2]:
            return LISTS[key]
    return LISTS["all"]


def breadcrumbs(picking: Picking) -> list[tuple]:
    title, url_name, _kinds = _list_of(picking)
    return [(title, reverse(url_name))]


class PickingList(ListPage):
    perm = "inventory.view_picking"
    table_class = PickingTable
    filterset_class = PickingFilter
    which = "all"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.title, _url, self.kinds = LISTS[self.which]
        self.export_name = f"transfers-{self.which}"
        if self.which in ("all", "internal"):
            self.create_perm, self.create_url = "inventory.add_picking", reverse_lazy("inventory_transfer_create")

    def get_queryset(self):
        return pages.pickings(self.request.company).filter(kind__in=self.kinds)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "kinds": self.kinds}


def picking_actions(request, picking: Picking) -> list[dict]:
    """The next steps the transfer's state and the user's rights allow, for the status bar."""
    def can(perm):
        return permissions.has_perm(request.user, request.company, perm)

    def action(name):
        return reverse("inventory_picking_action", args=[picking.pk, name])

    actions = []
    if picking.status == Status.DRAFT and can("inventory.change_picking"):
        actions.append({"kind": "post", "label": _("Confirm"), "url": action("confirm"), "icon": "check2",
                        "primary": True})
    if picking.status == Status.CONFIRMED and can("inventory.change_picking"):
        actions.append({"kind": "post", "label": _("Check availability"), "url": action("reserve"),
                        "icon": "box-seam", "primary": True})
    if picking.status == Status.RESERVED and can("inventory.change_picking"):
        actions.append({"kind": "post", "label": _("Unreserve"), "url": action("unreserve"), "icon": "box-arrow-up"})
    if picking.status in OPEN and can("inventory.validate_picking"):
        actions.append({"kind": "link", "label": _("Validate"), "icon": "check2-all",
                        "url": reverse("inventory_picking_validate", args=[picking.pk]),
                        "primary": picking.status == Status.RESERVED})
    if picking.status in OPEN and can("inventory.change_picking"):
        actions.append({"kind": "post", "label": _("Cancel"), "url": action("cancel"), "icon": "x-circle",
                        "danger": True, "confirm": _("Cancel %(picking)s?") % {"picking": picking}})
    if picking.status == Status.DONE and picking.kind != Kind.ADJUSTMENT and can("inventory.add_picking"):
        actions.append({"kind": "link", "label": _("Return"), "icon": "arrow-return-left",
                        "url": reverse("inventory_picking_return", args=[picking.pk])})
    return actions


def picking_steps(picking: Picking) -> list[tuple]:
    steps = [Status.DRAFT, Status.CONFIRMED, Status.RESERVED, Status.DONE]
    if picking.status == Status.CANCELLED:
        steps.append(Status.CANCELLED)
    return [(step.value, step.label) for step in steps]


def _moves(picking: Picking):
    return (picking.moves.select_related("product", "product__uom", "lot", "source", "destination",
                                         "journal_entry").order_by("pk"))


class PickingDetail(CompanyView):
    perm = "inventory.view_picking"

    def get(self, request, pk):
        picking = picking_of(request, pk)
        moves = list(_moves(picking))
        entries = {move.journal_entry for move in moves if move.journal_entry_id}
        return render(request, "inventory/picking_detail.html", {
            "picking": picking, "title": str(picking), "breadcrumbs": breadcrumbs(picking), "moves": moves,
            "has_lots": any(move.lot_id for move in moves),
            "total_value": sum((move.value for move in moves if move.value is not None), start=0),
            "entries": sorted(entries, key=lambda entry: entry.pk), "badge": PICKING_BADGES[picking.status],
            "backorders": picking.backorders.order_by("pk"), "returns": picking.returns.order_by("pk"),
            "actions": picking_actions(request, picking), "steps": picking_steps(picking),
            "status": picking.status, "history": history(picking),
            "shipping_form": ShippingForm(initial={"carrier": picking.carrier,
                                                   "tracking_number": picking.tracking_number}),
            "can_ship": picking.kind in (Kind.DELIVERY, Kind.RETURN_OUT) and picking.status != Status.CANCELLED
            and permissions.has_perm(request.user, request.company, "inventory.change_picking"),
        })


class PickingAction(CompanyView):
    """Confirm, check availability or cancel from the status bar; the outcome comes back as a message."""

    perm = "inventory.view_picking"
    ACTIONS = {"confirm": picking_confirm, "reserve": picking_reserve, "unreserve": picking_unreserve,
               "cancel": picking_cancel}
    DONE = {"confirm": gettext_lazy("Confirmed."), "reserve": gettext_lazy("Reserved: everything is available."),
            "unreserve": gettext_lazy("The reserved goods were released."), "cancel": gettext_lazy("Cancelled.")}

    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            raise Http404
        picking = picking_of(request, pk)
        if not permissions.has_perm(request.user, request.company, "inventory.change_picking"):
            raise DjangoPermissionDenied
        try:
            self.ACTIONS[action](actor=request.user, picking=picking)
        except BusinessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.DONE[action])
        return redirect("inventory_picking_detail", pk=pk)


class MovesPage(CompanyView):
    """A grid of the transfer's moves, one quantity each: validating or returning."""

    template_name = "inventory/picking_moves.html"
    allowed: tuple = ()

    def moves(self, picking):
        raise NotImplementedError

    def form(self, picking, data=None) -> MoveQuantitiesForm:
        raise NotImplementedError

    def get(self, request, pk):
        picking = picking_of(request, pk)
        if picking.status not in self.allowed:
            messages.info(request, _("%(picking)s is %(status)s; there is nothing to do here.") % {
                "picking": picking, "status": picking.get_status_display()})
            return redirect("inventory_picking_detail", pk=pk)
        return self.render(picking, self.form(picking))

    def post(self, request, pk):
        picking = picking_of(request, pk)
        form = self.form(picking, request.POST)
        if form.is_valid():
            try:
                return self.save(picking, form)
            except BusinessError as error:
                form.place_error(error, self.numbered(form))
        return self.render(picking, form, status=422)

    def numbered(self, form) -> list[StockMove]:
        """The moves as the service numbers its lines from 1."""
        return form.moves

    def render(self, picking, form, status=200):
        return render(self.request, self.template_name, {
            "picking": picking, "form": form, "title": self.title(picking), "intro": self.intro,
            "button": self.button, "planned": self.planned, "column": self.column,
            "breadcrumbs": [*breadcrumbs(picking), (str(picking), reverse("inventory_picking_detail",
                                                                          args=[picking.pk]))],
            "cancel_url": reverse("inventory_picking_detail", args=[picking.pk]),
        }, status=status)


class PickingValidate(MovesPage):
    perm = "inventory.validate_picking"
    allowed = OPEN
    intro = gettext_lazy("Enter what was actually moved. A quantity below the plan leaves the rest in a "
                         "backorder; 0 moves the whole line to it.")
    button = gettext_lazy("Validate")
    planned, column = gettext_lazy("Planned"), gettext_lazy("Done")

    def title(self, picking):
        return _("Validate %(picking)s") % {"picking": picking}

    def form(self, picking, data=None):
        moves = list(_moves(picking).exclude(status__in=(StockMove.Status.DONE, StockMove.Status.CANCELLED)))
        return MoveQuantitiesForm(data, moves=moves, initial_quantity=lambda move: move.quantity, lots=True,
                                  over=True)

    def save(self, picking, form):
        done, backorder = picking_validate(actor=self.request.user, picking=picking, quantities=form.quantities(),
                                           lots=form.lots(), date=form.cleaned_data["date"],
                                           allow_over=form.cleaned_data["allow_over"])
        if backorder is not None:
            messages.warning(self.request, _("%(picking)s is done; what was not moved waits in backorder "
                                             "%(backorder)s.") % {"picking": done, "backorder": backorder})
        else:
            messages.success(self.request, _("%(picking)s is done.") % {"picking": done})
        return redirect("inventory_picking_detail", pk=done.pk)


class PickingReturn(MovesPage):
    perm = "inventory.add_picking"
    allowed = (Status.DONE,)
    intro = gettext_lazy("Enter how much of each line goes back. A draft return is made; confirm and "
                         "validate it when the goods move.")
    button = gettext_lazy("Create return")
    planned, column = gettext_lazy("Done"), gettext_lazy("To return")

    def title(self, picking):
        return _("Return of %(picking)s") % {"picking": picking}

    def form(self, picking, data=None):
        moves = [move for move in _moves(picking).filter(status=StockMove.Status.DONE) if returnable(move) > 0]
        return MoveQuantitiesForm(data, moves=moves, initial_quantity=returnable)

    def numbered(self, form):
        return [move for move in form.moves if form.quantities()[move.pk] > 0]

    def save(self, picking, form):
        lines = [{"move": move, "quantity": form.quantities()[move.pk]} for move in self.numbered(form)]
        returned = picking_return(actor=self.request.user, picking=picking, lines=lines,
                                  date=form.cleaned_data["date"])
        messages.success(self.request, _("Return %(picking)s was made as a draft.") % {"picking": returned})
        return redirect("inventory_picking_detail", pk=returned.pk)


class PickingShipping(CompanyView):
    perm = "inventory.change_picking"

    def post(self, request, pk):
        picking = picking_of(request, pk)
        form = ShippingForm(request.POST)
        if form.is_valid():
            try:
                picking_shipping_set(actor=request.user, picking=picking, **form.cleaned_data)
            except BusinessError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Shipping details saved."))
        return redirect("inventory_picking_detail", pk=pk)


class TransferCreate(CompanyView):
    """An internal transfer keyed line by line; saved as a draft to confirm from its page."""

    perm = "inventory.add_picking"
    template_name = "inventory/transfer_form.html"

    def get(self, request):
        initial = {"scheduled_date": datetime.date.today()}
        with contextlib.suppress(InventoryNotSetUp):
            initial["source"] = default_warehouse(request.company).stock_location
        form = TransferForm(company=request.company, initial=initial)
        formset = transfer_line_formset(extra=4)(prefix="lines", form_kwargs={"company": request.company})
        return self.render(form, formset)

    def post(self, request):
        form = TransferForm(request.POST, company=request.company)
        formset = transfer_line_formset(extra=0)(request.POST, prefix="lines",
                                                 form_kwargs={"company": request.company})
        if form.is_valid() and formset.is_valid():
            kept = formset.kept()
            try:
                picking = picking_create(actor=request.user, company=request.company, kind=Kind.INTERNAL,
                                         lines=[line for _index, line in kept], **form.cleaned_data)
            except BusinessError as error:
                place_line_error(form, formset, kept, error)
            else:
                messages.success(request, _("Saved as draft %(picking)s; confirm it when it is ready.") % {
                    "picking": picking})
                return redirect("inventory_picking_detail", pk=picking.pk)
        return self.render(form, formset, status=422)

    def render(self, form, formset, status=200):
        return render(self.request, self.template_name, {
            "form": form, "formset": formset, "title": _("New internal transfer"),
            "breadcrumbs": [(LISTS["internal"][0], reverse("inventory_internal_list"))],
            "cancel_url": reverse("inventory_internal_list"),
        }, status=status)


def place_line_error(form, formset, kept: list[tuple[int, dict]], error: BusinessError) -> None:
    """Show a service error at the line it names (``lines.<n>.<field>``, n counted from 1 over the
    lines kept), else on top of the form."""
    placed = False
    for key, errors in error.fields.items():
        parts = key.split(".")
        if len(parts) >= 2 and parts[0] == "lines" and parts[1].isdigit() and 1 <= int(parts[1]) <= len(kept):
            target = formset.forms[kept[int(parts[1]) - 1][0]]
            field = parts[2] if len(parts) > 2 and parts[2] in target.fields else None
            for message in errors:
                target.add_error(field, message)
            placed = True
    if not placed:
        apply_error(form, error)
