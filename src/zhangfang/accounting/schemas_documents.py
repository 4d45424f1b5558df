"""Request and answer bodies of the invoice, bill, payment, aging and VAT endpoints.
Amounts are decimal strings both ways; a JSON number with a fraction is refused."""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from zhangfang.accounting.models import Invoice, Payment
from zhangfang.accounting.schemas import Amount, RefId
from zhangfang.api.fields import CURRENCY_CODE, DateIn, DecimalIn, InputSchema

Quantity = DecimalIn(max_digits=18, places=4, positive=True)
UnitPrice = DecimalIn(max_digits=18, places=6)
Percent = DecimalIn(max_digits=5, places=2)
PositiveMoney = DecimalIn(max_digits=18, places=2, positive=True)
Rate = DecimalIn(max_digits=20, places=10, positive=True)


def _choices(values) -> str:
    return "^(" + "|".join(values) + ")$"


class InvoiceLineIn(InputSchema):
    description: str = Field(min_length=1, max_length=200, examples=["水泵 QJ-50"])
    account_id: RefId | None = Field(None, description="Default: the settings' income or expense account.")
    quantity: Quantity = Field(Decimal("1"), examples=["2"])
    unit_price: UnitPrice = Field(examples=["1500.00"])
    discount: Percent = Field(Decimal("0"), description="Percent, 0 to 100.", examples=["5"])
    tax_id: RefId | None = Field(None, description="A sales tax on customer documents, a purchase tax on bills.")
    cost_centre_id: RefId | None = None


class InvoiceHeader(InputSchema):
    due_date: DateIn | None = Field(None, description="Default: after the partner's payment terms.")
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="ISO 4217 code; default: the company's")
    journal_id: RefId | None = Field(None, description="Default: the first sales or purchase journal.")
    account_id: RefId | None = Field(None, description="The receivable or payable account; default: the settings'.")
    reference: str = Field("", max_length=60, description="The supplier's invoice number or the customer's order.")
    narration: str = Field("", max_length=200)


class InvoiceIn(InvoiceHeader):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    kind: str = Field(pattern=_choices(Invoice.Kind.values), examples=["out_invoice"],
                      description="out_invoice, out_refund (customer credit note), in_invoice, in_refund")
    partner_id: RefId
    date: DateIn = Field(examples=["2026-11-03"])
    lines: list[InvoiceLineIn] = Field(min_length=1, max_length=500)


class InvoicePatch(InputSchema):
    """Only the fields sent change (a draft only); ``lines``, when sent, replace all lines."""

    partner_id: RefId | None = None
    date: DateIn | None = None
    due_date: DateIn | None = None
    currency: str | None = Field(None, pattern=CURRENCY_CODE)
    journal_id: RefId | None = None
    account_id: RefId | None = None
    reference: str | None = Field(None, max_length=60)
    narration: str | None = Field(None, max_length=200)
    lines: list[InvoiceLineIn] | None = Field(None, min_length=1, max_length=500)


class CreditNoteIn(InputSchema):
    date: DateIn | None = Field(None, description="Date of the credit note; today when left out.",
                                examples=["2026-11-20"])
    reason: str = Field("", max_length=200)
    lines: list[InvoiceLineIn] | None = Field(
        None, min_length=1, max_length=500,
        description="Left out: all of the invoice is credited, posted and settled at once. "
                    "Given: a draft credit note of these lines, to post later.")


class InvoiceLineOut(Schema):
    id: int
    description: str
    account_id: int
    account_code: str = Field(validation_alias="account.code")
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    tax_id: int | None
    tax: str | None = Field(None, validation_alias="tax.name")
    cost_centre_id: int | None
    amount_untaxed: Decimal
    amount_tax: Decimal
    amount_total: Decimal


class InvoiceOut(Schema):
    id: int
    company_id: int
    kind: str
    status: str = Field(description=", ".join(Invoice.Status.values))
    payment_state: str = Field(description=", ".join(Invoice.PaymentState.values))
    number: str = Field(description="Empty while a draft; the journal entry's number once posted.")
    partner_id: int
    partner: str = Field(validation_alias="partner.name")
    date: datetime.date
    due_date: datetime.date
    journal_id: int
    currency: str = Field(validation_alias="currency.code")
    rate: Decimal = Field(description="Base-currency units per unit of the currency, fixed at posting.")
    reference: str
    narration: str
    account_id: int
    amount_untaxed: Decimal
    amount_tax: Decimal
    amount_total: Decimal
    amount_residual: Decimal = Field(description="What is still due, in the invoice currency.")
    credit_note_of_id: int | None
    entry_id: int | None
    posted_at: datetime.datetime | None
    created_at: datetime.datetime


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut] = Field(validation_alias="lines_list")


class AllocationIn(InputSchema):
    invoice_id: RefId
    amount: PositiveMoney = Field(examples=["3390.00"])


class PaymentIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    kind: str = Field(pattern=_choices(Payment.Kind.values), description="inbound (received) or outbound (paid)")
    partner_id: RefId
    journal_id: RefId = Field(description="A cash or bank journal.")
    date: DateIn = Field(examples=["2026-11-20"])
    amount: PositiveMoney = Field(examples=["3390.00"])
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="Default: the company's currency")
    rate: Rate | None = Field(None, description="Default: the company's rate on the date.")
    reference: str = Field("", max_length=60)
    allocations: list[AllocationIn] = Field(
        [], max_length=500, description="The invoices it pays; what is not allocated stays open as an advance.")


class PaymentCancelIn(InputSchema):
    date: DateIn | None = Field(None, description="Date of the reversal; default: the payment date.")


class SettlementOut(Schema):
    entry_id: int = Field(validation_alias="entry.pk")
    entry_number: str = Field(validation_alias="entry.number")
    invoice_id: int | None = None
    payment_id: int | None = None
    amount: Amount = Field(description="In the base currency.")
    amount_currency: Amount | None = Field(None, description="In the foreign currency the match was made in.")

    @staticmethod
    def resolve_invoice_id(settlement) -> int | None:
        return settlement.invoice.pk if settlement.invoice else None

    @staticmethod
    def resolve_payment_id(settlement) -> int | None:
        return settlement.payment.pk if settlement.payment else None


class PaymentOut(Schema):
    id: int
    company_id: int
    kind: str
    status: str = Field(description=", ".join(Payment.Status.values))
    number: str = Field(validation_alias="entry.number")
    partner_id: int
    partner: str = Field(validation_alias="partner.name")
    journal_id: int
    date: datetime.date
    amount: Decimal
    currency: str = Field(validation_alias="currency.code")
    rate: Decimal
    reference: str
    entry_id: int
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None


class PaymentDetailOut(PaymentOut):
    settled: list[SettlementOut] = Field(validation_alias="settled_list",
                                         description="The invoices and entries it is matched with.")


class AgingAmounts(Schema):
    current: Amount = Field(description="Not yet due")
    days_1_30: Amount
    days_31_60: Amount
    days_61_90: Amount
    days_over_90: Amount
    total: Amount


class AgingRowOut(AgingAmounts):
    partner_id: int | None
    partner_name: str


class AgingOut(Schema):
    kind: str
    as_of: datetime.date
    rows: list[AgingRowOut]
    totals: AgingAmounts
    control_balance: Amount = Field(description="Balance of the control accounts; equals totals.total.")
    agrees: bool


class VatRowOut(Schema):
    tax_id: int
    name: str
    rate: Decimal
    exempt: bool
    base: Amount
    tax: Amount


class VatReportOut(Schema):
    date_from: datetime.date
    date_to: datetime.date
    output: list[VatRowOut]
    input: list[VatRowOut]
    output_base: Amount
    output_tax: Amount
    input_base: Amount
    input_tax: Amount
    payable: Amount = Field(description="Output less input tax; negative is input tax carried forward.")
