"""Supplier prices: the list, and the price that applies to a purchase."""

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet

from zhangfang.core.errors import RateMissing
from zhangfang.core.models import Company, Partner
from zhangfang.core.services.currencies import rate_on
from zhangfang.inventory.models import Product
from zhangfang.purchasing.models import SupplierPrice


def supplier_prices(company: Company) -> QuerySet:
    return SupplierPrice.objects.filter(company=company).select_related("supplier", "product", "currency")


def _valid(company: Company, product: Product, quantity: Decimal, on_date: datetime.date) -> QuerySet:
    return (SupplierPrice.objects.filter(company=company, product=product, active=True, supplier__active=True,
                                         min_quantity__lte=quantity)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on_date))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
            .select_related("supplier", "currency"))


def supplier_price_for(*, company: Company, product: Product, quantity: Decimal, on_date: datetime.date,
                       supplier: Partner | None = None) -> SupplierPrice | None:
    """The price that applies to buying ``quantity`` (purchase unit) on ``on_date``: each
    supplier's highest quantity break reached, then the cheapest in base currency, then the
    quickest. With ``supplier``, that supplier's price only."""
    rows = _valid(company, product, quantity, on_date)
    if supplier is not None:
        rows = rows.filter(supplier=supplier)
    best: dict[int, SupplierPrice] = {}
    for row in rows.order_by("supplier_id", "-min_quantity", "price", "pk"):
        best.setdefault(row.supplier_id, row)

    def rank(row: SupplierPrice):
        try:
            base = row.price * rate_on(company=company, currency=row.currency, on_date=on_date)
        except RateMissing:  # not comparable: after those that are
            return (1, row.price, row.lead_days, row.pk)
        return (0, base, row.lead_days, row.pk)

    return min(best.values(), key=rank, default=None)
