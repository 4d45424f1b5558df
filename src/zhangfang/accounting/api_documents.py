"""REST endpoints of invoices, bills, credit notes, payments, the aging and the VAT report under
/api/v1/accounting. Thin: parse, call one service or selector; amounts are decimal strings."""

import datetime
from contextlib import contextmanager
from typing import Annotated

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from zhangfang.accounting.api import Id, api_check_date, api_company, api_currency, api_owned
from zhangfang.accounting.exceptions import InvoiceFieldInvalid, InvoiceLineInvalid
from zhangfang.accounting.models import Account, CostCentre, Invoice, Journal, Payment, Tax
from zhangfang.accounting.schemas_documents import (
    AgingOut,
    CreditNoteIn,
    InvoiceDetailOut,
    InvoiceIn,
    InvoiceLineIn,
    InvoiceOut,
    InvoicePatch,
    PaymentCancelIn,
    PaymentDetailOut,
    PaymentIn,
    PaymentOut,
    VatReportOut,
)
from zhangfang.accounting.selectors import invoices as invoice_selectors
from zhangfang.accounting.selectors import settlements as payment_selectors
from zhangfang.accounting.selectors.arap import aging
from zhangfang.accounting.services.invoices import (
    invoice_create,
    invoice_credit_note,
    invoice_delete,
    invoice_post,
    invoice_update,
)
from zhangfang.accounting.services.payments import payment_cancel, payment_register
from zhangfang.api.fields import MAX_ID, NO_NUL, DateIn
from zhangfang.api.pagination import Pagination
from zhangfang.api.schemas import ERRORS
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Company, Partner
from zhangfang.core.selectors import get_visible

router = Router(tags=["accounting: invoices and payments"])

CompanyParam = Annotated[int | None, Query(ge=1, le=MAX_ID, description="The company; default: your default one")]
RefParam = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Search = Annotated[str, Query(max_length=100, pattern=NO_NUL)]
# The service's names of what the request body calls by id.
BODY_NAMES = {"partner": "partner_id", "journal": "journal_id", "account": "account_id", "tax": "tax_id",
              "cost_centre": "cost_centre_id"}


@contextmanager
def _errors_at_body():
    """Name the request body's fields in an invoice error: ``lines.0.tax_id``, not the service's
    ``lines.1.tax`` (which counts lines from 1)."""
    try:
        yield
    except (InvoiceLineInvalid, InvoiceFieldInvalid) as error:
        fields = {}
        for key, messages in error.fields.items():
            *path, name = key.split(".")
            if path:  # lines.<n>
                path = [path[0], str(int(path[1]) - 1)]
            fields[".".join([*path, BODY_NAMES.get(name, name)])] = messages
        error.fields = fields
        raise


def _lines(company: Company, lines: list[InvoiceLineIn]) -> list[dict]:
    rows = []
    for index, line in enumerate(lines):
        where = f"lines.{index}"
        row = {"description": line.description, "quantity": line.quantity, "unit_price": line.unit_price,
               "discount": line.discount, "tax": api_owned(Tax, company, line.tax_id, f"{where}.tax_id"),
               "cost_centre": api_owned(CostCentre, company, line.cost_centre_id, f"{where}.cost_centre_id")}
        if line.account_id is not None:
            row["account"] = api_owned(Account, company, line.account_id, f"{where}.account_id")
        rows.append(row)
    return rows


def _dates(**dates) -> None:
    for name, value in dates.items():
        api_check_date(value, name)


def _invoice(request, invoice_id: int) -> Invoice:
    return get_visible(Invoice.objects.select_related("company"), request.user, invoice_id)


def _invoice_detail(invoice: Invoice) -> Invoice:
    invoice = invoice_selectors.invoice_detail(company=invoice.company, pk=invoice.pk)
    invoice.lines_list = list(invoice_selectors.invoice_lines(invoice=invoice))
    return invoice


def _payment(request, payment_id: int) -> Payment:
    return get_visible(Payment.objects.select_related("company"), request.user, payment_id)


def _payment_detail(payment: Payment) -> Payment:
    payment = payment_selectors.payment_detail(company=payment.company, pk=payment.pk)
    payment.settled_list = payment_selectors.settlements(entry_id=payment.entry_id)
    return payment


# --- invoices, bills and credit notes ---------------------------------------------------

@router.get("/invoices", response={200: list[InvoiceOut], **ERRORS},
            summary="Invoices, bills and credit notes, newest first")
@paginate(Pagination)
def list_invoices(request, company: CompanyParam = None,
                  kind: Annotated[str | None, Query(pattern="^(out_invoice|out_refund|in_invoice|in_refund)$")] = None,
                  status: Annotated[str | None, Query(pattern="^(draft|awaiting_approval|posted|cancelled)$")] = None,
                  payment_state: Annotated[str | None, Query(pattern="^(not_paid|partial|paid)$")] = None,
                  partner_id: RefParam = None, date_from: DateIn | None = None,
                  date_to: DateIn | None = None, search: Search = ""):
    rows = invoice_selectors.invoices(api_company(request, company, "accounting.view_invoice"), kind=kind)
    filters = {"status": status, "payment_state": payment_state, "partner_id": partner_id,
               "date__gte": date_from, "date__lte": date_to}
    rows = rows.filter(**{name: value for name, value in filters.items() if value is not None})
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(reference__icontains=search)
                           | Q(partner__name__icontains=search))
    return rows


@router.get("/invoices/{invoice_id}", response={200: InvoiceDetailOut, **ERRORS})
def get_invoice(request, invoice_id: Id):
    return _invoice_detail(_invoice(request, invoice_id))


@router.post("/invoices", response={201: InvoiceDetailOut, **ERRORS},
             summary="Create a draft invoice, bill or credit note; amounts are computed")
def create_invoice(request, payload: InvoiceIn):
    company = api_company(request, payload.company_id, "accounting.add_invoice")
    _dates(date=payload.date, due_date=payload.due_date)
    with _errors_at_body():
        invoice = invoice_create(
            actor=request.user, company=company, kind=payload.kind,
            partner=api_owned(Partner, company, payload.partner_id, "partner_id"), date=payload.date,
            lines=_lines(company, payload.lines), currency=api_currency(payload.currency, "currency"),
            due_date=payload.due_date, journal=api_owned(Journal, company, payload.journal_id, "journal_id"),
            reference=payload.reference, narration=payload.narration,
            account=api_owned(Account, company, payload.account_id, "account_id"))
    return Status(201, _invoice_detail(invoice))


@router.patch("/invoices/{invoice_id}", response={200: InvoiceDetailOut, **ERRORS},
              summary="Change a draft; null leaves a field as it is")
def update_invoice(request, invoice_id: Id, payload: InvoicePatch):
    invoice = _invoice(request, invoice_id)
    company = invoice.company
    data = {name: value for name, value in payload.dict(exclude_unset=True).items() if value is not None}
    _dates(date=data.get("date"), due_date=data.get("due_date"))
    fields = {name: data[name] for name in ("date", "due_date", "reference", "narration") if name in data}
    for name, model in (("partner", Partner), ("journal", Journal), ("account", Account)):
        if f"{name}_id" in data:
            fields[name] = api_owned(model, company, data[f"{name}_id"], f"{name}_id")
    if "currency" in data:
        fields["currency"] = api_currency(data["currency"], "currency")
    lines = _lines(company, payload.lines) if payload.lines is not None else None
    with _errors_at_body():
        invoice = invoice_update(actor=request.user, invoice=invoice, lines=lines, **fields)
    return _invoice_detail(invoice)


@router.delete("/invoices/{invoice_id}", response={204: None, **ERRORS}, summary="Delete a draft")
def delete_invoice(request, invoice_id: Id):
    invoice_delete(actor=request.user, invoice=_invoice(request, invoice_id))
    return Status(204, None)


@router.post("/invoices/{invoice_id}/post", response={200: InvoiceDetailOut, **ERRORS},
             summary="Post a draft (a bill above the approval threshold waits for approval)")
def post_invoice(request, invoice_id: Id):
    return _invoice_detail(invoice_post(actor=request.user, invoice=_invoice(request, invoice_id)))


@router.post("/invoices/{invoice_id}/credit-note", response={201: InvoiceDetailOut, **ERRORS},
             summary="Credit a posted invoice or bill; answers the credit note")
def credit_invoice(request, invoice_id: Id, payload: CreditNoteIn):
    invoice = _invoice(request, invoice_id)
    _dates(date=payload.date)
    lines = _lines(invoice.company, payload.lines) if payload.lines is not None else None
    with _errors_at_body():
        note = invoice_credit_note(actor=request.user, invoice=invoice, date=payload.date or datetime.date.today(),
                                   lines=lines, reason=payload.reason)
    return Status(201, _invoice_detail(note))


# --- payments ---------------------------------------------------------------------------

@router.get("/payments", response={200: list[PaymentOut], **ERRORS}, summary="Payments, newest first")
@paginate(Pagination)
def list_payments(request, company: CompanyParam = None,
                  kind: Annotated[str | None, Query(pattern="^(inbound|outbound)$")] = None,
                  status: Annotated[str | None, Query(pattern="^(posted|cancelled)$")] = None,
                  partner_id: RefParam = None, date_from: DateIn | None = None,
                  date_to: DateIn | None = None):
    rows = payment_selectors.payments(api_company(request, company, "accounting.view_payment"))
    filters = {"kind": kind, "status": status, "partner_id": partner_id, "date__gte": date_from,
               "date__lte": date_to}
    return rows.filter(**{name: value for name, value in filters.items() if value is not None})


@router.get("/payments/{payment_id}", response={200: PaymentDetailOut, **ERRORS})
def get_payment(request, payment_id: Id):
    return _payment_detail(_payment(request, payment_id))


@router.post("/payments", response={201: PaymentDetailOut, **ERRORS},
             summary="Register and post a payment, matched against the invoices it pays")
def register_payment(request, payload: PaymentIn):
    company = api_company(request, payload.company_id, "accounting.add_payment")
    _dates(date=payload.date)
    allocations = [(api_owned(Invoice, company, row.invoice_id, f"allocations.{index}.invoice_id"), row.amount)
                   for index, row in enumerate(payload.allocations)]
    payment = payment_register(
        actor=request.user, company=company, kind=payload.kind,
        partner=api_owned(Partner, company, payload.partner_id, "partner_id"),
        journal=api_owned(Journal, company, payload.journal_id, "journal_id"), date=payload.date,
        amount=payload.amount, currency=api_currency(payload.currency, "currency"), rate=payload.rate,
        reference=payload.reference, allocations=allocations)
    return Status(201, _payment_detail(payment))


@router.post("/payments/{payment_id}/cancel", response={200: PaymentDetailOut, **ERRORS},
             summary="Unmatch a payment and post its reversal")
def cancel_payment(request, payment_id: Id, payload: PaymentCancelIn):
    payment = _payment(request, payment_id)
    _dates(date=payload.date)
    return _payment_detail(payment_cancel(actor=request.user, payment=payment, date=payload.date))


# --- reports ----------------------------------------------------------------------------

@router.get("/aging", response={200: AgingOut, **ERRORS}, summary="Receivables or payables aging (账龄分析)")
def get_aging(request, kind: Annotated[str, Query(pattern="^(receivable|payable)$")] = "receivable",
              as_of: DateIn | None = None, company: CompanyParam = None):
    company = api_company(request, company, "accounting.view_invoice")
    as_of = as_of or datetime.date.today()
    _dates(as_of=as_of)
    return aging(company=company, kind=kind, as_of=as_of)


@router.get("/vat-report", response={200: VatReportOut, **ERRORS}, summary="VAT report (增值税) of a period")
def get_vat_report(request, date_from: DateIn, date_to: DateIn, company: CompanyParam = None):
    company = api_company(request, company, "accounting.view_invoice")
    _dates(date_from=date_from, date_to=date_to)
    if date_from > date_to:
        raise ValidationFailed(fields={"date_to": [_("The end comes before the start.")]})
    return invoice_selectors.vat_report(company=company, date_from=date_from, date_to=date_to)
