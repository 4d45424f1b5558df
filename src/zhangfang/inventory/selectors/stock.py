"""Stock figures: on hand, available, value (by product, location and date), the stock
report, lot traces and move history. Sums run in SQL; SQLite sums decimals as floats, so
results are brought back to 4 places (quantities) and cents (money)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from zhangfang.core.models import Company
from zhangfang.inventory.models import Location, Lot, Product, ProductCategory, StockMove, StockQuant, ValuationLayer
from zhangfang.inventory.services.warehouses import subtree

QUANTUM, CENT = Decimal("0.0001"), Decimal("0.01")
ZERO = Decimal("0")
DONE = StockMove.Status.DONE


def _quantity(value) -> Decimal:
    return Decimal(value or 0).quantize(QUANTUM)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _quants(company: Company, product: Product | None, location: Location | None) -> QuerySet:
    quants = StockQuant.objects.filter(company=company, location__kind__in=Location.STOCKED)
    if product is not None:
        quants = quants.filter(product=product)
    return quants.filter(subtree(location)) if location is not None else quants


def on_hand(company: Company, product: Product, location: Location | None = None, lot: Lot | None = None) -> Decimal:
    """Quantity on hand in the product's stock unit, in ``location`` and below it (default: all stock)."""
    quants = _quants(company, product, location)
    if lot is not None:
        quants = quants.filter(lot=lot)
    return _quantity(quants.aggregate(total=Sum("quantity"))["total"])


def available(company: Company, product: Product, location: Location | None = None) -> Decimal:
    """On hand less what is reserved for transfers."""
    sums = _quants(company, product, location).aggregate(quantity=Sum("quantity"), reserved=Sum("reserved"))
    return _quantity(sums["quantity"]) - _quantity(sums["reserved"])


def _location_moves(company: Company, location: Location, date: datetime.date | None) -> tuple[QuerySet, QuerySet]:
    """Done moves into ``location``'s subtree from outside it, and out of it to outside."""
    moves = StockMove.objects.filter(company=company, status=DONE)
    if date is not None:
        moves = moves.filter(date__lte=date)
    inside_to, inside_from = subtree(location, "destination"), subtree(location, "source")
    return moves.filter(inside_to).exclude(inside_from), moves.filter(inside_from).exclude(inside_to)


def stock_value(company: Company, *, product: Product | None = None, location: Location | None = None,
                date: datetime.date | None = None) -> Decimal:
    """Stock value in base currency at the end of ``date`` (default: now). Without a location
    it is the sum of valuation layers (what the stock accounts hold); for a location it is
    the value of the done moves into it less those out of it."""
    if location is None:
        layers = ValuationLayer.objects.filter(company=company)
        if product is not None:
            layers = layers.filter(product=product)
        if date is not None:
            layers = layers.filter(date__lte=date)
        return _money(layers.aggregate(total=Sum("value"))["total"])
    into, out_of = _location_moves(company, location, date)
    if product is not None:
        into, out_of = into.filter(product=product), out_of.filter(product=product)
    return _money(into.aggregate(total=Sum("value"))["total"]) - _money(out_of.aggregate(total=Sum("value"))["total"])


@dataclass
class StockRow:
    product: Product
    location: Location
    quantity: Decimal
    reserved: Decimal
    value: Decimal

    @property
    def available(self) -> Decimal:
        return self.quantity - self.reserved


def stock_report(company: Company, *, location: Location | None = None, product: Product | None = None,
                 category: ProductCategory | None = None, date: datetime.date | None = None) -> list[StockRow]:
    """One row per product and stocked location (lots summed) with quantity, reserved and
    value; ``date`` gives the position at the end of that day (reserved is then zero)."""
    moves = StockMove.objects.filter(company=company, status=DONE)
    if date is not None:
        moves = moves.filter(date__lte=date)
    if product is not None:
        moves = moves.filter(product=product)
    if category is not None:
        moves = moves.filter(product__category=category)
    figures: dict[tuple[int, int], list[Decimal]] = {}
    for side, sign in (("destination", 1), ("source", -1)):
        rows = (moves.filter(**{f"{side}__kind__in": Location.STOCKED}).values("product_id", f"{side}_id")
                .annotate(quantity=Sum("quantity"), value=Sum("value")).order_by())
        for row in rows:
            entry = figures.setdefault((row["product_id"], row[f"{side}_id"]), [ZERO, ZERO, ZERO])
            entry[0] += sign * _quantity(row["quantity"])
            entry[2] += sign * _money(row["value"])
    if date is None:  # now: quantities and reservations as the quants keep them
        quants = _quants(company, product, None)
        if category is not None:
            quants = quants.filter(product__category=category)
        for row in quants.values("product_id", "location_id").annotate(q=Sum("quantity"), r=Sum("reserved")):
            entry = figures.setdefault((row["product_id"], row["location_id"]), [ZERO, ZERO, ZERO])
            entry[0], entry[1] = _quantity(row["q"]), _quantity(row["r"])
    keys = [key for key, (quantity, reserved, value) in figures.items() if quantity or reserved or value]
    products = Product.objects.in_bulk({p for p, _loc in keys})
    locations = Location.objects.in_bulk({loc for _p, loc in keys})
    if location is not None:
        keys = [k for k in keys if locations[k[1]].pk == location.pk
                or locations[k[1]].full_name.startswith(location.full_name + "/")]
    rows = [StockRow(products[p], locations[loc], *figures[(p, loc)]) for p, loc in keys]
    return sorted(rows, key=lambda row: (row.product.code, row.location.full_name))


def lot_trace(lot: Lot) -> list[StockMove]:
    """Every done move of the lot or serial number, in the order they happened."""
    return list(StockMove.objects.filter(lot=lot, status=DONE).select_related("picking", "source", "destination")
                .order_by("date", "done_at", "pk"))


def move_history(company: Company, *, product: Product | None = None, location: Location | None = None,
                 lot: Lot | None = None, date_from: datetime.date | None = None,
                 date_to: datetime.date | None = None) -> QuerySet:
    """Done moves, newest first, optionally of a product, lot, or through a location's subtree."""
    moves = (StockMove.objects.filter(company=company, status=DONE)
             .select_related("product", "product__uom", "picking", "source", "destination", "lot"))
    if product is not None:
        moves = moves.filter(product=product)
    if lot is not None:
        moves = moves.filter(lot=lot)
    if location is not None:
        moves = moves.filter(subtree(location, "source") | subtree(location, "destination"))
    if date_from is not None:
        moves = moves.filter(date__gte=date_from)
    if date_to is not None:
        moves = moves.filter(date__lte=date_to)
    return moves.order_by("-date", "-done_at", "-pk")
