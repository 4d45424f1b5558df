"""Month-end revaluation of foreign-currency balances (FIN-6, unrealised exchange differences).

What is still open in a foreign currency on receivable and payable accounts (per account,
partner and currency) and the balance of cash and bank accounts kept in a foreign currency are
valued at the rate of the revaluation date; the difference to the base amount booked goes to
exchange gain or loss. The entry is reversed on the first day of the next month, so the
realised difference is booked in full when the item is settled."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Sum
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import (
    Account,
    AccountingSettings,
    JournalEntry,
    JournalEntryLine,
    Reconciliation,
)
from zhangfang.accounting.services.entries import entry_reverse_locked, journal_entry_book
from zhangfang.accounting.services.reconciliation import cents, exchange_setup, open_amounts
from zhangfang.core import permissions
from zhangfang.core.models import Company, Currency, Partner
from zhangfang.core.services.currencies import rate_on

ZERO = Decimal("0.00")


def _posted_by(company: Company, date: datetime.date):
    return JournalEntryLine.objects.filter(entry__company=company, entry__status__in=JournalEntry.IN_LEDGER,
                                           entry__date__lte=date)


def _open_items(company: Company, date: datetime.date) -> dict[tuple, list[Decimal]]:
    """(account, partner, currency) → [open in currency, open in base] on ``date``, counting only
    the matches made with lines dated by then."""
    later = Reconciliation.objects.filter(
        Q(debit_line=OuterRef("pk"), credit_line__entry__date__gt=date)
        | Q(credit_line=OuterRef("pk"), debit_line__entry__date__gt=date))
    dated = Reconciliation.objects.annotate(debit_date=F("debit_line__entry__date"),
                                            credit_date=F("credit_line__entry__date"))
    lines = (_posted_by(company, date).filter(account__reconcilable=True, currency__isnull=False)
             .exclude(currency_id=company.base_currency_id).filter(~Q(residual=0) | Exists(later))
             .prefetch_related(Prefetch("matched_credits", queryset=dated), Prefetch("matched_debits", queryset=dated))
             .order_by("pk"))
    groups: dict[tuple, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for line in lines:
        base, in_currency = open_amounts(line, [*line.matched_credits.all(), *line.matched_debits.all()], as_of=date)
        group = groups[(line.account_id, line.partner_id, line.currency_id)]
        group[0] += in_currency
        group[1] += base
    return groups


def _money_balances(company: Company, date: datetime.date) -> dict[tuple, list[Decimal]]:
    """(account, None, currency) → [balance in currency, in base] of cash and bank accounts
    kept in a foreign currency."""
    rows = (_posted_by(company, date)
            .filter(account__subtype__in=(Account.Subtype.CASH, Account.Subtype.BANK), account__reconcilable=False,
                    account__currency__isnull=False)
            .exclude(account__currency_id=company.base_currency_id)
            .values("account_id", "account__currency_id")
            .annotate(in_currency=Sum("amount_currency"), base=Sum(F("debit") - F("credit"))).order_by())
    return {(row["account_id"], None, row["account__currency_id"]):
            [cents(Decimal(row["in_currency"] or 0)), cents(Decimal(row["base"] or 0))] for row in rows}


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def revaluation_run(*, actor, company: Company, date: datetime.date) -> JournalEntry | None:
    """Post the revaluation dated ``date`` and its reversal dated the first of the next month,
    each revaluation line matched with its reversal. Returns the revaluation, the one already
    posted for that date if any, or None when nothing needs revaluing."""
    permissions.require(actor, company, "accounting.post_journalentry")
    with transaction.atomic():
        AccountingSettings.objects.select_for_update().filter(company=company).first()  # one run at a time
        done = JournalEntry.objects.filter(company=company, origin=JournalEntry.Origin.REVALUATION, date=date,
                                           reversal_of__isnull=True, status__in=JournalEntry.IN_LEDGER).first()
        if done is not None:
            return done
        groups = {**_open_items(company, date), **_money_balances(company, date)}
        lines = _revaluation_lines(company, date, groups)
        if not lines:
            return None
        settings, journal = exchange_setup(company)
        narration = str(_("Exchange revaluation at %(date)s") % {"date": date.isoformat()})
        entry = journal_entry_book(actor=actor, company=company, journal=journal, date=date,
                                   origin=JournalEntry.Origin.REVALUATION, narration=narration,
                                   lines=[*lines, *_gain_loss_lines(settings, lines)])
        entry_reverse_locked(actor=actor, original=entry, date=_first_of_next_month(date))
        entry.refresh_from_db()
    return entry


def _revaluation_lines(company: Company, date: datetime.date, groups: dict[tuple, list[Decimal]]) -> list[dict]:
    accounts = Account.objects.in_bulk({key[0] for key in groups})
    partners = Partner.objects.in_bulk({key[1] for key in groups if key[1]})
    currencies = Currency.objects.in_bulk({key[2] for key in groups})
    rates: dict[int, Decimal] = {}
    lines = []
    for (account_id, partner_id, currency_id), (in_currency, base) in sorted(
            groups.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])):
        if currency_id not in rates:
            rates[currency_id] = rate_on(company=company, currency=currencies[currency_id], on_date=date)
        adjustment = cents(in_currency * rates[currency_id]) - base
        if not adjustment:
            continue
        lines.append({
            "account": accounts[account_id], "partner": partners.get(partner_id), "currency": currencies[currency_id],
            "amount_currency": ZERO, "debit": max(adjustment, ZERO), "credit": max(-adjustment, ZERO),
            "description": str(_("%(currency)s %(amount)s at %(rate)s")
                               % {"currency": currencies[currency_id].code, "amount": in_currency,
                                  "rate": rates[currency_id].normalize()}),
        })
    return lines


def _gain_loss_lines(settings: AccountingSettings, lines: list[dict]) -> list[dict]:
    """A higher value of what is owed to us, or a lower one of what we owe, is a gain."""
    gain = sum((line["debit"] for line in lines), ZERO)
    loss = sum((line["credit"] for line in lines), ZERO)
    counter = []
    if gain:
        counter.append({"account": settings.fx_gain_account, "credit": gain,
                        "description": str(_("Unrealised exchange gain"))})
    if loss:
        counter.append({"account": settings.fx_loss_account, "debit": loss,
                        "description": str(_("Unrealised exchange loss"))})
    return counter
