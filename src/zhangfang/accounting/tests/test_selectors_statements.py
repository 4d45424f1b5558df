import datetime
from decimal import Decimal

import pytest

from zhangfang.accounting.models import FiscalYear
from zhangfang.accounting.selectors.ledger import Flow, account_detail, trial_balance
from zhangfang.accounting.selectors.statements import balance_sheet, cash_flow, income_statement
from zhangfang.accounting.services.closing import fiscal_year_close
from zhangfang.core.services.partners import partner_create

D = Decimal
day = datetime.date


@pytest.fixture
def two_years(books):
    """A trader's first two years, every entry in the general journal.

    2025-03-01  Dr 1002 银行存款 500,000.00                Cr 4001 实收资本 500,000.00
    2025-06-10  Dr 1002 20,000.00                         Cr 6001 主营业务收入 20,000.00
    2025-09-10  Dr 6602 管理费用 5,000.00                  Cr 1002 5,000.00
    2025-12-31  year-end close: 6001, 6602 → 4103 → 4104 利润分配 Cr 15,000.00
    2026-01-05  Dr 1601 固定资产 60,000.00                 Cr 1002 60,000.00
    2026-02-10  Dr 1405 库存商品 100,000.00, 222101 13,000.00  Cr 2202 应付账款 113,000.00
    2026-02-15  Dr 6602 1,000.00                          Cr 1002 1,000.00
    2026-03-10  Dr 1122 应收账款 56,500.00                 Cr 6001 50,000.00, 222102 6,500.00
    2026-03-12  Dr 6401 主营业务成本 40,000.00             Cr 1405 40,000.00
    2026-03-20  Dr 1002 30,000.00                         Cr 1122 30,000.00
    2026-03-25  Dr 660303 手续费 35.50                     Cr 1002 35.50
    2026-03-28  Dr 1001 库存现金 2,000.00                  Cr 1002 2,000.00 (drawn for petty cash)
    2026-03-31  Dr 2202 50,000.00                         Cr 1002 50,000.00
    2026-04-02  Dr 1002 100,000.00                        Cr 2001 短期借款 100,000.00
    """
    b = books
    supplier = partner_create(actor=b.actor, company=b.company, code="S1", name="华中供应商", is_supplier=True)
    customer = partner_create(actor=b.actor, company=b.company, code="C1", name="汉口客户", is_customer=True)
    b.post(day(2025, 3, 1), ("1002", "500000.00", ""), ("4001", "", "500000.00"), narration="股东投入")
    b.post(day(2025, 6, 10), ("1002", "20000.00", ""), ("6001", "", "20000.00"))
    b.post(day(2025, 9, 10), ("6602", "5000.00", ""), ("1002", "", "5000.00"))
    fiscal_year_close(actor=b.actor, fiscal_year=FiscalYear.objects.get(company=b.company, name="2025"))
    b.post(day(2026, 1, 5), ("1601", "60000.00", ""), ("1002", "", "60000.00"))
    b.post(day(2026, 2, 10), ("1405", "100000.00", ""), ("222101", "13000.00", ""),
           ("2202", "", "113000.00", supplier))
    b.post(day(2026, 2, 15), ("6602", "1000.00", ""), ("1002", "", "1000.00"))
    b.post(day(2026, 3, 10), ("1122", "56500.00", "", customer), ("6001", "", "50000.00"),
           ("222102", "", "6500.00"))
    b.post(day(2026, 3, 12), ("6401", "40000.00", ""), ("1405", "", "40000.00"))
    b.post(day(2026, 3, 20), ("1002", "30000.00", ""), ("1122", "", "30000.00", customer), narration="收货款")
    b.post(day(2026, 3, 25), ("660303", "35.50", ""), ("1002", "", "35.50"))
    b.post(day(2026, 3, 28), ("1001", "2000.00", ""), ("1002", "", "2000.00"))
    b.post(day(2026, 3, 31), ("2202", "50000.00", "", supplier), ("1002", "", "50000.00"))
    b.post(day(2026, 4, 2), ("1002", "100000.00", ""), ("2001", "", "100000.00"))
    return b


def figures(report, column=0):
    return {line.key: line.amounts[column] for line in report.lines if not line.heading}


def detail_of(company, drill):
    return account_detail(company=company, accounts=drill.account_ids, date_from=drill.date_from,
                          date_to=drill.date_to, flow=drill.flow)


def test_balance_sheet_balances_holds_the_profit_not_yet_closed_and_drills_down(two_years):
    """2026-03-31: 货币资金 431,964.50 + 2,000.00; 应收账款 26,500.00; 存货 60,000.00; 固定资产
    60,000.00 = 580,464.50. 应付账款 63,000.00, 应交税费 −6,500.00 (input VAT ahead); 实收资本
    500,000.00; 未分配利润 15,000.00 closed in 2025 + 8,964.50 of 2026 not closed (50,000 − 40,000
    − 1,000 − 35.50) = 23,964.50. At the end of 2025: bank 515,000.00 = capital 500,000.00 + 15,000.00."""
    report = balance_sheet(company=two_years.company, as_of=day(2026, 3, 31))

    now, prior = figures(report, 0), figures(report, 1)
    assert report.layout == "prc"
    assert now["cash"] == D("433964.50")
    assert (now["receivables"], now["inventories"], now["fixed_assets"]) == (D("26500.00"), D("60000.00"),
                                                                             D("60000.00"))
    assert now["assets_total"] == D("580464.50")
    assert (now["payables"], now["taxes_payable"], now["short_borrowings"]) == (D("63000.00"), D("-6500.00"),
                                                                                D("0.00"))
    assert (now["capital"], now["retained_earnings"]) == (D("500000.00"), D("23964.50"))
    assert now["liabilities_equity_total"] == D("580464.50")
    assert (prior["cash"], prior["capital"], prior["retained_earnings"]) == (
        D("515000.00"), D("500000.00"), D("15000.00"))
    assert prior["assets_total"] == prior["liabilities_equity_total"] == D("515000.00")
    assert report.balanced
    # Each figure drills down to lines that end on the same balance.
    receivables = report.line("receivables").drills[0]
    retained = report.line("retained_earnings").drills[0]

    assert (receivables.date_from, receivables.date_to) == (day(2026, 1, 1), day(2026, 3, 31))
    assert detail_of(two_years.company, receivables).closing == D("26500.00")
    assert detail_of(two_years.company, retained).closing == D("-23964.50")  # a credit balance


def test_income_statement_leaves_the_year_end_closing_entries_out(two_years):
    """2025 holds the closing entries that empty 6001 and 6602, yet shows the year's trading."""
    report = income_statement(company=two_years.company, date_from=day(2025, 1, 1), date_to=day(2025, 12, 31))

    got = figures(report)
    assert (got["revenue"], got["administrative"], got["net_profit"]) == (D("20000.00"), D("5000.00"),
                                                                          D("15000.00"))
    drill = report.line("net_profit").drills[0]
    assert drill.flow == Flow.PROFIT
    assert detail_of(two_years.company, drill).net == D("-15000.00")


def test_income_statement_of_a_month_beside_the_year_to_date_and_of_some_days(two_years):
    report = income_statement(company=two_years.company, date_from=day(2026, 3, 1), date_to=day(2026, 3, 31))

    month, year = figures(report, 0), figures(report, 1)
    assert (month["revenue"], month["cost_of_sales"], month["financial"]) == (D("50000.00"), D("40000.00"),
                                                                              D("35.50"))
    assert month["operating_profit"] == month["net_profit"] == D("9964.50")
    assert year["administrative"] == D("1000.00")
    assert year["net_profit"] == D("8964.50")
    part = income_statement(company=two_years.company, date_from=day(2026, 3, 5), date_to=day(2026, 3, 15))
    assert figures(part)["net_profit"] == D("10000.00")  # the sale and its cost, not the bank charge


def test_cash_flow_explains_the_change_in_cash_and_bank(two_years):
    """2026-01-01 … 04-30: received 30,000.00 from the customer; paid 50,000.00 to the supplier,
    1,000.00 expenses and 35.50 charges; 60,000.00 for equipment; borrowed 100,000.00. The
    2,000.00 moved from bank to petty cash is no flow. Cash 515,000.00 → 533,964.50."""
    report = cash_flow(company=two_years.company, date_from=day(2026, 1, 1), date_to=day(2026, 4, 30))

    got = figures(report)
    assert (got["customers"], got["suppliers"]) == (D("30000.00"), D("51035.50"))
    assert got["operating_net"] == D("-21035.50")
    assert (got["capex"], got["investing_net"]) == (D("60000.00"), D("-60000.00"))
    assert (got["borrowings_in"], got["financing_net"]) == (D("100000.00"), D("100000.00"))
    assert got["net_change"] == D("18964.50")
    assert (report.cash_opening, report.cash_closing) == (D("515000.00"), D("533964.50"))
    assert got["net_change"] == report.cash_closing - report.cash_opening
    assert report.balanced
    suppliers = detail_of(two_years.company, report.line("suppliers").drills[0])
    assert suppliers.opening is None and suppliers.net == D("51035.50")


def test_account_detail_runs_the_balance_across_pages(two_years):
    """1002 in March 2026: opens at 454,000.00 (500,000 + 20,000 − 5,000 − 60,000 − 1,000)."""
    bank = two_years.account("1002")
    kwargs = {"company": two_years.company, "accounts": [bank], "date_from": day(2026, 3, 1),
              "date_to": day(2026, 3, 31), "per_page": 2}

    first = account_detail(**kwargs)
    second = account_detail(**kwargs, page=2)

    assert first.opening == D("454000.00")
    assert [(line.date, line.debit, line.credit, line.balance) for line in first.lines] == [
        (day(2026, 3, 20), D("30000.00"), D("0.00"), D("484000.00")),
        (day(2026, 3, 25), D("0.00"), D("35.50"), D("483964.50")),
    ]
    assert [line.balance for line in second.lines] == [D("481964.50"), D("431964.50")]
    assert (first.debit, first.credit, first.closing) == (D("30000.00"), D("52035.50"), D("431964.50"))
    assert first.lines[0].text == "收货款" and first.lines[0].entry_number.startswith("记-2026-03-")
    assert second.page.number == 2 and not second.page.has_next()


def test_account_detail_of_a_parent_takes_its_sub_accounts(two_years, other_company):
    taxes = two_years.account("2221")

    detail = account_detail(company=two_years.company, accounts=[taxes.pk], date_from=day(2026, 1, 1),
                            date_to=day(2026, 3, 31))
    foreign = account_detail(company=other_company, accounts=[taxes.pk], date_from=day(2026, 1, 1),
                             date_to=day(2026, 3, 31))

    assert [(line.account.code, line.balance) for line in detail.lines] == [
        ("222101", D("13000.00")), ("222102", D("6500.00"))]
    assert detail.closing == D("6500.00")
    assert foreign.accounts == [] and foreign.lines == []


def test_trial_balance_groups_parents_over_their_children(two_years):
    plain = trial_balance(company=two_years.company, date_from=day(2026, 3, 1), date_to=day(2026, 3, 31))
    grouped = trial_balance(company=two_years.company, date_from=day(2026, 3, 1), date_to=day(2026, 3, 31),
                            with_groups=True)

    rows = {row.account.code: row for row in grouped.rows}
    taxes = rows["2221"]
    assert taxes.group and not rows["222101"].group and rows["222101"].level == 1
    assert (taxes.opening_debit, taxes.credit, taxes.closing_debit) == (D("13000.00"), D("6500.00"),
                                                                        D("6500.00"))
    codes = [row.account.code for row in grouped.rows]
    assert codes.index("2221") + 1 == codes.index("222101")
    assert rows["6603"].debit == D("35.50") and rows["6603"].drill.account_ids == (rows["6603"].account.pk,)
    assert grouped.totals == plain.totals
