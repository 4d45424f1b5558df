"""Reads of the ledger. Reports sum the maintained balances in SQL; only the days of a
partly covered month are summed from the lines (also in SQL)."""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import DecimalField, Exists, F, OuterRef, Sum, Window
from django.db.models.expressions import RowRange

from zhangfang.accounting.models import Account, AccountBalance, JournalEntry, JournalEntryLine, Period
from zhangfang.core.models import Company

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
CASH_SUBTYPES = (Account.Subtype.CASH, Account.Subtype.BANK)


class Flow:
    """Which entries an account's lines are taken from."""

    ALL = ""
    PROFIT = "profit"  # leaves out year-end closing entries, as the income statement does
    CASH = "cash"  # only entries that move a cash or bank account, as the cash-flow statement does
    CHOICES = (ALL, PROFIT, CASH)


def journal_entries(*, company: Company):
    return (JournalEntry.objects.filter(company=company)
            .select_related("journal", "posted_by", "reversal_of").order_by("-date", "-id"))


def journal_entry_detail(*, company: Company, pk: int) -> JournalEntry:
    return journal_entries(company=company).select_related("period", "created_by").get(pk=pk)


def journal_entry_lines(*, entry: JournalEntry):
    return entry.lines.select_related("account", "partner", "currency").order_by("pk")


def ledger_lines(*, company: Company, date_from: datetime.date | None, date_to: datetime.date,
                 flow: str = Flow.ALL):
    """Posted lines dated in [date_from, date_to] (no lower bound if None), of the entries ``flow`` takes."""
    lines = JournalEntryLine.objects.filter(entry__company=company, entry__status__in=JournalEntry.IN_LEDGER,
                                            entry__date__lte=date_to)
    if date_from is not None:
        lines = lines.filter(entry__date__gte=date_from)
    if flow == Flow.PROFIT:
        lines = lines.exclude(entry__origin=JournalEntry.Origin.CLOSING)
    elif flow == Flow.CASH:
        lines = lines.filter(Exists(JournalEntryLine.objects.filter(entry_id=OuterRef("entry_id"),
                                                                    account__subtype__in=CASH_SUBTYPES)))
    return lines


def sums_by_account(rows) -> dict[int, tuple[Decimal, Decimal]]:
    """(debit, credit) per account of ledger lines or balances, summed in SQL. SQLite sums
    decimals as floats, so each sum is rounded back to the cent."""
    sums = rows.values("account_id").annotate(debit=Sum("debit"), credit=Sum("credit")).order_by()
    return {row["account_id"]: (_cents(row["debit"]), _cents(row["credit"])) for row in sums}


def _cents(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def account_activity(company: Company, date_from: datetime.date | None, date_to: datetime.date,
              accounts: Collection[int] | None = None) -> dict[int, tuple]:
    """Posted debit and credit per account dated in [date_from, date_to] (no lower bound if None),
    of all accounts or of ``accounts`` only."""
    whole = Period.objects.filter(company=company, date_end__lte=date_to)
    if date_from is not None:
        whole = whole.filter(date_start__gte=date_from)
    whole_ids = list(whole.values_list("pk", flat=True))
    from_balances = AccountBalance.objects.filter(company=company, period_id__in=whole_ids)
    from_lines = ledger_lines(company=company, date_from=date_from, date_to=date_to).exclude(
        entry__period_id__in=whole_ids)
    if accounts is not None:
        from_balances = from_balances.filter(account_id__in=accounts)
        from_lines = from_lines.filter(account_id__in=accounts)
    totals = sums_by_account(from_balances)
    for account_id, (debit, credit) in sums_by_account(from_lines).items():
        before = totals.get(account_id, (ZERO, ZERO))
        totals[account_id] = (before[0] + debit, before[1] + credit)
    return totals


def _sides(net: Decimal) -> tuple[Decimal, Decimal]:
    return (net, ZERO) if net >= 0 else (ZERO, -net)


@dataclass(frozen=True)
class Drill:
    """What a figure is made of: the accounts and dates that account_detail shows behind it."""

    account_ids: tuple[int, ...]
    date_from: datetime.date
    date_to: datetime.date
    flow: str = Flow.ALL

    @property
    def query(self) -> str:
        params = [("account", pk) for pk in self.account_ids]
        params += [("date_from", self.date_from.isoformat()), ("date_to", self.date_to.isoformat())]
        return urlencode(params + ([("flow", self.flow)] if self.flow else []))


@dataclass
class TrialBalanceRow:
    account: Account
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal
    group: bool = False  # a parent account showing the sum of its children
    level: int = 0
    drill: Drill | None = None

    @property
    def amounts(self) -> tuple[Decimal, ...]:
        return tuple(getattr(self, key) for key in TOTAL_KEYS)


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


def trial_balance(*, company: Company, date_from: datetime.date, date_to: datetime.date,
                  with_groups: bool = False) -> TrialBalance:
    """科目余额表: per posted-to account, the opening balance, the debits and credits of the
    range, and the closing balance — each balance shown on its debit or credit side. With
    ``with_groups`` each parent account comes before its children with their sums; the totals
    count the posted-to accounts only."""
    opening = account_activity(company, None, date_from - datetime.timedelta(days=1))
    moves = account_activity(company, date_from, date_to)
    accounts = {account.pk: account for account in Account.objects.filter(company=company).order_by("code")}
    report = TrialBalance(date_from=date_from, date_to=date_to, totals=dict.fromkeys(TOTAL_KEYS, ZERO))
    for account in accounts.values():
        if account.pk not in opening and account.pk not in moves:
            continue
        open_debit, open_credit = opening.get(account.pk, (ZERO, ZERO))
        debit, credit = moves.get(account.pk, (ZERO, ZERO))
        row = _row(account, open_debit - open_credit, debit, credit, date_from, date_to)
        if not any(row.amounts):
            continue
        report.rows.append(row)
        for key, amount in zip(TOTAL_KEYS, row.amounts, strict=True):
            report.totals[key] += amount
    if with_groups:
        report.rows = _with_groups(accounts, report.rows, date_from, date_to)
    return report


def _row(account: Account, opening_net: Decimal, debit: Decimal, credit: Decimal, date_from: datetime.date,
         date_to: datetime.date, **kwargs) -> TrialBalanceRow:
    return TrialBalanceRow(account, *_sides(opening_net), debit, credit, *_sides(opening_net + debit - credit),
                           drill=Drill((account.pk,), date_from, date_to), **kwargs)


def _with_groups(accounts: dict[int, Account], rows: list[TrialBalanceRow], date_from: datetime.date,
                 date_to: datetime.date) -> list[TrialBalanceRow]:
    """The rows in tree order, each ancestor as a group row summing the rows beneath it."""
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])  # opening net, debit, credit
    own = {row.account.pk: row for row in rows}
    for row in rows:
        values = (row.opening_debit - row.opening_credit, row.debit, row.credit)
        parent_id = row.account.parent_id
        while parent_id is not None:
            sums[parent_id] = [a + b for a, b in zip(sums[parent_id], values, strict=True)]
            parent_id = accounts[parent_id].parent_id
    children = defaultdict(list)
    for account in accounts.values():
        children[account.parent_id].append(account)
    ordered: list[TrialBalanceRow] = []

    def visit(account: Account, level: int) -> None:
        if account.pk in sums:
            opening_net, debit, credit = sums[account.pk]
            if account.pk in own:  # posted to before it had children
                row = own[account.pk]
                opening_net += row.opening_debit - row.opening_credit
                debit, credit = debit + row.debit, credit + row.credit
            ordered.append(_row(account, opening_net, debit, credit, date_from, date_to, group=True, level=level))
        elif account.pk in own:
            own[account.pk].level = level
            ordered.append(own[account.pk])
        else:
            return
        for child in children[account.pk]:
            visit(child, level + 1)

    for root in children[None]:
        visit(root, 0)
    return ordered


@dataclass
class DetailLine:
    line_id: int
    date: datetime.date
    entry_id: int
    entry_number: str
    account: Account
    text: str  # the line's description, else the entry's narration
    partner: str
    debit: Decimal
    credit: Decimal
    balance: Decimal  # debit − credit so far


@dataclass
class AccountDetail:
    """明细账: the lines of one or more accounts over a range, with a running balance. With
    a flow other than ALL only some entries count, so there is no opening or closing balance."""

    accounts: list[Account]
    date_from: datetime.date
    date_to: datetime.date
    flow: str
    opening: Decimal | None
    debit: Decimal
    credit: Decimal
    lines: list[DetailLine]
    page: object  # the paginator's page: number, has_next, paginator.num_pages ...

    @property
    def closing(self) -> Decimal | None:
        return None if self.opening is None else self.opening + self.debit - self.credit

    @property
    def net(self) -> Decimal:
        return self.debit - self.credit


def account_detail(*, company: Company, accounts: Iterable[Account | int], date_from: datetime.date,
                   date_to: datetime.date, flow: str = Flow.ALL, page: int | str = 1,
                   per_page: int = 200) -> AccountDetail:
    """The posted lines of ``accounts`` and of all their sub-accounts, oldest first. The running
    balance is a window sum in SQL, so it is right on every page."""
    chart = {account.pk: account for account in Account.objects.filter(company=company).order_by("code")}
    chosen = {getattr(account, "pk", account) for account in accounts} & set(chart)
    ids = _with_descendants(chosen, chart)
    opening = None
    if flow == Flow.ALL:
        before = account_activity(company, None, date_from - datetime.timedelta(days=1), accounts=ids)
        opening = sum((debit - credit for debit, credit in before.values()), ZERO)
    lines = ledger_lines(company=company, date_from=date_from, date_to=date_to, flow=flow).filter(account_id__in=ids)
    totals = lines.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    running = Window(Sum(F("debit") - F("credit"), output_field=DecimalField(max_digits=18, decimal_places=2)),
                     order_by=[F("entry__date").asc(), F("entry_id").asc(), F("pk").asc()],
                     frame=RowRange(start=None, end=0))
    ordered = (lines.select_related("entry", "partner").annotate(running=running)
               .order_by("entry__date", "entry_id", "pk"))
    shown = Paginator(ordered, per_page).get_page(page)
    start = opening or ZERO
    return AccountDetail(
        accounts=[chart[pk] for pk in sorted(chosen, key=lambda pk: chart[pk].code)], date_from=date_from,
        date_to=date_to, flow=flow, opening=opening, debit=totals["debit"] or ZERO,
        credit=totals["credit"] or ZERO, page=shown,
        lines=[DetailLine(line.pk, line.entry.date, line.entry_id, line.entry.number, chart[line.account_id],
                          line.description or line.entry.narration, line.partner.name if line.partner else "",
                          line.debit, line.credit, start + line.running) for line in shown],
    )


def _with_descendants(ids: set[int], chart: dict[int, Account]) -> set[int]:
    found = set(ids)
    for account in chart.values():  # an account belongs when one of its ancestors was chosen
        parent_id = account.parent_id
        while parent_id is not None and account.pk not in found:
            if parent_id in ids:
                found.add(account.pk)
            parent_id = chart[parent_id].parent_id
    return found
