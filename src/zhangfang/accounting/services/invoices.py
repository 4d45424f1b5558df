"""Customer invoices, supplier bills and their credit notes (FIN-4, FIN-5).

A draft's amounts come from the VAT core (``accounting.tax``). Posting writes one journal
entry through the entry services and takes its number. Supplier bills above the company's
approval threshold go to the approval engine first and are posted when approved. Posted
documents are final: a credit note corrects them."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.accounting.exceptions import (
    InvoiceAwaitingApproval,
    InvoiceFieldInvalid,
    InvoiceLineInvalid,
    InvoiceNotDraft,
    InvoiceTotalZero,
    InvoiceTransitionNotAllowed,
    TaxAccountMissing,
)
from zhangfang.accounting.models import (
    ZERO,
    Account,
    CostCentre,
    Invoice,
    InvoiceLine,
    Journal,
    JournalEntry,
    Tax,
)
from zhangfang.accounting.services.accounts import accounting_settings
from zhangfang.accounting.services.entries import journal_entry_book
from zhangfang.accounting.services.reconciliation import lines_reconcile
from zhangfang.accounting.tax import LineInput, TaxRate, compute
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Currency, Partner
from zhangfang.core.services.approvals import approval_request_submit
from zhangfang.core.services.currencies import rate_on

DOCUMENT_TYPE = "accounting.invoice"
LINE_FIELDS = ("description", "account", "quantity", "unit_price", "discount", "tax", "cost_centre")
HEADER_FIELDS = ("partner", "date", "due_date", "journal", "currency", "reference", "narration", "account")
Kind, Status = Invoice.Kind, Invoice.Status
# +1 when the receivable/payable line is a debit: what the partner owes us grows.
PARTNER_SIDE = {Kind.CUSTOMER_INVOICE: 1, Kind.SUPPLIER_CREDIT: 1, Kind.CUSTOMER_CREDIT: -1, Kind.SUPPLIER_BILL: -1}
CREDIT_NOTE_KIND = {Kind.CUSTOMER_INVOICE: Kind.CUSTOMER_CREDIT, Kind.SUPPLIER_BILL: Kind.SUPPLIER_CREDIT}

# Modules that own an invoice (a purchase order's bill) check it before it posts or goes to
# approval — check(invoice) raises a BusinessError to refuse — and follow up once it is
# posted, whichever way it posted: follow(actor=..., invoice=...). Registered from AppConfig.ready().
BEFORE_POST: list = []
AFTER_POST: list = []


# --- input ------------------------------------------------------------------------------

def _field_error(name: str, reason) -> InvoiceFieldInvalid:
    return InvoiceFieldInvalid(field=name, reason=reason, fields={name: [str(reason)]})


def _line_error(line: int, name: str, reason) -> InvoiceLineInvalid:
    return InvoiceLineInvalid(line=line, reason=reason, fields={f"lines.{line}.{name}": [str(reason)]})


def _number(value, *, line: int, name: str, places: int) -> Decimal:
    try:
        return decimal_in(value, places=places, below=Decimal(10) ** 12)
    except NotAnAmount as exc:
        raise _line_error(line, name, exc.reason) from exc


def _owned(value, model, company: Company) -> bool:
    return isinstance(value, model) and value.company_id == company.pk and getattr(value, "active", True)


def _header(company: Company, kind: str, *, partner, date, due_date, journal, currency, account, reference,
            narration) -> dict:
    """The header fields checked, with the defaults filled in."""
    sale = kind in Invoice.SALES_KINDS
    settings = accounting_settings(company)
    if not _owned(partner, Partner, company):
        raise _field_error("partner", _("choose an active partner of this company."))
    if not isinstance(date, datetime.date):
        raise _field_error("date", _("enter the invoice date."))
    journal_kind = Journal.Kind.SALES if sale else Journal.Kind.PURCHASE
    if journal is None:
        journal = Journal.objects.filter(company=company, kind=journal_kind, active=True).order_by("code").first()
    if not _owned(journal, Journal, company) or journal.kind != journal_kind:
        raise _field_error("journal", _("choose an active %(kind)s journal of this company.")
                           % {"kind": Journal.Kind(journal_kind).label})
    currency = currency or company.base_currency
    if not isinstance(currency, Currency) or not currency.active:
        raise _field_error("currency", _("choose an active currency."))
    account = account or (settings.receivable_account if sale else settings.payable_account)
    if not _owned(account, Account, company) or not account.reconcilable or (
            account.subtype not in Account.PARTNER_SUBTYPES):
        raise _field_error("account", _("choose an active, reconcilable receivable or payable account."))
    due_date = due_date or date + datetime.timedelta(days=partner.payment_terms_days)
    if not isinstance(due_date, datetime.date) or due_date < date:
        raise _field_error("due_date", _("the due date cannot be before the invoice date."))
    for name, value in (("reference", reference), ("narration", narration)):
        if len(value or "") > Invoice._meta.get_field(name).max_length:
            raise _field_error(name, _("the text is too long."))
    return {"partner": partner, "date": date, "due_date": due_date, "journal": journal, "currency": currency,
            "account": account, "reference": reference or "", "narration": narration or ""}


def _clean_lines(invoice: Invoice, lines: list[dict]) -> list[InvoiceLine]:
    """Unsaved line rows: every figure a Decimal of its column's places, every reference
    of this company; taxes of the side the document is on (output on customer documents)."""
    company = invoice.company
    if not lines:
        raise _field_error("lines", _("add at least one line."))
    settings = accounting_settings(company)
    default_account = settings.income_account if invoice.is_sale else settings.expense_account
    scope = Tax.Scope.SALE if invoice.is_sale else Tax.Scope.PURCHASE
    rows = []
    for number, data in enumerate(lines, start=1):
        unknown = set(data) - set(LINE_FIELDS)
        if unknown:
            raise _line_error(number, sorted(unknown)[0], _("unknown fields %(names)s.") % {"names": sorted(unknown)})
        description = (data.get("description") or "").strip()
        if not description or len(description) > InvoiceLine._meta.get_field("description").max_length:
            raise _line_error(number, "description", _("describe what is invoiced in at most 200 characters."))
        account = data.get("account") or default_account
        if not _owned(account, Account, company):
            raise _line_error(number, "account", _("choose an active account of this company."))
        tax = data.get("tax")
        if tax is not None and (not _owned(tax, Tax, company) or tax.scope != scope):
            raise _line_error(number, "tax", _("choose an active %(scope)s tax of this company.")
                              % {"scope": Tax.Scope(scope).label})
        cost_centre = data.get("cost_centre")
        if cost_centre is not None and not _owned(cost_centre, CostCentre, company):
            raise _line_error(number, "cost_centre", _("choose an active cost centre of this company."))
        if data.get("unit_price") in (None, ""):
            raise _line_error(number, "unit_price", _("enter the unit price."))
        quantity = _number(data.get("quantity", 1), line=number, name="quantity", places=4)
        unit_price = _number(data["unit_price"], line=number, name="unit_price", places=6)
        discount = _number(data.get("discount") or 0, line=number, name="discount", places=2)
        if quantity <= 0:
            raise _line_error(number, "quantity", _("the quantity must be positive."))
        if unit_price < 0:
            raise _line_error(number, "unit_price", _("the unit price cannot be negative."))
        if not 0 <= discount <= 100:
            raise _line_error(number, "discount", _("the discount is a percentage from 0 to 100."))
        rows.append(InvoiceLine(description=description, account=account, quantity=quantity, unit_price=unit_price,
                                discount=discount, tax=tax, cost_centre=cost_centre))
    return rows


def _line_data(line: InvoiceLine) -> dict:
    return {name: getattr(line, name) for name in LINE_FIELDS}


def _amounts_set(invoice: Invoice, rows: list[InvoiceLine]) -> None:
    """Line and document amounts from the VAT core, in the invoice currency."""
    result = compute([
        LineInput(quantity=row.quantity, unit_price=row.unit_price, discount=row.discount,
                  tax=None if row.tax is None else TaxRate(key=row.tax.pk, rate=row.tax.rate,
                                                           price_include=row.tax.price_include,
                                                           exempt=row.tax.exempt))
        for row in rows
    ], quantum=invoice.currency.quantum)
    for row, amounts in zip(rows, result.lines, strict=True):
        row.amount_untaxed, row.amount_tax, row.amount_total = amounts.untaxed, amounts.tax, amounts.total
    invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total = result.untaxed, result.tax, result.total


def _lines_save(invoice: Invoice, rows: list[InvoiceLine]) -> None:
    for row in rows:
        row.invoice = invoice
    InvoiceLine.objects.bulk_create(rows)


def _snapshot(invoice: Invoice) -> dict:
    return {**audit.snapshot(invoice), "lines": [
        {k: v for k, v in audit.snapshot(line).items() if k not in ("id", "invoice")}
        for line in invoice.lines.order_by("pk")]}


def _lock(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("company", "currency").get(pk=invoice.pk)


def _require_draft(invoice: Invoice) -> None:
    if invoice.status != Status.DRAFT:
        raise InvoiceNotDraft(invoice=str(invoice), status=invoice.get_status_display())


def _require_transition(invoice: Invoice, status: str, action) -> None:
    if status not in Invoice.TRANSITIONS[invoice.status]:
        raise InvoiceTransitionNotAllowed(invoice=str(invoice), status=invoice.get_status_display(), action=action)


# --- drafts -----------------------------------------------------------------------------

def _draft_create(*, actor, company: Company, kind: str, lines: list[dict], credit_note_of: Invoice | None = None,
                  **header) -> Invoice:
    if kind not in Kind.values:
        raise _field_error("kind", _("choose the kind of document."))
    invoice = Invoice(company=company, kind=kind, created_by=actor, credit_note_of=credit_note_of,
                      **_header(company, kind, **header))
    rows = _clean_lines(invoice, lines)
    _amounts_set(invoice, rows)
    invoice.save()
    _lines_save(invoice, rows)
    audit.record(actor=actor, action="create", obj=invoice, after=_snapshot(invoice))
    return invoice


def invoice_create(*, actor, company: Company, kind: str, partner: Partner, date: datetime.date, lines: list[dict],
                   currency: Currency | None = None, due_date: datetime.date | None = None,
                   journal: Journal | None = None, reference: str = "", narration: str = "",
                   account: Account | None = None) -> Invoice:
    """A draft invoice, bill or credit note. ``lines``: dicts of description, unit_price and
    optionally account (default: the settings' income or expense account), quantity (1),
    discount (%), tax, cost_centre. Defaults: due date after the partner's payment terms,
    the sales or purchase journal, the company's currency, the settings' receivable or
    payable account."""
    permissions.require(actor, company, "accounting.add_invoice")
    with transaction.atomic():
        return _draft_create(actor=actor, company=company, kind=kind, lines=lines, partner=partner, date=date,
                             due_date=due_date, journal=journal, currency=currency, account=account,
                             reference=reference, narration=narration)


def invoice_update(*, actor, invoice: Invoice, lines: list[dict] | None = None, **fields) -> Invoice:
    """Change a draft's header ``fields`` (partner, date, due_date, journal, currency,
    reference, narration, account); ``lines``, when given, replace all its lines. A new date
    or partner without a due date moves the due date to the partner's terms."""
    permissions.require(actor, invoice.company, "accounting.change_invoice")
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise _field_error(sorted(unknown)[0], _("this field cannot be changed."))
    with transaction.atomic():
        invoice = _lock(invoice)
        _require_draft(invoice)
        before = _snapshot(invoice)
        header = {name: getattr(invoice, name) for name in HEADER_FIELDS}
        if "due_date" not in fields and {"date", "partner"} & set(fields):
            header["due_date"] = None
        header.update(fields)
        for name, value in _header(invoice.company, invoice.kind, **header).items():
            setattr(invoice, name, value)
        rows = _clean_lines(invoice, lines if lines is not None else
                            [_line_data(line) for line in invoice.lines.select_related("tax").order_by("pk")])
        _amounts_set(invoice, rows)
        invoice.save()
        invoice.lines.all().delete()
        _lines_save(invoice, rows)
        after = _snapshot(invoice)
        if after != before:
            audit.record(actor=actor, action="update", obj=invoice, before=before, after=after)
    return invoice


def invoice_delete(*, actor, invoice: Invoice) -> None:
    permissions.require(actor, invoice.company, "accounting.delete_invoice")
    with transaction.atomic():
        invoice = _lock(invoice)
        _require_draft(invoice)
        before = _snapshot(invoice)
        invoice.lines.all().delete()
        invoice.delete()
        invoice.pk = before["id"]
        audit.record(actor=actor, action="delete", obj=invoice, before=before)


# --- posting ----------------------------------------------------------------------------

def _entry_lines(invoice: Invoice) -> list[dict]:
    """The entry of a posted document: the receivable/payable line, one income/expense line
    per (account, cost centre), one tax line per tax account. Each invoice line is converted
    to the base currency and rounded on its own (so the VAT report can sum the same figures
    in SQL); the receivable/payable line takes their sum, absorbing the conversion rounding."""
    company = invoice.company
    foreign = invoice.currency_id != company.base_currency_id

    def base(amount: Decimal) -> Decimal:
        return (amount * invoice.rate).quantize(company.base_currency.quantum, rounding=ROUND_HALF_UP)

    groups: dict[tuple, list] = defaultdict(lambda: [ZERO, ZERO, []])
    for line in invoice.lines.select_related("account", "cost_centre", "tax__account").order_by("pk"):
        group = groups[("revenue", line.account, line.cost_centre)]
        group[0] += line.amount_untaxed
        group[1] += base(line.amount_untaxed)
        group[2].append(line.description)
        if line.amount_tax:
            if line.tax.account is None:
                raise TaxAccountMissing(tax=str(line.tax))
            group = groups[("tax", line.tax.account, None)]
            group[0] += line.amount_tax
            group[1] += base(line.amount_tax)
            group[2].append(line.tax.name)

    side = PARTNER_SIDE[invoice.kind]

    def row(account, in_currency: Decimal, in_base: Decimal, sign: int, **extra) -> dict:
        signed = sign * in_base
        data = {"account": account, "partner": invoice.partner, "debit": max(signed, ZERO),
                "credit": max(-signed, ZERO), **extra}
        if foreign:
            data.update(currency=invoice.currency, amount_currency=sign * in_currency)
        return data

    counterparts = [
        row(account, in_currency, in_base, -side, cost_centre=cost_centre,
            description="; ".join(dict.fromkeys(descriptions))[:200])
        for (_kind, account, cost_centre), (in_currency, in_base, descriptions) in groups.items() if in_base
    ]
    total_base = sum((group[1] for group in groups.values()), ZERO)
    receivable = row(invoice.account, invoice.amount_total, total_base, side, date_maturity=invoice.due_date,
                     description=invoice.reference)
    return [receivable, *counterparts]


def _post_locked(*, actor, invoice: Invoice) -> Invoice:
    """Post a locked draft or approved document: fix the rate, write and post its entry."""
    before = audit.snapshot(invoice)
    invoice.rate = rate_on(company=invoice.company, currency=invoice.currency, on_date=invoice.date)
    # The invoice permission (or the approval) covers its entry: booked without asking for the entry rights.
    entry = journal_entry_book(actor=actor, company=invoice.company, journal=invoice.journal, date=invoice.date,
                               lines=_entry_lines(invoice), reference=invoice.reference,
                               narration=invoice.narration or str(invoice.partner)[:200],
                               origin=JournalEntry.Origin.INVOICE)
    invoice.entry, invoice.number, invoice.status = entry, entry.number, Status.POSTED
    invoice.posted_by, invoice.posted_at = actor, timezone.now()
    invoice.amount_residual, invoice.payment_state = invoice.amount_total, Invoice.PaymentState.NOT_PAID
    invoice.save(update_fields=["rate", "entry", "number", "status", "posted_by", "posted_at", "amount_residual",
                                "payment_state"])
    audit.record(actor=actor, action="post", obj=invoice, before=before, after=audit.snapshot(invoice))
    if invoice.credit_note_of_id:
        _settle_credited(actor=actor, note=invoice)
    for follow in AFTER_POST:
        follow(actor=actor, invoice=invoice)
    return invoice


def _needs_approval(invoice: Invoice) -> bool:
    threshold = accounting_settings(invoice.company).bill_approval_threshold
    if invoice.kind != Kind.SUPPLIER_BILL or threshold is None:
        return False
    rate = rate_on(company=invoice.company, currency=invoice.currency, on_date=invoice.date)
    base_total = (invoice.amount_total * rate).quantize(invoice.company.base_currency.quantum, rounding=ROUND_HALF_UP)
    return base_total > threshold


def _approval_submit(*, actor, invoice: Invoice) -> None:
    before = audit.snapshot(invoice)
    invoice.status = Status.AWAITING_APPROVAL
    invoice.save(update_fields=["status"])
    audit.record(actor=actor, action="submit", obj=invoice, before=before, after=audit.snapshot(invoice))
    title = gettext("Supplier bill from %(partner)s, %(reference)s") % {
        "partner": invoice.partner, "reference": invoice.reference or invoice.date.isoformat()}
    approval_request_submit(actor=actor, company=invoice.company, document_type=DOCUMENT_TYPE, object_id=invoice.pk,
                            title=title[:200], amount=invoice.amount_total, currency=invoice.currency.code)


def invoice_post(*, actor, invoice: Invoice) -> Invoice:
    """Post a draft: its journal entry, its number (the entry's), amount due = total.
    A supplier bill above the approval threshold goes to approval instead and is posted
    when approved (at once if no approval rule applies). Posting twice changes nothing."""
    permissions.require(actor, invoice.company, "accounting.post_invoice")
    with transaction.atomic():
        if invoice.credit_note_of_id:  # lock the credited invoice first: parent before child
            Invoice.objects.select_for_update().filter(pk=invoice.credit_note_of_id).first()
        invoice = _lock(invoice)
        if invoice.status == Status.POSTED:
            return invoice
        if invoice.status == Status.AWAITING_APPROVAL:
            raise InvoiceAwaitingApproval(invoice=str(invoice))
        _require_transition(invoice, Status.POSTED, _("posted"))
        if not invoice.amount_total:
            raise InvoiceTotalZero(invoice=str(invoice))
        for check in BEFORE_POST:
            check(invoice)
        if _needs_approval(invoice):
            _approval_submit(actor=actor, invoice=invoice)
            invoice.refresh_from_db()  # an automatic approval has posted it meanwhile
            return invoice
        return _post_locked(actor=actor, invoice=invoice)


def invoice_approval_decided(*, request, actor) -> None:
    """The approval engine's verdict on a bill (called inside the deciding transaction):
    approved → posted by the decider, or by the requester when no rule applied and the
    engine approved at once; rejected or withdrawn → back to draft."""
    invoice = (Invoice.objects.select_for_update().select_related("company", "currency")
               .filter(pk=int(request.object_id), company_id=request.company_id).first())
    if invoice is None or invoice.status != Status.AWAITING_APPROVAL:
        return
    if request.status == request.Status.APPROVED:
        _post_locked(actor=actor or request.requested_by, invoice=invoice)
        return
    before = audit.snapshot(invoice)
    invoice.status = Status.DRAFT
    invoice.save(update_fields=["status"])
    audit.record(actor=actor, action="return_to_draft", obj=invoice, before=before, after=audit.snapshot(invoice),
                 company=invoice.company)


# --- credit notes -----------------------------------------------------------------------

def _open_line(invoice: Invoice):
    return invoice.entry.lines.filter(account_id=invoice.account_id, partner_id=invoice.partner_id).first()


def _settle_credited(*, actor, note: Invoice) -> None:
    """Match a posted credit note against what is still open on the invoice it credits."""
    original = Invoice.objects.select_related("entry").get(pk=note.credit_note_of_id)
    original_line = _open_line(original)
    if original_line is not None and original_line.residual:
        lines_reconcile(actor=actor, lines=[original_line, _open_line(note)])
    note.refresh_from_db()


def invoice_credit_note(*, actor, invoice: Invoice, date: datetime.date, lines: list[dict] | None = None,
                        reason: str = "") -> Invoice:
    """Credit a posted invoice or bill. Without ``lines``: a credit note for all of it,
    posted and matched against the invoice; an invoice nothing had been paid on is thereby
    cancelled. With ``lines``: a draft credit note for part of it, to check and post."""
    permissions.require(actor, invoice.company, "accounting.add_invoice")
    if lines is None:
        permissions.require(actor, invoice.company, "accounting.post_invoice")
    with transaction.atomic():
        original = _lock(invoice)
        if original.is_credit_note or original.status != Status.POSTED:
            raise InvoiceTransitionNotAllowed(invoice=str(original), status=original.get_status_display(),
                                              action=_("credited"))
        unpaid = original.amount_residual == original.amount_total
        line_data = lines if lines is not None else [
            _line_data(line) for line in original.lines.select_related("tax").order_by("pk")]
        note = _draft_create(actor=actor, company=original.company, kind=CREDIT_NOTE_KIND[original.kind],
                             lines=line_data, credit_note_of=original, partner=original.partner, date=date,
                             due_date=date, journal=original.journal,
                             currency=original.currency, account=original.account, reference=original.number,
                             narration=reason)
        if lines is not None:
            return note
        note = _post_locked(actor=actor, invoice=note)
        if unpaid:
            original.refresh_from_db()
            before = audit.snapshot(original)
            _require_transition(original, Status.CANCELLED, _("cancelled"))
            original.status, original.cancelled_by, original.cancelled_at = Status.CANCELLED, actor, timezone.now()
            original.payment_state = Invoice.PaymentState.CREDITED
            original.save(update_fields=["status", "cancelled_by", "cancelled_at", "payment_state"])
            audit.record(actor=actor, action="cancel", obj=original, before=before, after=audit.snapshot(original))
    return note
