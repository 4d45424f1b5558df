"""Reads of the ledger. Reports sum the maintained balances in SQL; only the days of a
partly covered month are summed from the lines (also in SQL)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from zhangfang.accounting.models import Account, AccountBalance, JournalEntry, JournalEntryLine, Period
from zhangfang.core.models import Company

ZERO = Decimal("0.00")


def journal_entries(*, company: Company):
    return (JournalEntry.objects.filter(company=company)
            .select_related("journal", "posted_by", "reversal_of").order_by("-date", "-id"))


def journal_entry_detail(*, company: Company, pk: int) -> JournalEntry:
    return journal_entries(company=company).select_related("period", "created_by").get(pk=pk)


def journal_entry_lines(*, entry: JournalEntry):
    return entry.lines.select_related("account", "partner", "currency").order_by("pk")


def _activity(company: Company, date_from: datetime.date | None, date_to: datetime.date) -> dict[int, tuple]:
    """Posted debit and credit per account dated in [date_from, date_to] (no lower bound if None)."""
    whole = Period.objects.filter(company=company, date_end__lte=date_to)
    if date_from is not None:
        whole = whole.filter(date_start__gte=date_from)
    whole_ids = list(whole.values_list("pk", flat=True))
    totals: dict[int, list[Decimal]] = {}
    from_balances = (AccountBalance.objects.filter(company=company, period_id__in=whole_ids)
                     .values("account_id").annotate(debit=Sum("debit"), credit=Sum("credit")).order_by())
    dates = Q(entry__date__lte=date_to) & (Q(entry__date__gte=date_from) if date_from else Q())
    from_lines = (JournalEntryLine.objects.filter(dates, entry__company=company,
                                                  entry__status__in=JournalEntry.IN_LEDGER)
                  .exclude(entry__period_id__in=whole_ids)
                  .values("account_id").annotate(debit=Sum("debit"), credit=Sum("credit")).order_by())
    for row in [*from_balances, *from_lines]:
        total = totals.setdefault(row["account_id"], [ZERO, ZERO])
        total[0] += row["debit"] or ZERO
        total[1] += row["credit"] or ZERO
    return {account_id: tuple(values) for account_id, values in totals.items()}


def _sides(net: Decimal) -> tuple[Decimal, Decimal]:
    return (net, ZERO) if net >= 0 else (ZERO, -net)


@dataclass
class TrialBalanceRow:
    account: Account
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal


@dataclass
class TrialBalance:
    date_from: datetime.date
    date_to: datetime.date
    rows: list[TrialBalanceRow] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        t = self.totals
        return (t["opening_debit"] == t["opening_credit"] and t["debit"] == t["credit"]
                and t["closing_debit"] == t["closing_credit"])


TOTAL_KEYS = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")


def trial_balance(*, company: Company, date_from: datetime.date, date_to: datetime.date) -> TrialBalance:
    """科目余额表: per posted-to account, the opening balance, the debits and credits of the
    range, and the closing balance — each balance shown on its debit or credit side."""
    opening = _activity(company, None, date_from - datetime.timedelta(days=1))
    moves = _activity(company, date_from, date_to)
    accounts = Account.objects.filter(pk__in=set(opening) | set(moves)).order_by("code")
    report = TrialBalance(date_from=date_from, date_to=date_to, totals=dict.fromkeys(TOTAL_KEYS, ZERO))
    for account in accounts:
        open_debit, open_credit = opening.get(account.pk, (ZERO, ZERO))
        debit, credit = moves.get(account.pk, (ZERO, ZERO))
        opening_net = open_debit - open_credit
        row = TrialBalanceRow(account, *_sides(opening_net), debit, credit, *_sides(opening_net + debit - credit))
        if not any(getattr(row, key) for key in TOTAL_KEYS):
            continue
        report.rows.append(row)
        for key in TOTAL_KEYS:
            report.totals[key] += getattr(row, key)
    return report
