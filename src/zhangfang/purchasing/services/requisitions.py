"""Purchase requisitions (SCM-2): keyed by whoever needs something, or proposed by
replenishment; submitted to the approval engine, which chooses the rule by estimated
amount and department; once approved, quoted by suppliers or ordered directly."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.errors import RateMissing
from zhangfang.core.models import Company
from zhangfang.core.services.approvals import approval_request_submit
from zhangfang.core.services.currencies import rate_on
from zhangfang.core.services.sequences import sequence_ensure, sequence_next
from zhangfang.inventory.selectors.replenishment import replenishment_needs
from zhangfang.purchasing.models import PurchaseRequisition, PurchaseRequisitionLine
from zhangfang.purchasing.selectors.prices import supplier_price_for
from zhangfang.purchasing.services.inputs import (
    field_error,
    line_error,
    number,
    refusal,
    supplier_check,
    transition_check,
)
from zhangfang.purchasing.services.lines import description, money, product_check, purchase_unit, quantity_and_unit

DOCUMENT_TYPE = "purchasing.purchaserequisition"
SEQUENCE = "purchase_requisition"
UNIT = Decimal("0.000001")
LINE_FIELDS = ("product", "description", "quantity", "uom", "needed_by", "supplier", "estimated_price")
Status = PurchaseRequisition.Status


def _snapshot(requisition: PurchaseRequisition) -> dict:
    return {**audit.snapshot(requisition), "lines": [
        {k: v for k, v in audit.snapshot(line).items() if k not in ("id", "requisition")}
        for line in requisition.lines.order_by("pk")]}


def _clean_lines(company: Company, lines: list[dict], today: datetime.date) -> list[PurchaseRequisitionLine]:
    """Unsaved lines; the preferred supplier and the estimated price default from the price list,
    else the product's purchase price."""
    if not lines:
        raise field_error("lines", _("add at least one line."))
    rows = []
    for index, data in enumerate(lines, start=1):
        product = product_check(company, index, data, LINE_FIELDS)
        quantity, uom = quantity_and_unit(index, data, product)
        needed_by = data.get("needed_by") or today
        if not isinstance(needed_by, datetime.date):
            raise line_error(index, "needed_by", _("enter the date it is needed by."))
        supplier = data.get("supplier")
        if supplier is not None:
            supplier_check(company, supplier, f"lines.{index - 1}.supplier")
        price = data.get("estimated_price")
        if price is None:
            # price lists are per purchase unit, the product's purchase price per stock unit
            per_purchase_unit = uom.ratio / purchase_unit(product).ratio
            found = supplier_price_for(company=company, product=product, quantity=quantity * per_purchase_unit,
                                       on_date=today, supplier=supplier)
            if found is not None and supplier is None:
                supplier = found.supplier
            price = (_base_price(company, found, today) * per_purchase_unit if found
                     else product.purchase_price * uom.ratio / product.uom.ratio).quantize(UNIT)
        rows.append(PurchaseRequisitionLine(
            product=product, description=description(index, data, product), quantity=quantity, uom=uom,
            needed_by=needed_by, supplier=supplier,
            estimated_price=number(price, line=index, name="estimated_price", places=6)))
    return rows


def _base_price(company: Company, price, today: datetime.date) -> Decimal:
    try:
        rate = rate_on(company=company, currency=price.currency, on_date=today)
    except RateMissing:
        return price.price  # an estimate: better the foreign figure than none
    return price.price * rate


def _save_lines(requisition: PurchaseRequisition, rows: list[PurchaseRequisitionLine]) -> None:
    for row in rows:
        row.requisition = requisition
    PurchaseRequisitionLine.objects.bulk_create(rows)
    requisition.amount_estimated = money(sum((row.quantity * row.estimated_price for row in rows), Decimal(0)),
                                         requisition.company.base_currency.quantum)


def requisition_insert(*, actor, company: Company, lines: list[dict], department: str = "", origin: str = "",
                       notes: str = "") -> PurchaseRequisition:
    """``purchase_requisition_create`` for callers that checked their own right (replenishment
    runs without a user: ``actor`` None)."""
    today = timezone.localdate()
    rows = _clean_lines(company, lines, today)
    for name, value in (("department", department), ("origin", origin)):
        if len(value or "") > PurchaseRequisition._meta.get_field(name).max_length:
            raise field_error(name, _("the text is too long."))
    sequence_ensure(company=company, code=SEQUENCE, prefix="PR")
    requisition = PurchaseRequisition.objects.create(
        company=company, number=sequence_next(company=company, code=SEQUENCE, on_date=today),
        department=department or "", origin=origin or "", notes=notes or "", requested_by=actor)
    _save_lines(requisition, rows)
    requisition.save(update_fields=["amount_estimated"])
    audit.record(actor=actor, action="create", obj=requisition, after=_snapshot(requisition), company=company)
    return requisition


def purchase_requisition_create(*, actor, company: Company, lines: list[dict], department: str = "",
                                origin: str = "", notes: str = "") -> PurchaseRequisition:
    """A draft requisition. ``lines``: dicts of product, quantity and optionally uom (default the
    purchase unit), needed_by (today), supplier and estimated_price (from the price list)."""
    permissions.require(actor, company, "purchasing.add_purchaserequisition")
    with transaction.atomic():
        return requisition_insert(actor=actor, company=company, lines=lines, department=department,
                                  origin=origin, notes=notes)


def _lock(requisition: PurchaseRequisition) -> PurchaseRequisition:
    return PurchaseRequisition.objects.select_for_update().select_related("company").get(pk=requisition.pk)


def purchase_requisition_update(*, actor, requisition: PurchaseRequisition, lines: list[dict] | None = None,
                                department: str | None = None, notes: str | None = None) -> PurchaseRequisition:
    """Change a draft or rejected requisition; ``lines`` replace all its lines."""
    permissions.require(actor, requisition.company, "purchasing.change_purchaserequisition")
    with transaction.atomic():
        requisition = _lock(requisition)
        if requisition.status not in (Status.DRAFT, Status.REJECTED):
            raise refusal(requisition, _("changed"))
        before = _snapshot(requisition)
        if department is not None:
            requisition.department = department
        if notes is not None:
            requisition.notes = notes
        if lines is not None:
            rows = _clean_lines(requisition.company, lines, timezone.localdate())
            requisition.lines.all().delete()
            _save_lines(requisition, rows)
        requisition.save()
        after = _snapshot(requisition)
        if after != before:
            audit.record(actor=actor, action="update", obj=requisition, before=before, after=after)
    return requisition


def purchase_requisition_submit(*, actor, requisition: PurchaseRequisition) -> PurchaseRequisition:
    """Ask for approval; with no approval rule for its amount and department it is approved at once."""
    permissions.require(actor, requisition.company, "purchasing.change_purchaserequisition")
    with transaction.atomic():
        requisition = _lock(requisition)
        if requisition.status == Status.REJECTED:  # revised after a rejection: submitted again
            requisition.status = Status.DRAFT
        transition_check(requisition, Status.AWAITING_APPROVAL, _("submitted"))
        before = audit.snapshot(requisition)
        requisition.status, requisition.submitted_at = Status.AWAITING_APPROVAL, timezone.now()
        requisition.save(update_fields=["status", "submitted_at"])
        audit.record(actor=actor, action="submit", obj=requisition, before=before,
                     after=audit.snapshot(requisition))
        title = gettext("Purchase requisition %(number)s%(department)s") % {
            "number": requisition.number,
            "department": f" ({requisition.department})" if requisition.department else ""}
        approval_request_submit(actor=actor, company=requisition.company, document_type=DOCUMENT_TYPE,
                                object_id=requisition.pk, title=title[:200], amount=requisition.amount_estimated,
                                department=requisition.department)
        requisition.refresh_from_db()
    return requisition


def purchase_requisition_approval_decided(*, request, actor) -> None:
    """The approval engine's verdict (inside its transaction): approved or rejected; a
    withdrawn request puts the requisition back to draft."""
    requisition = (PurchaseRequisition.objects.select_for_update()
                   .filter(pk=int(request.object_id), company_id=request.company_id).first())
    if requisition is None or requisition.status != Status.AWAITING_APPROVAL:
        return
    before = audit.snapshot(requisition)
    status = {request.Status.APPROVED: Status.APPROVED, request.Status.REJECTED: Status.REJECTED}.get(
        request.status, Status.DRAFT)
    requisition.status, requisition.decided_by, requisition.decided_at = status, actor, timezone.now()
    requisition.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(actor=actor, action={Status.APPROVED: "approve", Status.REJECTED: "reject"}.get(status, "cancel"),
                 obj=requisition, before=before, after=audit.snapshot(requisition), company=requisition.company)


def purchase_requisition_cancel(*, actor, requisition: PurchaseRequisition) -> PurchaseRequisition:
    permissions.require(actor, requisition.company, "purchasing.change_purchaserequisition")
    with transaction.atomic():
        requisition = _lock(requisition)
        transition_check(requisition, Status.CANCELLED, _("cancelled"))
        before = audit.snapshot(requisition)
        requisition.status = Status.CANCELLED
        requisition.save(update_fields=["status"])
        audit.record(actor=actor, action="cancel", obj=requisition, before=before, after=audit.snapshot(requisition))
    return requisition


def requisition_mark_ordered(*, actor, requisition: PurchaseRequisition) -> None:
    """Called by the order services once the requisition's need is on purchase orders."""
    requisition = _lock(requisition)
    transition_check(requisition, Status.ORDERED, _("ordered"))
    before = audit.snapshot(requisition)
    requisition.status = Status.ORDERED
    requisition.save(update_fields=["status"])
    audit.record(actor=actor, action="update", obj=requisition, before=before, after=audit.snapshot(requisition),
                 company=requisition.company)


def requisitions_propose(*, company: Company, on_date: datetime.date | None = None) -> PurchaseRequisition | None:
    """Replenishment (SCM-7): one draft requisition for the products whose reorder rules call for
    more and that no open requisition asks for yet; the rule's supplier, else the price list's
    preferred one. None when nothing is needed. Runs as the system (no acting user)."""
    requested = set(PurchaseRequisitionLine.objects.filter(requisition__company=company,
                                                           requisition__status__in=PurchaseRequisition.OPEN)
                    .values_list("product_id", flat=True))
    lines, warehouses = {}, set()
    for need in replenishment_needs(company, on_date):
        if need.product.pk in requested or need.product.pk in lines or need.quantity <= 0:
            continue
        warehouses.add(need.warehouse.name)
        lines[need.product.pk] = {"product": need.product, "quantity": need.quantity, "uom": need.product.uom,
                                  "needed_by": need.need_date, "supplier": need.supplier}
    if not lines:
        return None
    with transaction.atomic():
        return requisition_insert(actor=None, company=company, lines=list(lines.values()),
                                  origin=gettext("Reorder rule"), notes=", ".join(sorted(warehouses)))
