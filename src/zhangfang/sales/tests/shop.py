"""A trading company for the sales tests, built through the services: the PRC books, a
warehouse, goods valued by moving average or FIFO, a customer, and stock bought in."""

import datetime
from decimal import Decimal

from django.db.models import Sum

from zhangfang.accounting.models import Journal, JournalEntry, JournalEntryLine, Tax
from zhangfang.accounting.tests.conftest import Books
from zhangfang.core.models import Uom
from zhangfang.core.services.partners import partner_create
from zhangfang.inventory.models import Location, Picking
from zhangfang.inventory.services.pickings import picking_create, picking_validate
from zhangfang.inventory.services.products import product_category_create, product_create
from zhangfang.inventory.services.setup import inventory_setup, virtual_location
from zhangfang.sales.services.orders import sales_order_create

D = Decimal
NOV_2 = datetime.date(2026, 11, 2)


class Shop(Books):
    def __init__(self, actor, company):
        super().__init__(actor, company)
        self.warehouse = inventory_setup(actor=actor, company=company)
        self.stock = self.warehouse.stock_location
        self.supplier_location = virtual_location(company, Location.Kind.SUPPLIER)
        self.piece = Uom.objects.get(company=company, symbol="pcs")
        self.box = Uom.objects.get(company=company, symbol="box")  # 10 pieces
        self.vat13 = Tax.objects.get(company=company, scope=Tax.Scope.SALE, name="销项 13%")
        self.bank = Journal.objects.get(company=company, code="bank")
        self.categories = {method: product_category_create(actor=actor, company=company, name=f"{method} 商品",
                                                           valuation=method) for method in ("average", "fifo")}
        self.customer = partner_create(actor=actor, company=company, code="C1", name="武汉客户", is_customer=True,
                                       street="江汉路 1 号", city="武汉市", tax_id="91420100MA4K000001")
        self._codes = iter(range(1, 10_000))

    def product(self, valuation="average", *, price="100.00", **fields) -> object:
        number = next(self._codes)
        fields = {"code": f"P{number:03d}", "name": f"水泵 {number} 型", "uom": self.piece,
                  "category": self.categories[valuation], "sale_price": D(price), "sale_tax": self.vat13, **fields}
        return product_create(actor=self.actor, company=self.company, **fields)

    def receive(self, product, quantity, cost, date=NOV_2) -> Picking:
        picking = picking_create(actor=self.actor, company=self.company, kind=Picking.Kind.RECEIPT,
                                 source=self.supplier_location, destination=self.stock, scheduled_date=date,
                                 lines=[{"product": product, "quantity": D(quantity), "unit_cost": D(cost)}])
        return picking_validate(actor=self.actor, picking=picking, date=date)[0]

    def order(self, *lines, actor=None, **header):
        """lines: (product, quantity) or (product, quantity, {extra line fields})."""
        rows = [{"product": product, "quantity": D(quantity), **(rest[0] if rest else {})}
                for product, quantity, *rest in lines]
        header.setdefault("partner", self.customer)
        header.setdefault("date", datetime.date(2026, 11, 3))
        return sales_order_create(actor=actor or self.actor, company=self.company, lines=rows, **header)

    def balance(self, code: str) -> Decimal:
        """The account's posted balance, debit positive."""
        sums = (JournalEntryLine.objects.filter(account__company=self.company, account__code=code,
                                                entry__status__in=JournalEntry.IN_LEDGER)
                .aggregate(debit=Sum("debit"), credit=Sum("credit")))
        return (D(sums["debit"] or 0) - D(sums["credit"] or 0)).quantize(D("0.01"))
