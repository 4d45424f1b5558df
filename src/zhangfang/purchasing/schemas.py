"""Request and answer bodies of the purchasing endpoints. Quantities, prices and amounts are
decimal strings both ways; a JSON number with a fraction is refused."""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from zhangfang.accounting.schemas import RefId
from zhangfang.accounting.schemas_documents import InvoiceOut
from zhangfang.api.fields import CURRENCY_CODE, DateIn, DecimalIn, InputSchema
from zhangfang.purchasing.models import PurchaseOrder, PurchaseRequisition

Quantity = DecimalIn(max_digits=18, places=4, positive=True)
UnitPrice = DecimalIn(max_digits=18, places=6)


class RequisitionLineIn(InputSchema):
    product_id: RefId
    quantity: Quantity = Field(examples=["100"])
    uom_id: RefId | None = Field(None, description="Default: the product's purchase unit.")
    needed_by: DateIn | None = Field(None, description="Default: today.")
    supplier_id: RefId | None = Field(None, description="Default: the price list's cheapest supplier.")
    estimated_price: UnitPrice | None = Field(None, description="Default: from the price list, else the product's "
                                                                "purchase price; in the company's currency.")
    description: str = Field("", max_length=200)


class RequisitionIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    department: str = Field("", max_length=40, description="Chooses the approval rule together with the amount.")
    notes: str = Field("", max_length=2000)
    lines: list[RequisitionLineIn] = Field(min_length=1, max_length=500)
    submit: bool = Field(False, description="Submit for approval at once.")


class RequisitionLineOut(Schema):
    id: int
    product_id: int
    product: str = Field(validation_alias="product.code")
    description: str
    quantity: Decimal
    uom: str = Field(validation_alias="uom.name")
    needed_by: datetime.date
    supplier_id: int | None
    estimated_price: Decimal


class RequisitionOut(Schema):
    id: int
    company_id: int
    number: str
    status: str = Field(description=", ".join(PurchaseRequisition.Status.values))
    department: str
    origin: str
    amount_estimated: Decimal = Field(description="In the company's currency.")
    created_at: datetime.datetime


class RequisitionDetailOut(RequisitionOut):
    notes: str
    lines: list[RequisitionLineOut] = Field(validation_alias="lines_list")


class PurchaseOrderLineIn(InputSchema):
    product_id: RefId
    quantity: Quantity = Field(examples=["10"])
    uom_id: RefId | None = Field(None, description="Default: the product's purchase unit.")
    unit_price: UnitPrice | None = Field(None, description="Default: the supplier's price list, else the product's "
                                                           "purchase price.")
    tax_id: RefId | None = Field(None, description="A purchase tax; default: the product's.")
    description: str = Field("", max_length=200)


class PurchaseOrderIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    supplier_id: RefId
    order_date: DateIn = Field(examples=["2026-11-02"])
    expected_date: DateIn | None = Field(None, description="Default: after the longest lead time of the lines.")
    warehouse_id: RefId | None = Field(None, description="Default: the first warehouse.")
    currency: str | None = Field(None, pattern=CURRENCY_CODE, description="Default: the supplier's, else the "
                                                                          "company's.")
    department: str = Field("", max_length=40)
    reference: str = Field("", max_length=60)
    notes: str = Field("", max_length=2000)
    lines: list[PurchaseOrderLineIn] = Field(min_length=1, max_length=500)


class PurchaseOrderLineOut(Schema):
    id: int
    product_id: int
    product: str = Field(validation_alias="product.code")
    description: str
    quantity: Decimal
    uom: str = Field(validation_alias="uom.name")
    unit_price: Decimal
    tax_id: int | None
    amount_untaxed: Decimal
    amount_tax: Decimal
    amount_total: Decimal
    received_quantity: Decimal
    rejected_quantity: Decimal
    billed_quantity: Decimal


class PurchaseOrderOut(Schema):
    id: int
    company_id: int
    number: str
    status: str = Field(description=", ".join(PurchaseOrder.Status.values))
    supplier_id: int
    supplier: str = Field(validation_alias="supplier.name")
    order_date: datetime.date
    expected_date: datetime.date
    warehouse_id: int
    currency: str = Field(validation_alias="currency.code")
    reference: str
    department: str
    amount_untaxed: Decimal
    amount_tax: Decimal
    amount_total: Decimal


class PurchaseReceiptOut(Schema):
    picking_id: int
    number: str = Field(validation_alias="picking.number")
    kind: str
    status: str = Field(validation_alias="picking.status")
    date: datetime.date | None = Field(validation_alias="picking.done_date")
    rejected: bool
    awaiting_inspection: bool


class PurchaseBillOut(InvoiceOut):
    match: str = Field(description="matched, mismatch, awaiting_approval, approved, rejected: the 3-way match")


class PurchaseOrderDetailOut(PurchaseOrderOut):
    notes: str
    requisition_id: int | None
    lines: list[PurchaseOrderLineOut] = Field(validation_alias="lines_list")
    receipts: list[PurchaseReceiptOut] = Field(validation_alias="receipts_list")
    bills: list[PurchaseBillOut] = Field(validation_alias="bills_list")


class PurchaseQuantityIn(InputSchema):
    line_id: RefId = Field(description="A line of the order.")
    quantity: Quantity


class PurchaseReceiveIn(InputSchema):
    date: DateIn | None = Field(None, description="Default: today.")
    lines: list[PurchaseQuantityIn] | None = Field(None, min_length=1, max_length=500,
                                           description="Left out: everything still to come.")


class PurchaseBillLineIn(PurchaseQuantityIn):
    unit_price: UnitPrice | None = Field(None, description="Default: the order's.")


class PurchaseBillIn(InputSchema):
    date: DateIn | None = Field(None, description="The bill's date; today when left out.", examples=["2026-11-14"])
    reference: str = Field("", max_length=60, description="The supplier's invoice number.")
    due_date: DateIn | None = None
    lines: list[PurchaseBillLineIn] | None = Field(None, min_length=1, max_length=500,
                                           description="Left out: everything received and not yet billed.")
    post: bool = Field(True, description="Post it at once after the 3-way match (a difference is refused with "
                                         "purchase_bill_mismatch and the draft stays).")
