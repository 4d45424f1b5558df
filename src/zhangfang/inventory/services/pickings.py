"""Transfers (pickings): receipts, deliveries, internal transfers, returns and adjustments
(SCM-4, SCM-9). draft → confirmed → reserved → done, or cancelled before done.

Purchasing and sales move goods through these services. When such a service has already
checked the actor's right to the business document (confirming an order), it passes
``authorised=True`` so that a buyer or salesperson need not hold inventory rights, as
``journal_entry_book``'s callers do for the ledger."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Partner
from zhangfang.core.services.sequences import sequence_ensure, sequence_next
from zhangfang.inventory.exceptions import (
    NothingToValidate,
    PickingTransitionNotAllowed,
    QuantityAboveDemand,
    ReturnInvalid,
    SerialQuantityInvalid,
    StockFieldInvalid,
    StockLineInvalid,
    field_error,
)
from zhangfang.inventory.models import Location, Lot, Picking, Product, StockMove
from zhangfang.inventory.services.moves import StockBatch, valuation_book

ZERO = Decimal("0")
Status, MoveStatus, Kind = Picking.Status, StockMove.Status, Picking.Kind
LINE_FIELDS = ("product", "quantity", "unit_cost", "lot", "returned_move", "source", "destination")
# Number prefixes per kind: IN-2026-0001, OUT-2026-0001, ...
PREFIXES = {Kind.RECEIPT: "IN", Kind.DELIVERY: "OUT", Kind.INTERNAL: "INT", Kind.RETURN_IN: "RI",
            Kind.RETURN_OUT: "RO", Kind.ADJUSTMENT: "ADJ"}
RETURN_KINDS = {Kind.RECEIPT: Kind.RETURN_OUT, Kind.DELIVERY: Kind.RETURN_IN, Kind.RETURN_IN: Kind.DELIVERY,
                Kind.RETURN_OUT: Kind.RECEIPT, Kind.INTERNAL: Kind.INTERNAL, Kind.ADJUSTMENT: Kind.ADJUSTMENT}
ACTIONS = {Status.CONFIRMED: gettext_lazy("confirmed"), Status.RESERVED: gettext_lazy("reserved"),
           Status.DONE: gettext_lazy("validated"), Status.CANCELLED: gettext_lazy("cancelled")}


def _require(actor, company: Company, perm: str, authorised: bool) -> None:
    if not authorised:
        permissions.require(actor, company, perm)


def _check_transition(picking: Picking, target: str, action=None) -> None:
    if target not in Picking.TRANSITIONS[picking.status]:
        raise PickingTransitionNotAllowed(picking=picking.number, status=picking.get_status_display(),
                                          action=action or ACTIONS[target])


def _snapshot(picking: Picking) -> dict:
    return {**audit.snapshot(picking), "moves": [audit.snapshot(move) for move in picking.moves.order_by("pk")]}


def _lock(picking: Picking) -> Picking:
    return Picking.objects.select_for_update(of=("self",)).select_related("company").get(pk=picking.pk)


def _open_moves(picking: Picking) -> list[StockMove]:
    return list(picking.moves.exclude(status__in=(MoveStatus.DONE, MoveStatus.CANCELLED))
                .select_related("source", "destination", "lot", "returned_move").order_by("pk"))


def _in_tree(location: Location, root: Location) -> bool:
    return location.pk == root.pk or location.full_name.startswith(root.full_name + "/")


# --- creating -------------------------------------------------------------------------

def _location(company: Company, field: str, location) -> Location:
    if not isinstance(location, Location) or location.company_id != company.pk:
        raise field_error(StockFieldInvalid, field, _("choose a location of this company."))
    if location.kind == Location.Kind.VIEW:
        raise field_error(StockFieldInvalid, field, _("%s only groups locations; choose one inside it.") % location)
    return location


def _decimal(value, *, line: int, name: str, places: int) -> Decimal:
    try:
        return decimal_in(value, places=places)
    except NotAnAmount as exc:
        raise StockLineInvalid(line=line, reason=exc.reason,
                               fields={f"lines.{line}.{name}": [str(exc.reason)]}) from exc


def _clean_lines(company: Company, source: Location, destination: Location, lines: list[dict]) -> list[StockMove]:
    """The lines as unsaved moves, every field checked; ``line`` numbers start at 1."""
    if not lines:
        raise field_error(StockFieldInvalid, "lines", _("add at least one product."))
    moves = []
    for number, data in enumerate(lines, start=1):
        def fail(reason, name="product", number=number):
            return StockLineInvalid(line=number, reason=reason, fields={f"lines.{number}.{name}": [str(reason)]})

        unknown = set(data) - set(LINE_FIELDS)
        if unknown:
            raise fail(_("unknown fields %s.") % sorted(unknown))
        product = data.get("product")
        if not isinstance(product, Product) or product.company_id != company.pk:
            raise fail(_("choose a product of this company."))
        if not product.is_stocked:
            raise fail(_("%s is a service; services are not stocked.") % product)
        quantity = _decimal(data.get("quantity"), line=number, name="quantity", places=4)
        if quantity <= 0:
            raise fail(_("the quantity must be more than zero."), "quantity")
        move_source = data.get("source") or source
        move_destination = data.get("destination") or destination
        for name, location, root in (("source", move_source, source), ("destination", move_destination, destination)):
            if not isinstance(location, Location) or not _in_tree(location, root):
                raise fail(_("the location must be %s or inside it.") % root, name)
            if location.kind == Location.Kind.VIEW:
                raise fail(_("%s only groups locations; choose one inside it.") % location, name)
        if move_source.pk == move_destination.pk:
            raise fail(_("the goods would go from %s to itself.") % move_source)
        lot = data.get("lot")
        if lot is not None:
            if not isinstance(lot, Lot) or lot.product_id != product.pk:
                raise fail(_("the lot belongs to another product."), "lot")
            if product.tracking == Product.Tracking.SERIAL and quantity != 1:
                raise fail(_("one serial number is one unit; enter quantity 1 per serial number."), "quantity")
        returned = data.get("returned_move")
        if returned is not None and (not isinstance(returned, StockMove) or returned.product_id != product.pk
                                     or returned.status != MoveStatus.DONE):
            raise fail(_("the returned move must be a done move of the same product."), "returned_move")
        unit_cost = data.get("unit_cost")
        if unit_cost is not None:
            unit_cost = _decimal(unit_cost, line=number, name="unit_cost", places=6)
            if unit_cost < 0:
                raise fail(_("the unit cost cannot be negative."), "unit_cost")
        elif move_source.kind == Location.Kind.SUPPLIER and product.is_valued and returned is None:
            raise fail(_("goods received from a supplier need their unit cost."), "unit_cost")
        moves.append(StockMove(company=company, product=product, quantity=quantity, source=move_source,
                               destination=move_destination, lot=lot, returned_move=returned, unit_cost=unit_cost))
    return moves


def picking_insert(*, actor, company: Company, kind: str, source: Location, destination: Location,
                    scheduled_date: datetime.date, moves: list[StockMove], partner: Partner | None, origin: str,
                    notes: str, status: str = Status.DRAFT, **links) -> Picking:
    """Number and write a picking and its (checked, unsaved) moves, audited, inside the
    caller's transaction; for inventory services that have checked their own permission."""
    sequence = f"picking-{kind}"
    sequence_ensure(company=company, code=sequence, prefix=PREFIXES[kind])
    picking = Picking.objects.create(
        company=company, number=sequence_next(company=company, code=sequence, on_date=scheduled_date), kind=kind,
        status=status, partner=partner, source=source, destination=destination, scheduled_date=scheduled_date,
        origin=origin, notes=notes, created_by=actor, **links)
    for move in moves:
        move.picking, move.date, move.origin = picking, scheduled_date, origin or picking.number
        move.status = MoveStatus.CONFIRMED if status != Status.DRAFT else MoveStatus.DRAFT
    StockMove.objects.bulk_create(moves)
    audit.record(actor=actor, action="create", obj=picking, after=_snapshot(picking))
    return picking


def picking_create(*, actor, company: Company, kind: str, source: Location, destination: Location,
                   scheduled_date: datetime.date, lines: list[dict], partner: Partner | None = None,
                   origin: str = "", notes: str = "", authorised: bool = False) -> Picking:
    """A draft transfer. ``lines``: dicts with product, quantity (stock unit) and optionally
    unit_cost (required for goods from a supplier), lot, returned_move, and source/destination
    inside the picking's own (e.g. a shelf under WH/Stock)."""
    _require(actor, company, "inventory.add_picking", authorised)
    if kind not in Kind.values:
        raise field_error(StockFieldInvalid, "kind", _("unknown transfer type."))
    source = _location(company, "source", source)
    destination = _location(company, "destination", destination)
    if partner is not None and (not isinstance(partner, Partner) or partner.company_id != company.pk):
        raise field_error(StockFieldInvalid, "partner", _("choose a partner of this company."))
    if not isinstance(scheduled_date, datetime.date):
        raise field_error(StockFieldInvalid, "scheduled_date", _("enter a date."))
    moves = _clean_lines(company, source, destination, lines)
    with transaction.atomic():
        return picking_insert(actor=actor, company=company, kind=kind, source=source, destination=destination,
                               scheduled_date=scheduled_date, moves=moves, partner=partner, origin=origin or "",
                               notes=notes or "")


def picking_update(*, actor, picking: Picking, scheduled_date: datetime.date | None = None,
                   partner: Partner | None = None, origin: str | None = None, notes: str | None = None,
                   lines: list[dict] | None = None) -> Picking:
    """Change a draft; ``lines``, when given, replace all its moves."""
    permissions.require(actor, picking.company, "inventory.change_picking")
    with transaction.atomic():
        picking = _lock(picking)
        if picking.status != Status.DRAFT:
            raise PickingTransitionNotAllowed(picking=picking.number, status=picking.get_status_display(),
                                              action=_("changed"))
        before = _snapshot(picking)
        company = picking.company
        if partner is not None:
            if partner.company_id != company.pk:
                raise field_error(StockFieldInvalid, "partner", _("choose a partner of this company."))
            picking.partner = partner
        for field, value in (("scheduled_date", scheduled_date), ("origin", origin), ("notes", notes)):
            if value is not None:
                setattr(picking, field, value)
        picking.save(update_fields=["partner", "scheduled_date", "origin", "notes"])
        if lines is not None:
            moves = _clean_lines(company, picking.source, picking.destination, lines)
            picking.moves.all().delete()
            for move in moves:
                move.picking, move.date, move.origin = picking, picking.scheduled_date, picking.origin or picking.number
            StockMove.objects.bulk_create(moves)
        else:
            picking.moves.update(date=picking.scheduled_date, origin=picking.origin or picking.number)
        after = _snapshot(picking)
        if after != before:
            audit.record(actor=actor, action="update", obj=picking, before=before, after=after)
    return picking


# --- confirming, reserving, cancelling ---------------------------------------------------

def _confirm_locked(picking: Picking) -> None:
    if picking.status == Status.DRAFT:
        picking.status = Status.CONFIRMED
        picking.save(update_fields=["status"])
        picking.moves.filter(status=MoveStatus.DRAFT).update(status=MoveStatus.CONFIRMED)


def picking_confirm(*, actor, picking: Picking, authorised: bool = False) -> Picking:
    """Draft → waiting: the moves are now demand on the stock."""
    _require(actor, picking.company, "inventory.change_picking", authorised)
    with transaction.atomic():
        picking = _lock(picking)
        if picking.status == Status.CONFIRMED:
            return picking
        _check_transition(picking, Status.CONFIRMED)
        before = audit.snapshot(picking)
        _confirm_locked(picking)
        audit.record(actor=actor, action="confirm", obj=picking, before=before, after=audit.snapshot(picking))
    return picking


def picking_reserve(*, actor, picking: Picking, authorised: bool = False) -> Picking:
    """Reserve every move in full, or nothing: NotEnoughStock names the first product short.
    A draft is confirmed first; reserving a ready transfer again changes nothing."""
    _require(actor, picking.company, "inventory.change_picking", authorised)
    with transaction.atomic():
        picking = _lock(picking)
        if picking.status == Status.RESERVED:
            return picking
        _check_transition(picking, Status.RESERVED)
        before = audit.snapshot(picking)
        _confirm_locked(picking)
        moves = _open_moves(picking)
        batch = StockBatch(picking.company, moves)
        for move in moves:
            batch.reserve(move)
        picking.status = Status.RESERVED
        picking.save(update_fields=["status"])
        audit.record(actor=actor, action="reserve", obj=picking, before=before, after=_snapshot(picking))
    return picking


def picking_unreserve(*, actor, picking: Picking, authorised: bool = False) -> Picking:
    """Ready → waiting: give the reserved goods back to the others."""
    _require(actor, picking.company, "inventory.change_picking", authorised)
    with transaction.atomic():
        picking = _lock(picking)
        if picking.status != Status.RESERVED:
            raise PickingTransitionNotAllowed(picking=picking.number, status=picking.get_status_display(),
                                              action=_("unreserved"))
        before = _snapshot(picking)
        moves = _open_moves(picking)
        batch = StockBatch(picking.company, moves)
        for move in moves:
            batch.unreserve(move)
        picking.status = Status.CONFIRMED
        picking.save(update_fields=["status"])
        audit.record(actor=actor, action="unreserve", obj=picking, before=before, after=_snapshot(picking))
    return picking


def picking_cancel(*, actor, picking: Picking, authorised: bool = False) -> Picking:
    """Cancel a transfer not yet done, releasing what it reserved."""
    _require(actor, picking.company, "inventory.change_picking", authorised)
    with transaction.atomic():
        picking = _lock(picking)
        if picking.status == Status.CANCELLED:
            return picking
        _check_transition(picking, Status.CANCELLED)
        before = _snapshot(picking)
        moves = _open_moves(picking)
        batch = StockBatch(picking.company, moves)
        for move in moves:
            batch.unreserve(move)
        picking.moves.filter(pk__in=[m.pk for m in moves]).update(status=MoveStatus.CANCELLED)
        picking.status = Status.CANCELLED
        picking.save(update_fields=["status"])
        audit.record(actor=actor, action="cancel", obj=picking, before=before, after=_snapshot(picking))
    return picking


def picking_shipping_set(*, actor, picking: Picking, carrier: str = "", tracking_number: str = "") -> Picking:
    """Carrier and tracking number (SCM-9); may be filled in after the goods left."""
    permissions.require(actor, picking.company, "inventory.change_picking")
    with transaction.atomic():
        picking = _lock(picking)
        if picking.status == Status.CANCELLED:
            raise PickingTransitionNotAllowed(picking=picking.number, status=picking.get_status_display(),
                                              action=_("shipped"))
        before = audit.snapshot(picking)
        picking.carrier, picking.tracking_number = (carrier or "").strip()[:60], (tracking_number or "").strip()[:60]
        after = audit.snapshot(picking)
        if after != before:
            picking.save(update_fields=["carrier", "tracking_number"])
            audit.record(actor=actor, action="update", obj=picking, before=before, after=after)
    return picking


# --- validating -----------------------------------------------------------------------

def _done_quantities(picking: Picking, moves: list[StockMove], quantities: dict | None,
                     allow_over: bool) -> dict[int, Decimal]:
    by_id = {move.pk: move for move in moves}
    unknown = sorted(set(quantities or {}) - set(by_id))
    if unknown:
        raise field_error(StockFieldInvalid, "quantities", _("move %s is not an open move of this transfer.")
                          % unknown[0])
    done = {}
    for number, move in enumerate(moves, start=1):
        value = (quantities or {}).get(move.pk, move.quantity)
        quantity = _decimal(value, line=number, name="quantity", places=4)
        if quantity < 0:
            raise StockLineInvalid(line=number, reason=_("the done quantity cannot be negative."),
                                   fields={f"lines.{number}.quantity": [_("Enter zero or more.")]})
        if quantity > move.quantity and not allow_over:
            raise QuantityAboveDemand(product=str(move.product), done=quantity, planned=move.quantity)
        done[move.pk] = quantity
    if not any(done.values()):
        raise NothingToValidate(picking=picking.number)
    return done


def _backorder(actor, picking: Picking) -> Picking:
    return picking_insert(actor=actor, company=picking.company, kind=picking.kind, source=picking.source,
                           destination=picking.destination, scheduled_date=picking.scheduled_date, moves=[],
                           partner=picking.partner, origin=picking.origin, notes=picking.notes,
                           status=Status.CONFIRMED, backorder_of=picking)


def _copy(move: StockMove, **changes) -> StockMove:
    """A new move like ``move`` (a split of it) with ``changes``."""
    fields = {f.attname: getattr(move, f.attname) for f in StockMove._meta.concrete_fields
              if f.name not in ("id", "created_at")}
    copy = StockMove(**{**fields, "split_from_id": move.split_from_id or move.pk, "reserved_quantity": ZERO})
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def _assign_lot(move: StockMove, lot, number: int) -> list[StockMove]:
    """Set the move's lot; a list of serial numbers splits it into one move per unit."""
    lots = list(lot) if isinstance(lot, list | tuple) else [lot]
    for one in lots:
        _check_lot(move, one, number)
    move.lot = lots[0]
    if len(lots) == 1:
        return [move]
    if len(lots) != move.quantity or len({one.pk for one in lots}) != len(lots):
        raise SerialQuantityInvalid(product=str(move.product), lot=", ".join(str(one) for one in lots))
    move.quantity = Decimal(1)
    return [move, *[_copy(move, lot=one) for one in lots[1:]]]


def _check_lot(move: StockMove, lot, number: int) -> None:
    if not isinstance(lot, Lot) or lot.product_id != move.product_id:
        raise StockLineInvalid(line=number, reason=_("the lot belongs to another product."),
                               fields={f"lines.{number}.lot": [_("Choose a lot of this product.")]})


def picking_validate(*, actor, picking: Picking, quantities: dict[int, Decimal] | None = None,
                     lots: dict | None = None, date: datetime.date | None = None, allow_over: bool = False,
                     authorised: bool = False) -> tuple[Picking, Picking | None]:
    """Do the transfer: ``quantities`` maps move id → quantity done (default: as planned);
    what is not done goes to a backorder (returned second). ``lots`` maps move id → Lot, or
    for a serial-tracked move a list of Lots, one per unit. Quants change under locks,
    negative stock is refused unless the company allows it, and the valued moves are booked
    in ONE journal entry dated ``date`` (default today)."""
    _require(actor, picking.company, "inventory.validate_picking", authorised)
    date = date or timezone.localdate()
    with transaction.atomic():
        picking = _lock(picking)
        _check_transition(picking, Status.DONE)
        before = _snapshot(picking)
        _confirm_locked(picking)
        moves = _open_moves(picking)
        done = _done_quantities(picking, moves, quantities, allow_over)
        unknown = sorted(set(lots or {}) - set(done))
        if unknown:
            raise field_error(StockFieldInvalid, "lots", _("move %s is not an open move of this transfer.")
                              % unknown[0])
        batch = StockBatch(picking.company, moves)
        for move in moves:  # before lots change: a reservation is released from the quant it was taken on
            batch.unreserve(move)
        backorder, todo = None, []
        for number, move in enumerate(moves, start=1):
            quantity = done[move.pk]
            if quantity < move.quantity:
                backorder = backorder or _backorder(actor, picking)
                if not quantity:
                    move.picking = backorder
                    move.save(update_fields=["picking"])
                    continue
                _copy(move, picking=backorder, quantity=move.quantity - quantity, status=MoveStatus.CONFIRMED)
            move.quantity = quantity
            todo += _assign_lot(move, lots[move.pk], number) if lots and move.pk in lots else [move]
        postings = []
        for move in todo:
            postings += batch.done(move, date)
        valuation_book(actor=actor, picking=picking, postings=postings, date=date)
        picking.status, picking.done_date, picking.done_by = Status.DONE, date, actor
        picking.save(update_fields=["status", "done_date", "done_by"])
        audit.record(actor=actor, action="validate", obj=picking, before=before, after=_snapshot(picking))
        if backorder is not None:
            audit.record(actor=actor, action="backorder", obj=backorder, after=_snapshot(backorder))
    return picking, backorder


# --- returns --------------------------------------------------------------------------

def returnable(move: StockMove) -> Decimal:
    """What of a done move is not yet returned (or on a return not cancelled)."""
    returned = (StockMove.objects.filter(returned_move=move).exclude(status=MoveStatus.CANCELLED)
                .aggregate(total=Sum("quantity"))["total"])
    return move.quantity - Decimal(returned or 0)


def picking_return(*, actor, picking: Picking, lines: list[dict], date: datetime.date | None = None,
                   authorised: bool = False) -> Picking:
    """A draft return of done moves: the goods go back the way they came, valued at the cost
    the returned move carried. ``lines``: [{"move": StockMove, "quantity": Decimal}]."""
    _require(actor, picking.company, "inventory.add_picking", authorised)
    with transaction.atomic():
        picking = _lock(picking)
        if picking.status != Status.DONE:
            raise PickingTransitionNotAllowed(picking=picking.number, status=picking.get_status_display(),
                                              action=_("returned"))
        if not lines:
            raise field_error(StockFieldInvalid, "lines", _("choose what to return."))
        moves = []
        for number, line in enumerate(lines, start=1):
            move = line.get("move")
            if not isinstance(move, StockMove) or move.picking_id != picking.pk or move.status != MoveStatus.DONE:
                raise ReturnInvalid(line=number, reason=_("it is not a done move of %s.") % picking.number)
            move = StockMove.objects.select_for_update().select_related("product").get(pk=move.pk)
            quantity = _decimal(line.get("quantity"), line=number, name="quantity", places=4)
            left = returnable(move)
            if quantity <= 0 or quantity > left:
                raise ReturnInvalid(line=number, reason=_("%(quantity)s is not between 0 and the %(left)s "
                                                          "not yet returned.") % {"quantity": quantity, "left": left},
                                    fields={f"lines.{number}.quantity": [_("At most %s.") % left]})
            moves.append(StockMove(company=picking.company, product=move.product, quantity=quantity,
                                   source=move.destination, destination=move.source, lot=move.lot,
                                   returned_move=move, unit_cost=move.unit_cost))
        return picking_insert(actor=actor, company=picking.company, kind=RETURN_KINDS[picking.kind],
                               source=picking.destination, destination=picking.source,
                               scheduled_date=date or timezone.localdate(), moves=moves, partner=picking.partner,
                               origin=picking.origin or picking.number, notes="", return_of=picking)
