"""Integrity checks inventory contributes to ``zhangfang check`` (CHK-1): quants agree with
the done moves, and the stock value agrees with the ledger."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Account, JournalEntry, JournalEntryLine
from zhangfang.core.integrity import register
from zhangfang.inventory.models import (
    Location,
    Lot,
    Product,
    ProductCategory,
    StockMove,
    StockQuant,
    ValuationLayer,
)

LIMIT = 20
QUANTUM, CENT, NOTHING = Decimal("0.0001"), Decimal("0.01"), Decimal("0.00")
OPEN_MOVES = (StockMove.Status.DRAFT, StockMove.Status.CONFIRMED, StockMove.Status.RESERVED)


def _qty(value) -> Decimal:
    return Decimal(value or 0).quantize(QUANTUM)  # SQLite sums decimals as floats


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _text(quantity: Decimal) -> str:
    text = f"{quantity:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sums(rows, key_fields, field) -> dict[tuple, Decimal]:
    return {tuple(row[k] for k in key_fields): _qty(row["total"])
            for row in rows.values(*key_fields).annotate(total=Sum(field)).order_by()}


def _where(keys) -> tuple[dict, dict, dict]:
    """Products, locations and lots named by (product, location, lot) keys, for the findings."""
    return (Product.objects.in_bulk({k[0] for k in keys}), Location.objects.in_bulk({k[1] for k in keys}),
            Lot.objects.in_bulk({k[2] for k in keys if k[2]}))


@register("inventory.quants_match_moves",
          _("Quantities on hand and reserved agree with the stock moves"),
          hint=_("Compare the product's move history at that location with the audit trail; quants and done moves "
                 "are only changed by the stock services. Correct a real difference with a stock count."))
def quants_match_moves():
    done = StockMove.objects.filter(status=StockMove.Status.DONE)
    keys = ("product_id", "location_id", "lot_id")
    into = _sums(done.filter(destination__kind__in=Location.STOCKED), ("product_id", "destination_id", "lot_id"),
                 "quantity")
    out = _sums(done.filter(source__kind__in=Location.STOCKED), ("product_id", "source_id", "lot_id"), "quantity")
    from_moves = defaultdict(Decimal)
    for key, quantity in into.items():
        from_moves[key] += quantity
    for key, quantity in out.items():
        from_moves[key] -= quantity
    quants = StockQuant.objects.filter(location__kind__in=Location.STOCKED)
    on_hand = _sums(quants, keys, "quantity")
    reserved = _sums(quants, keys, "reserved")
    held = _sums(StockMove.objects.filter(status__in=OPEN_MOVES, source__kind__in=Location.STOCKED),
                 ("product_id", "source_id", "lot_id"), "reserved_quantity")
    problems = []
    for key in set(from_moves) | set(on_hand):
        if from_moves.get(key, 0) != on_hand.get(key, 0):
            problems.append((key, "on hand", on_hand.get(key, 0), "the done moves give", from_moves.get(key, 0)))
    for key in set(reserved) | set(held):
        if reserved.get(key, 0) != held.get(key, 0):
            problems.append((key, "reserved", reserved.get(key, 0), "open moves hold", held.get(key, 0)))
    problems.sort(key=lambda p: (p[0][0], p[0][1], p[0][2] or 0, p[1]))
    products, locations, lots = _where([p[0] for p in problems[:LIMIT]])
    findings = []
    for (product_id, location_id, lot_id), label, kept, source, expected in problems[:LIMIT]:
        lot = f" lot {lots[lot_id].name}" if lot_id else ""
        findings.append(f"{products[product_id].code} at {locations[location_id].full_name}{lot} "
                        f"(product id {product_id}, location id {location_id}): {label} {_text(kept)}, "
                        f"{source} {_text(expected)}; see its move history")
    return findings


@register("inventory.valuation_matches_ledger",
          _("Stock value agrees with the stock accounts, and FIFO layers with what is on hand"),
          hint=_("List the account's journal lines not booked by a transfer (origin other than stock) and the "
                 "valuation layers without a journal entry; stock accounts take only stock valuation entries."))
def valuation_matches_ledger():
    findings = []
    layer_values = {(row["company_id"], row["product__category__stock_account_id"]): _money(row["total"])
                    for row in ValuationLayer.objects.values("company_id", "product__category__stock_account_id")
                    .annotate(total=Sum("value")).order_by()}
    accounts = set(ProductCategory.objects.filter(stock_account__isnull=False).values_list("stock_account_id",
                                                                                              flat=True))
    ledger = {(row["account__company_id"], row["account_id"]): _money(row["debit"]) - _money(row["credit"])
              for row in JournalEntryLine.objects.filter(account_id__in=accounts,
                                                         entry__status__in=JournalEntry.IN_LEDGER)
              .values("account__company_id", "account_id").annotate(debit=Sum("debit"), credit=Sum("credit"))
              .order_by()}
    names = Account.objects.in_bulk({key[1] for key in [*layer_values, *ledger] if key[1]})
    for key in sorted(set(layer_values) | set(ledger), key=lambda k: (k[0], k[1] or 0)):
        value, balance = layer_values.get(key, NOTHING), ledger.get(key, NOTHING)
        if value != balance:
            company_id, account_id = key
            account = names[account_id].code if account_id else "(no stock account)"
            findings.append(f"company {company_id} account {account}: stock value {value}, ledger balance {balance}; "
                            f"difference {balance - value}")
    findings += _fifo_layers()
    return findings[:LIMIT]


def _fifo_layers() -> list[str]:
    """A FIFO product not in negative stock has exactly its quantity and value left in its layers."""
    fifo = ValuationLayer.objects.filter(product__category__valuation=ProductCategory.Valuation.FIFO)
    rows = fifo.values("product_id").annotate(value=Sum("value"), left_quantity=Sum("remaining_quantity"),
                                              left_value=Sum("remaining_value")).order_by("product_id")
    on_hand = _sums(StockQuant.objects.filter(location__kind__in=Location.STOCKED,
                                              product__category__valuation=ProductCategory.Valuation.FIFO),
                    ("product_id",), "quantity")
    findings = []
    for row in rows:
        quantity = on_hand.get((row["product_id"],), _qty(0))
        if quantity < 0:
            continue
        left_quantity, left_value, value = _qty(row["left_quantity"]), _money(row["left_value"]), _money(row["value"])
        if left_quantity != quantity or left_value != value:
            product = Product.objects.get(pk=row["product_id"])
            findings.append(f"{product.code} (product id {product.pk}, FIFO): layers hold {_text(left_quantity)} "
                            f"worth {left_value}, stock is {_text(quantity)} worth {value}; see its valuation layers")
    return findings
