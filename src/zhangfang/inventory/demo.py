"""The demo company's inventory: two warehouses in Wuhan, categories valued FIFO (raw
materials, 1403) and at moving average (finished goods, 1405), the parts and products of a
maker of spindles, servo drives and gearboxes, and reorder rules. Stock itself arrives
through the purchasing demo, which runs after this one; ``demo_stocktake`` counts it."""

from decimal import Decimal

from django.utils import timezone

from zhangfang.accounting.models import Account, Tax
from zhangfang.core.models import Partner, Uom
from zhangfang.inventory.models import Location, Product, StockCount
from zhangfang.inventory.services.counts import (
    stock_count_cancel,
    stock_count_create,
    stock_count_line_set,
    stock_count_start,
    stock_count_validate,
)
from zhangfang.inventory.services.products import lot_create, product_category_create, product_create
from zhangfang.inventory.services.replenishment import reorder_rule_create
from zhangfang.inventory.services.setup import inventory_setup
from zhangfang.inventory.services.warehouses import location_create, warehouse_create, warehouse_update

# name, valuation, stock account
CATEGORIES = [("原材料", "fifo", "1403"), ("库存商品", "average", "1405"), ("周转材料", "average", "1411")]
# code, name, category, kind, stock unit, purchase unit, tracking, purchase price, sale price, VAT
PRODUCTS = [
    ("RM-STL-001", "冷轧钢板 SPCC 1.0mm", "原材料", "goods", "kg", "t", "none", "5.20", "0", "13"),
    ("RM-STL-002", "不锈钢板 SUS304 2.0mm", "原材料", "goods", "kg", "t", "none", "16.80", "0", "13"),
    ("RM-ALU-001", "铝型材 6063-T5 40×40", "原材料", "goods", "m", None, "none", "23.50", "0", "13"),
    ("RM-BRG-001", "深沟球轴承 6205-2RS", "原材料", "goods", "pcs", "box", "none", "8.50", "0", "13"),
    ("RM-MOT-001", "伺服电机 1.5kW 200V", "原材料", "goods", "pcs", None, "serial", "1850.00", "0", "13"),
    ("RM-PCB-001", "伺服驱动控制板 V3", "原材料", "goods", "pcs", None, "none", "320.00", "0", "13"),
    ("RM-GRS-001", "锂基润滑脂 2#", "原材料", "goods", "kg", None, "lot", "28.00", "0", "13"),
    ("FG-JC200", "JC-200 数控主轴单元", "库存商品", "goods", "pcs", None, "none", "0", "12800.00", "13"),
    ("FG-JC80", "JC-80 伺服驱动模组", "库存商品", "goods", "pcs", None, "none", "0", "4600.00", "13"),
    ("FG-JC35", "JC-35 精密减速机", "库存商品", "goods", "pcs", None, "none", "0", "3200.00", "13"),
    ("PK-CTN-001", "五层瓦楞纸箱 600×400×400", "周转材料", "consumable", "pcs", None, "none", "6.80", "0", "13"),
    ("SV-COMM-001", "设备安装调试服务", "库存商品", "service", "h", None, "none", "0", "480.00", "6"),
]
# The gearbox comes in three reduction ratios.
VARIANTS = [("FG-JC35-10", "1:10", "3200.00"), ("FG-JC35-20", "1:20", "3350.00"), ("FG-JC35-50", "1:50", "3600.00")]
# product code, warehouse code, minimum, maximum, multiple, lead days, supplier
RULES = [
    ("RM-STL-001", "WH", "2000", "8000", "1000", 5, "宝武钢铁集团武汉分公司"),
    ("RM-BRG-001", "WH", "200", "1000", "100", 7, "苏州精密轴承有限公司"),
    ("RM-PCB-001", "WH", "20", "100", "10", 10, "深圳华强电子元件有限公司"),
    ("RM-GRS-001", "WH", "20", "100", "20", 3, "长沙恒通机电贸易有限公司"),
    ("PK-CTN-001", "WH", "100", "500", "50", 2, "东莞塑胶制品厂"),
    ("FG-JC80", "HK", "5", "20", "1", 0, None),
]


def _ean13(number: int) -> str:
    """A valid EAN-13 under the demo's (made-up) company prefix 692123450."""
    digits = f"69212345{number:04d}"
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return f"{digits}{check}"


def build(*, company, admin) -> None:
    main = inventory_setup(actor=admin, company=company)
    warehouse_update(actor=admin, warehouse=main, name="江城主仓库", address="武汉市东西湖区金银湖路 18 号")
    hankou = warehouse_create(actor=admin, company=company, code="HK", name="汉口仓",
                              address="武汉市江岸区后湖大道 256 号")
    for shelf in ("A01", "A02", "B01"):
        location_create(actor=admin, company=company, name=shelf, parent=main.stock_location)
    accounts = {a.code: a for a in Account.objects.filter(company=company, code__in=("1403", "1405", "1411"))}
    categories = {name: product_category_create(actor=admin, company=company, name=name, valuation=valuation,
                                                stock_account=accounts[code])
                  for name, valuation, code in CATEGORIES}
    units = {u.symbol: u for u in Uom.objects.filter(company=company)}
    taxes = {(t.scope, t.rate.normalize()): t for t in Tax.objects.filter(company=company, price_include=False,
                                                                           exempt=False)}
    products = {}
    for n, (code, name, category, kind, uom, purchase_uom, tracking, cost, price, vat) in enumerate(PRODUCTS, 1):
        rate = Decimal(vat).normalize()
        products[code] = product_create(
            actor=admin, company=company, code=code, name=name, category=categories[category], kind=kind,
            uom=units[uom], purchase_uom=units.get(purchase_uom), sale_uom=units[uom], tracking=tracking,
            barcode=_ean13(n) if kind != "service" else "", purchase_price=Decimal(cost), sale_price=Decimal(price),
            sale_tax=taxes.get(("sale", rate)), purchase_tax=taxes.get(("purchase", rate)) if kind != "service"
            else None)
    family = products["FG-JC35"]
    for n, (code, ratio, price) in enumerate(VARIANTS, len(PRODUCTS) + 1):
        products[code] = product_create(
            actor=admin, company=company, code=code, name=f"{family.name} {ratio}", category=family.category,
            uom=family.uom, sale_uom=family.uom, barcode=_ean13(n), sale_price=Decimal(price),
            sale_tax=family.sale_tax, variant_of=family, attributes={"减速比": ratio})
    today = timezone.localdate()
    lot_create(actor=admin, company=company, product=products["RM-GRS-001"], name=f"GR{today:%Y%m}-01",
               expiry_date=today.replace(year=today.year + 2))
    for n in range(1, 6):
        lot_create(actor=admin, company=company, product=products["RM-MOT-001"], name=f"SV15-{today:%y}{n:04d}")
    warehouses = {"WH": main, "HK": hankou}
    suppliers = {p.name: p for p in Partner.objects.filter(company=company, is_supplier=True)}
    for code, warehouse, minimum, maximum, multiple, lead_days, supplier in RULES:
        reorder_rule_create(actor=admin, company=company, product=products[code], warehouse=warehouses[warehouse],
                            minimum=Decimal(minimum), maximum=Decimal(maximum), multiple=Decimal(multiple),
                            lead_days=lead_days, supplier=suppliers.get(supplier))


def demo_stocktake(company, admin) -> StockCount | None:
    """A cycle count of the raw materials in the main warehouse that finds three bearings
    missing; everything else is as the books say. None when there is nothing to count."""
    main = Location.objects.get(company=company, full_name="WH/Stock")
    category = Product.objects.get(company=company, code="RM-BRG-001").category
    count = stock_count_create(actor=admin, company=company, location=main, kind=StockCount.Kind.CYCLE,
                               category=category, notes="月末原材料循环盘点")
    count = stock_count_start(actor=admin, count=count)
    lines = list(count.lines.select_related("product"))
    if not lines:
        stock_count_cancel(actor=admin, count=count)
        return None
    for line in lines:
        short = Decimal(3) if line.product.code == "RM-BRG-001" else Decimal(0)
        stock_count_line_set(actor=admin, line=line, counted=max(line.expected - short, Decimal(0)))
    return stock_count_validate(actor=admin, count=count)
