"""The arithmetic of purchasing, pure: net prices, the 3-way match, the price difference
between billed and received value, the comparison of quotations and supplier ratings.
Plain values in, plain values out; the services load rows and save the results."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
UNIT = Decimal("0.000001")  # unit prices and costs: 6 places


def net_unit_price(price: Decimal, *, rate: Decimal = ZERO, price_include: bool = False) -> Decimal:
    """The unit price without VAT: a tax-inclusive price (含税价) contains ``rate`` percent."""
    if price_include and rate:
        price = price / (1 + rate / HUNDRED)
    return price.quantize(UNIT, rounding=ROUND_HALF_UP)


def within(actual: Decimal, allowed: Decimal, tolerance: Decimal) -> bool:
    """``actual`` is at most ``allowed`` plus ``tolerance`` percent of it."""
    return actual <= allowed * (1 + tolerance / HUNDRED)


# --- the 3-way match --------------------------------------------------------------------

@dataclass(frozen=True)
class MatchLine:
    """One bill line against its order line. Quantities in the order line's unit;
    ``billed`` counts this bill and every earlier one not credited; prices net of tax."""

    product: str
    billed: Decimal
    received: Decimal  # for services: what was ordered (there is nothing to receive)
    bill_price: Decimal
    order_price: Decimal


@dataclass(frozen=True)
class Difference:
    product: str
    kind: str  # "quantity" | "price"
    expected: Decimal  # received quantity or order price
    actual: Decimal  # billed quantity or bill price


def match_differences(lines: Sequence[MatchLine], *, price_tolerance: Decimal,
                      quantity_tolerance: Decimal) -> list[Difference]:
    """What keeps a bill from posting without approval: more billed than received (beyond
    the quantity tolerance) or a price off the order's by more than the price tolerance,
    either way."""
    found = []
    for line in lines:
        if not within(line.billed, line.received, quantity_tolerance):
            found.append(Difference(line.product, "quantity", line.received, line.billed))
        if abs(line.bill_price - line.order_price) > line.order_price * price_tolerance / HUNDRED:
            found.append(Difference(line.product, "price", line.order_price, line.bill_price))
    return found


# --- price differences ------------------------------------------------------------------

def _share(value: Decimal, part: Decimal, whole: Decimal, quantum: Decimal) -> Decimal:
    if not whole:
        return ZERO
    if part == whole:
        return value
    return (value * part / whole).quantize(quantum, rounding=ROUND_HALF_UP)


def price_difference_due(*, received_quantity: Decimal, received_value: Decimal, billed_quantity: Decimal,
                         billed_value: Decimal, quantum: Decimal = Decimal("0.01")) -> Decimal:
    """How much of goods received not invoiced (GRNI) belongs to the price difference
    account for one order line, in base currency: + when more was billed than received.

    Only the quantity both received and billed is matched, each side at its own average:
    billed value of it − received value of it. Once a line is received and billed in full
    this is the whole billed value less the whole received value, so GRNI is left at zero;
    what is received but not billed (or billed but not received) stays in GRNI."""
    matched = min(received_quantity, billed_quantity)
    if matched <= 0:
        return ZERO
    return (_share(billed_value, matched, billed_quantity, quantum)
            - _share(received_value, matched, received_quantity, quantum))


# --- comparing quotations ---------------------------------------------------------------

@dataclass(frozen=True)
class Offer:
    key: object  # the quotation line
    total: Decimal  # in base currency, for comparing across currencies
    lead_days: int | None


def best_offers(offers: Sequence[Offer]) -> tuple[set, set]:
    """(keys of the cheapest offers, keys of the fastest) among the quoted ones; ties share the flag."""
    priced = [offer for offer in offers if offer.total is not None]
    cheapest = min((offer.total for offer in priced), default=None)
    timed = [offer.lead_days for offer in priced if offer.lead_days is not None]
    fastest = min(timed, default=None)
    return ({offer.key for offer in priced if offer.total == cheapest},
            {offer.key for offer in priced if fastest is not None and offer.lead_days == fastest})


# --- supplier rating --------------------------------------------------------------------

@dataclass(frozen=True)
class Rating:
    receipts: int
    on_time: int
    received: Decimal
    rejected: Decimal
    billed_value: Decimal  # at bill prices
    ordered_value: Decimal  # the same quantities at order prices

    @property
    def on_time_rate(self) -> Decimal | None:
        """Percent of receipts done on or before the order's expected date."""
        return _percent(Decimal(self.on_time), Decimal(self.receipts))

    @property
    def rejected_share(self) -> Decimal | None:
        """Percent of the quantity received that was sent back as faulty."""
        return _percent(self.rejected, self.received)

    @property
    def price_variance(self) -> Decimal | None:
        """Percent the bills came to above (+) or below (−) the order prices, weighted by value."""
        return _percent(self.billed_value - self.ordered_value, self.ordered_value)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
