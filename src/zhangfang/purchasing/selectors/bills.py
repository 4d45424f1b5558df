"""The 3-way match of a bill: its lines against the order's prices and what was received."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from zhangfang.inventory.models import Product
from zhangfang.inventory.services.moves import quantity_text
from zhangfang.purchasing.exceptions import BillLinesChanged
from zhangfang.purchasing.matching import Difference, MatchLine, match_differences, net_unit_price
from zhangfang.purchasing.models import PurchaseBill, PurchaseBillLine, PurchaseOrderLine
from zhangfang.purchasing.services.settings import purchasing_settings

ZERO = Decimal("0")


def deliverable(line: PurchaseOrderLine) -> Decimal:
    """What may be billed of a line before tolerance: received goods, ordered services."""
    return line.quantity if line.product.kind == Product.Kind.SERVICE else line.received_quantity


def billable(line: PurchaseOrderLine) -> Decimal:
    return max(deliverable(line) - line.billed_quantity, ZERO)


def net_price(price: Decimal, tax) -> Decimal:
    return net_unit_price(price, rate=tax.rate if tax else ZERO, price_include=bool(tax and tax.price_include))


def _bill_lines(bill: PurchaseBill) -> list[PurchaseBillLine]:
    rows = list(bill.lines.select_related("order_line__product", "order_line__uom", "order_line__tax",
                                          "invoice_line__tax").order_by("pk"))
    if not rows or any(row.invoice_line is None for row in rows):
        raise BillLinesChanged(bill=str(bill.invoice))
    return rows


def _checks(rows: list[PurchaseBillLine]) -> list[MatchLine]:
    this_bill: dict[int, Decimal] = {}
    for row in rows:
        this_bill[row.order_line_id] = this_bill.get(row.order_line_id, ZERO) + row.quantity
    return [MatchLine(product=str(row.order_line.product),
                      billed=row.order_line.billed_quantity + this_bill[row.order_line_id],
                      received=deliverable(row.order_line),
                      bill_price=net_price(row.invoice_line.unit_price, row.invoice_line.tax),
                      order_price=net_price(row.order_line.unit_price, row.order_line.tax)) for row in rows]


def bill_differences(bill: PurchaseBill) -> list[Difference]:
    """How a bill not yet posted differs from its order and receipts beyond the tolerances.
    BillLinesChanged when its lines were rewritten outside purchasing."""
    settings = purchasing_settings(bill.company)
    found = match_differences(_checks(_bill_lines(bill)), price_tolerance=settings.price_tolerance,
                              quantity_tolerance=settings.quantity_tolerance)
    return list(dict.fromkeys(found))


def difference_text(difference: Difference) -> str:
    if difference.kind == "quantity":
        return gettext("%(product)s: %(actual)s billed, %(expected)s received") % {
            "product": difference.product, "actual": quantity_text(difference.actual),
            "expected": quantity_text(difference.expected)}
    return gettext("%(product)s: billed at %(actual)s, ordered at %(expected)s") % {
        "product": difference.product, "actual": f"{difference.actual:,.2f}", "expected": f"{difference.expected:,.2f}"}


@dataclass
class MatchRow:
    line: PurchaseOrderLine
    check: MatchLine
    quantity: Decimal  # on this bill
    quantity_off: bool
    price_off: bool

    @property
    def differs(self) -> bool:
        return self.quantity_off or self.price_off


def bill_match_rows(bill: PurchaseBill) -> tuple[list[MatchRow], str | None]:
    """Per bill line: the order line, the figures matched and what is off; with the reason when the
    bill can no longer be matched (its lines were rewritten in accounting). A posted bill is shown
    as it was matched: its own quantity no longer counted twice."""
    try:
        rows = _bill_lines(bill)
    except BillLinesChanged as error:
        return [], str(error)
    checks = _checks(rows)
    if bill.invoice.status != bill.invoice.Status.DRAFT:
        checks = [MatchLine(check.product, check.billed - row.quantity, check.received, check.bill_price,
                            check.order_price) for check, row in zip(checks, rows, strict=True)]
    settings = purchasing_settings(bill.company)
    result = []
    for row, check in zip(rows, checks, strict=True):
        off = {d.kind for d in match_differences([check], price_tolerance=settings.price_tolerance,
                                                 quantity_tolerance=settings.quantity_tolerance)}
        result.append(MatchRow(line=row.order_line, check=check, quantity=row.quantity,
                               quantity_off="quantity" in off, price_off="price" in off))
    return result, None
