"""Four months of the demo company's books, posted through the services in date order:
capital and a bank loan, supplier bills and customer invoices with VAT (some in USD, EUR and
JPY), the cost of goods sold, salaries, rent, bank charges, VAT settled each month,
payments (some late, some partial), month-end revaluation and closed months. The same
history is generated on every machine (a seeded random generator); dates follow today."""

import datetime
import heapq
import itertools
import random
from decimal import Decimal

from django.utils import timezone

from zhangfang.accounting.models import Account, Invoice, Journal, Period, Tax
from zhangfang.accounting.selectors.invoices import vat_report
from zhangfang.accounting.services.accounts import chart_load, cost_centre_create, journal_defaults_ensure
from zhangfang.accounting.services.closing import accounting_settings_update
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post
from zhangfang.accounting.services.invoices import invoice_create, invoice_post
from zhangfang.accounting.services.payments import payment_register
from zhangfang.accounting.services.periods import period_close
from zhangfang.accounting.services.revaluation import revaluation_run
from zhangfang.core.models import Partner

MONTHS = 4
CENT = Decimal("0.01")
# What the demo company buys (account, description, VAT) and sells. Goods bought before the
# months shown are charged to cost of sales as they arrive; the stock kept on hand is in the
# inventory module, whose receipts and deliveries post to the stock account (perpetual).
PURCHASES = [("6401", "数控机床零部件", "进项 13%"), ("6401", "轴承与传动件", "进项 13%"),
             ("6401", "电子元器件", "进项 13%"), ("6401", "塑胶外壳", "进项 13%")]
SALES = [("6001", "JC-200 数控主轴单元", "销项 13%"), ("6001", "JC-80 伺服驱动模组", "销项 13%"),
         ("6001", "JC-35 精密减速机", "销项 13%"), ("6051", "设备调试与技术服务", "销项 6%")]
EXPORT_TAX = "销项 0%"
COST_CENTRES = [("SALES", "销售部"), ("ADMIN", "管理部"), ("WORKSHOP", "生产车间")]


def _month_starts(today: datetime.date) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(MONTHS - 1, -1, -1):
        month0 = first.month - 1 - back
        starts.append(datetime.date(first.year + month0 // 12, month0 % 12 + 1, 1))
    return starts


def _month_end(start: datetime.date) -> datetime.date:
    return (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


class _Books:
    """The demo clerk: keeps a calendar of what happens when and does it in date order."""

    def __init__(self, company, admin):
        self.company, self.admin = company, admin
        self.today = timezone.localdate()
        self.random = random.Random(2026)
        self.calendar: list = []
        self.counter = itertools.count()
        self.accounts = {a.code: a for a in Account.objects.filter(company=company)}
        self.journals = {j.code: j for j in Journal.objects.filter(company=company)}
        self.taxes = {t.name: t for t in Tax.objects.filter(company=company)}
        self.cost_centres = {}

    def on(self, day: datetime.date, action, *args, **kwargs) -> None:
        if day <= self.today:
            heapq.heappush(self.calendar, (day, next(self.counter), action, args, kwargs))

    def run(self) -> None:
        while self.calendar:
            day, _n, action, args, kwargs = heapq.heappop(self.calendar)
            action(day, *args, **kwargs)

    def amount(self, low: int, high: int) -> Decimal:
        return Decimal(self.random.randrange(low, high)) * 100

    def voucher(self, day, narration, *lines, cost_centre=None):
        entry = journal_entry_create(
            actor=self.admin, company=self.company, journal=self.journals["general"], date=day, narration=narration,
            lines=[{"account": self.accounts[code], "debit": Decimal(debit or 0), "credit": Decimal(credit or 0),
                    "cost_centre": self.cost_centres.get(cost_centre) if code.startswith("66") else None}
                   for code, debit, credit in lines])
        journal_entry_post(actor=self.admin, entry=entry)

    def invoice(self, day, kind, partner, lines, *, terms_days):
        invoice = invoice_create(
            actor=self.admin, company=self.company, kind=kind, partner=partner, date=day,
            currency=partner.currency, due_date=day + datetime.timedelta(days=terms_days),
            lines=[{"description": text, "account": self.accounts[code], "quantity": Decimal(quantity),
                    "unit_price": price, "tax": self.taxes.get(tax)} for code, text, quantity, price, tax in lines])
        invoice = invoice_post(actor=self.admin, invoice=invoice)
        self._schedule_payment(invoice)

    def _schedule_payment(self, invoice) -> None:
        """Customers pay 10 days either side of the due date, one in five only half at first,
        one in eight not at all yet; we pay suppliers on the due date."""
        if invoice.is_sale:
            roll = self.random.random()
            if roll < 0.125:
                return
            day = invoice.due_date + datetime.timedelta(days=self.random.randint(-10, 10))
            share = Decimal("0.5") if roll < 0.325 else Decimal(1)
            self.on(max(day, invoice.date), self.pay, invoice, share)
            if share < 1:
                self.on(day + datetime.timedelta(days=30), self.pay, invoice, Decimal(1))
        else:
            self.on(invoice.due_date, self.pay, invoice, Decimal(1))

    def pay(self, day, invoice, share) -> None:
        invoice.refresh_from_db()
        amount = (invoice.amount_residual * share).quantize(CENT)
        if not amount:
            return
        payment_register(actor=self.admin, company=self.company,
                         kind="inbound" if invoice.is_sale else "outbound", partner=invoice.partner,
                         journal=self.journals["bank"], date=day, amount=amount, currency=invoice.currency,
                         allocations=[(invoice, amount)])

    def month(self, start: datetime.date, first: bool) -> None:
        end = _month_end(start)
        suppliers = Partner.objects.filter(company=self.company, is_supplier=True).order_by("pk")
        customers = Partner.objects.filter(company=self.company, is_customer=True).order_by("pk")
        if first:
            self.on(start, self.voucher, "股东投入资本", ("1002", "3000000.00", ""), ("4001", "", "3000000.00"))
            self.on(start, self.voucher, "招商银行一年期流动资金贷款", ("1002", "1000000.00", ""),
                    ("2001", "", "1000000.00"))
        for n, supplier in enumerate(suppliers):
            day = start + datetime.timedelta(days=2 + 5 * n)
            if supplier.currency.code == "JPY":
                lines = [("6401", "精密轴承(进口)", "1", Decimal(self.random.randrange(12, 20)) * 100000, None)]
            else:
                code, text, tax = PURCHASES[n % len(PURCHASES)]
                lines = [(code, text, str(self.random.randrange(250, 550)), self.amount(4, 8), tax)]
            self.on(day, self.invoice, Invoice.Kind.SUPPLIER_BILL, supplier, lines, terms_days=30)
        for n, customer in enumerate(customers):
            for visit in range(2 if customer.currency.code == "CNY" else 1):
                day = start + datetime.timedelta(days=4 + 7 * visit + 2 * n)
                if customer.currency.code != "CNY":
                    lines = [("6001", "JC-200 数控主轴单元(出口)", "10", self.amount(12, 18), EXPORT_TAX)]
                else:
                    code, text, tax = SALES[(n + visit) % len(SALES)]
                    quantity = str(self.random.randrange(20, 60))
                    price = self.amount(35, 60) if code == "6001" else self.amount(80, 150)
                    lines = [(code, text, "1" if code == "6051" else quantity, price, tax)]
                self.on(day, self.invoice, Invoice.Kind.CUSTOMER_INVOICE, customer, lines,
                        terms_days=customer.payment_terms_days)
        salaries = [("6601", "62000.00", "", "SALES"), ("6602", "85000.00", "", "ADMIN")]
        for code, debit, credit, centre in salaries:
            self.on(end, self.voucher, "计提本月工资", (code, debit, credit), ("2211", "", debit), cost_centre=centre)
        self.on(end + datetime.timedelta(days=10), self.voucher, "发放上月工资", ("2211", "147000.00", ""),
                ("1002", "", "147000.00"))
        self.on(start + datetime.timedelta(days=4), self.voucher, "支付本月厂房租金", ("6602", "38000.00", ""),
                ("1002", "", "38000.00"), cost_centre="ADMIN")
        charges = str(Decimal(self.random.randrange(80, 400)))
        self.on(end, self.voucher, "银行手续费", ("660303", charges, ""), ("1002", "", charges))
        self.on(end, self.settle_vat, start)
        self.on(end, self.revalue)
        self.on(end + datetime.timedelta(days=5), self.close, start)

    def settle_vat(self, end, start) -> None:
        """转出未交增值税 at month end, paid on the 15th of the next month."""
        payable = vat_report(company=self.company, date_from=start, date_to=end).payable
        if payable > 0:
            self.voucher(end, "转出本月未交增值税", ("222104", payable, ""), ("222105", "", payable))
            self.on(end + datetime.timedelta(days=15), self.voucher, "缴纳上月增值税", ("222105", payable, ""),
                    ("1002", "", payable))

    def revalue(self, end) -> None:
        revaluation_run(actor=self.admin, company=self.company, date=end)

    def close(self, _day, start) -> None:
        period_close(actor=self.admin, period=Period.objects.get(company=self.company, date_start=start))


def build(*, company, admin) -> None:
    """The demo company keeps its books on the PRC enterprise chart, with history."""
    chart_load(actor=admin, company=company, template="prc")
    journal_defaults_ensure(actor=admin, company=company)
    accounting_settings_update(actor=admin, company=company, bill_approval_threshold=Decimal("500000.00"))
    books = _Books(company, admin)
    for code, name in COST_CENTRES:
        books.cost_centres[code] = cost_centre_create(actor=admin, company=company, code=code, name=name)
    for n, start in enumerate(_month_starts(books.today)):
        books.month(start, first=n == 0)
    books.run()
