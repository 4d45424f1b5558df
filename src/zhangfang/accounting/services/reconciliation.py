"""Matching receivable and payable lines against each other (FIN-4, FIN-6).

A reconciliation settles ``amount`` (base currency) of a debit line with a credit line of the
same reconcilable account and partner; a line's open amount (``residual``) is its amount less
its reconciliations. Two lines in the same foreign currency are matched in that currency: each
side gives up the base amount it was booked at, and the difference between the two is the
realised exchange gain or loss, posted as its own entry whose account line is matched at once,
so both lines end fully settled.

Locks: the invoices of the lines' entries, then the lines, each by primary key, before any
posting lock — payments and reversals take them in the same order."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.exceptions import ExchangeSetupMissing, ReconcileLinesInvalid
from zhangfang.accounting.models import (
    AccountingSettings,
    Invoice,
    Journal,
    JournalEntry,
    JournalEntryLine,
    Reconciliation,
)
from zhangfang.accounting.services.entries import entry_reverse_locked, journal_entry_book
from zhangfang.core import audit, permissions

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def open_amounts(line: JournalEntryLine, recs, as_of: datetime.date | None = None) -> tuple[Decimal, Decimal | None]:
    """What ``line`` has open in base and in its currency after ``recs``, the reconciliations
    touching it. With ``as_of``, only those whose other line is dated by then count (``recs``
    then carry ``debit_date`` and ``credit_date``).

    A match in the line's currency lowers its currency amount by the amount matched; a match in
    base lowers it at the line's booked rate; nothing open in base means nothing open at all."""
    base = line.debit - line.credit
    in_currency = in_base_only = ZERO
    for rec in recs:
        sign = -1 if rec.debit_line_id == line.pk else 1
        if as_of is not None and (rec.credit_date if sign < 0 else rec.debit_date) > as_of:
            continue
        base += sign * rec.amount
        if rec.amount_currency is None:
            in_base_only += sign * rec.amount
        else:
            in_currency += sign * rec.amount_currency
    if line.amount_currency is None:
        return base, None
    if not base:
        return ZERO, ZERO
    booked = line.debit - line.credit
    return base, line.amount_currency + in_currency + cents(in_base_only * line.amount_currency / booked)


def lines_lock(line_ids) -> list[JournalEntryLine]:
    """Lock the invoices of the lines' entries, then the lines, each in primary-key order."""
    entry_ids = JournalEntryLine.objects.filter(pk__in=line_ids).values("entry_id")
    list(Invoice.objects.select_for_update().filter(entry_id__in=entry_ids).order_by("pk").values_list("pk"))
    return list(JournalEntryLine.objects.select_for_update(of=("self",)).filter(pk__in=line_ids)
                .select_related("entry__company", "account", "partner", "currency").order_by("pk"))


def _invoices_refresh(entry_ids) -> None:
    """Amount due (in the invoice currency) and payment state of the invoices of these entries."""
    invoices = list(Invoice.objects.filter(entry_id__in=entry_ids).select_related("company"))
    if not invoices:
        return
    sums = {row["entry_id"]: row for row in (
        JournalEntryLine.objects.filter(entry_id__in=[invoice.entry_id for invoice in invoices],
                                        account_id=F("entry__invoice__account_id"))
        .values("entry_id").annotate(base=Sum("residual"), currency=Sum("residual_currency")).order_by())}
    for invoice in invoices:
        row = sums.get(invoice.entry_id, {})
        foreign = invoice.currency_id != invoice.company.base_currency_id
        due = cents(abs(Decimal((row.get("currency") if foreign else row.get("base")) or 0)))
        if invoice.status == Invoice.Status.CANCELLED:
            state = Invoice.PaymentState.CREDITED
        elif not due:
            state = Invoice.PaymentState.PAID
        elif due >= invoice.amount_total:
            state = Invoice.PaymentState.NOT_PAID
        else:
            state = Invoice.PaymentState.PARTIAL
        if (invoice.amount_residual, invoice.payment_state) != (due, state):
            invoice.amount_residual, invoice.payment_state = due, state
            invoice.save(update_fields=["amount_residual", "payment_state"])


def exchange_setup(company) -> tuple[AccountingSettings, Journal]:
    """The settings naming the exchange gain and loss accounts, and the general journal that
    books exchange differences."""
    settings = AccountingSettings.objects.filter(company=company).select_related(
        "fx_gain_account", "fx_loss_account").first()
    journal = Journal.objects.filter(company=company, kind=Journal.Kind.GENERAL, active=True).order_by("pk").first()
    if settings is None or not settings.fx_gain_account or not settings.fx_loss_account or journal is None:
        raise ExchangeSetupMissing()
    return settings, journal


class Matcher:
    """Matches locked lines in memory, writing each reconciliation as it goes; ``save`` then
    stores the open amounts of the lines touched and refreshes their invoices."""

    def __init__(self, actor, lines: list[JournalEntryLine]):
        self.actor = actor
        self.lines = {line.pk: line for line in lines}
        self.recs: dict[int, list[Reconciliation]] = defaultdict(list)
        self.created: list[Reconciliation] = []
        self.touched: set[int] = set()
        for rec in Reconciliation.objects.filter(Q(debit_line_id__in=self.lines) | Q(credit_line_id__in=self.lines)):
            for line_id in {rec.debit_line_id, rec.credit_line_id} & set(self.lines):
                self.recs[line_id].append(rec)

    def match_all(self) -> None:
        """Debits against credits, the earliest due first, partially where the amounts differ."""
        def due(line):
            return line.date_maturity or line.entry.date, line.pk

        debits = sorted((line for line in self.lines.values() if line.residual > 0), key=due)
        credits = sorted((line for line in self.lines.values() if line.residual < 0), key=due)
        while debits and credits:
            if self.match(debits[0], credits[0]) is None:
                break
            if debits[0].residual <= 0:
                debits.pop(0)
            if credits[0].residual >= 0:
                credits.pop(0)

    def match(self, debit: JournalEntryLine, credit: JournalEntryLine,
              cap: Decimal | None = None) -> Reconciliation | None:
        """Settle as much as both lines have open, at most ``cap`` (in their shared foreign
        currency if they have one, else in base)."""
        limit = [] if cap is None else [cap]
        currency = self._shared_currency(debit, credit)
        if currency is not None:
            matched = min(debit.residual_currency, -credit.residual_currency, *limit)
            if matched <= 0:
                return None
            debit_base, credit_base = self._base_share(debit, matched), -self._base_share(credit, -matched)
        else:
            matched = None
            debit_base = credit_base = min(debit.residual, -credit.residual, *limit)
            if debit_base <= 0:
                return None
        difference = debit_base - credit_base
        exchange_line = self._exchange(debit if difference > 0 else credit, difference, currency,
                                       max(debit.entry.date, credit.entry.date)) if difference else None
        rec = self._record(debit, credit, min(debit_base, credit_base), matched,
                           exchange_line.entry if exchange_line else None)
        if exchange_line is not None:
            # The line that gave up more base keeps the difference open; the exchange line closes it.
            pair = (debit, exchange_line) if difference > 0 else (exchange_line, credit)
            self._record(*pair, abs(difference), ZERO, None)
        return rec

    def settle_all(self) -> None:
        for line in self.lines.values():
            self._settle(line)

    def save(self) -> None:
        changed = [self.lines[pk] for pk in sorted(self.touched)]
        JournalEntryLine.objects.bulk_update(changed, ["residual", "residual_currency"])
        _invoices_refresh({line.entry_id for line in changed})

    def _settle(self, line: JournalEntryLine) -> None:
        line.residual, line.residual_currency = open_amounts(line, self.recs[line.pk])
        self.touched.add(line.pk)

    @staticmethod
    def _shared_currency(debit: JournalEntryLine, credit: JournalEntryLine):
        same = debit.currency_id is not None and debit.currency_id == credit.currency_id
        if not same or debit.currency_id == debit.entry.company.base_currency_id:
            return None
        if not (debit.residual_currency or ZERO) > 0 > (credit.residual_currency or ZERO):
            return None
        return debit.currency

    @staticmethod
    def _base_share(line: JournalEntryLine, matched: Decimal) -> Decimal:
        """The base amount ``matched`` (signed like the line) takes from the line: all that is
        open when it settles the line, else its share at the booked rate."""
        if matched == line.residual_currency:
            return line.residual
        share = cents(matched * (line.debit - line.credit) / line.amount_currency)
        return min(share, line.residual) if share > 0 else max(share, line.residual)

    def _record(self, debit, credit, amount, amount_currency, exchange_entry) -> Reconciliation:
        rec = Reconciliation.objects.create(company_id=debit.entry.company_id, debit_line=debit, credit_line=credit,
                                            amount=amount, amount_currency=amount_currency,
                                            exchange_entry=exchange_entry, created_by=self.actor)
        audit.record(actor=self.actor, action="create", obj=rec, after=audit.snapshot(rec))
        for line in (debit, credit):
            self.recs[line.pk].append(rec)
            self._settle(line)
        self.created.append(rec)
        return rec

    def _exchange(self, line: JournalEntryLine, difference: Decimal, currency, date) -> JournalEntryLine:
        """Post the realised difference: a debit line left with more base than the credit line
        gave is a loss, the other way round a gain. Returns the entry's line on ``line``'s account."""
        company = line.entry.company
        settings, journal = exchange_setup(company)
        amount = abs(difference)
        party = {"account": line.account, "partner": line.partner, "currency": currency, "amount_currency": ZERO,
                 "description": str(_("Exchange difference"))}
        if difference > 0:
            lines = [{"account": settings.fx_loss_account, "debit": amount}, {**party, "credit": amount}]
        else:
            lines = [{**party, "debit": amount}, {"account": settings.fx_gain_account, "credit": amount}]
        entry = journal_entry_book(actor=self.actor, company=company, journal=journal, date=date, lines=lines,
                                   origin=JournalEntry.Origin.EXCHANGE, reference=line.entry.number,
                                   narration=str(_("Realised exchange difference on %(currency)s")
                                                 % {"currency": currency.code}))
        exchange_line = (entry.lines.select_related("entry__company", "account", "partner", "currency")
                         .get(account=line.account))
        self.lines[exchange_line.pk] = exchange_line
        return exchange_line


def _check_matchable(lines: list[JournalEntryLine]) -> None:
    if len({line.entry.company_id for line in lines}) > 1:
        raise ReconcileLinesInvalid(reason=_("they belong to different companies."))
    for line in lines:
        if line.entry.status not in JournalEntry.IN_LEDGER:
            raise ReconcileLinesInvalid(reason=_("entry %(entry)s is not posted.") % {"entry": line.entry})
        if not line.account.reconcilable:
            raise ReconcileLinesInvalid(reason=_("account %(account)s is not reconcilable.")
                                        % {"account": line.account})
    if len({line.account_id for line in lines}) > 1:
        raise ReconcileLinesInvalid(reason=_("they are on different accounts."))
    if len({line.partner_id for line in lines}) > 1:
        raise ReconcileLinesInvalid(reason=_("they belong to different partners."))


def lines_reconcile(*, actor, lines: list[JournalEntryLine]) -> list[Reconciliation]:
    """Match posted lines of one account and partner: debits against credits, the earliest
    due first, partially where needed, booking realised exchange differences. Returns the
    reconciliations made (none when nothing was open on both sides)."""
    line_ids = sorted({line.pk for line in lines})
    if len(line_ids) < 2:
        raise ReconcileLinesInvalid(reason=_("choose at least two lines."))
    companies = set(JournalEntryLine.objects.filter(pk__in=line_ids).values_list("entry__company_id", flat=True))
    if len(companies) != 1:
        raise ReconcileLinesInvalid(reason=_("they belong to different companies."))
    permissions.require(actor, companies.pop(), "accounting.add_reconciliation")
    with transaction.atomic():
        locked = lines_lock(line_ids)
        _check_matchable(locked)
        matcher = Matcher(actor, locked)
        matcher.match_all()
        matcher.save()
    return matcher.created


def mirror_lines_reconcile(*, actor, pairs: list[tuple[JournalEntryLine, JournalEntryLine]]) -> None:
    """Match each still open line of a reversed entry with its mirror line; for the reversal,
    which holds the locks and has checked its permission."""
    locked = lines_lock([line.pk for pair in pairs for line in pair])
    matcher = Matcher(actor, locked)
    for original, mirror in pairs:
        original, mirror = matcher.lines[original.pk], matcher.lines[mirror.pk]
        if original.account.reconcilable and original.residual:
            matcher.match(*((original, mirror) if original.residual > 0 else (mirror, original)))
    matcher.save()


def _recs_to_undo(line_id: int) -> tuple[list[Reconciliation], set[int]]:
    """The line's reconciliations and, for any exchange difference among them (or when the
    line is on one), the match that booked it and its own match; and those exchange entries."""
    touching = Q(debit_line_id=line_id) | Q(credit_line_id=line_id)
    exchange_ids = set(Reconciliation.objects.filter(touching, exchange_entry__isnull=False)
                       .values_list("exchange_entry_id", flat=True))
    exchange_ids |= set(Reconciliation.objects.filter(exchange_entry__lines=line_id)
                        .values_list("exchange_entry_id", flat=True))
    related = (touching | Q(exchange_entry_id__in=exchange_ids) | Q(debit_line__entry_id__in=exchange_ids)
               | Q(credit_line__entry_id__in=exchange_ids))
    return list(Reconciliation.objects.filter(related).distinct().order_by("pk")), exchange_ids


def lines_unreconcile_locked(*, actor, line_id: int, date: datetime.date | None = None) -> int:
    """``line_unreconcile`` for services holding their own permission. Returns how many
    reconciliations were removed."""
    recs, exchange_ids = _recs_to_undo(line_id)
    if not recs:
        return 0
    # Same order as a reversal: entry, then invoices, then lines.
    exchanges = list(JournalEntry.objects.select_for_update().filter(pk__in=exchange_ids).order_by("pk"))
    lines_lock({line_id} | {rec.debit_line_id for rec in recs} | {rec.credit_line_id for rec in recs})
    recs, _exchange_ids = _recs_to_undo(line_id)  # as they stand now that they are locked
    line_ids = {rec.debit_line_id for rec in recs} | {rec.credit_line_id for rec in recs}
    for rec in recs:
        before = audit.snapshot(rec)
        rec.delete()
        rec.pk = before["id"]
        audit.record(actor=actor, action="delete", obj=rec, before=before)
    matcher = Matcher(actor, lines_lock(line_ids))
    matcher.settle_all()
    matcher.save()
    for entry in exchanges:
        if entry.status == JournalEntry.Status.POSTED:
            entry_reverse_locked(actor=actor, original=entry, date=date or entry.date)
    return len(recs)


def line_unreconcile(*, actor, line: JournalEntryLine, date: datetime.date | None = None) -> int:
    """Remove the line's reconciliations, reopening both sides; exchange differences they
    booked are reversed dated ``date`` (default: their own date). Returns how many were removed."""
    company_id = JournalEntryLine.objects.filter(pk=line.pk).values_list("entry__company_id", flat=True).first()
    permissions.require(actor, company_id, "accounting.delete_reconciliation")
    with transaction.atomic():
        return lines_unreconcile_locked(actor=actor, line_id=line.pk, date=date)
