"""Requests for quotation (SCM-2): an approved requisition asked of several suppliers, their
prices and lead times entered as they answer, compared (selectors/rfqs.py), and the chosen
one awarded: it becomes a draft purchase order and the others are marked not chosen."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Partner
from zhangfang.core.services.sequences import sequence_ensure, sequence_next
from zhangfang.purchasing.exceptions import QuotationIncomplete
from zhangfang.purchasing.models import (
    PurchaseOrder,
    PurchaseRequisition,
    RequestForQuotation,
    RequestForQuotationLine,
)
from zhangfang.purchasing.services.inputs import (
    date_check,
    field_error,
    line_error,
    number,
    refusal,
    supplier_check,
    transition_check,
)
from zhangfang.purchasing.services.lines import description, product_check, quantity_and_unit
from zhangfang.purchasing.services.orders import order_insert
from zhangfang.purchasing.services.requisitions import requisition_mark_ordered

SEQUENCE = "purchase_rfq"
LINE_FIELDS = ("product", "description", "quantity", "uom", "requisition_line")
Status = RequestForQuotation.Status


def _snapshot(rfq: RequestForQuotation) -> dict:
    return {**audit.snapshot(rfq), "lines": [
        {k: v for k, v in audit.snapshot(line).items() if k not in ("id", "rfq")} for line in rfq.lines.order_by("pk")]}


def _lock(rfq: RequestForQuotation) -> RequestForQuotation:
    return RequestForQuotation.objects.select_for_update().select_related("company", "supplier", "currency").get(
        pk=rfq.pk)


def _insert(*, actor, company: Company, supplier: Partner, lines: list[dict], date: datetime.date,
            reply_by=None, requisition=None, currency=None, notes="") -> RequestForQuotation:
    supplier_check(company, supplier)
    date_check(date, "date")
    date_check(reply_by, "reply_by", required=False)
    if not lines:
        raise field_error("lines", _("add at least one line."))
    rows = []
    for index, data in enumerate(lines, start=1):
        product = product_check(company, index, data, LINE_FIELDS)
        quantity, uom = quantity_and_unit(index, data, product)
        rows.append(RequestForQuotationLine(product=product, description=description(index, data, product),
                                            quantity=quantity, uom=uom,
                                            requisition_line=data.get("requisition_line")))
    sequence_ensure(company=company, code=SEQUENCE, prefix="RFQ")
    rfq = RequestForQuotation.objects.create(
        company=company, number=sequence_next(company=company, code=SEQUENCE, on_date=date), supplier=supplier,
        currency=currency or supplier.currency or company.base_currency, date=date, reply_by=reply_by,
        requisition=requisition, notes=notes or "", created_by=actor)
    for row in rows:
        row.rfq = rfq
    RequestForQuotationLine.objects.bulk_create(rows)
    audit.record(actor=actor, action="create", obj=rfq, after=_snapshot(rfq), company=company)
    return rfq


def rfq_create(*, actor, company: Company, supplier: Partner, lines: list[dict], date: datetime.date,
               reply_by: datetime.date | None = None, notes: str = "") -> RequestForQuotation:
    """A draft request to one supplier; ``lines``: dicts of product, quantity and optionally uom, description."""
    permissions.require(actor, company, "purchasing.add_requestforquotation")
    with transaction.atomic():
        return _insert(actor=actor, company=company, supplier=supplier, lines=lines, date=date, reply_by=reply_by,
                       notes=notes)


def rfqs_create_from_requisition(*, actor, requisition: PurchaseRequisition, suppliers: list[Partner],
                                 date: datetime.date, reply_by: datetime.date | None = None
                                 ) -> list[RequestForQuotation]:
    """One request per supplier for all the lines of an approved requisition, to be compared."""
    company = requisition.company
    permissions.require(actor, company, "purchasing.add_requestforquotation")
    if not suppliers:
        raise field_error("suppliers", _("choose at least one supplier."))
    if len({supplier.pk for supplier in suppliers}) != len(suppliers):
        raise field_error("suppliers", _("each supplier is asked once."))
    with transaction.atomic():
        requisition = PurchaseRequisition.objects.select_for_update().get(pk=requisition.pk)
        if requisition.status != PurchaseRequisition.Status.APPROVED:
            raise refusal(requisition, _("sent to suppliers before it is approved"))
        lines = [{"product": line.product, "description": line.description, "quantity": line.quantity,
                  "uom": line.uom, "requisition_line": line}
                 for line in requisition.lines.select_related("product__uom", "uom").order_by("pk")]
        return [_insert(actor=actor, company=company, supplier=supplier, lines=lines, date=date, reply_by=reply_by,
                        requisition=requisition) for supplier in suppliers]


def rfq_send(*, actor, rfq: RequestForQuotation) -> RequestForQuotation:
    """Mark the request sent to the supplier (printed or e-mailed by the buyer)."""
    permissions.require(actor, rfq.company, "purchasing.change_requestforquotation")
    with transaction.atomic():
        rfq = _lock(rfq)
        transition_check(rfq, Status.SENT, _("sent"))
        before = audit.snapshot(rfq)
        rfq.status = Status.SENT
        rfq.save(update_fields=["status"])
        audit.record(actor=actor, action="update", obj=rfq, before=before, after=audit.snapshot(rfq))
    return rfq


def rfq_quote(*, actor, rfq: RequestForQuotation, lines: list[dict], quote_reference: str = "",
              valid_until: datetime.date | None = None) -> RequestForQuotation:
    """Enter the supplier's answer: ``lines`` are dicts of line (a line of this request), price
    (per the line's unit, excluding tax, in the request's currency) and lead_days. Lines not
    given keep what they had; a line without a price is one the supplier does not offer."""
    permissions.require(actor, rfq.company, "purchasing.change_requestforquotation")
    with transaction.atomic():
        rfq = _lock(rfq)
        transition_check(rfq, Status.QUOTED, _("quoted"))
        date_check(valid_until, "valid_until", required=False)
        before = _snapshot(rfq)
        own = {line.pk: line for line in rfq.lines.all()}
        for index, data in enumerate(lines, start=1):
            line = data.get("line")
            if not isinstance(line, RequestForQuotationLine) or line.pk not in own:
                raise line_error(index, "line", _("choose a line of this request for quotation."))
            line = own[line.pk]
            price = data.get("price")
            line.price = None if price in (None, "") else number(price, line=index, name="price", places=6)
            lead = data.get("lead_days")
            if lead is not None and (not isinstance(lead, int) or isinstance(lead, bool) or not 0 <= lead <= 999):
                raise line_error(index, "lead_days", _("enter a whole number of days from 0 to 999."))
            line.lead_days = lead
            line.save(update_fields=["price", "lead_days"])
        rfq.status, rfq.quote_reference, rfq.valid_until = Status.QUOTED, quote_reference or "", valid_until
        rfq.save(update_fields=["status", "quote_reference", "valid_until"])
        audit.record(actor=actor, action="update", obj=rfq, before=before, after=_snapshot(rfq))
    return rfq


def rfq_award(*, actor, rfq: RequestForQuotation, date: datetime.date, warehouse=None) -> PurchaseOrder:
    """Choose this supplier's quotation: a draft purchase order at the quoted prices (expected
    after the longest quoted lead time), the other open requests of the requisition marked not
    chosen, and the requisition marked ordered."""
    permissions.require(actor, rfq.company, "purchasing.add_purchaseorder")
    with transaction.atomic():
        if rfq.requisition_id:  # parent first
            PurchaseRequisition.objects.select_for_update().filter(pk=rfq.requisition_id).first()
        rfq = _lock(rfq)
        transition_check(rfq, Status.AWARDED, _("awarded"))
        lines = list(rfq.lines.select_related("product", "uom", "requisition_line").order_by("pk"))
        for line in lines:
            if line.price is None:
                raise QuotationIncomplete(rfq=str(rfq), product=str(line.product))
        lead = max((line.lead_days or 0 for line in lines), default=0)
        order = order_insert(
            actor=actor, company=rfq.company, supplier=rfq.supplier, currency=rfq.currency, order_date=date,
            expected_date=date + datetime.timedelta(days=lead), warehouse=warehouse,
            reference=rfq.quote_reference, requisition=rfq.requisition,
            department=rfq.requisition.department if rfq.requisition else "",
            lines=[{"product": line.product, "description": line.description, "quantity": line.quantity,
                    "uom": line.uom, "unit_price": line.price, "requisition_line": line.requisition_line}
                   for line in lines])
        before = audit.snapshot(rfq)
        rfq.status, rfq.order = Status.AWARDED, order
        rfq.save(update_fields=["status", "order"])
        audit.record(actor=actor, action="award", obj=rfq, before=before, after=audit.snapshot(rfq))
        if rfq.requisition_id:
            for other in (RequestForQuotation.objects.select_for_update()
                          .filter(requisition_id=rfq.requisition_id, status__in=RequestForQuotation.OPEN)
                          .exclude(pk=rfq.pk).order_by("pk")):
                before = audit.snapshot(other)
                other.status = Status.DECLINED
                other.save(update_fields=["status"])
                audit.record(actor=actor, action="update", obj=other, before=before, after=audit.snapshot(other))
            requisition_mark_ordered(actor=actor, requisition=rfq.requisition)
    return order


def rfq_cancel(*, actor, rfq: RequestForQuotation) -> RequestForQuotation:
    permissions.require(actor, rfq.company, "purchasing.change_requestforquotation")
    with transaction.atomic():
        rfq = _lock(rfq)
        transition_check(rfq, Status.CANCELLED, _("cancelled"))
        before = audit.snapshot(rfq)
        rfq.status = Status.CANCELLED
        rfq.save(update_fields=["status"])
        audit.record(actor=actor, action="cancel", obj=rfq, before=before, after=audit.snapshot(rfq))
    return rfq
