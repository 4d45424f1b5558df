"""Payments received and made (FIN-4): one posted entry between the cash or bank account and
the partner's receivable or payable line, matched against the invoices it pays. What is not
allocated stays open on the partner's line — an advance (预收/预付) to apply later with
``lines_reconcile``. A mistaken payment is cancelled: unmatched, then reversed."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.accounting.exceptions import (
    PaymentAllocationInvalid,
    PaymentAmountInvalid,
    PaymentJournalInvalid,
    PaymentOverAllocated,
    PaymentTransitionNotAllowed,
)
from zhangfang.accounting.models import (
    Account,
    AccountingSettings,
    Invoice,
    Journal,
    JournalEntry,
    JournalEntryLine,
    Payment,
)
from zhangfang.accounting.services.entries import entry_reverse_locked, journal_entry_book
from zhangfang.accounting.services.reconciliation import Matcher, cents, lines_lock, lines_unreconcile_locked
from zhangfang.core import audit, permissions
from zhangfang.core.errors import NotFound, ValidationFailed
from zhangfang.core.models import Company, Currency, Partner
from zhangfang.core.services.currencies import rate_on

CENT = Decimal("0.01")
RATE_PLACES = Decimal("1e-10")
# The invoices each direction pays: money in settles what customers owe and suppliers refund.
PAYS = {
    Payment.Kind.INBOUND: (Invoice.Kind.CUSTOMER_INVOICE, Invoice.Kind.SUPPLIER_CREDIT),
    Payment.Kind.OUTBOUND: (Invoice.Kind.SUPPLIER_BILL, Invoice.Kind.CUSTOMER_CREDIT),
}


def _positive(value, *, field: str, label, quantum: Decimal) -> Decimal:
    """A positive Decimal with no more places than ``quantum``; floats are refused."""
    places = -quantum.as_tuple().exponent
    reason = _("enter a positive amount with at most %(places)s decimal places.") % {"places": places}
    try:
        number = decimal_in(value, places=places)
    except NotAnAmount as exc:
        reason = exc.reason
    else:
        if number > 0:
            return number
    raise PaymentAmountInvalid(field=label, reason=reason, fields={field: [str(reason)]})


def _money_account(journal: Journal, company: Company, currency: Currency) -> Account:
    if journal.company_id != company.pk:
        raise NotFound()
    if journal.kind not in (Journal.Kind.CASH, Journal.Kind.BANK) or not journal.active:
        raise PaymentJournalInvalid(journal=str(journal), reason=_("choose an active cash or bank journal."))
    account = journal.default_account
    if account is None:
        raise PaymentJournalInvalid(journal=str(journal), reason=_("it has no default account."))
    if account.currency_id and account.currency_id not in (currency.pk, company.base_currency_id):
        raise PaymentJournalInvalid(journal=str(journal), reason=_("its account is kept in %(currency)s only.")
                                    % {"currency": account.currency.code})
    return account


def _allocations_check(*, kind: str, partner: Partner, currency: Currency, shares: dict[int, Decimal]) -> list:
    """The invoices, locked, each checked against what it is paid."""
    invoices = list(Invoice.objects.select_for_update().filter(pk__in=shares).order_by("pk"))
    for invoice in invoices:
        def refuse(reason, invoice=invoice):
            return PaymentAllocationInvalid(invoice=str(invoice), reason=reason)

        if invoice.company_id != partner.company_id:
            raise NotFound()
        if invoice.status != Invoice.Status.POSTED:
            raise refuse(_("it is not posted."))
        if invoice.partner_id != partner.pk:
            raise refuse(_("it belongs to another partner."))
        if invoice.kind not in PAYS[kind]:
            raise refuse(_("money received pays customer invoices, money paid pays supplier bills."))
        if invoice.currency_id != currency.pk:
            raise refuse(_("it is in %(currency)s; pay it in that currency.") % {"currency": invoice.currency.code})
        if shares[invoice.pk] > invoice.amount_residual:
            raise refuse(_("only %(due)s is due.") % {"due": invoice.amount_residual})
    if len({invoice.account_id for invoice in invoices}) > 1:
        raise PaymentAllocationInvalid(invoice=", ".join(str(invoice) for invoice in invoices),
                                       reason=_("one payment settles invoices of one receivable or payable account."))
    return invoices


def _party_account(company: Company, kind: str, invoices: list[Invoice]) -> Account:
    if invoices:
        return invoices[0].account
    settings = AccountingSettings.objects.filter(company=company).select_related(
        "receivable_account", "payable_account").first()
    account = settings and (settings.receivable_account if kind == Payment.Kind.INBOUND else settings.payable_account)
    if account is None:
        raise ValidationFailed(fields={"partner": [str(_("Set the default receivable and payable accounts in the "
                                                         "accounting settings first."))]})
    return account


def payment_register(*, actor, company: Company, kind: str, partner: Partner, journal: Journal,
                     date: datetime.date, amount: Decimal, currency: Currency | None = None,
                     rate: Decimal | None = None, reference: str = "",
                     allocations: list[tuple[Invoice, Decimal]] = ()) -> Payment:
    """Post a payment and match ``allocations`` (invoice, amount in the payment currency)
    against it; the rest stays open on the partner as an advance. ``rate`` defaults to the
    company's rate on ``date`` for a foreign currency."""
    permissions.require(actor, company, "accounting.add_payment")
    if kind not in Payment.Kind.values:
        raise ValidationFailed(fields={"kind": [str(_("Choose received or paid."))]})
    if partner.company_id != company.pk:
        raise NotFound()
    if not isinstance(date, datetime.date):
        raise ValidationFailed(fields={"date": [str(_("Enter the payment date."))]})
    if len(reference or "") > Payment._meta.get_field("reference").max_length:
        raise ValidationFailed(fields={"reference": [str(_("The reference is too long."))]})
    amount = _positive(amount, field="amount", label=_("Amount"), quantum=CENT)
    currency = currency or company.base_currency
    money_account = _money_account(journal, company, currency)
    foreign = currency.pk != company.base_currency_id
    if not foreign:
        rate = Decimal(1)
    elif rate is None:
        rate = rate_on(company=company, currency=currency, on_date=date)
    else:
        rate = _positive(rate, field="rate", label=_("Exchange rate"), quantum=RATE_PLACES)
    shares: dict[int, Decimal] = defaultdict(Decimal)
    for invoice, share in allocations:
        shares[invoice.pk] += _positive(share, field="allocations", label=_("Allocation"), quantum=CENT)
    allocated = sum(shares.values(), Decimal("0.00"))
    if allocated > amount:
        raise PaymentOverAllocated(allocated=allocated, amount=amount)
    with transaction.atomic():
        invoices = _allocations_check(kind=kind, partner=partner, currency=currency, shares=shares)
        account = _party_account(company, kind, invoices)
        invoice_lines = lines_lock(JournalEntryLine.objects.filter(
            entry__invoice__in=invoices, account_id=F("entry__invoice__account_id")).values_list("pk", flat=True))
        entry = journal_entry_book(actor=actor, company=company, journal=journal, date=date, reference=reference,
                                   origin=JournalEntry.Origin.PAYMENT,
                                   lines=_entry_lines(kind, partner, money_account, account, amount, currency,
                                                      foreign, cents(amount * rate), date),
                                   narration=str((_("Received from %(partner)s") if kind == Payment.Kind.INBOUND
                                                  else _("Paid to %(partner)s")) % {"partner": partner.name}))
        payment = Payment.objects.create(company=company, kind=kind, partner=partner, journal=journal, date=date,
                                         amount=amount, currency=currency, rate=rate, reference=reference,
                                         entry=entry, created_by=actor)
        party_line = lines_lock(entry.lines.filter(account=account).values_list("pk", flat=True))[0]
        matcher = Matcher(actor, [*invoice_lines, party_line])
        for invoice in invoices:
            _allocate(matcher, party_line, invoice, shares[invoice.pk])
        matcher.save()
        audit.record(actor=actor, action="create", obj=payment, after=audit.snapshot(payment))
    return payment


def _entry_lines(kind, partner, money_account, account, amount, currency, foreign, base, date) -> list[dict]:
    inbound = kind == Payment.Kind.INBOUND
    in_currency = (lambda sign: {"currency": currency, "amount_currency": sign * amount}) if foreign else (
        lambda sign: {})
    money = {"account": money_account, **in_currency(1 if inbound else -1)}
    party = {"account": account, "partner": partner, "date_maturity": date, **in_currency(-1 if inbound else 1)}
    if inbound:
        return [{**money, "debit": base}, {**party, "credit": base}]
    return [{**party, "debit": base}, {**money, "credit": base}]


def _allocate(matcher: Matcher, party_line, invoice: Invoice, share: Decimal) -> None:
    """Match up to ``share`` (payment currency) of the invoice's open lines, earliest due first."""
    lines = sorted((line for line in matcher.lines.values()
                    if line.entry_id == invoice.entry_id and line.account_id == invoice.account_id and line.residual),
                   key=lambda line: (line.date_maturity, line.pk))
    for line in lines:
        if share <= 0:
            break
        pair = (line, party_line) if line.residual > 0 else (party_line, line)
        rec = matcher.match(*pair, cap=share)
        if rec is not None:
            share -= rec.amount if rec.amount_currency is None else rec.amount_currency


def payment_cancel(*, actor, payment: Payment, date: datetime.date | None = None) -> Payment:
    """Unmatch the payment from what it paid, reverse its entry dated ``date`` (default: the
    payment date) and mark it cancelled."""
    permissions.require(actor, payment.company, "accounting.change_payment")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if Payment.Status.CANCELLED not in Payment.TRANSITIONS[payment.status]:
            raise PaymentTransitionNotAllowed(payment=str(payment), status=payment.get_status_display())
        before = audit.snapshot(payment)
        entry = JournalEntry.objects.select_for_update().get(pk=payment.entry_id)
        for line_id in entry.lines.filter(account__reconcilable=True).order_by("pk").values_list("pk", flat=True):
            lines_unreconcile_locked(actor=actor, line_id=line_id, date=date)
        entry_reverse_locked(actor=actor, original=entry, date=date or payment.date)
        payment.status, payment.cancelled_by, payment.cancelled_at = Payment.Status.CANCELLED, actor, timezone.now()
        payment.save(update_fields=["status", "cancelled_by", "cancelled_at"])
        audit.record(actor=actor, action="cancel", obj=payment, before=before, after=audit.snapshot(payment))
    return payment
