"""Read queries of the inventory pages and API lists: rows with their stock figures summed in
SQL, so a list of any length takes a fixed number of queries."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zhangfang.accounting.selectors.ledger import account_activity
from zhangfang.core.models import Company
from zhangfang.inventory.models import (
    Location,
    Lot,
    Picking,
    Product,
    ProductCategory,
    StockMove,
    StockQuant,
    ValuationLayer,
)

QTY = DecimalField(max_digits=18, decimal_places=4)
MONEY = DecimalField(max_digits=18, decimal_places=2)
ZERO = Decimal("0")
CENT, QUANTUM, COST = Decimal("0.01"), Decimal("0.0001"), Decimal("0.000001")
STOCKED = Location.STOCKED  # internal and transit: the company's goods, on hand and valued


def _total(rows: QuerySet, field: str, output: DecimalField):
    """SUM(field) of ``rows`` (filtered on an OuterRef) as a correlated subquery, 0 when there are none."""
    # Grouping by a constant keeps one row per outer row whatever the driver.
    summed = rows.order_by().annotate(one=Value(1)).values("one").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(summed[:1], output_field=output), Value(ZERO), output_field=output)


def products(company: Company) -> QuerySet:
    """Products with on hand, reserved and available (in stocked locations) and their stock value."""
    quants = StockQuant.objects.filter(product=OuterRef("pk"), location__kind__in=STOCKED)
    return (Product.objects.filter(company=company).select_related("category", "uom")
            .annotate(on_hand=_total(quants, "quantity", QTY), reserved=_total(quants, "reserved", QTY),
                      value=_total(ValuationLayer.objects.filter(product=OuterRef("pk")), "value", MONEY))
            .annotate(available=F("on_hand") - F("reserved")))


def categories(company: Company) -> QuerySet:
    return (ProductCategory.objects.filter(company=company)
            .select_related("parent", "stock_account", "input_account", "output_account", "loss_account")
            .annotate(product_count=Count("products")).order_by("name"))


def locations(company: Company) -> QuerySet:
    return Location.objects.filter(company=company).select_related("warehouse").order_by("full_name")


def lots(company: Company) -> QuerySet:
    quants = StockQuant.objects.filter(lot=OuterRef("pk"), location__kind__in=STOCKED)
    return Lot.objects.filter(company=company).select_related("product").annotate(
        on_hand=_total(quants, "quantity", QTY))


def pickings(company: Company) -> QuerySet:
    return Picking.objects.filter(company=company).select_related("partner", "source", "destination")


def moves(company: Company) -> QuerySet:
    return StockMove.objects.filter(company=company).select_related(
        "picking", "product", "product__uom", "lot", "source", "destination")


def quants(company: Company) -> QuerySet:
    """Stock on hand: what is in stocked locations, a row per product, location and lot."""
    return (StockQuant.objects.filter(company=company, location__kind__in=STOCKED).exclude(quantity=0, reserved=0)
            .select_related("product", "product__uom", "product__category", "location", "lot")
            .annotate(available=F("quantity") - F("reserved"))
            .order_by("product__code", "location__full_name", "lot__name"))


def unit_costs(company: Company, product_ids) -> dict[int, Decimal]:
    """Stock value per unit on hand of each product: its valuation layers' value over its
    quantity in stocked locations. Locations share a product's cost; only the product is valued,
    and only goods are (consumables are expensed when bought)."""
    quantities = dict(StockQuant.objects.filter(company=company, location__kind__in=STOCKED, product_id__in=product_ids,
                                                product__kind=Product.Kind.GOODS)
                      .values("product_id").annotate(total=Sum("quantity")).values_list("product_id", "total"))
    values = dict(ValuationLayer.objects.filter(company=company, product_id__in=product_ids)
                  .values("product_id").annotate(total=Sum("value")).values_list("product_id", "total"))
    return {product: (Decimal(values.get(product) or 0).quantize(CENT)
                      / Decimal(quantity).quantize(QUANTUM)).quantize(COST)
            for product, quantity in quantities.items() if quantity and Decimal(quantity) > 0}


def quant_totals(rows: QuerySet, costs: dict[int, Decimal]) -> dict:
    """Totals of the stock-on-hand rows: the value at each product's unit cost, and the
    quantities when the rows share one unit (kilograms and pieces do not add up)."""
    per_product = (rows.order_by().values("product_id", "product__uom_id")
                   .annotate(quantity=Sum("quantity"), reserved=Sum("reserved")))
    totals = {"quantity": ZERO, "reserved": ZERO, "value": ZERO}
    units = set()
    for row in per_product:
        quantity = Decimal(row["quantity"] or 0).quantize(QUANTUM)
        units.add(row["product__uom_id"])
        totals["quantity"] += quantity
        totals["reserved"] += Decimal(row["reserved"] or 0).quantize(QUANTUM)
        totals["value"] += (quantity * costs.get(row["product_id"], ZERO)).quantize(CENT)
    totals["available"] = totals["quantity"] - totals["reserved"]
    if len(units) > 1:
        totals.update(quantity=None, reserved=None, available=None)
    return totals


def stock_ledger_balance(company: Company, date) -> Decimal:
    """Debit balance on ``date`` of the accounts the company's categories keep stock in."""
    accounts = set(ProductCategory.objects.filter(company=company, stock_account__isnull=False)
                   .values_list("stock_account_id", flat=True))
    activity = account_activity(company, None, date, accounts=accounts) if accounts else {}
    return sum((debit - credit for debit, credit in activity.values()), ZERO)
