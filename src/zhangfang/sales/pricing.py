"""Which price-list price applies, pure: dataclasses in, a Decimal out, no database.

Among a product's items valid on the order date (``valid_from``/``valid_to`` inclusive, either
open) whose minimum quantity the ordered quantity reaches, the one with the highest minimum
quantity wins — a volume break beats the base price; on a tie the one valid from latest (a
promotion beats the standing price), then the lower price."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PriceItem:
    min_quantity: Decimal
    price: Decimal
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def applies(self, quantity: Decimal, on_date: datetime.date) -> bool:
        return (quantity >= self.min_quantity and (self.valid_from is None or self.valid_from <= on_date)
                and (self.valid_to is None or on_date <= self.valid_to))


def pick_price(items: Iterable[PriceItem], *, quantity: Decimal, on_date: datetime.date) -> Decimal | None:
    """The price that applies to ``quantity`` on ``on_date``, or None when no item does."""
    candidates = [item for item in items if item.applies(quantity, on_date)]
    if not candidates:
        return None
    best = max(candidates, key=lambda item: (item.min_quantity, item.valid_from or datetime.date.min, -item.price))
    return best.price
