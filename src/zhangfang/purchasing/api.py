"""REST endpoints under /api/v1/purchasing: requisitions and purchase orders, and the steps that
move an order on (confirm, receive, bill). Thin: parse, call one service or selector;
problem+json errors come from the shared mapping."""

import datetime
from typing import Annotated

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhangfang.accounting.api import api_check_date, api_company, api_currency, api_owned
from zhangfang.accounting.models import Tax
from zhangfang.api.fields import MAX_ID, NO_NUL
from zhangfang.api.pagination import Pagination
from zhangfang.api.schemas import ERRORS
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Partner, Uom
from zhangfang.core.selectors import get_visible
from zhangfang.inventory.models import Product, Warehouse
from zhangfang.purchasing.models import PurchaseOrder, PurchaseReceipt, PurchaseRequisition
from zhangfang.purchasing.schemas import (
    PurchaseBillIn,
    PurchaseBillOut,
    PurchaseOrderDetailOut,
    PurchaseOrderIn,
    PurchaseOrderOut,
    PurchaseReceiptOut,
    PurchaseReceiveIn,
    RequisitionDetailOut,
    RequisitionIn,
    RequisitionOut,
)
from zhangfang.purchasing.selectors import documents as selectors
from zhangfang.purchasing.services.bills import purchase_bill_create, purchase_bill_post
from zhangfang.purchasing.services.orders import purchase_order_confirm, purchase_order_create
from zhangfang.purchasing.services.receipts import purchase_order_receive
from zhangfang.purchasing.services.requisitions import purchase_requisition_create, purchase_requisition_submit

router = Router(tags=["purchasing"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
CompanyParam = Annotated[int | None, Query(ge=1, le=MAX_ID, description="The company; default: your default one")]
RefParam = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Search = Annotated[str, Query(max_length=100, pattern=NO_NUL)]


def _dates(**dates) -> None:
    for name, value in dates.items():
        api_check_date(value, name)


# --- requisitions -----------------------------------------------------------------------

def _requisition(request, requisition_id: int) -> PurchaseRequisition:
    return get_visible(PurchaseRequisition.objects.select_related("company"), request.user, requisition_id)


def _requisition_detail(requisition: PurchaseRequisition) -> PurchaseRequisition:
    requisition = selectors.requisition_detail(company=requisition.company, pk=requisition.pk)
    requisition.lines_list = list(selectors.requisition_lines(requisition))
    return requisition


@router.get("/requisitions", response={200: list[RequisitionOut], **ERRORS}, summary="Requisitions, newest first")
@paginate(Pagination)
def list_requisitions(request, company: CompanyParam = None,
                      status: Annotated[str | None, Query(pattern="^(" + "|".join(PurchaseRequisition.Status.values)
                                                                  + ")$")] = None,
                      search: Search = ""):
    rows = selectors.requisitions(api_company(request, company, "purchasing.view_purchaserequisition"))
    if status:
        rows = rows.filter(status=status)
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(department__icontains=search))
    return rows


@router.get("/requisitions/{requisition_id}", response={200: RequisitionDetailOut, **ERRORS})
def get_requisition(request, requisition_id: Id):
    return _requisition_detail(_requisition(request, requisition_id))


@router.post("/requisitions", response={201: RequisitionDetailOut, **ERRORS},
             summary="Create a requisition, optionally submitted for approval at once")
def create_requisition(request, payload: RequisitionIn):
    company = api_company(request, payload.company_id, "purchasing.add_purchaserequisition")
    lines = []
    for index, line in enumerate(payload.lines):
        where = f"lines.{index}"
        _dates(**{f"{where}.needed_by": line.needed_by})
        row = {"product": api_owned(Product, company, line.product_id, f"{where}.product_id"),
               "quantity": line.quantity, "description": line.description, "needed_by": line.needed_by,
               "uom": api_owned(Uom, company, line.uom_id, f"{where}.uom_id"),
               "supplier": api_owned(Partner, company, line.supplier_id, f"{where}.supplier_id")}
        if line.estimated_price is not None:
            row["estimated_price"] = line.estimated_price
        lines.append(row)
    with transaction.atomic():
        requisition = purchase_requisition_create(actor=request.user, company=company, lines=lines,
                                                  department=payload.department, notes=payload.notes)
        if payload.submit:
            requisition = purchase_requisition_submit(actor=request.user, requisition=requisition)
    return Status(201, _requisition_detail(requisition))


@router.post("/requisitions/{requisition_id}/submit", response={200: RequisitionDetailOut, **ERRORS},
             summary="Submit for approval (approved at once when no approval rule applies)")
def submit_requisition(request, requisition_id: Id):
    return _requisition_detail(purchase_requisition_submit(actor=request.user,
                                                           requisition=_requisition(request, requisition_id)))


# --- purchase orders --------------------------------------------------------------------

def _order(request, purchase_order_id: int) -> PurchaseOrder:
    return get_visible(PurchaseOrder.objects.select_related("company"), request.user, purchase_order_id)


def _order_detail(order: PurchaseOrder) -> PurchaseOrder:
    order = selectors.order_detail(company=order.company, pk=order.pk)
    order.lines_list = list(selectors.order_lines(order))
    order.receipts_list = selectors.order_receipts(order)
    order.bills_list = [_bill_out(row.bill, row.invoice) for row in selectors.order_bills(order)]
    return order


def _bill_out(bill, invoice):
    invoice.match = bill.match
    return invoice


@router.get("/orders", response={200: list[PurchaseOrderOut], **ERRORS}, summary="Purchase orders, newest first")
@paginate(Pagination)
def list_orders(request, company: CompanyParam = None,
                status: Annotated[str | None, Query(pattern="^(" + "|".join(PurchaseOrder.Status.values)
                                                            + ")$")] = None,
                supplier_id: RefParam = None, search: Search = ""):
    rows = selectors.orders(api_company(request, company, "purchasing.view_purchaseorder"))
    if status:
        rows = rows.filter(status=status)
    if supplier_id:
        rows = rows.filter(supplier_id=supplier_id)
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(reference__icontains=search)
                           | Q(supplier__name__icontains=search))
    return rows


@router.get("/orders/{purchase_order_id}", response={200: PurchaseOrderDetailOut, **ERRORS},
            summary="An order with its lines, receipts and bills")
def get_order(request, purchase_order_id: Id):
    return _order_detail(_order(request, purchase_order_id))


@router.post("/orders", response={201: PurchaseOrderDetailOut, **ERRORS}, summary="Create a draft purchase order")
def create_order(request, payload: PurchaseOrderIn):
    company = api_company(request, payload.company_id, "purchasing.add_purchaseorder")
    _dates(order_date=payload.order_date, expected_date=payload.expected_date)
    lines = []
    for index, line in enumerate(payload.lines):
        where = f"lines.{index}"
        row = {"product": api_owned(Product, company, line.product_id, f"{where}.product_id"),
               "quantity": line.quantity, "description": line.description,
               "uom": api_owned(Uom, company, line.uom_id, f"{where}.uom_id"), "unit_price": line.unit_price}
        if line.tax_id is not None:
            row["tax"] = api_owned(Tax, company, line.tax_id, f"{where}.tax_id")
        lines.append(row)
    order = purchase_order_create(
        actor=request.user, company=company, supplier=api_owned(Partner, company, payload.supplier_id, "supplier_id"),
        order_date=payload.order_date, expected_date=payload.expected_date, lines=lines,
        warehouse=api_owned(Warehouse, company, payload.warehouse_id, "warehouse_id"),
        currency=api_currency(payload.currency, "currency"), department=payload.department,
        reference=payload.reference, notes=payload.notes)
    return Status(201, _order_detail(order))


@router.post("/orders/{purchase_order_id}/confirm", response={200: PurchaseOrderDetailOut, **ERRORS},
             summary="Confirm a draft (above the approval threshold it waits for approval)")
def confirm_order(request, purchase_order_id: Id):
    return _order_detail(purchase_order_confirm(actor=request.user, order=_order(request, purchase_order_id)))


def _order_lines(order: PurchaseOrder, rows) -> dict:
    own = {line.pk: line for line in order.lines.all()}
    found = {}
    for index, row in enumerate(rows):
        if row.line_id not in own:
            raise ValidationFailed(fields={f"lines.{index}.line_id": [_("Not a line of this order.")]})
        found[index] = own[row.line_id]
    return found


@router.post("/orders/{purchase_order_id}/receive", response={200: PurchaseReceiptOut, **ERRORS},
             summary="Receive goods; what is not received stays on a backorder. Answers the done receipt")
def receive_order(request, purchase_order_id: Id, payload: PurchaseReceiveIn):
    order = _order(request, purchase_order_id)
    _dates(date=payload.date)
    quantities = None
    if payload.lines is not None:
        lines = _order_lines(order, payload.lines)
        quantities = {lines[index]: row.quantity for index, row in enumerate(payload.lines)}
    picking = purchase_order_receive(actor=request.user, order=order, quantities=quantities, date=payload.date)
    return PurchaseReceipt.objects.select_related("picking").get(picking=picking)


@router.post("/orders/{purchase_order_id}/bill", response={201: PurchaseBillOut, **ERRORS},
             summary="Enter the supplier's bill of the order, posted at once after the 3-way match unless "
                     "post is false")
def bill_order(request, purchase_order_id: Id, payload: PurchaseBillIn):
    order = _order(request, purchase_order_id)
    _dates(date=payload.date, due_date=payload.due_date)
    lines = None
    if payload.lines is not None:
        found = _order_lines(order, payload.lines)
        lines = [{"order_line": found[index], "quantity": row.quantity, "unit_price": row.unit_price}
                 for index, row in enumerate(payload.lines)]
    invoice = purchase_bill_create(actor=request.user, order=order, date=payload.date or datetime.date.today(),
                                   lines=lines,
                                   reference=payload.reference, due_date=payload.due_date)
    if payload.post:
        invoice = purchase_bill_post(actor=request.user, invoice=invoice)
    bill = selectors.bill_for_invoice(company=order.company, invoice_id=invoice.pk)
    return Status(201, _bill_out(bill, bill.invoice))
