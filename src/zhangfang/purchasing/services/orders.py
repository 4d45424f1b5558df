"""Purchase orders (SCM-2): keyed or awarded from a quotation, confirmed — through the
approval engine when the total passes the company's threshold — then received and billed
(receipts.py, bills.py), and at last closed or cancelled."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Tax
from zhangfang.accounting.tax import LineInput, TaxRate, compute
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Currency, Partner
from zhangfang.core.services.approvals import approval_request_submit
from zhangfang.core.services.currencies import rate_on
from zhangfang.core.services.sequences import sequence_ensure, sequence_next
from zhangfang.inventory.models import Product, Warehouse
from zhangfang.inventory.services.pickings import picking_cancel
from zhangfang.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseRequisition,
    PurchaseRequisitionLine,
)
from zhangfang.purchasing.selectors.prices import supplier_price_for
from zhangfang.purchasing.services.inputs import (
    date_check,
    field_error,
    line_error,
    number,
    owned,
    refusal,
    supplier_check,
    transition_check,
)
from zhangfang.purchasing.services.lines import description, product_check, purchase_unit, quantity_and_unit
from zhangfang.purchasing.services.requisitions import requisition_mark_ordered
from zhangfang.purchasing.services.settings import purchasing_settings
from zhangfang.purchasing.services.stock import receipt_create
from zhangfang.purchasing.services.tracking import adopt_backorders, open_receipts

DOCUMENT_TYPE = "purchasing.purchaseorder"
SEQUENCE = "purchase_order"
UNIT = Decimal("0.000001")
LINE_FIELDS = ("product", "description", "quantity", "uom", "unit_price", "tax", "requisition_line")
HEADER_FIELDS = ("supplier", "order_date", "expected_date", "warehouse", "currency", "department", "reference",
                 "notes")
Status = PurchaseOrder.Status


# --- input ------------------------------------------------------------------------------

def _header(company: Company, *, supplier, order_date, expected_date, warehouse, currency, department, reference,
            notes) -> dict:
    """The header checked, defaults filled in: the supplier's currency (else the company's), the
    first active warehouse; the expected date is filled from the lines' lead times later."""
    supplier_check(company, supplier)
    date_check(order_date, "order_date")
    date_check(expected_date, "expected_date", required=False)
    if expected_date is not None and expected_date < order_date:
        raise field_error("expected_date", _("the expected delivery cannot be before the order date."))
    currency = currency or supplier.currency or company.base_currency
    if not isinstance(currency, Currency) or not currency.active:
        raise field_error("currency", _("choose an active currency."))
    if warehouse is None:
        warehouse = Warehouse.objects.filter(company=company, active=True).order_by("pk").first()
    if not owned(warehouse, Warehouse, company) or warehouse.stock_location_id is None:
        raise field_error("warehouse", _("choose an active warehouse of this company."))
    for name, value in (("department", department), ("reference", reference)):
        if len(value or "") > PurchaseOrder._meta.get_field(name).max_length:
            raise field_error(name, _("the text is too long."))
    return {"supplier": supplier, "order_date": order_date, "expected_date": expected_date, "warehouse": warehouse,
            "currency": currency, "department": department or "", "reference": reference or "",
            "notes": notes or ""}


def _list_price(order: PurchaseOrder, product: Product, quantity: Decimal, uom) -> tuple[Decimal | None, int]:
    """The supplier's price list price for the line's unit and its lead time, or the product's
    purchase price when the order is in the company's currency; (None, 0) when neither applies."""
    unit = purchase_unit(product)
    factor = uom.ratio / unit.ratio  # purchase units per line unit
    found = supplier_price_for(company=order.company, product=product, quantity=quantity * factor,
                               on_date=order.order_date, supplier=order.supplier)
    if found is not None and found.currency_id == order.currency_id:
        return (found.price * factor).quantize(UNIT), found.lead_days
    if order.currency_id == order.company.base_currency_id:  # the purchase price is per stock unit
        return (product.purchase_price * uom.ratio / product.uom.ratio).quantize(UNIT), 0
    return None, 0


def _clean_lines(order: PurchaseOrder, lines: list[dict]) -> tuple[list[PurchaseOrderLine], int]:
    """Unsaved lines and the longest lead time among them. Defaults: the purchase unit, the
    price list's price, the product's purchase tax and name."""
    company = order.company
    if not lines:
        raise field_error("lines", _("add at least one line."))
    rows, lead = [], 0
    for index, data in enumerate(lines, start=1):
        product = product_check(company, index, data, LINE_FIELDS)
        quantity, uom = quantity_and_unit(index, data, product)
        price, lead_days = _list_price(order, product, quantity, uom)
        lead = max(lead, lead_days)
        if data.get("unit_price") not in (None, ""):
            price = data["unit_price"]
        if price is None:
            raise line_error(index, "unit_price", _("enter the unit price; the supplier has no price in %(currency)s.")
                             % {"currency": order.currency.code})
        tax = data.get("tax", product.purchase_tax)
        if tax is not None and (not owned(tax, Tax, company) or tax.scope != Tax.Scope.PURCHASE):
            raise line_error(index, "tax", _("choose an active purchase tax of this company."))
        source = data.get("requisition_line")
        if source is not None and (not isinstance(source, PurchaseRequisitionLine)
                                   or source.requisition.company_id != company.pk):
            raise line_error(index, "requisition_line", _("choose a line of one of this company's requisitions."))
        rows.append(PurchaseOrderLine(
            product=product, description=description(index, data, product), quantity=quantity, uom=uom,
            unit_price=number(price, line=index, name="unit_price", places=6), tax=tax, requisition_line=source))
    return rows, lead


def _amounts_set(order: PurchaseOrder, rows: list[PurchaseOrderLine]) -> None:
    result = compute([
        LineInput(quantity=row.quantity, unit_price=row.unit_price,
                  tax=None if row.tax is None else TaxRate(key=row.tax.pk, rate=row.tax.rate,
                                                           price_include=row.tax.price_include,
                                                           exempt=row.tax.exempt))
        for row in rows
    ], quantum=order.currency.quantum)
    for row, amounts in zip(rows, result.lines, strict=True):
        row.amount_untaxed, row.amount_tax, row.amount_total = amounts.untaxed, amounts.tax, amounts.total
    order.amount_untaxed, order.amount_tax, order.amount_total = result.untaxed, result.tax, result.total


def _lines_replace(order: PurchaseOrder, rows: list[PurchaseOrderLine], lead: int, expected_given: bool) -> None:
    _amounts_set(order, rows)
    if not expected_given:
        order.expected_date = order.order_date + datetime.timedelta(days=lead)
    order.save()
    order.lines.all().delete()
    for row in rows:
        row.order = order
    PurchaseOrderLine.objects.bulk_create(rows)


def _snapshot(order: PurchaseOrder) -> dict:
    return {**audit.snapshot(order), "lines": [
        {k: v for k, v in audit.snapshot(line).items() if k not in ("id", "order")}
        for line in order.lines.order_by("pk")]}


def lock(order: PurchaseOrder) -> PurchaseOrder:
    return (PurchaseOrder.objects.select_for_update()
            .select_related("company__base_currency", "currency", "supplier", "warehouse").get(pk=order.pk))


# --- drafts -----------------------------------------------------------------------------

def order_insert(*, actor, company: Company, supplier: Partner, lines: list[dict], order_date: datetime.date,
                 expected_date=None, warehouse=None, currency=None, department="", reference="", notes="",
                 requisition: PurchaseRequisition | None = None) -> PurchaseOrder:
    """``purchase_order_create`` inside the caller's transaction and permission check."""
    header = _header(company, supplier=supplier, order_date=order_date, expected_date=expected_date,
                     warehouse=warehouse, currency=currency, department=department, reference=reference,
                     notes=notes)
    order = PurchaseOrder(company=company, created_by=actor, requisition=requisition, **header)
    rows, lead = _clean_lines(order, lines)
    sequence_ensure(company=company, code=SEQUENCE, prefix="PO")
    order.number = sequence_next(company=company, code=SEQUENCE, on_date=order_date)
    _lines_replace(order, rows, lead, expected_given=expected_date is not None)
    audit.record(actor=actor, action="create", obj=order, after=_snapshot(order), company=company)
    return order


def purchase_order_create(*, actor, company: Company, supplier: Partner, lines: list[dict],
                          order_date: datetime.date, expected_date: datetime.date | None = None,
                          warehouse: Warehouse | None = None, currency: Currency | None = None,
                          department: str = "", reference: str = "", notes: str = "",
                          requisition: PurchaseRequisition | None = None) -> PurchaseOrder:
    """A draft order. ``lines``: dicts of product, quantity and optionally uom (the purchase unit),
    unit_price (the supplier's price list, else the product's purchase price), tax (the product's
    purchase tax), description, requisition_line. ``expected_date`` defaults to the order date plus
    the longest lead time of the lines' supplier prices. With ``requisition`` (approved), the
    requisition is marked ordered."""
    permissions.require(actor, company, "purchasing.add_purchaseorder")
    with transaction.atomic():
        if requisition is not None:
            if requisition.company_id != company.pk:
                raise field_error("requisition", _("choose one of this company's requisitions."))
            requisition_mark_ordered(actor=actor, requisition=requisition)
        return order_insert(actor=actor, company=company, supplier=supplier, lines=lines, order_date=order_date,
                            expected_date=expected_date, warehouse=warehouse, currency=currency,
                            department=department, reference=reference, notes=notes, requisition=requisition)


def purchase_order_update(*, actor, order: PurchaseOrder, lines: list[dict] | None = None,
                          **fields) -> PurchaseOrder:
    """Change a draft's header ``fields`` (see HEADER_FIELDS); ``lines`` replace all its lines."""
    permissions.require(actor, order.company, "purchasing.change_purchaseorder")
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("this field cannot be changed."))
    with transaction.atomic():
        order = lock(order)
        if order.status != Status.DRAFT:
            raise refusal(order, _("changed"))
        before = _snapshot(order)
        header = {name: getattr(order, name) for name in HEADER_FIELDS}
        header.update(fields)
        for name, value in _header(order.company, **header).items():
            setattr(order, name, value)
        if lines is None:
            lines = [{name: getattr(line, name) for name in LINE_FIELDS}
                     for line in order.lines.select_related("product", "uom", "tax").order_by("pk")]
        rows, lead = _clean_lines(order, lines)
        _lines_replace(order, rows, lead, expected_given=order.expected_date is not None)
        after = _snapshot(order)
        if after != before:
            audit.record(actor=actor, action="update", obj=order, before=before, after=after)
    return order


# --- confirmation and approval ----------------------------------------------------------

def _needs_approval(order: PurchaseOrder) -> bool:
    threshold = purchasing_settings(order.company).order_approval_threshold
    if threshold is None:
        return False
    rate = rate_on(company=order.company, currency=order.currency, on_date=order.order_date)
    base_total = (order.amount_total * rate).quantize(order.company.base_currency.quantum, rounding=ROUND_HALF_UP)
    return base_total > threshold


def _confirmed(order: PurchaseOrder, actor) -> None:
    """Confirm and announce the goods to the warehouse: a waiting receipt for the expected date,
    so that stock forecasts and replenishment count them as incoming."""
    before = audit.snapshot(order)
    order.status, order.confirmed_by, order.confirmed_at = Status.CONFIRMED, actor, timezone.now()
    order.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    receipt_create(actor=actor, order=order, planned={line: line.quantity for line in order.lines.order_by("pk")},
                   date=order.order_date, scheduled_date=order.expected_date)
    audit.record(actor=actor, action="confirm", obj=order, before=before, after=audit.snapshot(order),
                 company=order.company)


def purchase_order_confirm(*, actor, order: PurchaseOrder) -> PurchaseOrder:
    """Confirm a draft with the supplier. Above the company's approval threshold (the total in base
    currency at the order date's rate) it waits for the approval engine and is confirmed when
    approved (at once when no approval rule applies). Confirming twice changes nothing."""
    permissions.require(actor, order.company, "purchasing.confirm_purchaseorder")
    with transaction.atomic():
        order = lock(order)
        if order.status in PurchaseOrder.RUNNING:
            return order
        if order.status != Status.DRAFT:  # awaiting approval: the approval confirms it
            raise refusal(order, _("confirmed"))
        if not _needs_approval(order):
            _confirmed(order, actor)
            return order
        before = audit.snapshot(order)
        order.status = Status.AWAITING_APPROVAL
        order.save(update_fields=["status"])
        audit.record(actor=actor, action="submit", obj=order, before=before, after=audit.snapshot(order))
        title = gettext("Purchase order %(number)s to %(supplier)s") % {"number": order.number,
                                                                        "supplier": order.supplier}
        approval_request_submit(actor=actor, company=order.company, document_type=DOCUMENT_TYPE, object_id=order.pk,
                                title=title[:200], amount=order.amount_total, currency=order.currency.code,
                                department=order.department)
        order.refresh_from_db()
    return order


def purchase_order_approval_decided(*, request, actor) -> None:
    """The approval engine's verdict (inside its transaction): approved → confirmed by the
    decider (by the requester when no rule applied); rejected or withdrawn → back to draft."""
    order = (PurchaseOrder.objects.select_for_update()
             .filter(pk=int(request.object_id), company_id=request.company_id).first())
    if order is None or order.status != Status.AWAITING_APPROVAL:
        return
    if request.status == request.Status.APPROVED:
        _confirmed(order, actor or request.requested_by)
        return
    before = audit.snapshot(order)
    order.status = Status.DRAFT
    order.save(update_fields=["status"])
    audit.record(actor=actor, action="return_to_draft", obj=order, before=before, after=audit.snapshot(order),
                 company=order.company)


# --- the end of an order ----------------------------------------------------------------

def _finish(*, actor, order: PurchaseOrder, status: str, action) -> PurchaseOrder:
    transition_check(order, status, action)
    adopt_backorders(order)
    for picking in open_receipts(order):
        picking_cancel(actor=actor, picking=picking, authorised=True)
    before = audit.snapshot(order)
    order.status, order.closed_by, order.closed_at = status, actor, timezone.now()
    order.save(update_fields=["status", "closed_by", "closed_at"])
    audit.record(actor=actor, action="cancel" if status == Status.CANCELLED else "close", obj=order, before=before,
                 after=audit.snapshot(order))
    return order


def purchase_order_cancel(*, actor, order: PurchaseOrder) -> PurchaseOrder:
    """Cancel an order nothing was received or billed on; its open receipt is cancelled too."""
    permissions.require(actor, order.company, "purchasing.confirm_purchaseorder")
    with transaction.atomic():
        order = lock(order)
        if order.lines.filter(received_quantity__gt=0).exists() or order.bills.exists():
            raise refusal(order, _("cancelled, since goods were received or billed; close it instead"))
        return _finish(actor=actor, order=order, status=Status.CANCELLED, action=_("cancelled"))


def purchase_order_close(*, actor, order: PurchaseOrder) -> PurchaseOrder:
    """Close a confirmed order: what is still to come is not expected any more (its backorder is
    cancelled); bills and returns for what came may still be entered."""
    permissions.require(actor, order.company, "purchasing.confirm_purchaseorder")
    with transaction.atomic():
        order = lock(order)
        return _finish(actor=actor, order=order, status=Status.CLOSED, action=_("closed"))


def purchase_orders_from_requisition(*, actor, requisition: PurchaseRequisition, date: datetime.date
                                     ) -> list[PurchaseOrder]:
    """Order an approved requisition without asking for quotations: one draft order per preferred
    supplier of its lines, at the price list's prices; the requisition is marked ordered."""
    permissions.require(actor, requisition.company, "purchasing.add_purchaseorder")
    with transaction.atomic():
        requisition_mark_ordered(actor=actor, requisition=requisition)
        by_supplier: dict[int, list] = {}
        for index, line in enumerate(requisition.lines.select_related("product", "uom", "supplier").order_by("pk")):
            if line.supplier is None:
                raise line_error(index + 1, "supplier", _("choose the supplier to order %(product)s from.")
                                 % {"product": line.product})
            by_supplier.setdefault(line.supplier_id, []).append(line)
        return [order_insert(actor=actor, company=requisition.company, supplier=lines[0].supplier, order_date=date,
                             requisition=requisition, department=requisition.department,
                             lines=[{"product": line.product, "description": line.description,
                                     "quantity": line.quantity, "uom": line.uom, "requisition_line": line}
                                    for line in lines])
                for lines in by_supplier.values()]
