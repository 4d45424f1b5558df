"""Set-up and master data: virtual locations, warehouses, location trees, categories,
products with units, variants and barcodes, lots."""

from decimal import Decimal

import pytest

from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import AuditRecord, Uom
from zhangfang.inventory.exceptions import (
    CategoryHasStock,
    ChartNotLoaded,
    InventoryNotSetUp,
    ProductHasMoves,
    StockFieldInvalid,
)
from zhangfang.inventory.models import Location, ProductCategory, Warehouse
from zhangfang.inventory.services.products import (
    lot_create,
    product_category_create,
    product_category_update,
    product_create,
    product_update,
)
from zhangfang.inventory.services.setup import default_warehouse, inventory_setup, virtual_location
from zhangfang.inventory.services.warehouses import location_create, location_update, warehouse_create


def test_setup_creates_virtual_locations_a_category_and_the_first_warehouse_once(stock):
    again = inventory_setup(actor=stock.actor, company=stock.company)

    assert again == stock.warehouse == default_warehouse(stock.company)
    names = dict(Location.objects.filter(company=stock.company).values_list("full_name", "kind"))
    assert names == {"Partners": "view", "Partners/Suppliers": "supplier", "Partners/Customers": "customer",
                     "Virtual": "view", "Virtual/Inventory loss": "loss", "Virtual/Production": "production",
                     "Virtual/Transit": "transit", "WH": "view", "WH/Stock": "internal", "WH/Quality": "internal"}
    default = ProductCategory.objects.filter(company=stock.company).order_by("pk").first()
    assert (default.name, default.stock_account.code, default.input_account.code, default.output_account.code,
            default.loss_account.code) == ("All products", "1405", "2209", "6401", "1901")
    assert virtual_location(stock.company, Location.Kind.TRANSIT).full_name == "Virtual/Transit"


def test_setup_needs_the_chart_and_locations_need_the_setup(admin, company):
    with pytest.raises(InventoryNotSetUp):
        virtual_location(company, Location.Kind.SUPPLIER)
    with pytest.raises(ChartNotLoaded, match="1405"):
        inventory_setup(actor=admin, company=company)
    assert not Location.objects.exists()


def test_locations_form_a_tree_whose_names_follow_a_move(stock):
    hankou = warehouse_create(actor=stock.actor, company=stock.company, code="hk", name="汉口仓")
    shelf = location_create(actor=stock.actor, company=stock.company, name="A01", parent=stock.stock)
    bin_ = location_create(actor=stock.actor, company=stock.company, name="Bin 1", parent=shelf)

    location_update(actor=stock.actor, location=shelf, parent=hankou.stock_location, name="B01")

    bin_.refresh_from_db()
    assert (hankou.code, hankou.stock_location.full_name) == ("HK", "HK/Stock")
    assert (bin_.full_name, bin_.warehouse) == ("HK/Stock/B01/Bin 1", hankou)
    with pytest.raises(StockFieldInvalid):
        location_update(actor=stock.actor, location=shelf, parent=bin_)
    with pytest.raises(StockFieldInvalid):
        warehouse_create(actor=stock.actor, company=stock.company, code="HK", name="again")
    assert Warehouse.objects.count() == 2


def test_products_check_units_barcodes_and_variants(stock):
    box, kilogram = (Uom.objects.get(company=stock.company, symbol=s) for s in ("box", "kg"))
    main = stock.product(barcode="6921234500019", purchase_uom=box, sale_price=Decimal("12.50"))
    variant = stock.product(variant_of=main, attributes={"颜色": "红"})

    assert main.variants.get() == variant and main.purchase_uom == box
    with pytest.raises(StockFieldInvalid) as unit:
        stock.product(purchase_uom=kilogram)
    with pytest.raises(StockFieldInvalid) as barcode:
        stock.product(barcode="6921234500019")
    with pytest.raises(StockFieldInvalid) as nested:
        stock.product(variant_of=variant)
    with pytest.raises(StockFieldInvalid) as price:
        stock.product(sale_price=1.5)
    assert [list(e.value.fields) for e in (unit, barcode, nested, price)] == [
        ["purchase_uom"], ["barcode"], ["variant_of"], ["sale_price"]]
    assert AuditRecord.objects.filter(object_type="inventory.product", action="create").count() == 2


def test_stock_account_and_unit_stay_while_there_is_stock(stock):
    product = stock.product("average")
    stock.receive(product, "2", "3.00")

    with pytest.raises(CategoryHasStock):
        product_category_update(actor=stock.actor, category=product.category, valuation="fifo")
    with pytest.raises(CategoryHasStock):
        product_update(actor=stock.actor, product=product, category=stock.categories["fifo"])
    with pytest.raises(ProductHasMoves):
        product_update(actor=stock.actor, product=product, uom=Uom.objects.get(company=stock.company, symbol="dz"))
    product_update(actor=stock.actor, product=product, name="改名", sale_price=Decimal("9.90"))
    stock.deliver(product, "2")
    product_update(actor=stock.actor, product=product, category=stock.categories["fifo"])


def test_categories_inherit_accounts_and_lots_need_tracking(stock):
    child = product_category_create(actor=stock.actor, company=stock.company, name="钢材",
                                    parent=stock.categories["fifo"], stock_account=stock.account("1403"))
    untracked = stock.product()
    tracked = stock.product(tracking="lot")

    assert (child.stock_account.code, child.output_account.code) == ("1403", "6401")
    with pytest.raises(StockFieldInvalid):
        lot_create(actor=stock.actor, company=stock.company, product=untracked, name="L1")
    lot_create(actor=stock.actor, company=stock.company, product=tracked, name="L1")
    with pytest.raises(StockFieldInvalid):
        lot_create(actor=stock.actor, company=stock.company, product=tracked, name="L1")


def test_master_data_needs_inventory_rights(stock, make_user):
    buyer = make_user("buyer")

    with pytest.raises(PermissionDenied):
        product_create(actor=buyer, company=stock.company, code="X", name="X", category=stock.categories["fifo"],
                       uom=stock.piece)
    with pytest.raises(PermissionDenied):
        warehouse_create(actor=buyer, company=stock.company, code="X", name="X")
