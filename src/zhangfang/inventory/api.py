"""REST endpoints under /api/v1/inventory. Thin: parse, call one service or selector."""

from contextlib import contextmanager
from typing import Annotated

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from zhangfang.accounting.api import Id, api_check_date, api_company, api_owned
from zhangfang.accounting.models import Account, Tax
from zhangfang.api.fields import MAX_ID, NO_NUL, DateIn
from zhangfang.api.pagination import Pagination
from zhangfang.api.schemas import ERRORS
from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError, ValidationFailed
from zhangfang.core.models import Company, Partner, Uom
from zhangfang.core.selectors import get_visible
from zhangfang.inventory.models import Location, Lot, Picking, Product, ProductCategory, StockCount, Warehouse
from zhangfang.inventory.schemas import (
    ACCOUNT_IDS,
    CategoryIn,
    CategoryOut,
    CountedIn,
    CountIn,
    CountOut,
    CountValidateIn,
    LocationIn,
    LocationOut,
    LotIn,
    LotOut,
    MoveOut,
    PickingDetailOut,
    PickingIn,
    PickingOut,
    ProductIn,
    ProductOut,
    ProductPatch,
    ShippingIn,
    StockOut,
    ValidateIn,
    ValidateOut,
    WarehouseIn,
    WarehouseOut,
)
from zhangfang.inventory.selectors import pages
from zhangfang.inventory.selectors.stock import lot_trace
from zhangfang.inventory.services import counts, pickings, products, warehouses

router = Router(tags=["inventory"])

CompanyParam = Annotated[int | None, Query(ge=1, le=MAX_ID, description="The company; default: your default one")]
RefParam = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Search = Annotated[str, Query(max_length=100, pattern=NO_NUL)]
# The request body's name of each record the services name without "_id".
REFERENCES = {"category": ProductCategory, "uom": Uom, "purchase_uom": Uom, "sale_uom": Uom, "sale_tax": Tax,
              "purchase_tax": Tax, "variant_of": Product, "parent": None, "product": Product, "lot": Lot,
              "location": Location, "source": Location, "destination": Location, "partner": Partner,
              **{name.removesuffix("_id"): Account for name in ACCOUNT_IDS}}


@contextmanager
def _errors_at_body():
    """Name the request body's fields in a service error: ``category_id``, not ``category``;
    ``lines.0.product_id``, not the service's ``lines.1.product`` (which counts lines from 1)."""
    try:
        yield
    except BusinessError as error:
        fields = {}
        for key, messages in error.fields.items():
            *path, name = key.split(".")
            if path and path[0] == "lines" and len(path) > 1 and path[1].isdigit():
                path = [path[0], str(int(path[1]) - 1)]
            fields[".".join([*path, f"{name}_id" if name in REFERENCES else name])] = messages
        error.fields = fields
        raise


def _references(company: Company, data: dict, models: dict) -> dict:
    """``{"category_id": 3}`` → ``{"category": <ProductCategory 3>}``, each of the company's."""
    resolved = {}
    for key, value in data.items():
        name = key.removesuffix("_id")
        if key.endswith("_id") and name in models:
            resolved[name] = api_owned(models[name], company, value, key)
        else:
            resolved[key] = value
    return resolved


def _product(company: Company, pk: int) -> Product:
    return pages.products(company).get(pk=pk)


# --- products and categories -----------------------------------------------------------

@router.get("/products", response={200: list[ProductOut], **ERRORS}, summary="Products with their stock")
@paginate(Pagination)
def list_products(request, company: CompanyParam = None, search: Search = "", category_id: RefParam = None,
                  kind: Annotated[str | None, Query(pattern="^(goods|consumable|service)$")] = None,
                  active: bool | None = None):
    rows = pages.products(api_company(request, company, "inventory.view_product"))
    if search:
        rows = rows.filter(Q(code__icontains=search) | Q(name__icontains=search) | Q(barcode=search))
    filters = {"category_id": category_id, "kind": kind, "active": active}
    return rows.filter(**{name: value for name, value in filters.items() if value is not None})


@router.get("/products/{product_id}", response={200: ProductOut, **ERRORS})
def get_product(request, product_id: Id):
    product = get_visible(Product.objects.select_related("company"), request.user, product_id)
    return _product(product.company, product.pk)


PRODUCT_REFERENCES = {name: REFERENCES[name] for name in (
    "category", "uom", "purchase_uom", "sale_uom", "sale_tax", "purchase_tax", "variant_of")}


@router.post("/products", response={201: ProductOut, **ERRORS})
def create_product(request, payload: ProductIn):
    company = api_company(request, payload.company_id, "inventory.add_product")
    data = _references(company, payload.dict(exclude={"company_id"}, exclude_none=True), PRODUCT_REFERENCES)
    with _errors_at_body():
        product = products.product_create(actor=request.user, company=company, **data)
    return Status(201, _product(company, product.pk))


@router.patch("/products/{product_id}", response={200: ProductOut, **ERRORS},
              summary="Change a product; only the fields sent change")
def update_product(request, product_id: Id, payload: ProductPatch):
    product = get_visible(Product.objects.select_related("company"), request.user, product_id)
    data = _references(product.company, payload.dict(exclude_unset=True), PRODUCT_REFERENCES)
    with _errors_at_body():
        products.product_update(actor=request.user, product=product, **data)
    return _product(product.company, product.pk)


@router.get("/categories", response={200: list[CategoryOut], **ERRORS})
@paginate(Pagination)
def list_categories(request, company: CompanyParam = None):
    return ProductCategory.objects.filter(company=api_company(request, company, "inventory.view_productcategory"))


@router.post("/categories", response={201: CategoryOut, **ERRORS},
             summary="A category; accounts left out come from the parent or the default category")
def create_category(request, payload: CategoryIn):
    company = api_company(request, payload.company_id, "inventory.add_productcategory")
    data = _references(company, payload.dict(exclude={"company_id"}, exclude_none=True),
                       {"parent": ProductCategory, **{name.removesuffix("_id"): Account for name in ACCOUNT_IDS}})
    with _errors_at_body():
        return Status(201, products.product_category_create(actor=request.user, company=company, **data))


# --- warehouses, locations, stock -------------------------------------------------------

@router.get("/warehouses", response={200: list[WarehouseOut], **ERRORS})
@paginate(Pagination)
def list_warehouses(request, company: CompanyParam = None):
    return Warehouse.objects.filter(company=api_company(request, company, "inventory.view_warehouse"))


@router.post("/warehouses", response={201: WarehouseOut, **ERRORS},
             summary="A warehouse with its locations CODE, CODE/Stock and CODE/Quality")
def create_warehouse(request, payload: WarehouseIn):
    company = api_company(request, payload.company_id, "inventory.add_warehouse")
    with _errors_at_body():
        return Status(201, warehouses.warehouse_create(actor=request.user, company=company, code=payload.code,
                                                       name=payload.name, address=payload.address))


@router.get("/locations", response={200: list[LocationOut], **ERRORS}, summary="Locations in tree order")
@paginate(Pagination)
def list_locations(request, company: CompanyParam = None, search: Search = "", warehouse_id: RefParam = None,
                   kind: Annotated[str | None, Query(pattern="^(" + "|".join(Location.Kind.values) + ")$")] = None):
    rows = pages.locations(api_company(request, company, "inventory.view_location"))
    if search:
        rows = rows.filter(Q(full_name__icontains=search) | Q(barcode=search))
    filters = {"warehouse_id": warehouse_id, "kind": kind}
    return rows.filter(**{name: value for name, value in filters.items() if value is not None})


@router.post("/locations", response={201: LocationOut, **ERRORS})
def create_location(request, payload: LocationIn):
    company = api_company(request, payload.company_id, "inventory.add_location")
    with _errors_at_body():
        return Status(201, warehouses.location_create(
            actor=request.user, company=company, name=payload.name, kind=payload.kind, barcode=payload.barcode,
            parent=api_owned(Location, company, payload.parent_id, "parent_id")))


@router.get("/stock", response={200: list[StockOut], **ERRORS},
            summary="Stock on hand by product, location and lot (a location includes those under it)")
@paginate(Pagination)
def list_stock(request, company: CompanyParam = None, product_id: RefParam = None, location_id: RefParam = None,
               lot_id: RefParam = None):
    company = api_company(request, company, "inventory.view_stockquant")
    rows = pages.quants(company)
    if product_id is not None:
        rows = rows.filter(product_id=product_id)
    if lot_id is not None:
        rows = rows.filter(lot_id=lot_id)
    if location_id is not None:
        rows = rows.filter(warehouses.subtree(api_owned(Location, company, location_id, "location_id")))
    return rows


@router.get("/moves", response={200: list[MoveOut], **ERRORS}, summary="Stock moves, newest first")
@paginate(Pagination)
def list_moves(request, company: CompanyParam = None, product_id: RefParam = None, picking_id: RefParam = None,
               status: Annotated[str | None, Query(pattern="^(draft|confirmed|reserved|done|cancelled)$")] = None,
               date_from: DateIn | None = None, date_to: DateIn | None = None):
    rows = pages.moves(api_company(request, company, "inventory.view_stockmove"))
    filters = {"product_id": product_id, "picking_id": picking_id, "status": status, "date__gte": date_from,
               "date__lte": date_to}
    return rows.filter(**{name: value for name, value in filters.items() if value is not None})


# --- lots -------------------------------------------------------------------------------

@router.get("/lots", response={200: list[LotOut], **ERRORS})
@paginate(Pagination)
def list_lots(request, company: CompanyParam = None, product_id: RefParam = None, search: Search = ""):
    rows = pages.lots(api_company(request, company, "inventory.view_lot"))
    if product_id is not None:
        rows = rows.filter(product_id=product_id)
    return rows.filter(name__icontains=search) if search else rows


@router.post("/lots", response={201: LotOut, **ERRORS})
def create_lot(request, payload: LotIn):
    company = api_company(request, payload.company_id, "inventory.add_lot")
    api_check_date(payload.expiry_date, "expiry_date")
    with _errors_at_body():
        lot = products.lot_create(actor=request.user, company=company, name=payload.name,
                                  product=api_owned(Product, company, payload.product_id, "product_id"),
                                  expiry_date=payload.expiry_date)
    return Status(201, pages.lots(company).get(pk=lot.pk))


@router.get("/lots/{lot_id}/trace", response={200: list[MoveOut], **ERRORS},
            summary="Where a lot went: its done moves, oldest first")
def trace_lot(request, lot_id: Id):
    return lot_trace(get_visible(Lot.objects.select_related("company"), request.user, lot_id))


# --- transfers --------------------------------------------------------------------------

def _picking(request, picking_id: int) -> Picking:
    return get_visible(Picking.objects.select_related("company"), request.user, picking_id)


def _picking_detail(picking: Picking) -> Picking:
    picking = pages.pickings(picking.company).get(pk=picking.pk)
    picking.moves_list = list(picking.moves.select_related("product").order_by("pk"))
    return picking


@router.get("/pickings", response={200: list[PickingOut], **ERRORS}, summary="Transfers, newest first")
@paginate(Pagination)
def list_pickings(request, company: CompanyParam = None, search: Search = "",
                  kind: Annotated[str | None, Query(pattern="^(" + "|".join(Picking.Kind.values) + ")$")] = None,
                  status: Annotated[str | None, Query(pattern="^(" + "|".join(Picking.Status.values) + ")$")] = None,
                  date_from: DateIn | None = None, date_to: DateIn | None = None):
    rows = pages.pickings(api_company(request, company, "inventory.view_picking"))
    filters = {"kind": kind, "status": status, "scheduled_date__gte": date_from, "scheduled_date__lte": date_to}
    rows = rows.filter(**{name: value for name, value in filters.items() if value is not None})
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(origin__icontains=search))
    return rows


@router.get("/pickings/{picking_id}", response={200: PickingDetailOut, **ERRORS})
def get_picking(request, picking_id: Id):
    return _picking_detail(_picking(request, picking_id))


@router.post("/pickings", response={201: PickingDetailOut, **ERRORS}, summary="Create a draft transfer")
def create_picking(request, payload: PickingIn):
    company = api_company(request, payload.company_id, "inventory.add_picking")
    api_check_date(payload.scheduled_date, "scheduled_date")
    lines = [{"product": api_owned(Product, company, line.product_id, f"lines.{index}.product_id"),
              "quantity": line.quantity, "unit_cost": line.unit_cost,
              "lot": api_owned(Lot, company, line.lot_id, f"lines.{index}.lot_id")}
             for index, line in enumerate(payload.lines)]
    with _errors_at_body():
        picking = pickings.picking_create(
            actor=request.user, company=company, kind=payload.kind, scheduled_date=payload.scheduled_date,
            source=api_owned(Location, company, payload.source_id, "source_id"),
            destination=api_owned(Location, company, payload.destination_id, "destination_id"),
            partner=api_owned(Partner, company, payload.partner_id, "partner_id"), lines=lines,
            origin=payload.origin, notes=payload.notes)
    return Status(201, _picking_detail(picking))


@router.post("/pickings/{picking_id}/confirm", response={200: PickingDetailOut, **ERRORS})
def confirm_picking(request, picking_id: Id):
    return _picking_detail(pickings.picking_confirm(actor=request.user, picking=_picking(request, picking_id)))


@router.post("/pickings/{picking_id}/reserve", response={200: PickingDetailOut, **ERRORS},
             summary="Reserve every move in full, or nothing (409 not_enough_stock)")
def reserve_picking(request, picking_id: Id):
    return _picking_detail(pickings.picking_reserve(actor=request.user, picking=_picking(request, picking_id)))


@router.post("/pickings/{picking_id}/validate", response={200: ValidateOut, **ERRORS},
             summary="Mark the moves done; what is not done goes to a backorder")
def validate_picking(request, picking_id: Id, payload: ValidateIn):
    picking = _picking(request, picking_id)
    api_check_date(payload.date, "date")
    quantities = lots = None
    if payload.lines is not None:
        quantities = {line.move_id: line.quantity for line in payload.lines}
        lots = {line.move_id: api_owned(Lot, picking.company, line.lot_id, f"lines.{index}.lot_id")
                for index, line in enumerate(payload.lines) if line.lot_id is not None}
    done, backorder = pickings.picking_validate(actor=request.user, picking=picking, quantities=quantities,
                                                lots=lots, date=payload.date, allow_over=payload.allow_over)
    return {"picking": _picking_detail(done), "backorder": backorder and _picking_detail(backorder)}


@router.post("/pickings/{picking_id}/cancel", response={200: PickingDetailOut, **ERRORS})
def cancel_picking(request, picking_id: Id):
    return _picking_detail(pickings.picking_cancel(actor=request.user, picking=_picking(request, picking_id)))


@router.post("/pickings/{picking_id}/shipping", response={200: PickingDetailOut, **ERRORS},
             summary="Set the carrier and tracking number")
def ship_picking(request, picking_id: Id, payload: ShippingIn):
    picking = pickings.picking_shipping_set(actor=request.user, picking=_picking(request, picking_id),
                                            carrier=payload.carrier, tracking_number=payload.tracking_number)
    return _picking_detail(picking)


# --- stock counts -----------------------------------------------------------------------

def _count(request, count_id: int) -> StockCount:
    return get_visible(StockCount.objects.select_related("company"), request.user, count_id)


def _count_detail(count: StockCount) -> StockCount:
    count = StockCount.objects.get(pk=count.pk)
    count.lines_list = list(count.lines.select_related("product").order_by("pk"))
    if count.blind and count.status != StockCount.Status.DONE:
        for line in count.lines_list:
            line.expected = None
    return count


@router.post("/counts", response={201: CountOut, **ERRORS}, summary="Make a draft stocktake or cycle count")
def create_count(request, payload: CountIn):
    company = api_company(request, payload.company_id, "inventory.add_stockcount")
    api_check_date(payload.date, "date")
    with _errors_at_body():
        count = counts.stock_count_create(
            actor=request.user, company=company, kind=payload.kind, blind=payload.blind,
            location=api_owned(Location, company, payload.location_id, "location_id"),
            category=api_owned(ProductCategory, company, payload.category_id, "category_id"), date=payload.date)
    return Status(201, _count_detail(count))


@router.get("/counts/{count_id}", response={200: CountOut, **ERRORS})
def get_count(request, count_id: Id):
    return _count_detail(_count(request, count_id))


@router.post("/counts/{count_id}/start", response={200: CountOut, **ERRORS},
             summary="Start counting: one line per product, lot and location with the quantity expected")
def start_count(request, count_id: Id):
    return _count_detail(counts.stock_count_start(actor=request.user, count=_count(request, count_id)))


@router.post("/counts/{count_id}/counted", response={200: CountOut, **ERRORS},
             summary="Record counted quantities, all or none")
def set_counted(request, count_id: Id, payload: CountedIn):
    count = _count(request, count_id)
    permissions.require(request.user, count.company, "inventory.change_stockcount")
    lines = count.lines.in_bulk([line.line_id for line in payload.lines])
    with transaction.atomic():
        for index, row in enumerate(payload.lines):
            if row.line_id not in lines:
                raise ValidationFailed(fields={f"lines.{index}.line_id": [_("Not a line of this count.")]})
            try:
                counts.stock_count_line_set(actor=request.user, line=lines[row.line_id], counted=row.counted)
            except BusinessError as error:
                error.fields = {f"lines.{index}.{name}": messages for name, messages in error.fields.items()}
                raise
    return _count_detail(count)


@router.post("/counts/{count_id}/validate", response={200: CountOut, **ERRORS},
             summary="Book the differences as one inventory adjustment")
def validate_count(request, count_id: Id, payload: CountValidateIn):
    count = counts.stock_count_validate(actor=request.user, count=_count(request, count_id),
                                        uncounted_zero=payload.uncounted_zero)
    return _count_detail(count)
