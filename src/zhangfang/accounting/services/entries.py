"""Journal entries (凭证): draft, edit, delete, post, reverse.

Posting takes its locks in one fixed order — entry, period, sequence counter, chain head,
balances — so concurrent postings queue instead of deadlocking."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting import chain
from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.accounting.exceptions import (
    AccountNotPostable,
    EntryLineInvalid,
    EntryNotDraft,
    EntryOwnedByDocument,
    EntryTooFewLines,
    EntryTransitionNotAllowed,
    EntryUnbalanced,
    PeriodClosed,
    PeriodLocked,
)
from zhangfang.accounting.models import (
    Account,
    AccountBalance,
    AccountingSettings,
    CostCentre,
    Journal,
    JournalEntry,
    JournalEntryLine,
)
from zhangfang.accounting.services.periods import period_ensure
from zhangfang.core import audit, permissions
from zhangfang.core.errors import NotFound
from zhangfang.core.models import Company, Partner
from zhangfang.core.services.sequences import sequence_next

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
LINE_FIELDS = ("account", "partner", "description", "debit", "credit", "currency", "amount_currency",
               "cost_centre", "date_maturity")


def _amount(value, *, line: int, name: str, optional: bool = False) -> Decimal | None:
    if value is None or value == "":
        return None if optional else ZERO
    try:
        return decimal_in(value, places=2)
    except NotAnAmount as exc:
        text = str(exc.reason)
        fields = {f"lines.{line}.{name}": [text[:1].upper() + text[1:]]}
        raise EntryLineInvalid(line=line, reason=exc.reason, fields=fields) from exc


def _postable_accounts(company: Company, account_ids: set[int]) -> dict[int, Account]:
    accounts = {
        account.pk: account
        for account in Account.objects.filter(pk__in=account_ids, company=company).annotate(
            has_children=Exists(Account.objects.filter(parent=OuterRef("pk"))))
    }
    for account_id in account_ids:
        account = accounts.get(account_id)
        if account is None:
            raise AccountNotPostable(account=account_id, reason=_("it belongs to another company."))
        if not account.active:
            raise AccountNotPostable(account=str(account), reason=_("it is inactive."))
        if account.has_children:
            raise AccountNotPostable(account=str(account), reason=_("it has sub-accounts; post to one of them."))
    return accounts


def _clean_lines(company: Company, lines: list[dict]) -> list[JournalEntryLine]:
    """Lines as unsaved rows, every amount a Decimal of at most two places, accounts checked."""
    cleaned = []
    for number, data in enumerate(lines, start=1):
        unknown = set(data) - set(LINE_FIELDS)
        if unknown:
            raise EntryLineInvalid(line=number, reason=_("unknown fields %(names)s.") % {"names": sorted(unknown)})
        debit = _amount(data.get("debit"), line=number, name="debit")
        credit = _amount(data.get("credit"), line=number, name="credit")
        amount_currency = _amount(data.get("amount_currency"), line=number, name="amount_currency", optional=True)
        if debit < 0 or credit < 0:
            raise EntryLineInvalid(line=number, reason=_("debit and credit cannot be negative."))
        if debit and credit:
            raise EntryLineInvalid(line=number, reason=_("a line is either a debit or a credit, not both."))
        if not debit and not credit:
            raise EntryLineInvalid(line=number, reason=_("the line has no amount."))
        account, partner = data.get("account"), data.get("partner")
        if not isinstance(account, Account):
            raise EntryLineInvalid(line=number, reason=_("choose an account."))
        if partner is not None and (not isinstance(partner, Partner) or partner.company_id != company.pk):
            raise EntryLineInvalid(line=number, reason=_("the partner belongs to another company."))
        cost_centre = data.get("cost_centre")
        if cost_centre is not None and (not isinstance(cost_centre, CostCentre)
                                        or cost_centre.company_id != company.pk or not cost_centre.active):
            raise EntryLineInvalid(line=number, reason=_("choose an active cost centre of this company."))
        cleaned.append(JournalEntryLine(
            account=account, partner=partner, description=data.get("description") or "", debit=debit,
            credit=credit, currency=data.get("currency"), amount_currency=amount_currency,
            cost_centre=cost_centre, date_maturity=data.get("date_maturity"),
        ))
    accounts = _postable_accounts(company, {line.account.pk for line in cleaned})
    for number, line in enumerate(cleaned, start=1):
        account = accounts[line.account.pk]
        restricted = account.currency_id and account.currency_id != company.base_currency_id
        if restricted and (line.currency_id != account.currency_id or line.amount_currency is None):
            raise EntryLineInvalid(line=number, reason=_("account %(account)s is kept in %(currency)s only.")
                                   % {"account": account, "currency": account.currency.code})
    return cleaned


def _snapshot(entry: JournalEntry, lines) -> dict:
    return {**audit.snapshot(entry), "lines": [
        {k: v for k, v in audit.snapshot(line).items() if k not in ("id", "entry")} for line in lines]}


def _require_draft(entry: JournalEntry) -> None:
    if entry.status != JournalEntry.Status.DRAFT:
        raise EntryNotDraft(entry=str(entry), status=entry.get_status_display())


def journal_entry_create(*, actor, company: Company, journal: Journal, date: datetime.date, lines: list[dict],
                         reference: str = "", narration: str = "",
                         origin: str = JournalEntry.Origin.MANUAL) -> JournalEntry:
    """A draft entry. ``lines``: dicts with account, debit, credit and optionally partner,
    description, currency, amount_currency, cost_centre, date_maturity. Balance is checked
    when posting. Other modules pass their ``origin`` (invoice, payment, ...)."""
    permissions.require(actor, company, "accounting.add_journalentry")
    if journal.company_id != company.pk:
        raise NotFound()
    with transaction.atomic():
        return _draft_insert(actor=actor, company=company, journal=journal, date=date, lines=lines,
                             reference=reference, narration=narration, origin=origin)


def _draft_insert(*, actor, company: Company, journal: Journal, date: datetime.date, lines: list[dict],
                  reference: str, narration: str, origin: str) -> JournalEntry:
    """Write a draft and its checked lines, audited, inside the caller's transaction."""
    cleaned = _clean_lines(company, lines)
    entry = JournalEntry.objects.create(company=company, journal=journal, date=date, reference=reference,
                                        narration=narration, created_by=actor, origin=origin)
    for line in cleaned:
        line.entry = entry
    JournalEntryLine.objects.bulk_create(cleaned)
    audit.record(actor=actor, action="create", obj=entry, after=_snapshot(entry, entry.lines.all()))
    return entry


def journal_entry_update(*, actor, entry: JournalEntry, date: datetime.date | None = None,
                         reference: str | None = None, narration: str | None = None,
                         lines: list[dict] | None = None) -> JournalEntry:
    """Change a draft; ``lines``, when given, replace all its lines."""
    permissions.require(actor, entry.company, "accounting.change_journalentry")
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().select_related("company").get(pk=entry.pk)
        _require_draft(entry)
        before = _snapshot(entry, entry.lines.all())
        cleaned = _clean_lines(entry.company, lines) if lines is not None else None
        for name, value in (("date", date), ("reference", reference), ("narration", narration)):
            if value is not None:
                setattr(entry, name, value)
        entry.save(update_fields=["date", "reference", "narration"])
        if cleaned is not None:
            entry.lines.all().delete()
            for line in cleaned:
                line.entry = entry
            JournalEntryLine.objects.bulk_create(cleaned)
        after = _snapshot(entry, entry.lines.all())
        if after != before:
            audit.record(actor=actor, action="update", obj=entry, before=before, after=after)
    return entry


def journal_entry_delete(*, actor, entry: JournalEntry) -> None:
    permissions.require(actor, entry.company, "accounting.delete_journalentry")
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        _require_draft(entry)
        before = _snapshot(entry, entry.lines.all())
        entry.lines.all().delete()
        entry.delete()
        entry.pk = before["id"]
        audit.record(actor=actor, action="delete", obj=entry, before=before)


def _post_locked(*, actor, entry: JournalEntry) -> JournalEntry:
    """Post a draft already locked by the caller's transaction."""
    lines = list(entry.lines.select_related("account").order_by("pk"))
    if len(lines) < 2:
        raise EntryTooFewLines()
    debit = sum((line.debit for line in lines), ZERO)
    credit = sum((line.credit for line in lines), ZERO)
    if debit != credit or not debit:
        raise EntryUnbalanced(debit=debit, credit=credit)
    _clean_lines(entry.company, [{name: getattr(line, name) for name in LINE_FIELDS} for line in lines])
    period = period_ensure(company=entry.company, on_date=entry.date)
    period = type(period).objects.select_for_update().get(pk=period.pk)
    if period.status != period.Status.OPEN:
        raise PeriodClosed(period=period.name, date=entry.date)
    lock_date = AccountingSettings.objects.filter(company_id=entry.company_id).values_list("lock_date", flat=True)
    lock_date = lock_date.first()
    if lock_date and entry.date <= lock_date:
        raise PeriodLocked(date=entry.date, lock_date=lock_date)
    entry.number = sequence_next(company=entry.company, code=entry.journal.sequence.code, on_date=entry.date)
    entry.status, entry.period = JournalEntry.Status.POSTED, period
    entry.posted_by, entry.posted_at = actor, timezone.now()
    _open_items_set(entry, lines)
    chain.append(entry, lines)
    entry.save(update_fields=["number", "status", "period", "posted_by", "posted_at", "chain_seq", "prev_hash",
                              "hash"])
    _balances_add(entry, lines)
    return entry


def _open_items_set(entry: JournalEntry, lines: list[JournalEntryLine]) -> None:
    """Lines on reconcilable accounts start fully open, due on their maturity or entry date."""
    open_items = [line for line in lines if line.account.reconcilable]
    for line in open_items:
        line.residual = line.debit - line.credit
        line.residual_currency = line.amount_currency
        line.date_maturity = line.date_maturity or entry.date
    if open_items:
        JournalEntryLine.objects.bulk_update(open_items, ["residual", "residual_currency", "date_maturity"])


def _balances_add(entry: JournalEntry, lines: list[JournalEntryLine]) -> None:
    """Add the entry's lines to the maintained balances (the chain head lock serialises this)."""
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for line in lines:
        partner_id = line.partner_id if line.account.subtype in Account.PARTNER_SUBTYPES else None
        total = sums[(line.account_id, partner_id)]
        total[0] += line.debit
        total[1] += line.credit
    for (account_id, partner_id), (debit, credit) in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        updated = AccountBalance.objects.filter(account_id=account_id, period=entry.period,
                                                partner_id=partner_id).update(debit=F("debit") + debit,
                                                                              credit=F("credit") + credit)
        if not updated:
            AccountBalance.objects.create(company_id=entry.company_id, account_id=account_id, period=entry.period,
                                          partner_id=partner_id, debit=debit, credit=credit)


def journal_entry_post(*, actor, entry: JournalEntry) -> JournalEntry:
    """Check and post a draft: balanced, at least two lines, postable accounts, open period;
    then the gapless number, the hash-chain link and the balances, all in one transaction.
    Posting an entry already posted changes nothing."""
    permissions.require(actor, entry.company, "accounting.post_journalentry")
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status in JournalEntry.IN_LEDGER:
            return entry
        before = audit.snapshot(entry)
        entry = _post_locked(actor=actor, entry=entry)
        audit.record(actor=actor, action="post", obj=entry, before=before, after=audit.snapshot(entry))
    return entry


def journal_entry_book(*, actor, company: Company, journal: Journal, date: datetime.date, lines: list[dict],
                       origin: str, reference: str = "", narration: str = "") -> JournalEntry:
    """Create and post an entry in one step for another service (payment, exchange difference,
    revaluation) that has already checked its own permission; audited like the two steps."""
    entry = _draft_insert(actor=actor, company=company, journal=journal, date=date, lines=lines,
                          reference=reference, narration=narration, origin=origin)
    entry = _post_locked(actor=actor, entry=entry)
    audit.record(actor=actor, action="post", obj=entry, after=audit.snapshot(entry))
    return entry


def journal_entry_reverse(*, actor, entry: JournalEntry, date: datetime.date, narration: str = "") -> JournalEntry:
    """Post the mirror of a posted entry dated ``date``, link both, mark the original reversed
    and match every line still open with its mirror line, so nothing stays owed.
    Returns the reversal."""
    permissions.require(actor, entry.company, "accounting.post_journalentry")
    if entry.origin in JournalEntry.DOCUMENT_ORIGINS:
        raise EntryOwnedByDocument(entry=str(entry), origin=entry.get_origin_display())
    with transaction.atomic():
        original = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        return entry_reverse_locked(actor=actor, original=original, date=date, narration=narration)


def entry_reverse_locked(*, actor, original: JournalEntry, date: datetime.date, narration: str = "") -> JournalEntry:
    """``journal_entry_reverse`` for services holding the lock on ``original`` and their own permission."""
    # Imported here: reconciliation posts its exchange differences through this module.
    from zhangfang.accounting.services.reconciliation import lines_lock, mirror_lines_reconcile

    if JournalEntry.Status.REVERSED not in JournalEntry.TRANSITIONS[original.status]:
        raise EntryTransitionNotAllowed(entry=str(original), status=original.get_status_display(),
                                        action=_("reversed"))
    before = audit.snapshot(original)
    originals = list(original.lines.order_by("pk"))
    # Its invoice and lines are locked before the posting locks, in the order reconciliation takes them.
    lines_lock([line.pk for line in originals])
    mirror = JournalEntry.objects.create(
        company=original.company, journal=original.journal, date=date, reference=original.number,
        origin=original.origin,
        narration=narration or str(_("Reversal of %(number)s") % {"number": original.number}),
        created_by=actor, reversal_of=original,
    )
    JournalEntryLine.objects.bulk_create([
        JournalEntryLine(entry=mirror, account_id=line.account_id, partner_id=line.partner_id,
                         description=line.description, debit=line.credit, credit=line.debit,
                         currency_id=line.currency_id, cost_centre_id=line.cost_centre_id,
                         date_maturity=line.date_maturity,
                         amount_currency=None if line.amount_currency is None else -line.amount_currency)
        for line in originals
    ])
    audit.record(actor=actor, action="create", obj=mirror, after=_snapshot(mirror, mirror.lines.all()))
    mirror = _post_locked(actor=actor, entry=mirror)
    audit.record(actor=actor, action="post", obj=mirror, after=audit.snapshot(mirror))
    original.status = JournalEntry.Status.REVERSED
    original.save(update_fields=["status"])
    audit.record(actor=actor, action="reverse", obj=original, before=before, after=audit.snapshot(original))
    mirror_lines_reconcile(actor=actor, pairs=list(zip(originals, mirror.lines.order_by("pk"), strict=True)))
    return mirror
