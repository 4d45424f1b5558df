"""The demo company's purchasing this month, built through the services after inventory's demo
made the products: supplier price lists; steel and finished goods for resale ordered, received,
billed and paid; bearings received in part with a backorder; control boards billed a little above
the order price (the difference booked); a large order waiting for the finance manager; quotations
for aluminium to compare; and the requisition replenishment proposes. Then inventory's cycle count
of the raw materials. Everything is dated in the current month, which the accounting demo leaves
open."""

import datetime
from decimal import Decimal

from django.utils import timezone

from zhangfang.accounting.models import Journal, Payment
from zhangfang.accounting.services.payments import payment_register
from zhangfang.core.models import Currency, Partner, Role, User
from zhangfang.core.services.approvals import approval_rule_create
from zhangfang.inventory.demo import demo_stocktake
from zhangfang.inventory.models import Product
from zhangfang.purchasing.services import orders as order_services
from zhangfang.purchasing.services.bills import purchase_bill_create, purchase_bill_post
from zhangfang.purchasing.services.orders import purchase_order_confirm, purchase_order_create
from zhangfang.purchasing.services.prices import supplier_price_create
from zhangfang.purchasing.services.receipts import purchase_order_receive
from zhangfang.purchasing.services.requisitions import (
    purchase_requisition_create,
    purchase_requisition_submit,
    requisitions_propose,
)
from zhangfang.purchasing.services.rfqs import rfq_quote, rfqs_create_from_requisition
from zhangfang.purchasing.services.settings import purchasing_settings_update

STEEL, BEARINGS, ELECTRONICS = "宝武钢铁集团武汉分公司", "苏州精密轴承有限公司", "深圳华强电子元件有限公司"
CARTONS, OSAKA, TRADER = "东莞塑胶制品厂", "Osaka Bearing Co., Ltd.", "长沙恒通机电贸易有限公司"
# supplier, product code, from quantity (purchase unit), price, currency, lead days
PRICES = [
    (STEEL, "RM-STL-001", "0", "5200.00", "CNY", 5), (STEEL, "RM-STL-001", "10", "5050.00", "CNY", 5),
    (STEEL, "RM-STL-002", "0", "16800.00", "CNY", 5), (STEEL, "RM-ALU-001", "0", "23.80", "CNY", 7),
    (BEARINGS, "RM-BRG-001", "0", "85.00", "CNY", 7), (BEARINGS, "RM-BRG-001", "50", "82.00", "CNY", 7),
    (OSAKA, "RM-BRG-001", "0", "1700", "JPY", 21), (ELECTRONICS, "RM-PCB-001", "0", "320.00", "CNY", 10),
    (CARTONS, "PK-CTN-001", "0", "6.80", "CNY", 2), (TRADER, "RM-ALU-001", "0", "23.50", "CNY", 3),
    (TRADER, "RM-GRS-001", "0", "28.00", "CNY", 3), (TRADER, "FG-JC200", "0", "9800.00", "CNY", 5),
    (TRADER, "FG-JC80", "0", "3400.00", "CNY", 5), (TRADER, "FG-JC35", "0", "2300.00", "CNY", 5),
]


class _Buyer:
    def __init__(self, company, admin):
        self.company, self.admin = company, admin
        self.buyer = User.objects.filter(username="caigou").first() or admin
        self.today = timezone.localdate()
        self.products = {p.code: p for p in Product.objects.filter(company=company)}
        self.suppliers = {p.name: p for p in Partner.objects.filter(company=company, is_supplier=True)}
        self.bank = Journal.objects.get(company=company, code="bank")

    def day(self, days_ago: int) -> datetime.date:
        """A date this month, ``days_ago`` before today if the month is that old."""
        return max(self.today.replace(day=1), self.today - datetime.timedelta(days=days_ago))

    def order(self, supplier: str, lines, days_ago: int, confirm: bool = True):
        order = purchase_order_create(
            actor=self.buyer, company=self.company, supplier=self.suppliers[supplier], order_date=self.day(days_ago),
            lines=[{"product": self.products[code], "quantity": Decimal(quantity)} for code, quantity in lines])
        return purchase_order_confirm(actor=self.buyer, order=order) if confirm else order

    def bill(self, order, days_ago: int, reference: str, lines=None):
        invoice = purchase_bill_create(actor=self.admin, order=order, date=self.day(days_ago), reference=reference,
                                       lines=lines)
        return purchase_bill_post(actor=self.admin, invoice=invoice)

    def pay(self, bill, days_ago: int) -> Payment:
        return payment_register(actor=self.admin, company=self.company, kind=Payment.Kind.OUTBOUND,
                                partner=bill.partner, journal=self.bank, date=self.day(days_ago),
                                amount=bill.amount_residual, allocations=[(bill, bill.amount_residual)])


def build(*, company, admin) -> None:
    buyer = _Buyer(company, admin)
    if "RM-BRG-001" not in buyer.products:  # inventory's demo did not run
        return
    purchasing_settings_update(actor=admin, company=company, order_approval_threshold=Decimal("300000.00"),
                               over_receipt_tolerance=Decimal("5"), price_tolerance=Decimal("2"))
    approval_rule_create(actor=admin, company=company, document_type=order_services.DOCUMENT_TYPE, name="大额采购订单",
                         steps=[{"role": Role.objects.get(code="finance_manager"), "due_hours": 24}])
    for supplier, code, minimum, price, currency, lead in PRICES:
        supplier_price_create(actor=admin, company=company, supplier=buyer.suppliers[supplier],
                              product=buyer.products[code], min_quantity=Decimal(minimum), price=Decimal(price),
                              currency=Currency.objects.get(code=currency), lead_days=lead)

    # Steel and goods for resale: received, billed as ordered, paid.
    steel = buyer.order(STEEL, [("RM-STL-001", "3"), ("RM-STL-002", "1")], days_ago=12)
    goods = buyer.order(TRADER, [("FG-JC200", "10"), ("FG-JC80", "20"), ("FG-JC35", "15")], days_ago=11)
    for order, reference, days_ago in ((steel, "BW-2291", 9), (goods, "HT-0871", 8)):
        purchase_order_receive(actor=admin, order=order, date=buyer.day(days_ago))
        buyer.pay(buyer.bill(order, days_ago - 1, reference), days_ago - 3)

    # Bearings: 40 of 60 boxes came, 20 wait on the backorder.
    bearings = buyer.order(BEARINGS, [("RM-BRG-001", "60")], days_ago=9)
    purchase_order_receive(actor=admin, order=bearings, quantities={bearings.lines.get(): Decimal("40")},
                           date=buyer.day(4))

    # Control boards, a day late, billed at 325.00 against 320.00 ordered: within the 2 % tolerance.
    boards = buyer.order(ELECTRONICS, [("RM-PCB-001", "50")], days_ago=14)
    purchase_order_receive(actor=admin, order=boards, date=buyer.day(3))
    line = boards.lines.get()
    buyer.bill(boards, 2, "HQ-20817", lines=[{"order_line": line, "quantity": line.quantity,
                                              "unit_price": Decimal("325.00")}])

    # A large order of spindle units waits for the finance manager.
    buyer.order(TRADER, [("FG-JC200", "30")], days_ago=1)

    # Aluminium profiles: a workshop requisition, quoted by two suppliers, to be compared and awarded.
    requisition = purchase_requisition_submit(actor=buyer.buyer, requisition=purchase_requisition_create(
        actor=buyer.buyer, company=company, department="生产车间",
        lines=[{"product": buyer.products["RM-ALU-001"], "quantity": Decimal("300"),
                "needed_by": buyer.today + datetime.timedelta(days=10)}]))
    quotes = {TRADER: ("23.20", 3), STEEL: ("22.60", 7)}
    rfqs = rfqs_create_from_requisition(actor=buyer.buyer, requisition=requisition, date=buyer.day(2),
                                        suppliers=[buyer.suppliers[name] for name in quotes])
    for rfq in rfqs:
        price, lead = quotes[rfq.supplier.name]
        rfq_quote(actor=buyer.buyer, rfq=rfq, quote_reference=f"Q-{rfq.number}",
                  lines=[{"line": rfq.lines.get(), "price": Decimal(price), "lead_days": lead}])

    requisitions_propose(company=company)
    demo_stocktake(company, admin)
