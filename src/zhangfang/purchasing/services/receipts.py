"""Goods of a purchase order coming in and going back (SCM-2, SCM-4): receipts from the
supplier location into the warehouse's stock (or quality-hold) location, valued at the
order's net price in base currency on the receipt date; partial receipts leave a backorder;
inspection releases goods to stock or rejects them back to the supplier; returns send
goods back and, when they were billed already, credit them."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.inventory.models import Location, Picking, Product, StockMove
from zhangfang.inventory.services.moves import quantity_text
from zhangfang.inventory.services.pickings import picking_cancel, picking_create, picking_return, picking_validate
from zhangfang.inventory.services.pickings import returnable as move_returnable
from zhangfang.inventory.services.setup import virtual_location
from zhangfang.purchasing.exceptions import NothingToReceive, OverReceipt, ReturnTooLarge
from zhangfang.purchasing.matching import within
from zhangfang.purchasing.models import PurchaseMove, PurchaseOrder, PurchaseOrderLine, PurchaseReceipt
from zhangfang.purchasing.services.bills import purchase_credit_note_create
from zhangfang.purchasing.services.inputs import field_error, line_error, number, refusal
from zhangfang.purchasing.services.ledger import price_differences_book
from zhangfang.purchasing.services.orders import lock
from zhangfang.purchasing.services.settings import purchasing_settings
from zhangfang.purchasing.services.stock import receipt_create, receipt_link, stock_quantity, unit_cost
from zhangfang.purchasing.services.tracking import adopt_backorders, line_moves, open_receipts, order_refresh

ZERO = Decimal("0")
Kind = PurchaseReceipt.Kind


# --- receiving ----------------------------------------------------------------------------

def _requested(order: PurchaseOrder, quantities: dict | None) -> dict[PurchaseOrderLine, Decimal]:
    """The quantities to receive per stocked line (default: what is still to come), each
    checked against the over-receipt tolerance."""
    lines = [line for line in order.lines.select_related("product__uom", "uom", "tax").order_by("pk")
             if line.product.is_stocked]
    by_id = {line.pk: line for line in lines}
    if quantities is None:
        wanted = {line: line.to_receive for line in lines if line.to_receive > 0}
    else:
        wanted = {}
        for index, (key, value) in enumerate(quantities.items(), start=1):
            line = by_id.get(key.pk if isinstance(key, PurchaseOrderLine) else key)
            if line is None:
                raise line_error(index, "order_line", _("choose a line of this order with goods to receive."))
            quantity = number(value, line=index, name="quantity", places=4)
            if quantity:
                wanted[line] = quantity
    if not wanted:
        raise NothingToReceive(order=str(order))
    tolerance = purchasing_settings(order.company).over_receipt_tolerance
    for line, quantity in wanted.items():
        if not within(line.received_quantity + quantity, line.quantity, tolerance):
            raise OverReceipt(product=str(line.product), quantity=quantity_text(quantity),
                              ordered=quantity_text(line.quantity), tolerance=quantity_text(tolerance),
                              received=quantity_text(line.received_quantity + quantity))
    return wanted


def _receipt_picking(*, actor, order: PurchaseOrder, wanted: dict, date: datetime.date) -> tuple[Picking, dict]:
    """The open receipt (the backorder) to validate and {line: its open move}; a new receipt
    when there is none, or when it lacks a line now received or carries another day's
    exchange rate (it is then cancelled)."""
    open_pickings = open_receipts(order)
    if len(open_pickings) == 1:
        moves = {}
        for line_id, move in line_moves(order, status=None):
            if move.picking_id == open_pickings[0].pk and move.status != StockMove.Status.CANCELLED:
                moves.setdefault(line_id, []).append(move)
        usable = {line: moves[line.pk][0] for line in wanted
                  if len(moves.get(line.pk, [])) == 1 and moves[line.pk][0].unit_cost == unit_cost(line, date)}
        if len(usable) == len(wanted):
            return open_pickings[0], usable
    for picking in open_pickings:
        picking_cancel(actor=actor, picking=picking, authorised=True)
    planned = {line: max(line.to_receive, wanted.get(line, ZERO))
               for line in order.lines.select_related("product__uom", "uom", "tax").order_by("pk")}
    return receipt_create(actor=actor, order=order, planned=planned, date=date)


def purchase_order_receive(*, actor, order: PurchaseOrder, quantities: dict | None = None,
                           date: datetime.date | None = None, lots: dict | None = None) -> Picking:
    """Receive goods of a confirmed order: ``quantities`` maps order line (or its id) → quantity in
    the line's unit (default: everything still to come); ``lots`` maps order line → Lot (or a
    list of serial numbers). What is received beyond the order needs the over-receipt tolerance
    (else OverReceipt); what is not received stays on a backorder. Returns the done receipt."""
    permissions.require(actor, order.company, "purchasing.receive_purchaseorder")
    date = date or timezone.localdate()
    with transaction.atomic():
        order = lock(order)
        if order.status not in PurchaseOrder.RUNNING:
            raise refusal(order, _("received"))
        adopt_backorders(order)
        order_refresh(order)
        wanted = _requested(order, quantities)
        picking, moves = _receipt_picking(actor=actor, order=order, wanted=wanted, date=date)
        done = {move.pk: ZERO for move in picking.moves.exclude(status=StockMove.Status.CANCELLED)}
        done.update({moves[line].pk: stock_quantity(line, quantity) for line, quantity in wanted.items()})
        move_lots = {moves[line].pk: lot for line, lot in (lots or {}).items() if line in moves}
        over = any(done[move.pk] > move.quantity for move in moves.values())
        picking, backorder = picking_validate(actor=actor, picking=picking, quantities=done, lots=move_lots or None,
                                              date=date, allow_over=over, authorised=True)
        if backorder is not None:
            link = PurchaseReceipt.objects.get(picking=picking)
            receipt_link(order, backorder, Kind.RECEIPT, awaiting_inspection=link.awaiting_inspection)
        before = audit.snapshot(order)
        order_refresh(order)
        price_differences_book(actor=actor, order=order, date=date)
        audit.record(actor=actor, action="receive", obj=order, before=before, after=audit.snapshot(order))
    return picking


# --- inspection ---------------------------------------------------------------------------

def purchase_receipt_inspect(*, actor, receipt: Picking, accepted: dict | None = None,
                             date: datetime.date | None = None) -> tuple[Picking | None, Picking | None]:
    """Decide on a receipt waiting in the quality location: ``accepted`` maps its move (or move
    id) → quantity released to stock (default: all); the rest goes back to the supplier as
    rejected, which counts against the supplier's rating. Returns (release, rejection)."""
    link = PurchaseReceipt.objects.select_related("order").filter(picking=receipt).first()
    if link is None:
        raise field_error("receipt", _("choose a receipt of a purchase order."))
    permissions.require(actor, link.order.company, "purchasing.receive_purchaseorder")
    date = date or timezone.localdate()
    with transaction.atomic():
        order = lock(link.order)
        link = PurchaseReceipt.objects.select_for_update().select_related("picking").get(pk=link.pk)
        if not link.awaiting_inspection or link.picking.status != Picking.Status.DONE:
            raise refusal(link.picking, _("inspected"))
        moves = list(link.picking.moves.filter(status=StockMove.Status.DONE).select_related("product", "lot")
                     .order_by("pk"))
        keep = {}
        for index, move in enumerate(moves, start=1):
            value = move.quantity if accepted is None else accepted.get(move, accepted.get(move.pk, ZERO))
            quantity = number(value, line=index, name="quantity", places=4)
            if quantity > move.quantity:
                raise line_error(index, "quantity", _("at most %(quantity)s came in.") % {"quantity": move.quantity})
            keep[move] = quantity
        warehouse = order.warehouse
        release = rejection = None
        released = [{"product": move.product, "quantity": quantity, "lot": move.lot}
                    for move, quantity in keep.items() if quantity > 0]
        if released:
            release = picking_create(actor=actor, company=order.company, kind=Picking.Kind.INTERNAL,
                                     source=link.picking.destination, destination=warehouse.stock_location,
                                     scheduled_date=date, origin=order.number, lines=released, authorised=True)
            release, _rest = picking_validate(actor=actor, picking=release, date=date, authorised=True)
            receipt_link(order, release, Kind.RELEASE)
        refused = [{"move": move, "quantity": move.quantity - quantity} for move, quantity in keep.items()
                   if quantity < move.quantity]
        if refused:
            rejection = picking_return(actor=actor, picking=link.picking, lines=refused, date=date, authorised=True)
            rejection = _return_done(actor=actor, order=order, picking=rejection, rejected=True, date=date)
        link.awaiting_inspection = False
        link.save(update_fields=["awaiting_inspection"])
        order_refresh(order)
        price_differences_book(actor=actor, order=order, date=date)
        audit.record(actor=actor, action="update", obj=order, after={"inspected": link.picking.number},
                     company=order.company)
    return release, rejection


# --- returns ------------------------------------------------------------------------------

def _return_done(*, actor, order: PurchaseOrder, picking: Picking, rejected: bool, date: datetime.date) -> Picking:
    """Link a return picking and its moves to the order lines of the moves they return, and do it."""
    line_of = {move.pk: line_id for line_id, move in line_moves(order)}
    moves = list(picking.moves.order_by("pk"))
    PurchaseMove.objects.bulk_create([PurchaseMove(order_line_id=line_of[move.returned_move_id], move=move)
                                      for move in moves])
    receipt_link(order, picking, Kind.RETURN, rejected=rejected)
    picking, _rest = picking_validate(actor=actor, picking=picking, date=date, authorised=True)
    return picking


def purchase_return(*, actor, order: PurchaseOrder, quantities: dict, date: datetime.date | None = None,
                    rejected: bool = True, credit: bool = True):
    """Send goods back to the supplier from the warehouse's stock: ``quantities`` maps order line
    (or id) → quantity in the line's unit, taken from the line's latest receipts first and valued
    at their cost. ``rejected``: the goods were faulty (the supplier's rating counts them).
    ``credit``: when more of a line is now billed than received, a supplier credit note for
    the difference is posted (bills.purchase_credit_note_create). Returns (return, credit note)."""
    permissions.require(actor, order.company, "purchasing.receive_purchaseorder")
    date = date or timezone.localdate()
    with transaction.atomic():
        order = lock(order)
        if order.status in (PurchaseOrder.Status.DRAFT, PurchaseOrder.Status.AWAITING_APPROVAL,
                            PurchaseOrder.Status.CANCELLED):
            raise refusal(order, _("returned"))
        adopt_backorders(order)
        order_refresh(order)
        held = set(PurchaseReceipt.objects.filter(order=order, awaiting_inspection=True)
                   .values_list("picking_id", flat=True))
        receipts: dict[int, list[StockMove]] = {}
        for line_id, move in line_moves(order):
            if move.source.kind == Location.Kind.SUPPLIER and move.picking_id not in held:
                receipts.setdefault(line_id, []).append(move)
        lines = {line.pk: line for line in order.lines.select_related("product__uom", "uom")}
        rows = []
        for index, (key, value) in enumerate(quantities.items(), start=1):
            line = lines.get(key.pk if isinstance(key, PurchaseOrderLine) else key)
            if line is None or line.product.kind == Product.Kind.SERVICE:
                raise line_error(index, "order_line", _("choose a line of this order with goods received."))
            wanted = stock_quantity(line, number(value, line=index, name="quantity", places=4, positive=True))
            left = wanted
            for move in reversed(receipts.get(line.pk, [])):
                take = min(left, move_returnable(move))
                if take > 0:
                    rows.append({"product": line.product, "quantity": take, "returned_move": move, "lot": move.lot})
                    left -= take
            if left > 0:
                raise ReturnTooLarge(product=str(line.product), quantity=quantity_text(wanted),
                                     available=quantity_text(wanted - left))
        picking = picking_create(actor=actor, company=order.company, kind=Picking.Kind.RETURN_OUT,
                                 partner=order.supplier, source=order.warehouse.stock_location,
                                 destination=virtual_location(order.company, Location.Kind.SUPPLIER),
                                 scheduled_date=date, origin=order.number, lines=rows, authorised=True)
        picking = _return_done(actor=actor, order=order, picking=picking, rejected=rejected, date=date)
        order_refresh(order)
        note = purchase_credit_note_create(actor=actor, order=order, date=date) if credit else None
        price_differences_book(actor=actor, order=order, date=date)
        audit.record(actor=actor, action="update", obj=order, after={"returned": picking.number},
                     company=order.company)
    return picking, note
