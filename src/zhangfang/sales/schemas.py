"""Request and answer bodies of the sales API. Amounts and quantities are decimal strings both ways."""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from zhangfang.accounting.schemas import RefId
from zhangfang.api.fields import CURRENCY_CODE, DateIn, DecimalIn, InputSchema
from zhangfang.sales.models import InvoicePolicy, SalesOrder

Quantity = DecimalIn(max_digits=18, places=4, positive=True)
DoneQuantity = DecimalIn(max_digits=18, places=4)
UnitPrice = DecimalIn(max_digits=18, places=6)
Percent = DecimalIn(max_digits=5, places=2)


class SalesOrderLineIn(InputSchema):
    product_id: RefId
    quantity: Quantity = Field(Decimal("1"), examples=["10"])
    uom_id: RefId | None = Field(None, description="Default: the product's sale unit.")
    unit_price: UnitPrice | None = Field(None, description="Default: the price list's, else the product's.")
    discount: Percent = Field(Decimal("0"), description="Percent, 0 to 100.")
    tax_id: RefId | None = Field(None, description="Default: the product's sales tax (see no_tax).")
    no_tax: bool = Field(False, description="True: no tax on this line.")
    description: str = Field("", max_length=200, description="Default: the product.")


class SalesOrderIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    partner_id: RefId
    date: DateIn | None = Field(None, description="Default: today.", examples=["2026-11-03"])
    valid_until: DateIn | None = None
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="Default: the price list's or customer's.")
    price_list_id: RefId | None = Field(None, description="Default: the customer's.")
    warehouse_id: RefId | None = Field(None, description="Default: the main warehouse.")
    invoice_policy: str | None = Field(None, pattern="^(order|delivery)$",
                                       description="order or delivery; default: the company's setting.")
    reference: str = Field("", max_length=60, description="The customer's purchase order number.")
    notes: str = Field("", max_length=500)
    lines: list[SalesOrderLineIn] = Field(min_length=1, max_length=500)


class SalesConfirmIn(InputSchema):
    request_approval: bool = Field(False, description="Over the credit limit: ask for approval instead of a 409.")


class SalesDeliverLineIn(InputSchema):
    line_id: RefId
    quantity: DoneQuantity = Field(description="Delivered now, in the order line's unit.")


class SalesDeliverIn(InputSchema):
    date: DateIn | None = Field(None, description="Default: today.")
    lines: list[SalesDeliverLineIn] | None = Field(None, max_length=500,
                                              description="Left out: all that waits. Lines not named wait.")
    carrier: str | None = Field(None, max_length=60)
    tracking_number: str | None = Field(None, max_length=60)


class SalesInvoiceIn(InputSchema):
    date: DateIn | None = Field(None, description="Default: today.")


class SalesOrderLineOut(Schema):
    id: int
    product_id: int
    product_code: str = Field(validation_alias="product.code")
    description: str
    quantity: Decimal
    uom_id: int
    unit_price: Decimal
    discount: Decimal
    tax_id: int | None
    amount_untaxed: Decimal
    amount_tax: Decimal
    amount_total: Decimal
    delivered_quantity: Decimal
    returned_quantity: Decimal
    invoiced_quantity: Decimal


class SalesOrderOut(Schema):
    id: int
    company_id: int
    number: str
    status: str = Field(description=", ".join(SalesOrder.Status.values))
    partner_id: int
    partner: str = Field(validation_alias="partner.name")
    date: datetime.date
    valid_until: datetime.date | None
    currency: str = Field(validation_alias="currency.code")
    price_list_id: int | None
    warehouse_id: int
    invoice_policy: str = Field(description=", ".join(InvoicePolicy.values))
    salesperson_id: int | None
    reference: str
    notes: str
    amount_untaxed: Decimal
    amount_tax: Decimal
    amount_total: Decimal
    confirmed_at: datetime.datetime | None
    created_at: datetime.datetime


class SalesPickingRef(Schema):
    id: int
    number: str
    kind: str
    status: str
    carrier: str
    tracking_number: str


class SalesInvoiceRef(Schema):
    id: int
    number: str
    kind: str
    status: str
    payment_state: str
    amount_total: Decimal
    amount_residual: Decimal


class SalesOrderDetailOut(SalesOrderOut):
    lines: list[SalesOrderLineOut] = Field(validation_alias="lines_list")
    pickings: list[SalesPickingRef] = Field(validation_alias="pickings_list")
    invoices: list[SalesInvoiceRef] = Field(validation_alias="invoices_list")
    payment_state: str | None = Field(None, validation_alias="payment_state_value",
                                      description="paid, partial or not_paid over its invoices; null before any.")


class SalesDeliverOut(Schema):
    done: SalesPickingRef
    backorder: SalesPickingRef | None
    order: SalesOrderDetailOut
