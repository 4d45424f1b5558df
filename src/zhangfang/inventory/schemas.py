"""Request and answer bodies of the inventory API. Quantities, costs and values are decimal
strings both ways (quantities in the product's stock unit)."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, WithJsonSchema

from zhangfang.accounting.schemas import RefId
from zhangfang.api.fields import NO_NUL, DateIn, DecimalIn, InputSchema
from zhangfang.inventory.models import Location, Picking, Product, ProductCategory, StockCount

Quantity = DecimalIn(max_digits=18, places=4, positive=True)
DoneQuantity = DecimalIn(max_digits=18, places=4)
UnitCost = DecimalIn(max_digits=20, places=6)
Attribute = Annotated[str, Field(min_length=1, max_length=60, pattern=NO_NUL)]
_ATTRIBUTE_TEXT = {"type": "string", "minLength": 1, "maxLength": 60, "pattern": NO_NUL}
# Documented by hand: pydantic would put the key pattern in patternProperties, which leaves
# keys that miss the pattern free to carry anything.
Attributes = Annotated[dict[Attribute, Attribute], Field(max_length=20), WithJsonSchema({
    "type": "object", "maxProperties": 20, "propertyNames": _ATTRIBUTE_TEXT,
    "additionalProperties": _ATTRIBUTE_TEXT})]
# Sums answered with their places even where the database summed to a whole number or a float.
QuantityOut = Annotated[Decimal, AfterValidator(lambda value: value.quantize(Decimal("0.0001")))]
Amount = Annotated[Decimal, AfterValidator(lambda value: value.quantize(Decimal("0.01")))]


def _choices(values) -> str:
    return "^(" + "|".join(values) + ")$"


# --- products and categories -----------------------------------------------------------

class ProductFields(InputSchema):
    """What a product may be changed in; on a PATCH only the fields sent change."""

    name: str | None = Field(None, min_length=1, max_length=200, examples=["深沟球轴承 6204"])
    kind: str | None = Field(None, pattern=_choices(Product.Kind.values), description="goods, consumable or service")
    category_id: RefId | None = None
    uom_id: RefId | None = Field(None, description="The stock unit; quantities are kept in it.")
    purchase_uom_id: RefId | None = None
    sale_uom_id: RefId | None = None
    barcode: str | None = Field(None, max_length=40)
    tracking: str | None = Field(None, pattern=_choices(Product.Tracking.values))
    sale_price: UnitCost | None = None
    purchase_price: UnitCost | None = None
    sale_tax_id: RefId | None = None
    purchase_tax_id: RefId | None = None
    variant_of_id: RefId | None = None
    attributes: Attributes | None = Field(None, examples=[{"颜色": "红"}])
    description: str | None = Field(None, max_length=2000)


class ProductIn(ProductFields):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    code: str = Field(min_length=1, max_length=40, examples=["BRG-6204"])
    name: str = Field(min_length=1, max_length=200, examples=["深沟球轴承 6204"])
    category_id: RefId
    uom_id: RefId = Field(description="The stock unit; quantities are kept in it.")


class ProductPatch(ProductFields):
    code: str | None = Field(None, min_length=1, max_length=40)
    active: bool | None = None


class ProductOut(Schema):
    id: int
    company_id: int
    code: str
    name: str
    kind: str
    category_id: int
    category: str = Field(validation_alias="category.name")
    uom_id: int
    uom: str = Field(validation_alias="uom.name")
    purchase_uom_id: int | None
    sale_uom_id: int | None
    barcode: str
    tracking: str
    variant_of_id: int | None
    attributes: dict
    sale_price: Decimal
    purchase_price: Decimal
    sale_tax_id: int | None
    purchase_tax_id: int | None
    average_cost: Decimal = Field(description="Moving-average unit cost in base currency.")
    description: str
    active: bool
    on_hand: QuantityOut = Field(description="In stocked locations, in the stock unit.")
    available: QuantityOut = Field(description="On hand less what is reserved.")
    value: Amount = Field(description="Stock value in base currency.")


ACCOUNT_IDS = ("stock_account_id", "input_account_id", "output_account_id", "loss_account_id",
               "price_difference_account_id", "income_account_id", "expense_account_id")


class CategoryIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    name: str = Field(min_length=1, max_length=100, examples=["轴承"])
    parent_id: RefId | None = None
    valuation: str = Field(ProductCategory.Valuation.AVERAGE, pattern=_choices(ProductCategory.Valuation.values))
    stock_account_id: RefId | None = Field(None, description="Accounts left out come from the parent, else from "
                                                             "the default category.")
    input_account_id: RefId | None = Field(None, description="Goods received not invoiced.")
    output_account_id: RefId | None = Field(None, description="Cost of sales.")
    loss_account_id: RefId | None = None
    price_difference_account_id: RefId | None = None
    income_account_id: RefId | None = None
    expense_account_id: RefId | None = None


class CategoryOut(Schema):
    id: int
    company_id: int
    name: str
    parent_id: int | None
    valuation: str
    stock_account_id: int | None
    input_account_id: int | None
    output_account_id: int | None
    loss_account_id: int | None
    price_difference_account_id: int | None
    income_account_id: int | None
    expense_account_id: int | None
    active: bool


# --- warehouses, locations, stock -------------------------------------------------------

class WarehouseIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    code: str = Field(min_length=1, max_length=10, pattern=r"^[A-Za-z0-9_-]+$", examples=["WH2"])
    name: str = Field(min_length=1, max_length=100, examples=["汉阳仓"])
    address: str = Field("", max_length=200)


class WarehouseOut(Schema):
    id: int
    company_id: int
    code: str
    name: str
    address: str
    view_location_id: int | None
    stock_location_id: int | None
    quality_location_id: int | None
    active: bool


class LocationIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    name: str = Field(min_length=1, max_length=100, examples=["A-01"])
    parent_id: RefId
    kind: str = Field(Location.Kind.INTERNAL, pattern=_choices(Location.Kind.values))
    barcode: str = Field("", max_length=40)


class LocationOut(Schema):
    id: int
    company_id: int
    name: str
    full_name: str
    parent_id: int | None
    kind: str
    warehouse_id: int | None
    barcode: str
    active: bool


class StockOut(Schema):
    product_id: int
    product_code: str = Field(validation_alias="product.code")
    location_id: int
    location: str = Field(validation_alias="location.full_name")
    lot_id: int | None
    lot: str | None = Field(None, validation_alias="lot.name")
    quantity: Decimal
    reserved: Decimal
    available: QuantityOut


class LotIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    product_id: RefId
    name: str = Field(min_length=1, max_length=60, examples=["L2026-11-01"])
    expiry_date: DateIn | None = None


class LotOut(Schema):
    id: int
    company_id: int
    product_id: int
    name: str
    expiry_date: datetime.date | None
    on_hand: QuantityOut
    created_at: datetime.datetime


# --- moves and transfers ----------------------------------------------------------------

class MoveOut(Schema):
    id: int
    picking_id: int | None
    product_id: int
    product_code: str = Field(validation_alias="product.code")
    quantity: Decimal
    reserved_quantity: Decimal
    source_id: int
    destination_id: int
    lot_id: int | None
    status: str
    date: datetime.date
    done_at: datetime.datetime | None
    unit_cost: Decimal | None
    value: Decimal | None
    origin: str
    returned_move_id: int | None
    journal_entry_id: int | None


class PickingLineIn(InputSchema):
    product_id: RefId
    quantity: Quantity = Field(examples=["10"])
    unit_cost: UnitCost | None = Field(None, description="Base currency per stock unit; required for receipts "
                                                         "from a supplier.")
    lot_id: RefId | None = None


class PickingIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    kind: str = Field(Picking.Kind.INTERNAL, pattern=_choices(Picking.Kind.values))
    source_id: RefId
    destination_id: RefId
    scheduled_date: DateIn = Field(examples=["2026-11-03"])
    partner_id: RefId | None = None
    origin: str = Field("", max_length=60)
    notes: str = Field("", max_length=2000)
    lines: list[PickingLineIn] = Field(min_length=1, max_length=500)


class PickingOut(Schema):
    id: int
    company_id: int
    number: str
    kind: str
    status: str = Field(description=", ".join(Picking.Status.values))
    partner_id: int | None
    source_id: int
    destination_id: int
    scheduled_date: datetime.date
    done_date: datetime.date | None
    origin: str
    backorder_of_id: int | None
    return_of_id: int | None
    carrier: str
    tracking_number: str
    notes: str
    created_at: datetime.datetime


class PickingDetailOut(PickingOut):
    moves: list[MoveOut] = Field(validation_alias="moves_list")


class DoneLineIn(InputSchema):
    move_id: RefId
    quantity: DoneQuantity = Field(description="Done quantity; less than planned leaves the rest in a backorder, "
                                               "0 moves the whole line to it.")
    lot_id: RefId | None = None


class ValidateIn(InputSchema):
    lines: list[DoneLineIn] | None = Field(None, max_length=500,
                                           description="Left out: every move is done as planned.")
    date: DateIn | None = Field(None, description="Date done; today when left out.")
    allow_over: bool = Field(False, description="Allow more than planned.")


class ValidateOut(Schema):
    picking: PickingDetailOut
    backorder: PickingDetailOut | None = Field(description="The transfer of what was not done, if any.")


class ShippingIn(InputSchema):
    carrier: str = Field("", max_length=60, examples=["顺丰速运"])
    tracking_number: str = Field("", max_length=60, examples=["SF1234567890"])


# --- stock counts -----------------------------------------------------------------------

class CountIn(InputSchema):
    company_id: RefId | None = Field(None, description="Defaults to your default company.")
    location_id: RefId = Field(description="Everything in this location and below it is counted.")
    kind: str = Field(StockCount.Kind.FULL, pattern=_choices(StockCount.Kind.values))
    category_id: RefId | None = Field(None, description="Count only this category's products.")
    blind: bool = Field(False, description="Hide the expected quantities from the counters.")
    date: DateIn | None = Field(None, description="Today when left out.")


class CountLineOut(Schema):
    id: int
    product_id: int
    product_code: str = Field(validation_alias="product.code")
    location_id: int
    lot_id: int | None
    expected: Decimal | None = Field(description="Null on a blind count until it is validated.")
    counted: Decimal | None
    difference: Decimal | None


class CountOut(Schema):
    id: int
    company_id: int
    number: str
    kind: str
    status: str
    location_id: int
    category_id: int | None
    blind: bool
    date: datetime.date
    picking_id: int | None = Field(description="The adjustment transfer once validated.")
    lines: list[CountLineOut] = Field(validation_alias="lines_list")


class CountedLineIn(InputSchema):
    line_id: RefId
    counted: DecimalIn(max_digits=18, places=4) | None = Field(description="Null: not counted yet.")


class CountedIn(InputSchema):
    # Empty is allowed (records nothing) so that the count's ownership is checked before the body.
    lines: list[CountedLineIn] = Field(default_factory=list, max_length=5000)


class CountValidateIn(InputSchema):
    uncounted_zero: bool = Field(False, description="Lines not counted were found empty.")
