"""Supplier rating from what happened (SCM-3): deliveries on time, goods sent back as faulty,
and how far bills strayed from order prices."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, Q, Sum

from zhangfang.accounting.models import Invoice
from zhangfang.core.models import Company, Partner
from zhangfang.inventory.models import Location, Picking, StockMove
from zhangfang.purchasing.matching import Rating
from zhangfang.purchasing.models import PurchaseBillLine, PurchaseReceipt

ZERO = Decimal("0")
PRODUCT = DecimalField(max_digits=38, decimal_places=10)


@dataclass
class SupplierRating:
    supplier: Partner
    rating: Rating


def supplier_rating(company: Company, *, supplier: Partner | None = None, date_from: datetime.date | None = None,
                    date_to: datetime.date | None = None) -> list[SupplierRating]:
    """One row per supplier with done receipts or posted bills in the period (dates of the
    receipts and bills), best on-time rate first. Quantities in stock units."""
    links = PurchaseReceipt.objects.filter(company=company, picking__status=Picking.Status.DONE)
    bills = PurchaseBillLine.objects.filter(bill__company=company, bill__invoice__status=Invoice.Status.POSTED,
                                            bill__invoice__kind=Invoice.Kind.SUPPLIER_BILL)
    if supplier is not None:
        links, bills = links.filter(order__supplier=supplier), bills.filter(bill__order__supplier=supplier)
    if date_from:
        links, bills = links.filter(picking__done_date__gte=date_from), bills.filter(bill__invoice__date__gte=date_from)
    if date_to:
        links, bills = links.filter(picking__done_date__lte=date_to), bills.filter(bill__invoice__date__lte=date_to)
    stats: dict[int, dict] = {}

    def row(supplier_id: int) -> dict:
        return stats.setdefault(supplier_id, {"receipts": 0, "on_time": 0, "received": ZERO, "rejected": ZERO,
                                              "billed_value": ZERO, "ordered_value": ZERO})

    receipts = links.filter(kind=PurchaseReceipt.Kind.RECEIPT)
    for supplier_id, done, expected in receipts.values_list("order__supplier_id", "picking__done_date",
                                                            "order__expected_date"):
        row(supplier_id)["receipts"] += 1
        row(supplier_id)["on_time"] += done <= expected
    moved = (StockMove.objects.filter(status=StockMove.Status.DONE, picking__in=links.values("picking"))
             .values("picking__purchase_receipt__order__supplier_id")
             .annotate(received=Sum("quantity", filter=Q(source__kind=Location.Kind.SUPPLIER)),
                       rejected=Sum("quantity", filter=Q(destination__kind=Location.Kind.SUPPLIER,
                                                         picking__purchase_receipt__rejected=True)))
             .order_by())
    for item in moved:
        stats_row = row(item["picking__purchase_receipt__order__supplier_id"])
        stats_row["received"] += item["received"] or ZERO
        stats_row["rejected"] += item["rejected"] or ZERO
    priced = (bills.values("bill__order__supplier_id")
              .annotate(billed=Sum(F("quantity") * F("unit_price"), output_field=PRODUCT),
                        ordered=Sum(F("quantity") * F("order_line__unit_price"), output_field=PRODUCT)).order_by())
    for item in priced:
        stats_row = row(item["bill__order__supplier_id"])
        stats_row["billed_value"] += item["billed"] or ZERO
        stats_row["ordered_value"] += item["ordered"] or ZERO
    partners = Partner.objects.in_bulk(list(stats))
    rows = [SupplierRating(supplier=partners[pk], rating=Rating(**values)) for pk, values in stats.items()]
    return sorted(rows, key=lambda r: (-(r.rating.on_time_rate or Decimal(-1)), r.supplier.name))
