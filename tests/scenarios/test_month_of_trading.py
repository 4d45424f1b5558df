"""One month of a small trading company, November 2026, kept on the PRC chart in CNY.

 1. Nov  1  The owners pay in capital: Dr 1002 bank 500,000.00 / Cr 4001 paid-in capital.
 2. Nov  3  Bill from 华中贸易 for 1,000 units × 100.00 at 13 % VAT:
            Dr 1405 stock 100,000.00, Dr 222101 input VAT 13,000.00 / Cr 2202 payable 113,000.00.
 3. Nov  5  Freight bill from 顺达物流, 2,000.00 at 9 %: Dr 6601 2,000.00, Dr 222101 180.00 / Cr 2202 2,180.00.
 4. Nov 10  Invoice to 江城机电 for 600 units × 180.00 at 13 %, due on receipt:
            Dr 1122 122,040.00 / Cr 6001 108,000.00, Cr 222102 output VAT 14,040.00;
            and the cost of the goods sold: Dr 6401 60,000.00 / Cr 1405 60,000.00.
 5. Nov 12  Consulting invoice to 光谷智能, 10,000.00 plus 6 % VAT:
            Dr 1122 10,600.00 / Cr 6051 10,000.00, Cr 222102 600.00.
 6. Nov 15  江城机电 pays 100,000.00 of its 122,040.00: 22,040.00 stays open, due since Nov 10.
 7. Nov 18  We pay 华中贸易 113,000.00 in full.
 8. Nov 20  Bill from Pacific Supply in USD 2,000.00 at 7.10: Dr 1405 14,200.00 / Cr 2202 14,200.00.
 9. Nov 22  Export invoice to Hamburg Handel, USD 1,000.00 at 0 % (zero-rated) and 7.12:
            Dr 1122 7,120.00 / Cr 6001 7,120.00, due Dec 22.
10. Nov 25  We pay Pacific Supply USD 2,000.00 at 7.15: the bank pays 14,300.00; the realised
            exchange loss of 100.00 goes to 660302 汇兑损益.
11. Nov 26  Bank charges: Dr 660303 35.00 / Cr 1002 35.00.
12. Nov 28  光谷智能 pays 11,000.00 against its 10,600.00 invoice: 400.00 is an advance.
13. Nov 30  Revaluation at 7.18: Hamburg's USD 1,000.00 is now worth 7,180.00, an unrealised
            gain of 60.00 (Dr 1122 / Cr 660302), reversed on Dec 1. Then November is closed.

Trial balance for November (all opening balances zero):
    1002 bank      500,000 − 113,000 + 100,000 − 14,300 − 35 + 11,000 = Dr 483,665.00
    1122 AR        22,040 (江城) − 400 (光谷) + 7,180 (Hamburg)         = Dr  28,820.00
    1405 stock     100,000 − 60,000 + 14,200                            = Dr  54,200.00
    222101 input VAT 13,000 + 180                                       = Dr  13,180.00
    222102 output VAT 14,040 + 600                                      = Cr  14,640.00
    2202 AP        顺达物流 only                                          = Cr   2,180.00
    4001 capital                                                        = Cr 500,000.00
    6001 revenue   108,000 + 7,120                                      = Cr 115,120.00
    6051 other revenue                                                  = Cr  10,000.00
    6401 cost of sales                                                  = Dr  60,000.00
    6601 selling expenses                                               = Dr   2,000.00
    660302 exchange 100 loss − 60 gain                                  = Dr      40.00
    660303 bank charges                                                 = Dr      35.00
    totals                                                Dr 641,940.00 = Cr 641,940.00
Income statement: revenue 125,120.00; cost 60,000.00; selling 2,000.00; financial 75.00;
    operating profit = net profit = 63,045.00.
Balance sheet at Nov 30: assets 483,665 + 28,820 + 54,200 = 566,685.00;
    liabilities 2,180 (AP) + 1,460 (VAT 14,640 − 13,180) = 3,640.00;
    equity 500,000 + 63,045 = 563,045.00; liabilities + equity = 566,685.00.
VAT report: output 13 % 108,000 / 14,040, 6 % 10,000 / 600, 0 % 7,120 / 0; input 13 % 100,000 /
    13,000, 9 % 2,000 / 180; output 14,640.00 − input 13,180.00 = payable 1,460.00.
Receivable aging at Nov 30: 江城 22,040.00 in 1–30 days; Hamburg 7,180.00 current; 光谷 −400.00
    (advance) current; total 28,820.00 = the 1122 control balance. Payables: 顺达 2,180.00 current.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import translation

from zhangfang.accounting.models import Account, Invoice, Journal, Period, Tax
from zhangfang.accounting.selectors.arap import aging
from zhangfang.accounting.selectors.invoices import vat_report
from zhangfang.accounting.selectors.ledger import trial_balance
from zhangfang.accounting.selectors.statements import balance_sheet, income_statement
from zhangfang.accounting.services.accounts import chart_load, journal_defaults_ensure
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post
from zhangfang.accounting.services.invoices import invoice_create, invoice_post
from zhangfang.accounting.services.payments import payment_register
from zhangfang.accounting.services.periods import period_close
from zhangfang.accounting.services.revaluation import revaluation_run
from zhangfang.core.models import Currency
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.core.services.partners import partner_create

pytestmark = pytest.mark.django_db


def nov(day: int) -> datetime.date:
    return datetime.date(2026, 11, day)


class Month:
    """The company's books and the clerk's hands."""

    def __init__(self, actor, company):
        self.actor, self.company = actor, company
        chart_load(actor=actor, company=company, template="prc")
        journal_defaults_ensure(actor=actor, company=company)
        self.accounts = {a.code: a for a in Account.objects.filter(company=company)}
        self.journals = {j.code: j for j in Journal.objects.filter(company=company)}
        self.usd = Currency.objects.get(code="USD")
        for day, rate in ((20, "7.10"), (22, "7.12"), (25, "7.15"), (30, "7.18")):
            exchange_rate_create(actor=actor, company=company, currency=self.usd, date=nov(day), rate=D(rate))

    def partner(self, name, *, customer=False, supplier=False, days=30):
        return partner_create(actor=self.actor, company=self.company, name=name, is_customer=customer,
                              is_supplier=supplier, payment_terms_days=days)

    def tax(self, name):
        return Tax.objects.get(company=self.company, name=name)

    def voucher(self, day, *lines):
        entry = journal_entry_create(
            actor=self.actor, company=self.company, journal=self.journals["general"], date=nov(day),
            lines=[{"account": self.accounts[code], "debit": D(debit or "0"), "credit": D(credit or "0")}
                   for code, debit, credit in lines])
        return journal_entry_post(actor=self.actor, entry=entry)

    def invoice(self, kind, partner, day, account, quantity, price, tax=None, **extra):
        invoice = invoice_create(
            actor=self.actor, company=self.company, kind=kind, partner=partner, date=nov(day),
            lines=[{"description": account, "account": self.accounts[account], "quantity": D(quantity),
                    "unit_price": D(price), "tax": self.tax(tax) if tax else None}], **extra)
        return invoice_post(actor=self.actor, invoice=invoice)

    def payment(self, kind, partner, day, amount, invoice, allocate=None, **extra):
        return payment_register(actor=self.actor, company=self.company, kind=kind, partner=partner,
                                journal=self.journals["bank"], date=nov(day), amount=D(amount),
                                allocations=[(invoice, D(allocate or amount))], **extra)


def test_one_month_of_a_trading_company(admin, company):
    books = Month(admin, company)
    huazhong = books.partner("华中贸易", supplier=True)
    shunda = books.partner("顺达物流", supplier=True)
    jiangcheng = books.partner("江城机电", customer=True)
    guanggu = books.partner("光谷智能", customer=True)
    pacific = books.partner("Pacific Supply", supplier=True)
    hamburg = books.partner("Hamburg Handel", customer=True)
    sale, bill = Invoice.Kind.CUSTOMER_INVOICE, Invoice.Kind.SUPPLIER_BILL

    books.voucher(1, ("1002", "500000.00", ""), ("4001", "", "500000.00"))
    goods = books.invoice(bill, huazhong, 3, "1405", "1000", "100.00", "进项 13%")
    freight = books.invoice(bill, shunda, 5, "6601", "1", "2000.00", "进项 9%")
    sold = books.invoice(sale, jiangcheng, 10, "6001", "600", "180.00", "销项 13%", due_date=nov(10))
    books.voucher(10, ("6401", "60000.00", ""), ("1405", "", "60000.00"))
    consulting = books.invoice(sale, guanggu, 12, "6051", "1", "10000.00", "销项 6%")
    books.payment("inbound", jiangcheng, 15, "100000.00", sold)
    books.payment("outbound", huazhong, 18, "113000.00", goods)
    imported = books.invoice(bill, pacific, 20, "1405", "2000", "1.00", currency=books.usd)
    export = books.invoice(sale, hamburg, 22, "6001", "1000", "1.00", "销项 0%", currency=books.usd)
    books.payment("outbound", pacific, 25, "2000.00", imported, currency=books.usd)
    books.voucher(26, ("660303", "35.00", ""), ("1002", "", "35.00"))
    books.payment("inbound", guanggu, 28, "11000.00", consulting, allocate="10600.00")
    revaluation_run(actor=admin, company=company, date=nov(30))
    period_close(actor=admin, period=Period.objects.get(company=company, name="2026-11"))

    # The documents.
    assert (goods.number, goods.amount_total, freight.amount_tax) == ("购-2026-11-0001", D("113000.00"), D("180.00"))
    assert (sold.amount_untaxed, sold.amount_tax, sold.amount_total) == (D("108000.00"), D("14040.00"),
                                                                          D("122040.00"))
    assert (consulting.amount_untaxed, consulting.amount_tax) == (D("10000.00"), D("600.00"))
    states = {i.pk: (i.payment_state, i.amount_residual) for i in Invoice.objects.filter(company=company)}
    assert states[sold.pk] == ("partial", D("22040.00"))
    assert states[goods.pk] == states[imported.pk] == states[consulting.pk] == ("paid", D("0.00"))
    assert states[export.pk] == ("not_paid", D("1000.00"))

    # Trial balance.
    report = trial_balance(company=company, date_from=nov(1), date_to=nov(30))
    closing = {row.account.code: row.closing_debit - row.closing_credit for row in report.rows
               if not getattr(row, "is_group", False)}
    assert closing == {
        "1002": D("483665.00"), "1122": D("28820.00"), "1405": D("54200.00"), "222101": D("13180.00"),
        "222102": D("-14640.00"), "2202": D("-2180.00"), "4001": D("-500000.00"), "6001": D("-115120.00"),
        "6051": D("-10000.00"), "6401": D("60000.00"), "6601": D("2000.00"), "660302": D("40.00"),
        "660303": D("35.00"),
    }
    assert report.totals["closing_debit"] == report.totals["closing_credit"] == D("641940.00")
    assert report.balanced

    # Income statement and balance sheet.
    with translation.override("en"):
        income = income_statement(company=company, date_from=nov(1), date_to=nov(30))
        sheet = balance_sheet(company=company, as_of=nov(30))
    figure = {line.key: line.amounts[0] for line in [*income.lines, *sheet.lines] if line.amounts}
    assert (figure["revenue"], figure["cost_of_sales"], figure["selling"], figure["financial"]) == (
        D("125120.00"), D("60000.00"), D("2000.00"), D("75.00"))
    assert figure["operating_profit"] == figure["net_profit"] == D("63045.00")
    assert (figure["cash"], figure["receivables"], figure["inventories"]) == (
        D("483665.00"), D("28820.00"), D("54200.00"))
    assert (figure["payables"], figure["taxes_payable"], figure["retained_earnings"]) == (
        D("2180.00"), D("1460.00"), D("63045.00"))
    assert (figure["assets_total"], figure["liabilities_total"], figure["equity_total"]) == (
        D("566685.00"), D("3640.00"), D("563045.00"))
    assert sheet.balanced

    # VAT report.
    vat = vat_report(company=company, date_from=nov(1), date_to=nov(30))
    rates = {(row.name, row.base, row.tax) for row in [*vat.output, *vat.input]}
    assert rates == {("销项 13%", D("108000.00"), D("14040.00")), ("销项 6%", D("10000.00"), D("600.00")),
                     ("销项 0%", D("7120.00"), D("0.00")), ("进项 13%", D("100000.00"), D("13000.00")),
                     ("进项 9%", D("2000.00"), D("180.00"))}
    assert (vat.output_tax, vat.input_tax, vat.payable) == (D("14640.00"), D("13180.00"), D("1460.00"))

    # Aging ties to the control accounts.
    receivables = aging(company=company, kind="receivable", as_of=nov(30))
    by_partner = {row.partner_name: row for row in receivables.rows}
    assert (by_partner["江城机电"].days_1_30, by_partner["江城机电"].total) == (D("22040.00"), D("22040.00"))
    assert (by_partner["Hamburg Handel"].current, by_partner["Hamburg Handel"].total) == (D("7180.00"),
                                                                                         D("7180.00"))
    assert by_partner["光谷智能"].total == D("-400.00")
    assert receivables.totals["total"] == receivables.control_balance == D("28820.00")
    payables = aging(company=company, kind="payable", as_of=nov(30))
    assert [(row.partner_name, row.current) for row in payables.rows] == [("顺达物流", D("2180.00"))]
    assert payables.totals["total"] == payables.control_balance == D("2180.00")
