"""Setting a company up for inventory: the virtual locations every move needs, a default
product category carrying the chart's stock accounts, and a first warehouse."""

from django.db import transaction
from django.utils.translation import gettext as _

from zhangfang.accounting.charts import STOCK_ACCOUNTS
from zhangfang.accounting.models import Account
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company
from zhangfang.inventory.exceptions import ChartNotLoaded, InventoryNotSetUp, StockFieldInvalid, field_error
from zhangfang.inventory.models import Location, ProductCategory, Warehouse
from zhangfang.inventory.services.warehouses import location_insert, warehouse_create

Kind = Location.Kind
# (parent, name, kind): where goods come from and go to outside the warehouses.
VIRTUAL_LOCATIONS = [
    (None, "Partners", Kind.VIEW),
    ("Partners", "Suppliers", Kind.SUPPLIER),
    ("Partners", "Customers", Kind.CUSTOMER),
    (None, "Virtual", Kind.VIEW),
    ("Virtual", "Inventory loss", Kind.LOSS),
    ("Virtual", "Production", Kind.PRODUCTION),
    ("Virtual", "Transit", Kind.TRANSIT),
]
VIRTUAL_KINDS = (Kind.SUPPLIER, Kind.CUSTOMER, Kind.LOSS, Kind.PRODUCTION, Kind.TRANSIT)


def category_accounts(company: Company, template: str = "prc") -> dict[str, Account]:
    """The chart's stock accounts by category field, e.g. {"stock_account": <1405>, ...}."""
    codes = STOCK_ACCOUNTS.get(template)
    if codes is None:
        raise field_error(StockFieldInvalid, "template", _("there is no chart template called %s.") % template)
    accounts = {a.code: a for a in Account.objects.filter(company=company, code__in=codes.values())}
    missing = sorted(code for code in codes.values() if code not in accounts)
    if missing:
        raise ChartNotLoaded(what=_("account %s") % ", ".join(missing))
    return {field: accounts[code] for field, code in codes.items()}


def inventory_setup(*, actor, company: Company, template: str = "prc") -> Warehouse:
    """Create what the company is missing of: the virtual locations, a default category
    "All products" with the chart's accounts, the warehouse WH. Idempotent; returns the
    default warehouse (WH, or the first one)."""
    permissions.require(actor, company, "inventory.add_warehouse")
    with transaction.atomic():
        existing = {loc.full_name: loc for loc in Location.objects.filter(company=company, warehouse__isnull=True)}
        for parent, name, kind in VIRTUAL_LOCATIONS:
            full_name = f"{parent}/{name}" if parent else name
            if full_name in existing or (kind != Kind.VIEW and _first_of_kind(company, kind)):
                continue
            existing[full_name] = location_insert(actor=actor, company=company, name=name,
                                                  parent=existing.get(parent), kind=kind)
        if not ProductCategory.objects.filter(company=company).exists():
            category = ProductCategory.objects.create(company=company, name=_("All products"),
                                                      **category_accounts(company, template))
            audit.record(actor=actor, action="create", obj=category, after=audit.snapshot(category))
        warehouse = (Warehouse.objects.filter(company=company, code="WH").first()
                     or Warehouse.objects.filter(company=company).order_by("pk").first())
        if warehouse is None:
            warehouse = warehouse_create(actor=actor, company=company, code="WH", name=_("Main warehouse"))
    return warehouse


def _first_of_kind(company: Company, kind: str) -> Location | None:
    return Location.objects.filter(company=company, kind=kind).order_by("pk").first()


def virtual_location(company: Company, kind: str) -> Location:
    """The company's supplier, customer, inventory-loss, production or transit location."""
    location = _first_of_kind(company, kind) if kind in VIRTUAL_KINDS else None
    if location is None:
        raise InventoryNotSetUp(what=_("%s location") % Location.Kind(kind).label if kind in Kind.values else kind)
    return location


def default_warehouse(company: Company) -> Warehouse:
    warehouse = (Warehouse.objects.filter(company=company, code="WH", active=True).first()
                 or Warehouse.objects.filter(company=company, active=True).order_by("pk").first())
    if warehouse is None:
        raise InventoryNotSetUp(what=_("warehouse"))
    return warehouse
