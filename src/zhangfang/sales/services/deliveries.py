"""Delivering an order (SCM-9): reserving its delivery when the stock is there, validating it —
in full or in part, the rest going to a backorder — with the carrier and tracking number.

Reservation is all or nothing (inventory's rule) and runs under row locks on the stock, so two
clerks reserving the last unit for two orders cannot both succeed: the second gets NotEnoughStock."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.core import permissions
from zhangfang.core.errors import NotFound, PermissionDenied
from zhangfang.core.services.units import convert
from zhangfang.inventory.models import Picking, StockMove
from zhangfang.inventory.services.pickings import picking_reserve, picking_shipping_set, picking_validate
from zhangfang.sales.exceptions import NothingToDeliver, SalesLineInvalid, SalesOrderTransitionNotAllowed
from zhangfang.sales.models import SalesOrder
from zhangfang.sales.selectors import OPEN_PICKING
from zhangfang.sales.services.orders import lock, try_reserve
from zhangfang.sales.services.progress import link_splits, refresh_done, refresh_quantities

Status = SalesOrder.Status
RESERVE_RIGHTS = ("sales.change_salesorder", "inventory.change_picking")


def open_deliveries(order: SalesOrder) -> list[Picking]:
    """The order's deliveries not done yet, oldest first."""
    return list(Picking.objects.filter(sales_link__order=order, kind=Picking.Kind.DELIVERY, status__in=OPEN_PICKING)
                .order_by("pk"))


def sales_order_reserve(*, actor, order: SalesOrder) -> list[Picking]:
    """Check availability: reserve every waiting delivery of the order in full, or raise
    inventory's NotEnoughStock naming what is short (and reserve nothing). The salesperson
    or the warehouse may ask."""
    if not any(permissions.has_perm(actor, order.company, perm) for perm in RESERVE_RIGHTS):
        raise PermissionDenied()
    with transaction.atomic():
        order = lock(order)
        if order.status != Status.CONFIRMED:
            raise SalesOrderTransitionNotAllowed(order=str(order), status=order.get_status_display(),
                                                 action=_("reserved"))
        waiting = open_deliveries(order)
        if not waiting:
            raise NothingToDeliver(order=str(order))
        return [picking_reserve(actor=actor, picking=picking, authorised=True) for picking in waiting]


def sales_delivery_validate(*, actor, picking: Picking, quantities: dict[int, Decimal] | None = None,
                            date: datetime.date | None = None, carrier: str | None = None,
                            tracking_number: str | None = None) -> tuple[Picking, Picking | None]:
    """Validate a delivery of an order: ``quantities`` maps move id → quantity done in the stock
    unit (default: as planned); the rest goes to a backorder (returned second), linked to the
    order and reserved when the stock is there. Carrier and tracking number, when given, go on
    the delivery that was done. Inventory checks the rights (validating a transfer). Updates what each order
    line has delivered and marks the order done when nothing is left to do."""
    order = SalesOrder.objects.filter(picking_links__picking=picking).first()
    if order is None:
        raise NotFound()
    with transaction.atomic():
        order = lock(order)
        # Stock first: validating locks the quants before it writes the audit trail, and the
        # shipping details (audited) come after, so no transaction waits for quants while
        # holding the audit chain.
        done, backorder = picking_validate(actor=actor, picking=picking, quantities=quantities, date=date)
        if carrier is not None or tracking_number is not None:
            done = picking_shipping_set(actor=actor, picking=done,
                                        carrier=done.carrier if carrier is None else carrier,
                                        tracking_number=done.tracking_number if tracking_number is None
                                        else tracking_number)
        link_splits(order=order, pickings=[done] + ([backorder] if backorder else []))
        if backorder is not None:
            try_reserve(actor=actor, picking=backorder)
            backorder.refresh_from_db()
        refresh_quantities(order)
        refresh_done(actor=actor, order=order)
    return done, backorder


def _move_quantities(picking: Picking, quantities: dict[int, Decimal]) -> dict[int, Decimal]:
    """Order line id → quantity in the line's unit, as move id → quantity in the stock unit;
    the picking's moves of lines left out are done with 0."""
    by_line: dict[int, StockMove] = {}
    done = {}
    for move in (picking.moves.exclude(status__in=(StockMove.Status.DONE, StockMove.Status.CANCELLED))
                 .select_related("product__uom", "sales_link__line__uom").order_by("pk")):
        by_line.setdefault(move.sales_link.line_id, move)
        done[move.pk] = Decimal(0)
    for number, (line_id, quantity) in enumerate(quantities.items(), start=1):
        move = by_line.get(line_id)
        if move is None:
            reason = _("nothing of this line waits on %(picking)s.") % {"picking": picking.number}
            raise SalesLineInvalid(line=number, reason=reason, fields={f"lines.{number}.line_id": [str(reason)]})
        line = move.sales_link.line
        done[move.pk] = quantity if line.uom_id == move.product.uom_id else convert(quantity, line.uom,
                                                                                      move.product.uom)
    return done


def sales_order_deliver(*, actor, order: SalesOrder, quantities: dict[int, Decimal] | None = None,
                        date: datetime.date | None = None, carrier: str | None = None,
                        tracking_number: str | None = None) -> tuple[Picking, Picking | None]:
    """Validate the order's next waiting delivery. ``quantities`` maps order line id → quantity
    delivered now in the line's unit; lines left out wait on the backorder. Without
    ``quantities`` everything waiting is delivered."""
    waiting = open_deliveries(order)
    if not waiting:
        raise NothingToDeliver(order=str(order))
    picking = waiting[0]
    moves = None if quantities is None else _move_quantities(picking, quantities)
    return sales_delivery_validate(actor=actor, picking=picking, quantities=moves, date=date, carrier=carrier,
                                   tracking_number=tracking_number)
