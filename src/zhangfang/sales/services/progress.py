"""How far an order has got: which moves serve which line, what each line has delivered and
had returned (from its done moves), and whether the order is done. Called by the delivery,
return and invoice services inside their transactions, with the order locked."""

from decimal import Decimal

from django.db.models import Sum

from zhangfang.core import audit
from zhangfang.core.services.units import convert
from zhangfang.inventory.models import Location, Picking, StockMove
from zhangfang.sales.models import SalesOrder, SalesOrderLine, SalesOrderLineMove, SalesOrderPicking

ZERO = Decimal("0")
Status = SalesOrder.Status


def link_picking(*, order: SalesOrder, picking: Picking, lines: list[SalesOrderLine]) -> None:
    """Remember a picking made for the order and which line each of its moves serves (one move
    per line, created in the lines' order, as inventory's picking_create and picking_return do)."""
    SalesOrderPicking.objects.create(order=order, picking=picking)
    moves = list(picking.moves.order_by("pk"))
    SalesOrderLineMove.objects.bulk_create([SalesOrderLineMove(line=line, move=move)
                                            for line, move in zip(lines, moves, strict=True)])


def link_splits(*, order: SalesOrder, pickings: list[Picking]) -> None:
    """Link what validating split off — the backorder and the moves split from linked ones (the
    rest of a partly done move, one move per serial number) — to the order and lines of the
    move they were split from."""
    for picking in pickings:
        SalesOrderPicking.objects.get_or_create(picking=picking, defaults={"order": order})
    unlinked = StockMove.objects.filter(picking__in=pickings, sales_link__isnull=True, split_from__isnull=False)
    lines = dict(SalesOrderLineMove.objects.filter(move__in=unlinked.values("split_from"))
                 .values_list("move_id", "line_id"))
    SalesOrderLineMove.objects.bulk_create([SalesOrderLineMove(line_id=lines[move.split_from_id], move=move)
                                            for move in unlinked if move.split_from_id in lines])


def _done_total(line: SalesOrderLine, **where) -> Decimal:
    total = (StockMove.objects.filter(sales_link__line=line, status=StockMove.Status.DONE, **where)
             .aggregate(total=Sum("quantity"))["total"])
    quantity = Decimal(total or 0).quantize(Decimal("0.0001"))  # SQLite sums decimals as floats
    return quantity if line.uom_id == line.product.uom_id else convert(quantity, line.product.uom, line.uom)


def refresh_quantities(order: SalesOrder) -> None:
    """Each line's delivered (out less back) and returned quantities from its done moves, in its unit."""
    for line in order.lines.select_related("product__uom", "uom"):
        out = _done_total(line, destination__kind=Location.Kind.CUSTOMER)
        back = _done_total(line, source__kind=Location.Kind.CUSTOMER)
        if (line.delivered_quantity, line.returned_quantity) != (out - back, back):
            line.delivered_quantity, line.returned_quantity = out - back, back
            line.save(update_fields=["delivered_quantity", "returned_quantity"])


def refresh_done(*, actor, order: SalesOrder) -> SalesOrder:
    """A confirmed order whose lines are all delivered and invoiced, with no delivery waiting, is done."""
    if order.status != Status.CONFIRMED:
        return order
    waiting = order.picking_links.exclude(picking__status__in=(Picking.Status.DONE, Picking.Status.CANCELLED))
    if waiting.exists():
        return order
    for line in order.lines.select_related("product"):
        delivered = not line.product.is_stocked or line.delivered_quantity + line.returned_quantity >= line.quantity
        if not delivered or line.invoiced_quantity < line.quantity - line.returned_quantity:
            return order
    before = audit.snapshot(order)
    order.status = Status.DONE
    order.save(update_fields=["status"])
    audit.record(actor=actor, action="done", obj=order, before=before, after=audit.snapshot(order))
    return order
