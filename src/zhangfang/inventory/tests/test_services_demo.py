"""The demo's inventory part: master data and reorder rules, built fast, and a stocktake that
finds three bearings missing once stock has come in (the purchasing demo's part, by hand here)."""

import time
from decimal import Decimal

from django.utils import timezone

from zhangfang.core.demo import PARTNERS
from zhangfang.core.services.partners import partner_create
from zhangfang.inventory.demo import build, demo_stocktake
from zhangfang.inventory.models import Location, Picking, Product, ReorderRule, Warehouse
from zhangfang.inventory.selectors.replenishment import replenishment_needs
from zhangfang.inventory.services.pickings import picking_create, picking_validate
from zhangfang.inventory.services.setup import default_warehouse, virtual_location


def test_demo_master_data_and_stocktake(books):
    for name, customer, supplier, *_rest in PARTNERS:
        partner_create(actor=books.actor, company=books.company, name=name, is_customer=customer,
                       is_supplier=supplier)
    started = time.monotonic()

    build(company=books.company, admin=books.actor)

    assert time.monotonic() - started < 5
    assert sorted(Warehouse.objects.values_list("code", "name")) == [("HK", "汉口仓"), ("WH", "江城主仓库")]
    products = {p.code: p for p in Product.objects.filter(company=books.company)}
    bearings = products["RM-BRG-001"]
    assert len(products) == 15 and products["FG-JC35"].variants.count() == 3
    assert (bearings.category.valuation, bearings.category.stock_account.code) == ("fifo", "1403")
    assert ReorderRule.objects.filter(supplier__isnull=False).count() == 5
    assert len(replenishment_needs(books.company)) == ReorderRule.objects.count()  # nothing in stock yet
    assert demo_stocktake(books.company, books.actor) is None

    receipt = picking_create(actor=books.actor, company=books.company, kind=Picking.Kind.RECEIPT,
                             source=virtual_location(books.company, Location.Kind.SUPPLIER),
                             destination=default_warehouse(books.company).stock_location,
                             scheduled_date=timezone.localdate(),
                             lines=[{"product": bearings, "quantity": Decimal("500"), "unit_cost": Decimal("8.50")}])
    picking_validate(actor=books.actor, picking=receipt)
    count = demo_stocktake(books.company, books.actor)

    line = count.lines.get()
    assert (line.expected, line.counted, line.move.value) == (Decimal("500"), Decimal("497"), Decimal("25.50"))
