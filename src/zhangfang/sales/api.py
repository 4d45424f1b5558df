"""REST endpoints under /api/v1/sales: quotations and orders, and the steps that move an order on.
Thin: parse, call one service or selector; problem+json errors come from the shared mapping."""

from typing import Annotated

from django.db.models import Q
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhangfang.accounting.api import api_check_date, api_company, api_currency, api_owned
from zhangfang.accounting.models import Tax
from zhangfang.accounting.schemas_documents import InvoiceDetailOut
from zhangfang.accounting.selectors import invoices as invoice_selectors
from zhangfang.api.fields import MAX_ID, NO_NUL
from zhangfang.api.pagination import Pagination
from zhangfang.api.schemas import ERRORS
from zhangfang.core import permissions
from zhangfang.core.models import Partner, Uom
from zhangfang.core.selectors import get_visible
from zhangfang.inventory.models import Product, Warehouse
from zhangfang.sales import selectors
from zhangfang.sales.models import PriceList, SalesOrder
from zhangfang.sales.schemas import (
    SalesConfirmIn,
    SalesDeliverIn,
    SalesDeliverOut,
    SalesInvoiceIn,
    SalesOrderDetailOut,
    SalesOrderIn,
    SalesOrderOut,
)
from zhangfang.sales.services.deliveries import sales_order_deliver
from zhangfang.sales.services.invoicing import sales_order_invoice
from zhangfang.sales.services.orders import sales_order_confirm, sales_order_create

router = Router(tags=["sales"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
CompanyParam = Annotated[int | None, Query(ge=1, le=MAX_ID, description="The company; default: your default one")]
Search = Annotated[str, Query(max_length=100, pattern=NO_NUL)]


def _order(request, order_id: int) -> SalesOrder:
    return get_visible(SalesOrder.objects.select_related("company"), request.user, order_id)


def _detail(order: SalesOrder) -> SalesOrder:
    order = selectors.order_detail(company=order.company, pk=order.pk)
    order.lines_list = list(selectors.order_lines(order))
    order.pickings_list = list(selectors.order_pickings(order))
    order.invoices_list = list(selectors.order_invoices(order))
    order.payment_state_value = selectors.payment_state(order)
    return order


def _listed(rows, status, partner_id, search):
    if status:
        rows = rows.filter(status=status)
    if partner_id:
        rows = rows.filter(partner_id=partner_id)
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(reference__icontains=search)
                           | Q(partner__name__icontains=search))
    return rows


@router.get("/quotations", response={200: list[SalesOrderOut], **ERRORS}, summary="Quotations, newest first")
@paginate(Pagination)
def list_quotations(request, company: CompanyParam = None,
                    status: Annotated[str | None, Query(pattern="^(draft|sent|awaiting_approval|cancelled)$")] = None,
                    partner_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None, search: Search = ""):
    rows = selectors.quotations(api_company(request, company, "sales.view_salesorder"))
    return _listed(rows, status, partner_id, search)


@router.get("/orders", response={200: list[SalesOrderOut], **ERRORS}, summary="Sales orders, newest first")
@paginate(Pagination)
def list_orders(request, company: CompanyParam = None,
                status: Annotated[str | None, Query(pattern="^(confirmed|done|cancelled)$")] = None,
                partner_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None, search: Search = ""):
    rows = selectors.sales_orders(api_company(request, company, "sales.view_salesorder"))
    return _listed(rows, status, partner_id, search)


@router.get("/orders/{order_id}", response={200: SalesOrderDetailOut, **ERRORS},
            summary="A quotation or order with its lines, deliveries and invoices")
def get_order(request, order_id: Id):
    order = _order(request, order_id)
    permissions.require(request.user, order.company, "sales.view_salesorder")
    return _detail(order)


def _lines(company, payload: SalesOrderIn) -> list[dict]:
    rows = []
    for index, line in enumerate(payload.lines):
        where = f"lines.{index}"
        row = {"product": api_owned(Product, company, line.product_id, f"{where}.product_id"),
               "quantity": line.quantity, "discount": line.discount, "description": line.description}
        if line.uom_id is not None:
            row["uom"] = api_owned(Uom, company, line.uom_id, f"{where}.uom_id")
        if line.unit_price is not None:
            row["unit_price"] = line.unit_price
        if line.no_tax:
            row["tax"] = None
        elif line.tax_id is not None:
            row["tax"] = api_owned(Tax, company, line.tax_id, f"{where}.tax_id")
        rows.append(row)
    return rows


@router.post("/quotations", response={201: SalesOrderDetailOut, **ERRORS},
             summary="Create a quotation; prices come from the price list unless given")
def create_quotation(request, payload: SalesOrderIn):
    company = api_company(request, payload.company_id, "sales.add_salesorder")
    api_check_date(payload.date, "date")
    api_check_date(payload.valid_until, "valid_until")
    order = sales_order_create(
        actor=request.user, company=company, partner=api_owned(Partner, company, payload.partner_id, "partner_id"),
        lines=_lines(company, payload), date=payload.date, valid_until=payload.valid_until,
        currency=api_currency(payload.currency, "currency"),
        price_list=api_owned(PriceList, company, payload.price_list_id, "price_list_id"),
        warehouse=api_owned(Warehouse, company, payload.warehouse_id, "warehouse_id"),
        invoice_policy=payload.invoice_policy, reference=payload.reference, notes=payload.notes)
    return Status(201, _detail(order))


@router.post("/orders/{order_id}/confirm", response={200: SalesOrderDetailOut, **ERRORS},
             summary="Confirm a quotation; over the credit limit 409, or with request_approval it waits")
def confirm_order(request, order_id: Id, payload: SalesConfirmIn):
    order = sales_order_confirm(actor=request.user, order=_order(request, order_id),
                                request_approval=payload.request_approval)
    return _detail(order)


@router.post("/orders/{order_id}/deliver", response={200: SalesDeliverOut, **ERRORS},
             summary="Validate the next waiting delivery, in full or in part (the rest goes to a backorder)")
def deliver_order(request, order_id: Id, payload: SalesDeliverIn):
    order = _order(request, order_id)
    api_check_date(payload.date, "date")
    quantities = None if payload.lines is None else {line.line_id: line.quantity for line in payload.lines}
    done, backorder = sales_order_deliver(actor=request.user, order=order, quantities=quantities, date=payload.date,
                                          carrier=payload.carrier, tracking_number=payload.tracking_number)
    return {"done": done, "backorder": backorder, "order": _detail(order)}


@router.post("/orders/{order_id}/invoice", response={201: InvoiceDetailOut, **ERRORS},
             summary="Invoice what the order's policy lets invoice now; answers the posted invoice")
def invoice_order(request, order_id: Id, payload: SalesInvoiceIn):
    api_check_date(payload.date, "date")
    invoice = sales_order_invoice(actor=request.user, order=_order(request, order_id), date=payload.date)
    invoice = invoice_selectors.invoice_detail(company=invoice.company, pk=invoice.pk)
    invoice.lines_list = list(invoice_selectors.invoice_lines(invoice=invoice))
    return Status(201, invoice)
