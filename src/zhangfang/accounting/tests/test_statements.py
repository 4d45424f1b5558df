"""The statement layouts as pure functions: no database."""

from decimal import Decimal

import pytest
from django.utils import translation

from zhangfang.accounting import charts
from zhangfang.accounting import statements as S

D = Decimal
PRC_KINDS = {t.code: S.AccountKind(t.code, t.type, t.subtype) for t in charts.PRC}
GENERIC_KINDS = {t.code: S.AccountKind(t.code, t.type, t.subtype) for t in charts.GENERIC}


def amounts(lines, column=0):
    return {line.key: line.amounts[column] for line in lines if not line.heading}


@pytest.mark.parametrize("template", ["prc", "generic"])
def test_every_chart_account_has_one_balance_sheet_line_and_profit_is_what_the_year_end_close_moves(template):
    layout = S.layout_for({t.code for t in charts.TEMPLATES[template]})
    assert layout.key == template
    for t in charts.TEMPLATES[template]:
        kind = S.AccountKind(t.code, t.type, t.subtype)
        on_sheet = S.best_line(kind, layout.balance_sheet)
        in_profit = S.best_line(kind, layout.income_statement)
        closed_to_profit = t.type in ("income", "expense") and t.subtype != "stock"  # services.closing's rule
        assert on_sheet is not None, t.code
        assert (in_profit is not None and not in_profit.hidden) == closed_to_profit, t.code
        if closed_to_profit:
            assert on_sheet.key == "retained_earnings", t.code


@pytest.mark.parametrize("layout", [S.PRC, S.GENERIC])
def test_totals_use_only_lines_defined_above_them(layout):
    for lines in (layout.balance_sheet, layout.income_statement, layout.cash_flow):
        seen = set()
        for line in lines:
            assert {part.lstrip("-") for part in line.total} <= seen, line.key
            seen.add(line.key)
    flow_keys = {line.key for line in layout.cash_flow}
    assert all({c.inflow, c.outflow} <= flow_keys for c in layout.cash_classes)


def test_prc_balance_sheet_nets_contra_accounts_and_shows_unclosed_profit_in_retained_earnings():
    """Closing balances (debit − credit):
    1002 银行存款 530,000.00; 1122 应收账款 26,500.00; 1231 坏账准备 −1,325.00;
    1405 库存商品 60,000.00; 5001 生产成本 8,000.00; 1601 固定资产 120,000.00; 1602 累计折旧 −20,000.00;
    2202 应付账款 −113,000.00; 222101 进项 13,000.00; 222102 销项 −6,500.00; 4001 实收资本 −540,000.00;
    4104 利润分配 −70,000.00; 6001 收入 −50,000.00; 6401 成本 40,000.00; 6602 管理费用 3,325.00.
    Profit not closed = 50,000 − 40,000 − 3,325 = 6,675.00; 未分配利润 = 70,000 + 6,675 = 76,675.00."""
    balances = {"1002": D("530000.00"), "1122": D("26500.00"), "1231": D("-1325.00"), "1405": D("60000.00"),
                "5001": D("8000.00"), "1601": D("120000.00"), "1602": D("-20000.00"), "2202": D("-113000.00"),
                "222101": D("13000.00"), "222102": D("-6500.00"), "4001": D("-540000.00"),
                "4104": D("-70000.00"), "6001": D("-50000.00"), "6401": D("40000.00"), "6602": D("3325.00")}
    assert sum(balances.values()) == 0

    lines = S.statement(S.PRC.balance_sheet, PRC_KINDS, [balances])

    got = amounts(lines)
    assert got["cash"] == D("530000.00")
    assert got["receivables"] == D("25175.00")  # 1122 − 1231
    assert got["inventories"] == D("68000.00")  # 1405 + 5001
    assert got["fixed_assets"] == D("100000.00")  # 1601 − 1602
    assert got["current_assets"] == D("623175.00")
    assert got["assets_total"] == D("723175.00")
    assert got["payables"] == D("113000.00")
    assert got["taxes_payable"] == D("-6500.00")  # input VAT exceeds output VAT
    assert got["liabilities_total"] == D("106500.00")
    assert got["retained_earnings"] == D("76675.00")
    assert got["equity_total"] == D("616675.00")
    assert got["liabilities_equity_total"] == got["assets_total"]
    receivables = next(line for line in lines if line.key == "receivables")
    assert receivables.codes == ["1122", "1231"]


def test_prc_income_statement_builds_operating_profit_to_net_profit():
    """Period (debit − credit): 6001 −100,000; 6051 −5,000; 6401 60,000; 6403 1,200; 6601 8,000;
    6602 9,000; 660301 500; 660302 −300 (exchange gain); 6111 −2,000; 6301 −1,000; 6711 400;
    6801 4,800; 5001 7,000 (work in progress, not profit)."""
    period = {"6001": D("-100000"), "6051": D("-5000"), "6401": D("60000"), "6403": D("1200"),
              "6601": D("8000"), "6602": D("9000"), "660301": D("500"), "660302": D("-300"),
              "6111": D("-2000"), "6301": D("-1000"), "6711": D("400"), "6801": D("4800"), "5001": D("7000")}

    got = amounts(S.statement(S.PRC.income_statement, PRC_KINDS, [period]))

    assert got["revenue"] == D("105000")
    assert got["financial"] == D("200")
    # 105,000 − 60,000 − 1,200 − 8,000 − 9,000 − 200 + 2,000
    assert got["operating_profit"] == D("28600")
    assert got["profit_before_tax"] == D("29200")  # + 1,000 − 400
    assert got["net_profit"] == D("24400")  # − 4,800
    assert "stock" not in got


def test_generic_layout_goes_by_type_and_subtype():
    balances = {"1010": D("1000"), "1100": D("500"), "1300": D("130"), "2000": D("-630"), "3000": D("-800"),
                "4000": D("-400"), "5000": D("150"), "6000": D("50")}

    sheet = amounts(S.statement(S.GENERIC.balance_sheet, GENERIC_KINDS, [balances]))
    profit = amounts(S.statement(S.GENERIC.income_statement, GENERIC_KINDS, [balances]))

    assert sheet["assets_total"] == sheet["liabilities_equity_total"] == D("1630")
    assert sheet["other_current_assets"] == D("130")
    assert sheet["retained_earnings"] == D("200")
    assert (profit["gross_profit"], profit["net_profit"]) == (D("250"), D("200"))


def test_cash_flow_classes_counterparts_and_nets_to_the_change_in_cash():
    """Counterparts (debit, credit) of lines that moved cash:
    1122 collected 30,000 (refund 1,000); 2202 paid 113,000; 222106 income tax paid 2,400;
    2211 salaries 9,000; 1601 equipment 20,000; 2001 loan 50,000 drawn, 10,000 repaid;
    4001 capital 500,000; 660303 bank charges 35.50."""
    flows = {"1122": (D("1000"), D("30000")), "2202": (D("113000"), D("0")), "222106": (D("2400"), D("0")),
             "2211": (D("9000"), D("0")), "1601": (D("20000"), D("0")), "2001": (D("10000"), D("50000")),
             "4001": (D("0"), D("500000")), "660303": (D("35.50"), D("0"))}

    got = amounts(S.cash_flow_statement(S.PRC, PRC_KINDS, flows))

    assert got["customers"] == D("29000")
    assert got["suppliers"] == D("113035.50")
    assert (got["employees"], got["taxes"]) == (D("9000"), D("2400"))
    assert got["operating_net"] == D("-95435.50")
    assert got["investing_net"] == D("-20000")
    assert (got["borrowings_in"], got["debt_repaid"], got["capital_in"]) == (D("50000"), D("10000"), D("500000"))
    assert got["financing_net"] == D("540000")
    assert got["net_change"] == sum(credit - debit for debit, credit in flows.values()) == D("424564.50")


def test_labels_follow_the_language():
    label = S.TITLES["balance_sheet"]
    with translation.override("zh-hans"):
        assert str(label) == "资产负债表"
    with translation.override("en"):
        assert str(label) == "Balance sheet"


def test_books_on_another_chart_get_the_generic_layout():
    assert S.layout_for({"1001", "4103", "6001"}) is S.PRC
    assert S.layout_for({"1000", "3200", "4000"}) is S.GENERIC
