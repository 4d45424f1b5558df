"""Purchasing fixtures: a company with books, stock and suppliers, built through the services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from zhangfang.accounting.models import Journal, Payment, Tax
from zhangfang.accounting.services.payments import payment_register
from zhangfang.core.models import Uom
from zhangfang.core.services.partners import partner_create
from zhangfang.inventory.tests.conftest import Stock
from zhangfang.purchasing.services.bills import purchase_bill_create, purchase_bill_post
from zhangfang.purchasing.services.orders import purchase_order_confirm, purchase_order_create
from zhangfang.purchasing.services.receipts import purchase_order_receive
from zhangfang.purchasing.services.settings import purchasing_settings_update

D = Decimal
NOV = datetime.date(2026, 11, 1)


def nov(day: int) -> datetime.date:
    return datetime.date(2026, 11, day)


class Buying(Stock):
    """Stock plus two suppliers, the 13 % input tax, the bank journal and purchase helpers."""

    def __init__(self, actor, company):
        super().__init__(actor, company)
        self.supplier_a = partner_create(actor=actor, company=company, code="S1", name="苏州精密轴承", is_supplier=True)
        self.supplier_b = partner_create(actor=actor, company=company, code="S2", name="深圳华强电子", is_supplier=True)
        self.vat13 = Tax.objects.get(company=company, scope=Tax.Scope.PURCHASE, name="进项 13%")
        self.bank = Journal.objects.get(company=company, code="bank")
        self.box = Uom.objects.get(company=company, symbol="box")

    def settings(self, **fields):
        return purchasing_settings_update(actor=self.actor, company=self.company, **fields)

    def order(self, *lines, supplier=None, date=NOV, confirm=True, **header):
        """lines: (product, quantity, unit_price) tuples; confirmed unless ``confirm`` is False."""
        order = purchase_order_create(
            actor=self.actor, company=self.company, supplier=supplier or self.supplier_a, order_date=date,
            lines=[{"product": product, "quantity": D(quantity), "unit_price": D(price), "tax": self.vat13}
                   for product, quantity, price in lines], **header)
        return purchase_order_confirm(actor=self.actor, order=order) if confirm else order

    def receive(self, order, quantities=None, date=NOV):
        if quantities is not None:
            pairs = zip(order.lines.order_by("pk"), quantities, strict=False)
            quantities = {line: D(quantity) for line, quantity in pairs if quantity is not None}
        return purchase_order_receive(actor=self.actor, order=order, quantities=quantities, date=date)

    def bill(self, order, *lines, date=NOV, post=True, reference="INV-1"):
        """lines: (quantity, unit_price) per order line in order; none: everything received."""
        rows = None
        if lines:
            pairs = zip(order.lines.order_by("pk"), lines, strict=False)
            rows = [{"order_line": line, "quantity": D(quantity), "unit_price": D(price)}
                    for line, (quantity, price) in pairs if quantity is not None]
        invoice = purchase_bill_create(actor=self.actor, order=order, date=date, lines=rows, reference=reference)
        return purchase_bill_post(actor=self.actor, invoice=invoice) if post else invoice

    def pay(self, invoice, amount, date=NOV):
        return payment_register(actor=self.actor, company=self.company, kind=Payment.Kind.OUTBOUND,
                                partner=invoice.partner, journal=self.bank, date=date, amount=D(amount),
                                allocations=[(invoice, D(amount))])


@pytest.fixture
def buying(admin, company):
    return Buying(admin, company)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
