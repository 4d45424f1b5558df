"""Stock fixtures, built through the services on top of accounting's PRC books."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone, translation

from zhangfang.accounting.models import JournalEntry, JournalEntryLine
from zhangfang.accounting.tests.conftest import Books
from zhangfang.core.models import Uom
from zhangfang.inventory.models import Location, Picking
from zhangfang.inventory.services.pickings import picking_create, picking_reserve, picking_validate
from zhangfang.inventory.services.products import product_category_create, product_create
from zhangfang.inventory.services.setup import inventory_setup, virtual_location


class Stock(Books):
    """A company with the PRC chart, inventory set up (WH) and one category per valuation."""

    def __init__(self, actor, company):
        super().__init__(actor, company)
        self.warehouse = inventory_setup(actor=actor, company=company)
        self.stock = self.warehouse.stock_location
        self.supplier = virtual_location(company, Location.Kind.SUPPLIER)
        self.customer = virtual_location(company, Location.Kind.CUSTOMER)
        self.loss = virtual_location(company, Location.Kind.LOSS)
        self.piece = Uom.objects.get(company=company, symbol="pcs")
        self.today = timezone.localdate()
        self.categories = {
            method: product_category_create(actor=actor, company=company, name=f"{method} goods", valuation=method)
            for method in ("average", "fifo")}
        self._codes = iter(range(1, 10_000))

    def product(self, valuation="average", **fields):
        number = next(self._codes)
        fields = {"code": f"P{number:03d}", "name": f"Product {number}", "uom": self.piece,
                  "category": self.categories[valuation], **fields}
        return product_create(actor=self.actor, company=self.company, **fields)

    def picking(self, kind, source, destination, *lines, date=None, partner=None):
        """lines: (product, quantity[, unit_cost[, lot]]) tuples, quantities as strings or Decimals."""
        rows = []
        for product, quantity, *rest in lines:
            row = {"product": product, "quantity": Decimal(quantity)}
            if rest and rest[0] is not None:
                row["unit_cost"] = Decimal(rest[0])
            if len(rest) > 1:
                row["lot"] = rest[1]
            rows.append(row)
        return picking_create(actor=self.actor, company=self.company, kind=kind, source=source,
                              destination=destination, scheduled_date=date or self.today, lines=rows,
                              partner=partner)

    def receive(self, product, quantity, cost, lot=None, date=None, destination=None):
        picking = self.picking(Picking.Kind.RECEIPT, self.supplier, destination or self.stock,
                               (product, quantity, cost, lot), date=date)
        return picking_validate(actor=self.actor, picking=picking, date=date)[0]

    def deliver(self, product, quantity, lot=None, date=None, source=None):
        picking = self.picking(Picking.Kind.DELIVERY, source or self.stock, self.customer,
                               (product, quantity, None, lot), date=date)
        picking_reserve(actor=self.actor, picking=picking)
        return picking_validate(actor=self.actor, picking=picking, date=date)[0]

    def balance(self, code: str) -> Decimal:
        """The account's posted balance, debit positive."""
        sums = JournalEntryLine.objects.filter(account=self.account(code), entry__status__in=JournalEntry.IN_LEDGER
                                               ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
        return (Decimal(sums["debit"] or 0) - Decimal(sums["credit"] or 0)).quantize(Decimal("0.01"))


@pytest.fixture
def books(admin, company):
    """The PRC chart and journals only, for tests that set inventory up themselves."""
    return Books(admin, company)


@pytest.fixture
def stock(admin, company):
    return Stock(admin, company)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the zh-hans catalogue is the translators' work."""
    with translation.override("en"):
        yield
