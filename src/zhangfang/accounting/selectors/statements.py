"""The financial statements: balances summed in SQL (selectors.ledger), laid out by the
pure layouts in accounting.statements. Every figure carries a Drill to the lines behind it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from zhangfang.accounting import statements as layouts
from zhangfang.accounting.models import Account, JournalEntry
from zhangfang.accounting.selectors.ledger import (
    CASH_SUBTYPES,
    ZERO,
    Drill,
    Flow,
    account_activity,
    ledger_lines,
    sums_by_account,
)
from zhangfang.accounting.services.periods import fiscal_year_bounds
from zhangfang.core.models import Company


@dataclass
class Statement:
    kind: str  # balance_sheet, income_statement, cash_flow
    layout: str
    date_from: datetime.date | None  # None for a balance sheet: balances as of date_to
    date_to: datetime.date
    columns: list[layouts.Text]
    lines: list[layouts.ReportLine]
    cash_opening: Decimal | None = None  # cash and bank balances around a cash-flow statement
    cash_closing: Decimal | None = None

    @property
    def title(self) -> layouts.Text:
        return layouts.TITLES[self.kind]

    def line(self, key: str) -> layouts.ReportLine:
        return next(line for line in self.lines if line.key == key)

    @property
    def balanced(self) -> bool:
        """Assets equal liabilities and equity; the cash flows explain the change in cash."""
        if self.kind == "balance_sheet":
            return self.line("assets_total").amounts == self.line("liabilities_equity_total").amounts
        if self.kind == "cash_flow":
            return self.line("net_change").amounts[0] == self.cash_closing - self.cash_opening
        return True


class _Chart:
    """A company's accounts as the layouts see them: by code, with their kinds."""

    def __init__(self, company: Company):
        self.accounts = {account.pk: account for account in Account.objects.filter(company=company)}
        self.ids = {account.code: pk for pk, account in self.accounts.items()}
        self.kinds = {account.code: layouts.AccountKind(account.code, account.type, account.subtype)
                      for account in self.accounts.values()}
        self.layout = layouts.layout_for(set(self.ids))

    def nets(self, sums: dict[int, tuple[Decimal, Decimal]]) -> dict[str, Decimal]:
        return {self.accounts[pk].code: debit - credit for pk, (debit, credit) in sums.items()}

    def drill(self, lines: list[layouts.ReportLine], ranges: list[tuple], flow: str = Flow.ALL) -> None:
        for line in lines:
            if line.heading or not line.codes:
                continue
            ids = tuple(sorted(self.ids[code] for code in line.codes))
            line.drills = [Drill(ids, date_from, date_to, flow) for date_from, date_to in ranges]


def _year_start(company: Company, on_date: datetime.date) -> datetime.date:
    return fiscal_year_bounds(company, on_date)[0]


def balance_sheet(*, company: Company, as_of: datetime.date) -> Statement:
    """资产负债表 as of a date, beside the end of the prior fiscal year. Profit not yet closed
    (the income and expense balances) shows inside 未分配利润."""
    chart = _Chart(company)
    prior_end = _year_start(company, as_of) - datetime.timedelta(days=1)
    columns = [chart.nets(account_activity(company, None, day)) for day in (as_of, prior_end)]
    lines = layouts.statement(chart.layout.balance_sheet, chart.kinds, columns)
    # A balance is the opening of its fiscal year plus that year's lines: the detail shows both.
    chart.drill(lines, [(_year_start(company, day), day) for day in (as_of, prior_end)])
    return Statement("balance_sheet", chart.layout.key, None, as_of,
                     [layouts.COLUMNS["closing"], layouts.COLUMNS["prior_year_end"]], lines)


def _profit_activity(company: Company, date_from: datetime.date, date_to: datetime.date) -> dict[int, tuple]:
    """Activity of the range without the year-end closing entries (few: their lines are summed)."""
    activity = account_activity(company, date_from, date_to)
    closing = ledger_lines(company=company, date_from=date_from, date_to=date_to).filter(
        entry__origin=JournalEntry.Origin.CLOSING)
    for account_id, (debit, credit) in sums_by_account(closing).items():
        total_debit, total_credit = activity[account_id]
        activity[account_id] = (total_debit - debit, total_credit - credit)
    return activity


def income_statement(*, company: Company, date_from: datetime.date, date_to: datetime.date) -> Statement:
    """利润表 for a range and for its fiscal year up to its end, year-end closing entries left out."""
    chart = _Chart(company)
    ranges = [(date_from, date_to), (_year_start(company, date_to), date_to)]
    columns = [chart.nets(_profit_activity(company, start, end)) for start, end in ranges]
    lines = layouts.statement(chart.layout.income_statement, chart.kinds, columns)
    chart.drill(lines, ranges, Flow.PROFIT)
    return Statement("income_statement", chart.layout.key, date_from, date_to,
                     [layouts.COLUMNS["period"], layouts.COLUMNS["year_to_date"]], lines)


def cash_flow(*, company: Company, date_from: datetime.date, date_to: datetime.date) -> Statement:
    """现金流量表, direct method: the other lines of every entry that moved a cash or bank
    account, summed per account in SQL and classed by that account. Transfers between cash
    accounts have no other lines and so do not show."""
    chart = _Chart(company)
    in_cash_entries = ledger_lines(company=company, date_from=date_from, date_to=date_to, flow=Flow.CASH)
    counterparts = sums_by_account(in_cash_entries.exclude(account__subtype__in=CASH_SUBTYPES))
    flows = {chart.accounts[pk].code: sums for pk, sums in counterparts.items()}
    lines = layouts.cash_flow_statement(chart.layout, chart.kinds, flows)
    chart.drill(lines, [(date_from, date_to)], Flow.CASH)
    cash = [pk for pk, account in chart.accounts.items() if account.subtype in CASH_SUBTYPES]
    # The balances of the cash accounts, from the maintained balances: the statement must explain their change.
    cash_opening, cash_closing = (
        sum((debit - credit for debit, credit in account_activity(company, None, day, accounts=cash).values()), ZERO)
        for day in (date_from - datetime.timedelta(days=1), date_to))
    return Statement("cash_flow", chart.layout.key, date_from, date_to, [layouts.COLUMNS["period"]], lines,
                     cash_opening=cash_opening, cash_closing=cash_closing)
