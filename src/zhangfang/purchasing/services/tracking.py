"""What became of an order's lines: received (net of returns), rejected and billed (net of
credit notes) quantities, read from the stock moves and bills linked to them, and the
order's state that follows from them. Called by every service that receives, returns or bills."""

from decimal import Decimal

from django.db.models import Q

from zhangfang.accounting.models import Invoice
from zhangfang.core.services.units import convert
from zhangfang.inventory.models import Location, Picking, Product, StockMove
from zhangfang.purchasing.models import PurchaseBillLine, PurchaseMove, PurchaseOrder, PurchaseReceipt

ZERO = Decimal("0")
OPEN = (Picking.Status.DRAFT, Picking.Status.CONFIRMED, Picking.Status.RESERVED)
Status = PurchaseOrder.Status


def adopt_backorders(order: PurchaseOrder) -> None:
    """Link the backorders the warehouse made of the order's receipts (validated outside
    purchasing) to the order; their moves are splits of the linked moves already."""
    while True:
        known = PurchaseReceipt.objects.filter(order=order).values("picking_id")
        orphans = list(Picking.objects.filter(backorder_of__in=known).exclude(pk__in=known).order_by("pk"))
        if not orphans:
            return
        PurchaseReceipt.objects.bulk_create([
            PurchaseReceipt(company_id=order.company_id, order=order, picking=picking,
                            kind=PurchaseReceipt.Kind.RECEIPT,
                            awaiting_inspection=picking.destination_id == order.warehouse.quality_location_id)
            for picking in orphans])


def open_receipts(order: PurchaseOrder) -> list[Picking]:
    """The order's receipts not yet done or cancelled (a backorder, normally)."""
    return [link.picking for link in PurchaseReceipt.objects.filter(
        order=order, kind=PurchaseReceipt.Kind.RECEIPT, picking__status__in=OPEN,
    ).select_related("picking").order_by("pk")]


def line_moves(order: PurchaseOrder, *, status: str | None = StockMove.Status.DONE) -> list[tuple[int, StockMove]]:
    """(order line id, move) for the moves of the order's receipts and returns, splits included."""
    links = dict(PurchaseMove.objects.filter(order_line__order=order).values_list("move_id", "order_line_id"))
    moves = (StockMove.objects.filter(Q(pk__in=links) | Q(split_from__in=links))
             .select_related("source", "destination", "returned_move", "picking").order_by("pk"))
    if status is not None:
        moves = moves.filter(status=status)
    return [(links.get(move.pk) or links[move.split_from_id], move) for move in moves]


def is_return(move: StockMove) -> bool:
    return move.destination.kind == Location.Kind.SUPPLIER


def order_refresh(order: PurchaseOrder) -> None:
    """Recount every line's received, rejected and billed quantities, then the order's state."""
    rejected_pickings = set(PurchaseReceipt.objects.filter(order=order, rejected=True)
                            .values_list("picking_id", flat=True))
    received, rejected = {}, {}
    for line_id, move in line_moves(order):
        if move.source.kind == Location.Kind.SUPPLIER:
            received[line_id] = received.get(line_id, ZERO) + move.quantity
        elif is_return(move):
            received[line_id] = received.get(line_id, ZERO) - move.quantity
            if move.picking_id in rejected_pickings:
                rejected[line_id] = rejected.get(line_id, ZERO) + move.quantity
    billed = {}
    for row in PurchaseBillLine.objects.filter(bill__order=order, bill__invoice__status=Invoice.Status.POSTED
                                               ).values("order_line_id", "quantity", "bill__invoice__kind"):
        sign = -1 if row["bill__invoice__kind"] == Invoice.Kind.SUPPLIER_CREDIT else 1
        billed[row["order_line_id"]] = billed.get(row["order_line_id"], ZERO) + sign * row["quantity"]
    for line in order.lines.select_related("product__uom", "uom"):
        stock_unit = line.product.uom
        values = {"received_quantity": convert(received.get(line.pk, ZERO), stock_unit, line.uom),
                  "rejected_quantity": convert(rejected.get(line.pk, ZERO), stock_unit, line.uom),
                  "billed_quantity": billed.get(line.pk, ZERO)}
        changed = [name for name, value in values.items() if getattr(line, name) != value]
        for name in changed:
            setattr(line, name, values[name])
        if changed:
            line.save(update_fields=changed)
    order_progress(order)


def order_progress(order: PurchaseOrder) -> None:
    """Move a running order to the state its lines have reached: partially received, received,
    billed (everything received is billed), or back. Closed and cancelled orders stay."""
    if order.status not in PurchaseOrder.RUNNING:
        return
    lines = list(order.lines.select_related("product"))
    goods = [line for line in lines if line.product.kind != Product.Kind.SERVICE]
    if goods and all(line.received_quantity >= line.quantity for line in goods):
        status = Status.RECEIVED
    elif any(line.received_quantity > 0 for line in goods):
        status = Status.PARTIALLY_RECEIVED
    else:
        status = Status.CONFIRMED if goods else Status.RECEIVED
    if status == Status.RECEIVED and all(
            line.billed_quantity >= (line.received_quantity if line in goods else line.quantity) for line in lines):
        status = Status.BILLED
    if status != order.status:
        order.status = status
        order.save(update_fields=["status"])
