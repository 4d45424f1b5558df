"""Request and answer bodies of the ledger API. Amounts are decimal strings both ways."""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from zhangfang.accounting.models import Account, JournalEntry
from zhangfang.api.fields import CURRENCY_CODE, MAX_ID, DateIn, DecimalIn, InputSchema

Money = DecimalIn(max_digits=18, places=2)
SIGNED_MONEY = r"^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$"
_SIGNED = re.compile(SIGNED_MONEY)


def _signed(value: Any) -> Decimal:
    if isinstance(value, str) and _SIGNED.match(value):
        return Decimal(value)
    raise ValueError('Send a signed decimal as a string such as "-12.50" with at most 2 decimals.')


# An amount in a foreign currency, negative on the credit side, as a string.
SignedMoney = Annotated[Decimal, BeforeValidator(_signed), WithJsonSchema({"type": "string", "pattern": SIGNED_MONEY})]
RefId = Annotated[int, Field(ge=1, le=MAX_ID)]
# A report sum, answered with its two places even where the database summed to a whole number.
Amount = Annotated[Decimal, AfterValidator(lambda value: value.quantize(Decimal("0.01")))]


def _choices(choices) -> str:
    return "^(" + "|".join(value for value, _label in choices) + ")$"


class AccountIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    code: str = Field(min_length=1, max_length=20, examples=["660201"])
    name: str = Field(min_length=1, max_length=100, examples=["办公费"])
    name_en: str = Field("", max_length=100, examples=["Office expenses"])
    type: str = Field(pattern=_choices(Account.Type.choices), examples=["expense"])
    subtype: str = Field(Account.Subtype.OTHER, pattern=_choices(Account.Subtype.choices))
    parent_id: RefId | None = Field(None, description="The parent account; it must have no journal lines.")
    reconcilable: bool = False
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="Kept in this currency only")


class AccountOut(Schema):
    id: int
    company_id: int
    code: str
    name: str
    name_en: str
    type: str
    subtype: str
    parent_id: int | None
    reconcilable: bool
    currency: str | None = Field(None, validation_alias="currency.code")
    active: bool


class JournalOut(Schema):
    id: int
    company_id: int
    code: str
    name: str
    kind: str
    prefix: str
    default_account_id: int | None
    active: bool


class CostCentreIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    code: str = Field(min_length=1, max_length=20, examples=["SALES"])
    name: str = Field(min_length=1, max_length=100, examples=["销售部"])
    active: bool = True


class CostCentreOut(Schema):
    id: int
    company_id: int
    code: str
    name: str
    active: bool


class EntryLineIn(InputSchema):
    account_id: RefId
    debit: Money = Field(Decimal("0"), examples=["12500.00"])
    credit: Money = Field(Decimal("0"), examples=["0"])
    description: str = Field("", max_length=200)
    partner_id: RefId | None = None
    cost_centre_id: RefId | None = None
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="ISO 4217 code of a foreign amount")
    amount_currency: SignedMoney | None = Field(None, description="The amount in `currency`, negative on credit")
    date_maturity: DateIn | None = None


class EntryIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    journal_id: RefId
    date: DateIn = Field(examples=["2026-11-03"])
    reference: str = Field("", max_length=60)
    narration: str = Field("", max_length=200, examples=["收到投资款"])
    lines: list[EntryLineIn] = Field(max_length=500)


class ReverseIn(InputSchema):
    date: DateIn | None = Field(None, description="Date of the reversal; today when left out.")
    narration: str = Field("", max_length=200)


class EntryLineOut(Schema):
    id: int
    account_id: int
    account_code: str = Field(validation_alias="account.code")
    account_name: str = Field(validation_alias="account.name")
    partner_id: int | None
    description: str
    debit: Decimal
    credit: Decimal
    currency: str | None = Field(None, validation_alias="currency.code")
    amount_currency: Decimal | None
    cost_centre_id: int | None
    date_maturity: datetime.date | None


class EntryOut(Schema):
    id: int
    company_id: int
    journal_id: int
    number: str = Field(description="Empty while a draft; given at posting, e.g. 记-2026-11-0001")
    date: datetime.date
    reference: str
    narration: str
    status: str = Field(description=", ".join(JournalEntry.Status.values))
    origin: str
    reversal_of_id: int | None
    posted_at: datetime.datetime | None
    created_at: datetime.datetime


class EntryDetailOut(EntryOut):
    lines: list[EntryLineOut] = Field(validation_alias="lines_list")


class PeriodOut(Schema):
    id: int
    company_id: int
    fiscal_year_id: int
    fiscal_year: str = Field(validation_alias="fiscal_year.name")
    name: str
    date_start: datetime.date
    date_end: datetime.date
    status: str
    closed_at: datetime.datetime | None


class ReopenIn(InputSchema):
    reason: str = Field("", max_length=500, description="Required: kept in the audit trail.")


class TrialBalanceRowOut(Schema):
    account_id: int = Field(validation_alias="account.pk")
    code: str = Field(validation_alias="account.code")
    name: str = Field(validation_alias="account.name")
    opening_debit: Amount
    opening_credit: Amount
    debit: Amount
    credit: Amount
    closing_debit: Amount
    closing_credit: Amount


class TrialBalanceTotalsOut(Schema):
    opening_debit: Amount
    opening_credit: Amount
    debit: Amount
    credit: Amount
    closing_debit: Amount
    closing_credit: Amount


class TrialBalanceOut(Schema):
    date_from: datetime.date
    date_to: datetime.date
    rows: list[TrialBalanceRowOut]
    totals: TrialBalanceTotalsOut
    balanced: bool
