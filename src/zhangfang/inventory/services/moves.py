"""Move-level stock operations shared by transfers and stock counts: reserving, releasing,
doing a move (quants, lots, valuation) and booking the valuation entry.

Locks are always taken in one order — the document, then the products by id, then their
quants by id — so concurrent transfers of the same goods queue instead of deadlocking.
Every quant write holds its product's row lock, which also makes creating a missing quant
row safe without a unique-violation race."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zhangfang.accounting.models import Journal, JournalEntry
from zhangfang.accounting.services.entries import journal_entry_book
from zhangfang.core.models import Company
from zhangfang.inventory.exceptions import ChartNotLoaded, LotRequired, NotEnoughStock, SerialQuantityInvalid
from zhangfang.inventory.models import Location, Lot, Picking, Product, StockMove, StockQuant, ValuationLayer
from zhangfang.inventory.services.valuation import Posting, move_value

ZERO = Decimal("0")
Tracking = Product.Tracking


def quantity_text(quantity: Decimal) -> str:
    """12.5000 → "12.5", 3.0000 → "3": quantities as people write them."""
    text = f"{quantity:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class StockBatch:
    """The products and quants of a set of moves, locked in the fixed order; every quant
    change of a stock operation goes through one batch."""

    def __init__(self, company: Company, moves: list[StockMove]):
        self.company = company
        self.negative_ok = company.allow_negative_stock
        product_ids = sorted({move.product_id for move in moves})
        location_ids = {move.source_id for move in moves} | {move.destination_id for move in moves}
        self.products = {p.pk: p for p in (Product.objects.select_for_update(of=("self",))
                                           .select_related("category").filter(pk__in=product_ids).order_by("pk"))}
        self.quants = {(q.product_id, q.location_id, q.lot_id): q
                       for q in (StockQuant.objects.select_for_update()
                                 .filter(product_id__in=product_ids, location_id__in=location_ids).order_by("pk"))}

    def quant(self, product_id: int, location_id: int, lot_id: int | None) -> StockQuant:
        key = (product_id, location_id, lot_id)
        if key not in self.quants:
            self.quants[key] = StockQuant.objects.create(company=self.company, product_id=product_id,
                                                         location_id=location_id, lot_id=lot_id)
        return self.quants[key]

    def free(self, product_id: int, location_id: int, lot_id: int | None) -> Decimal:
        """On hand less reserved of the product at the location, and of the lot if one is named."""
        at_location = [q for (p, loc, _lot), q in self.quants.items() if p == product_id and loc == location_id]
        free = sum((q.quantity - q.reserved for q in at_location), ZERO)
        if lot_id is not None:
            quant = self.quants.get((product_id, location_id, lot_id))
            free = min(free, quant.quantity - quant.reserved if quant else ZERO)
        return free

    def _shortage(self, move: StockMove, need: Decimal, free: Decimal):
        return NotEnoughStock(product=str(self.products[move.product_id]), location=str(move.source),
                              requested=quantity_text(need), available=quantity_text(max(free, ZERO)))

    def reserve(self, move: StockMove) -> None:
        """Reserve the whole move or raise NotEnoughStock; moves from outside stock count as reserved."""
        need = move.quantity - move.reserved_quantity
        if need > 0 and move.source.is_stocked:
            free = self.free(move.product_id, move.source_id, move.lot_id)
            if free < need and not self.negative_ok:
                raise self._shortage(move, need, free)
            quant = self.quant(move.product_id, move.source_id, move.lot_id)
            quant.reserved += need
            quant.save(update_fields=["reserved"])
        move.reserved_quantity, move.status = move.quantity, StockMove.Status.RESERVED
        move.save(update_fields=["reserved_quantity", "status"])

    def unreserve(self, move: StockMove) -> None:
        """Release what the move holds (from the quant of the lot it was reserved with)."""
        if move.reserved_quantity and move.source.is_stocked:
            quant = self.quant(move.product_id, move.source_id, move.lot_id)
            quant.reserved -= move.reserved_quantity
            quant.save(update_fields=["reserved"])
        if move.reserved_quantity or move.status == StockMove.Status.RESERVED:
            move.reserved_quantity, move.status = ZERO, StockMove.Status.CONFIRMED
            move.save(update_fields=["reserved_quantity", "status"])

    def done(self, move: StockMove, date: datetime.date) -> list[Posting]:
        """Do an unreserved move: quants, lot checks, valuation. Returns its journal amounts."""
        product = self.products[move.product_id]
        if product.tracking != Tracking.NONE:
            if move.lot_id is None:
                raise LotRequired(product=str(product))
            if product.tracking == Tracking.SERIAL and move.quantity != 1:
                raise SerialQuantityInvalid(product=str(product), lot=str(move.lot))
        if move.source.is_stocked:
            free = self.free(move.product_id, move.source_id, move.lot_id)
            if free < move.quantity and not self.negative_ok:
                raise self._shortage(move, move.quantity, free)
        move.date = date
        layers, postings, move.value, move.unit_cost = move_value(move, product)  # on the stock before the move
        if move.source.is_stocked:
            quant = self.quant(move.product_id, move.source_id, move.lot_id)
            quant.quantity -= move.quantity
            quant.save(update_fields=["quantity"])
        if move.destination.is_stocked:
            quant = self.quant(move.product_id, move.destination_id, move.lot_id)
            quant.quantity += move.quantity
            quant.save(update_fields=["quantity"])
            if product.tracking == Tracking.SERIAL and _lot_on_hand(move.lot) > 1:
                raise SerialQuantityInvalid(product=str(product), lot=str(move.lot))
        ValuationLayer.objects.bulk_create(layers)
        move.status, move.done_at = StockMove.Status.DONE, timezone.now()
        move.save(update_fields=["quantity", "lot", "date", "value", "unit_cost", "status", "done_at"])
        return postings


def _lot_on_hand(lot: Lot) -> Decimal:
    total = StockQuant.objects.filter(lot=lot, location__kind__in=Location.STOCKED).aggregate(t=Sum("quantity"))["t"]
    return Decimal(total or 0)


def general_journal(company: Company) -> Journal:
    journal = Journal.objects.filter(company=company, code="general", active=True).first()
    if journal is None:
        raise ChartNotLoaded(what=_("the general journal"))
    return journal


def valuation_book(*, actor, picking: Picking, postings: list[Posting], date: datetime.date) -> JournalEntry | None:
    """Post ONE entry for a picking's valued moves — one line per account and product — and
    link the picking's new layers and done moves to it. None when nothing is valued."""
    sums: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    accounts, products = {}, {}
    for posting in postings:
        key = (posting.account.pk, posting.product.pk)
        sums[key] += posting.amount
        accounts[posting.account.pk], products[posting.product.pk] = posting.account, posting.product
    lines = []
    for (account_id, product_id), amount in sorted(sums.items(), key=lambda kv: (kv[1] < 0, kv[0])):
        if amount:
            product = products[product_id]
            lines.append({"account": accounts[account_id], "partner": picking.partner,
                          "debit": max(amount, ZERO), "credit": max(-amount, ZERO),
                          "description": f"{product.code} {product.name}"[:200]})
    if not lines:
        return None
    entry = journal_entry_book(actor=actor, company=picking.company, journal=general_journal(picking.company),
                               date=date, lines=lines, origin=JournalEntry.Origin.STOCK, reference=picking.number,
                               narration=f"{picking.get_kind_display()} {picking.number}")
    layers = ValuationLayer.objects.filter(move__picking=picking, journal_entry__isnull=True)
    StockMove.objects.filter(pk__in=set(layers.values_list("move_id", flat=True))).update(journal_entry=entry)
    layers.update(journal_entry=entry)
    return entry
