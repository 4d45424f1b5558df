import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from zhangfang.api.fields import CURRENCY_CODE, DateIn, DecimalIn, InputSchema

Money = DecimalIn(max_digits=18, places=2)
Rate = DecimalIn(max_digits=20, places=10, positive=True)  # exchange rates and unit ratios
Rounding = DecimalIn(max_digits=12, places=6, positive=True)


class CompanyOut(Schema):
    id: int
    code: str
    name: str
    base_currency: str = Field(validation_alias="base_currency.code")
    enabled_modules: list[str]


class ContactIn(InputSchema):
    id: int | None = None
    name: str = Field(min_length=1, max_length=100)
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)


class ContactOut(Schema):
    id: int
    name: str
    title: str
    phone: str
    email: str


class AddressIn(InputSchema):
    id: int | None = None
    kind: str = Field("delivery", pattern="^(billing|delivery|other)$")
    province: str = Field("", max_length=60)
    city: str = Field("", max_length=60)
    street: str = Field(min_length=1, max_length=200)
    postcode: str = Field("", max_length=12)


class AddressOut(Schema):
    id: int
    kind: str
    province: str
    city: str
    street: str
    postcode: str


class BankAccountIn(InputSchema):
    id: int | None = None
    bank_name: str = Field(min_length=1, max_length=100)
    account_name: str = Field("", max_length=200)
    account_number: str = Field(min_length=1, max_length=40)


class BankAccountOut(Schema):
    id: int
    bank_name: str
    account_name: str
    account_number: str = Field(validation_alias="masked_number", description="Masked; stored encrypted.")


class PartnerBase(InputSchema):
    is_customer: bool = False
    is_supplier: bool = False
    tax_id: str = Field("", max_length=30)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254, examples=["sales@example.com"])
    website: str = Field("", max_length=200, examples=["https://www.example.com"])
    country: str = Field("CN", min_length=2, max_length=2)
    province: str = Field("", max_length=60)
    city: str = Field("", max_length=60)
    street: str = Field("", max_length=200)
    postcode: str = Field("", max_length=12)
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="ISO 4217 code", examples=["CNY"])
    payment_terms_days: int = Field(30, ge=0, le=3650)
    credit_limit: Money = Field(Decimal("0"), examples=["50000.00"])
    notes: str = Field("", max_length=5000)
    active: bool = True


class PartnerIn(PartnerBase):
    company_id: int | None = Field(None, description="Defaults to your default company.")
    code: str = Field("", max_length=20, description="Left empty, the next partner number is used.")
    name: str = Field(min_length=1, max_length=200, examples=["武汉长江贸易有限公司"])
    contacts: list[ContactIn] = []
    addresses: list[AddressIn] = []
    bank_accounts: list[BankAccountIn] = []


class PartnerPatch(InputSchema):
    """Only the fields sent change; null leaves a field as it is (the currency: clears it)."""

    code: str | None = Field(None, min_length=1, max_length=20)
    name: str | None = Field(None, min_length=1, max_length=200)
    is_customer: bool | None = None
    is_supplier: bool | None = None
    tax_id: str | None = Field(None, max_length=30)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=200)
    country: str | None = Field(None, min_length=2, max_length=2)
    province: str | None = Field(None, max_length=60)
    city: str | None = Field(None, max_length=60)
    street: str | None = Field(None, max_length=200)
    postcode: str | None = Field(None, max_length=12)
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="ISO 4217 code; null clears it")
    payment_terms_days: int | None = Field(None, ge=0, le=3650)
    credit_limit: Money | None = None
    notes: str | None = Field(None, max_length=5000)
    active: bool | None = None
    contacts: list[ContactIn] | None = None
    addresses: list[AddressIn] | None = None
    bank_accounts: list[BankAccountIn] | None = None


class PartnerOut(Schema):
    id: int
    company_id: int
    code: str
    name: str
    is_customer: bool
    is_supplier: bool
    tax_id: str
    phone: str
    email: str
    website: str
    country: str
    province: str
    city: str
    street: str
    postcode: str
    currency: str | None = Field(None, validation_alias="currency.code")
    payment_terms_days: int
    credit_limit: Decimal
    notes: str
    active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PartnerDetailOut(PartnerOut):
    contacts: list[ContactOut]
    addresses: list[AddressOut]
    bank_accounts: list[BankAccountOut]


class CurrencyOut(Schema):
    code: str
    name: str
    symbol: str
    decimal_places: int
    active: bool


class CurrencyPatch(InputSchema):
    """Only the fields sent change; null leaves a field as it is."""

    name: str | None = Field(None, min_length=1, max_length=60)
    symbol: str | None = Field(None, max_length=8)
    active: bool | None = None


class RateIn(InputSchema):
    company_id: int | None = None
    currency: str = Field(pattern=CURRENCY_CODE, description="ISO 4217 code", examples=["USD"])
    date: DateIn = Field(examples=["2026-01-31"])
    rate: Rate = Field(examples=["7.1234"])


class RatePatch(InputSchema):
    """Only the fields sent change; null leaves a field as it is."""

    date: DateIn | None = None
    rate: Rate | None = None


class RateOut(Schema):
    id: int
    company_id: int
    currency: str = Field(validation_alias="currency.code")
    date: datetime.date
    rate: Decimal


class UomIn(InputSchema):
    company_id: int | None = None
    category_id: int
    name: str = Field(min_length=1, max_length=40)
    symbol: str = Field("", max_length=12)
    ratio: Rate
    rounding: Rounding = Decimal("0.01")
    active: bool = True


class UomPatch(InputSchema):
    """Only the fields sent change; null leaves a field as it is."""

    name: str | None = Field(None, min_length=1, max_length=40)
    symbol: str | None = Field(None, max_length=12)
    ratio: Rate | None = None
    rounding: Rounding | None = None
    active: bool | None = None


class UomOut(Schema):
    id: int
    company_id: int
    category_id: int
    category: str = Field(validation_alias="category.name")
    name: str
    symbol: str
    ratio: Decimal
    rounding: Decimal
    is_reference: bool
    active: bool


class UomCategoryOut(Schema):
    id: int
    company_id: int
    name: str
