"""The demo company's sales this month, built through the services after inventory's and
purchasing's demos have put goods in stock: a dealer price list, quotations (one waiting for
credit approval), orders delivered, invoiced and paid, one delivered in part with a tracking
number and a backorder, and one customer return with its credit note. Everything is dated in
the current month, which the accounting demo leaves open."""

import datetime
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from django.utils import timezone

from zhangfang.accounting.models import Journal
from zhangfang.core.models import Partner, Role, User
from zhangfang.core.services.approvals import approval_rule_create
from zhangfang.core.services.partners import partner_update
from zhangfang.inventory.models import Product
from zhangfang.inventory.selectors.stock import available
from zhangfang.inventory.services.setup import default_warehouse
from zhangfang.sales.services.deliveries import sales_order_deliver
from zhangfang.sales.services.invoicing import sales_order_invoice, sales_order_payment_register
from zhangfang.sales.services.orders import (
    DOCUMENT_TYPE,
    credit_exposure,
    sales_order_confirm,
    sales_order_create,
    sales_order_send,
)
from zhangfang.sales.services.pricelists import partner_price_list_set, price_list_create
from zhangfang.sales.services.returns import sales_order_return

# (customer, [(product index, quantity)], what happens) — products by index among those in stock.
ORDERS = [
    ("湖北长江汽车零部件有限公司", [(0, 3), (1, 2)], "paid"),
    ("武汉光谷智能装备有限公司", [(1, 6)], "partial"),
    ("上海浦江贸易有限公司", [(0, 4)], "returned"),
    ("湖北长江汽车零部件有限公司", [(2, 2)], "sent"),
    ("武汉光谷智能装备有限公司", [(0, 1), (2, 1)], "draft"),
]
CREDIT_CUSTOMER = "长沙恒通机电贸易有限公司"
ROOM = Decimal(300000)


def _round(amount: Decimal, *, up: bool, step: Decimal = Decimal(100000)) -> Decimal:
    """To a round figure, as credit limits are set."""
    return (amount / step).quantize(Decimal(1), rounding=ROUND_UP if up else ROUND_DOWN) * step


class _Sales:
    def __init__(self, company, admin):
        self.company, self.admin = company, admin
        self.today = timezone.localdate()
        self.clerk = User.objects.filter(username="xiaoshou").first() or admin
        self.bank = Journal.objects.get(company=company, code="bank")
        warehouse = default_warehouse(company)
        goods = Product.objects.filter(company=company, kind=Product.Kind.GOODS, tracking=Product.Tracking.NONE,
                                       active=True, quants__location=warehouse.stock_location,
                                       quants__quantity__gt=0).distinct()
        # what the company sells first (it has a sale price), then what else is in stock
        goods = sorted(goods, key=lambda product: (not product.sale_price, product.code))
        self.products = [p for p in goods if available(company, p, warehouse.stock_location) >= 8][:3]

    def day(self, days_ago: int) -> datetime.date:
        """A date this month, ``days_ago`` before today if the month is that old."""
        return max(self.today.replace(day=1), self.today - datetime.timedelta(days=days_ago))

    def price(self, product: Product) -> Decimal:
        """The product's sale price, or its cost with a margin where none is set."""
        if product.sale_price:
            return product.sale_price
        return (product.average_cost * Decimal("1.35")).quantize(Decimal("1"), rounding=ROUND_DOWN) or Decimal(100)

    def line(self, index: int, quantity: int) -> dict:
        product = self.products[index]
        line = {"product": product, "quantity": Decimal(quantity)}
        if not product.sale_price:  # else the price list's or the product's price applies
            line["unit_price"] = self.price(product)
        return line

    def order(self, customer: str, lines, days_ago: int, **header):
        partner = Partner.objects.get(company=self.company, name=customer)
        return sales_order_create(actor=self.clerk, company=self.company, partner=partner, date=self.day(days_ago),
                                  lines=[self.line(index, quantity) for index, quantity in lines], **header)

    def play(self, customer: str, lines, story: str, days_ago: int) -> None:
        order = self.order(customer, lines, days_ago, invoice_policy="delivery" if story == "partial" else "order",
                           reference=f"PO-{self.today:%y%m}-{days_ago:02d}")
        if story == "draft":
            return
        sales_order_send(actor=self.clerk, order=order)
        if story == "sent":
            return
        order = sales_order_confirm(actor=self.clerk, order=order)
        day = self.day(days_ago - 1)
        if story == "partial":
            line = order.lines.get()
            sales_order_deliver(actor=self.admin, order=order, date=day, quantities={line.pk: Decimal(4)},
                                carrier="顺丰速运", tracking_number=f"SF{self.today:%Y%m%d}0417")
            sales_order_invoice(actor=self.admin, order=order, date=day)
            return
        sales_order_deliver(actor=self.admin, order=order, date=day, carrier="德邦物流",
                            tracking_number=f"DB{self.today:%Y%m%d}{order.pk:04d}")
        sales_order_invoice(actor=self.admin, order=order, date=day)
        if story == "paid":
            sales_order_payment_register(actor=self.admin, order=order, journal=self.bank, date=self.day(0))
        elif story == "returned":
            line = order.lines.get()
            sales_order_return(actor=self.admin, order=order, quantities={line.pk: Decimal(1)}, date=self.day(0),
                               reason="运输途中外壳破损")

    def review_credit_limits(self) -> None:
        """The accounting demo's customers owe more than the limits they started with: the
        limits are raised above what they owe now, with room for this month's orders."""
        for name in {customer for customer, _lines, _story in ORDERS}:
            partner = Partner.objects.get(company=self.company, name=name)
            limit = _round(credit_exposure(partner) + ROOM, up=True)
            if limit > partner.credit_limit:
                partner_update(actor=self.admin, partner=partner, credit_limit=limit)

    def awaiting_credit_approval(self) -> None:
        """A dealer whose limit this order would break; the finance manager decides."""
        approval_rule_create(actor=self.admin, company=self.company, document_type=DOCUMENT_TYPE, name="超信用额度销售",
                             steps=[{"role": Role.objects.get(code="finance_manager"), "due_hours": 24}])
        partner = Partner.objects.get(company=self.company, name=CREDIT_CUSTOMER)
        order = self.order(CREDIT_CUSTOMER, [(0, 5), (1, 5)], 0, reference=f"PO-{self.today:%y%m}-CR")
        step = Decimal(10000)
        limit = _round(credit_exposure(partner) + order.amount_total / 2, up=False, step=step)
        partner_update(actor=self.admin, partner=partner, credit_limit=max(limit, step))
        sales_order_confirm(actor=self.clerk, order=order, request_approval=True)


def build(*, company, admin) -> None:
    sales = _Sales(company, admin)
    if len(sales.products) < 3:  # nothing bought in: the other demos did not run
        return
    dealers = price_list_create(actor=admin, company=company, name="经销商价格", items=[
        item for product in sales.products for item in (
            {"product": product, "price": (sales.price(product) * Decimal("0.95")).quantize(Decimal("0.01"))},
            {"product": product, "min_quantity": Decimal(10),
             "price": (sales.price(product) * Decimal("0.90")).quantize(Decimal("0.01"))})])
    partner_price_list_set(actor=admin, partner=Partner.objects.get(company=company, name="上海浦江贸易有限公司"),
                           price_list=dealers)
    sales.review_credit_limits()
    for number, (customer, lines, story) in enumerate(ORDERS):
        sales.play(customer, lines, story, days_ago=8 - number)
    sales.awaiting_credit_approval()
