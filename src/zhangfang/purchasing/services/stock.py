"""The warehouse side of an order: the receipt picking its lines become, valued at the order's
net price in base currency, and the links from pickings and moves back to the order."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from zhangfang.core.services.currencies import rate_on
from zhangfang.core.services.units import convert
from zhangfang.inventory.models import Location, Picking, StockMove
from zhangfang.inventory.services.pickings import picking_confirm, picking_create
from zhangfang.inventory.services.setup import virtual_location
from zhangfang.purchasing.matching import net_unit_price
from zhangfang.purchasing.models import PurchaseMove, PurchaseOrder, PurchaseOrderLine, PurchaseReceipt
from zhangfang.purchasing.services.settings import purchasing_settings

COST = Decimal("0.000001")
ZERO = Decimal("0")


def unit_cost(line: PurchaseOrderLine, on_date: datetime.date) -> Decimal:
    """Base currency per stock unit: the line's price net of VAT, at the rate of ``on_date``."""
    order, tax = line.order, line.tax
    net = net_unit_price(line.unit_price, rate=tax.rate if tax else ZERO, price_include=bool(tax and tax.price_include))
    rate = rate_on(company=order.company, currency=order.currency, on_date=on_date)
    # one line unit holds line.uom.ratio / stock unit ratio stock units
    return (net * rate * line.product.uom.ratio / line.uom.ratio).quantize(COST, rounding=ROUND_HALF_UP)


def stock_quantity(line: PurchaseOrderLine, quantity: Decimal) -> Decimal:
    return convert(quantity, line.uom, line.product.uom)


def receipt_link(order: PurchaseOrder, picking: Picking, kind: str, **flags) -> PurchaseReceipt:
    return PurchaseReceipt.objects.create(company_id=order.company_id, order=order, picking=picking, kind=kind, **flags)


def moves_link(picking: Picking, lines: list[PurchaseOrderLine]) -> list[StockMove]:
    """Tie the picking's moves, created in the order of ``lines``, to those lines."""
    moves = list(picking.moves.order_by("pk"))
    PurchaseMove.objects.bulk_create([PurchaseMove(order_line=line, move=move)
                                      for line, move in zip(lines, moves, strict=True)])
    return moves


def receipt_create(*, actor, order: PurchaseOrder, planned: dict[PurchaseOrderLine, Decimal], date: datetime.date,
                   scheduled_date: datetime.date | None = None) -> tuple[Picking | None, dict]:
    """A waiting receipt from the supplier into the warehouse's stock (or quality-hold) location
    for ``planned`` quantities of the stocked lines (line units), valued at the rate of ``date``;
    returns it with {line: move}, or (None, {}) when nothing is stocked. The caller has checked
    its right to the order, so inventory rights are not asked for."""
    planned = {line: quantity for line, quantity in planned.items() if quantity > 0 and line.product.is_stocked}
    if not planned:
        return None, {}
    hold = bool(purchasing_settings(order.company).use_quality_hold and order.warehouse.quality_location_id)
    picking = picking_create(
        actor=actor, company=order.company, kind=Picking.Kind.RECEIPT, partner=order.supplier,
        source=virtual_location(order.company, Location.Kind.SUPPLIER),
        destination=order.warehouse.quality_location if hold else order.warehouse.stock_location,
        scheduled_date=scheduled_date or date, origin=order.number, authorised=True,
        lines=[{"product": line.product, "quantity": stock_quantity(line, quantity), "unit_cost": unit_cost(line, date)}
               for line, quantity in planned.items()])
    picking = picking_confirm(actor=actor, picking=picking, authorised=True)
    receipt_link(order, picking, PurchaseReceipt.Kind.RECEIPT, awaiting_inspection=hold)
    return picking, dict(zip(planned, moves_link(picking, list(planned)), strict=True))
