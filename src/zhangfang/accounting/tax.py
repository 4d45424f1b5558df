"""The VAT arithmetic of a document, pure: dataclasses in, dataclasses out, no database.

Each line's base is quantity × unit price × (1 − discount %). A tax-exclusive price adds
tax to the base; a tax-inclusive price (含税价) already contains it, so the untaxed part
is gross / (1 + rate). As Chinese practice expects, tax is computed per line and rounded
per document: for each tax the unrounded line taxes are summed and rounded once, and that
rounded figure is handed back to the lines by largest remainder, so the lines add up to
the document's tax exactly. Document totals are the sums of the lines.

Amounts are never negative here: a credit note carries positive lines, its kind gives
the sign when it is posted."""

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Enough digits for quantity (18) × price (18) × discount without the context rounding.
PRECISION = 60


@dataclass(frozen=True)
class TaxRate:
    """A tax as the arithmetic sees it; ``key`` tells two taxes with equal terms apart."""

    key: Hashable
    rate: Decimal  # percent, e.g. Decimal("13")
    price_include: bool = False
    exempt: bool = False


@dataclass(frozen=True)
class LineInput:
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = ZERO  # percent
    tax: TaxRate | None = None


@dataclass(frozen=True)
class LineAmounts:
    untaxed: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class TaxAmounts:
    """One tax of a document: the untaxed base of its lines and the tax, both rounded."""

    tax: TaxRate
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DocumentAmounts:
    lines: tuple[LineAmounts, ...]
    taxes: tuple[TaxAmounts, ...]  # in the order the taxes first appear on the lines
    untaxed: Decimal
    tax: Decimal
    total: Decimal


def _round(value: Decimal, quantum: Decimal, rounding=ROUND_HALF_UP) -> Decimal:
    return value.quantize(quantum, rounding=rounding)


def _split(base: Decimal, tax: TaxRate | None) -> Decimal:
    """The unrounded tax contained in (inclusive) or added to (exclusive) ``base``."""
    if tax is None or tax.exempt or not tax.rate:
        return ZERO
    rate = tax.rate / HUNDRED
    if tax.price_include:
        return base - base / (1 + rate)
    return base * rate


def _shares(exact: list[Decimal], total: Decimal, quantum: Decimal) -> list[Decimal]:
    """``total`` spread over the lines in proportion to ``exact`` by largest remainder:
    every line gets its amount rounded down, and the cents still missing go one each to
    the lines that lost most (the earlier line on a tie)."""
    floors = [_round(value, quantum, ROUND_DOWN) for value in exact]
    missing = int((total - sum(floors, ZERO)) / quantum)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:missing]:
        floors[index] += quantum
    return floors


def compute(lines: Sequence[LineInput], *, quantum: Decimal = CENT) -> DocumentAmounts:
    """Amounts of every line and of the document, rounded to ``quantum`` (the currency's)."""
    zero = _round(ZERO, quantum)
    with localcontext() as context:
        context.prec = PRECISION
        bases = []
        for line in lines:
            if line.quantity < 0 or line.unit_price < 0 or not ZERO <= line.discount <= HUNDRED:
                raise ValueError("quantity, unit price and discount must not be negative; discount at most 100")
            bases.append(line.quantity * line.unit_price * (1 - line.discount / HUNDRED))
        exact_tax = [_split(base, line.tax) for base, line in zip(bases, lines, strict=True)]

        by_tax: dict[TaxRate, list[int]] = defaultdict(list)
        for index, line in enumerate(lines):
            if line.tax is not None:
                by_tax[line.tax].append(index)
        line_tax = [zero] * len(lines)
        for indexes in by_tax.values():
            document_tax = _round(sum((exact_tax[i] for i in indexes), ZERO), quantum)
            for index, share in zip(indexes, _shares([exact_tax[i] for i in indexes], document_tax, quantum),
                                    strict=True):
                line_tax[index] = share

    amounts = []
    for base, line, tax in zip(bases, lines, line_tax, strict=True):
        if line.tax is not None and line.tax.price_include:
            total = _round(base, quantum)
            amounts.append(LineAmounts(untaxed=total - tax, tax=tax, total=total))
        else:
            untaxed = _round(base, quantum)
            amounts.append(LineAmounts(untaxed=untaxed, tax=tax, total=untaxed + tax))
    taxes = tuple(
        TaxAmounts(tax=tax, base=sum((amounts[i].untaxed for i in indexes), zero),
                   amount=sum((amounts[i].tax for i in indexes), zero))
        for tax, indexes in by_tax.items()
    )
    untaxed = sum((a.untaxed for a in amounts), zero)
    tax = sum((a.tax for a in amounts), zero)
    return DocumentAmounts(lines=tuple(amounts), taxes=taxes, untaxed=untaxed, tax=tax, total=untaxed + tax)
