"""Customers, suppliers, dollar rates, invoices and payments for the receivable and payable
tests, built through the services on top of the ``books`` fixture."""

import datetime
from decimal import Decimal

from zhangfang.accounting.models import Account, Invoice, Journal, JournalEntryLine, Payment
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post
from zhangfang.accounting.services.invoices import invoice_create, invoice_post
from zhangfang.accounting.services.payments import payment_register
from zhangfang.core.models import Currency
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.core.services.partners import partner_create


class Trade:
    def __init__(self, books):
        self.books, self.actor, self.company = books, books.actor, books.company
        self.customer = partner_create(actor=self.actor, company=self.company, code="C1", name="武汉客户",
                                       is_customer=True)
        self.supplier = partner_create(actor=self.actor, company=self.company, code="S1", name="苏州供应商",
                                       is_supplier=True)
        self.usd = Currency.objects.get(code="USD")
        self.bank = Journal.objects.get(company=self.company, code="bank")

    def rate(self, date: datetime.date, rate: str) -> None:
        exchange_rate_create(actor=self.actor, company=self.company, currency=self.usd, date=date, rate=Decimal(rate))

    def invoice(self, date: datetime.date, amount: str, *, kind: str = Invoice.Kind.CUSTOMER_INVOICE, partner=None,
                currency=None, due: datetime.date | None = None) -> Invoice:
        """A posted document of one untaxed line of ``amount`` (in its currency)."""
        sale = kind in Invoice.SALES_KINDS
        invoice = invoice_create(actor=self.actor, company=self.company, kind=kind,
                                 partner=partner or (self.customer if sale else self.supplier), date=date,
                                 due_date=due or date, currency=currency,
                                 lines=[{"description": "货物", "unit_price": Decimal(amount)}])
        return invoice_post(actor=self.actor, invoice=invoice)

    def bill(self, date: datetime.date, amount: str, **options) -> Invoice:
        return self.invoice(date, amount, kind=Invoice.Kind.SUPPLIER_BILL, **options)

    def receive(self, date: datetime.date, amount, *allocations, **options) -> Payment:
        return self._pay(Payment.Kind.INBOUND, self.customer, date, amount, allocations, options)

    def pay(self, date: datetime.date, amount: str, *allocations, **options) -> Payment:
        return self._pay(Payment.Kind.OUTBOUND, self.supplier, date, amount, allocations, options)

    def _pay(self, kind, partner, date, amount, allocations, options) -> Payment:
        return payment_register(actor=options.pop("actor", self.actor), company=self.company, kind=kind,
                                partner=options.pop("partner", partner), journal=self.bank, date=date,
                                amount=Decimal(amount) if isinstance(amount, str) else amount,
                                allocations=[(invoice, Decimal(share)) for invoice, share in allocations], **options)

    def post(self, date: datetime.date, *lines: dict):
        """A plain posted entry in the general journal from line dicts."""
        entry = journal_entry_create(actor=self.actor, company=self.company, journal=self.books.general, date=date,
                                     lines=list(lines))
        return journal_entry_post(actor=self.actor, entry=entry)

    def line(self, code: str, debit: str = "", credit: str = "", *, partner=None, usd: str | None = None,
             due: datetime.date | None = None) -> dict:
        data = {"account": Account.objects.get(company=self.company, code=code), "debit": Decimal(debit or "0"),
                "credit": Decimal(credit or "0"), "partner": partner, "date_maturity": due}
        if usd is not None:
            data.update(currency=self.usd, amount_currency=Decimal(usd))
        return data


def party_line(entry, code: str = "1122") -> JournalEntryLine:
    """The entry's line on a receivable or payable account, as stored now."""
    return JournalEntryLine.objects.get(entry=entry, account__code=code)
