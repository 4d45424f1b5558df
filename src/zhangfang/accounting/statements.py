"""Financial statement layouts as data, and the pure functions that fill them.

A layout line gathers accounts through matches — a code prefix (the PRC chart numbers its
accounts so that 1122 and 112201 belong together), a type, a sub-type — and the most
specific match wins: a code prefix beats type and sub-type, a longer prefix a shorter one.
Amounts come in as debit − credit per account code; a line's ``sign`` turns them the way the
statement shows them (assets and expenses +1, liabilities, equity and income −1), so contra
accounts with the opposite balance (坏账准备 1231 against 应收账款 1122, 累计折旧 1602 against
固定资产 1601) subtract by themselves. Total lines add or subtract other lines by key.

Nothing here touches the database: the selectors load the balances and call these.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest

from django.utils.translation import get_language

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Text:
    """A label in both languages; shows the one the request speaks."""

    zh: str
    en: str

    def __str__(self):
        return self.zh if (get_language() or "").lower().startswith("zh") else self.en


@dataclass(frozen=True)
class AccountKind:
    """What a layout needs to know about an account."""

    code: str
    type: str
    subtype: str = "other"


@dataclass(frozen=True)
class Match:
    prefix: str = ""
    type: str = ""
    subtype: str = ""

    def score(self, kind: AccountKind) -> int:
        """0 when it does not match; else higher the more specific it is."""
        if self.prefix:
            return 100 + len(self.prefix) if kind.code.startswith(self.prefix) else 0
        if (self.type and self.type != kind.type) or (self.subtype and self.subtype != kind.subtype):
            return 0
        return bool(self.type) + 2 * bool(self.subtype)


def codes(*prefixes: str) -> tuple[Match, ...]:
    return tuple(Match(prefix=prefix) for prefix in prefixes)


def types(*names: str) -> tuple[Match, ...]:
    return tuple(Match(type=name) for name in names)


def subtypes(*names: str, type: str = "") -> tuple[Match, ...]:  # noqa: A002  (the account field's name)
    return tuple(Match(type=type, subtype=name) for name in names)


@dataclass(frozen=True)
class Line:
    """One line of a statement: a heading, an item gathering accounts, or a total of lines."""

    key: str
    label: Text
    match: tuple[Match, ...] = ()
    sign: int = 1
    total: tuple[str, ...] = ()  # keys of lines to add; "-key" subtracts
    heading: bool = False
    hidden: bool = False  # claims accounts so that no other line takes them, shows nothing
    level: int = 1


def line(key, zh, en, *match, sign=1):
    return Line(key, Text(zh, en), tuple(m for group in match for m in group), sign)


def total(key, zh, en, *parts, level=0):
    return Line(key, Text(zh, en), total=parts, level=level)


def heading(key, zh, en):
    return Line(key, Text(zh, en), heading=True, level=0)


@dataclass(frozen=True)
class FlowClass:
    """Counterpart accounts of cash movements: their credits are cash received and go to
    ``inflow``, their debits are cash paid and go to ``outflow`` (the same line nets both)."""

    inflow: str
    outflow: str
    match: tuple[Match, ...]


@dataclass(frozen=True)
class Layout:
    key: str
    balance_sheet: tuple[Line, ...]
    income_statement: tuple[Line, ...]
    cash_flow: tuple[Line, ...]
    cash_classes: tuple[FlowClass, ...]


@dataclass
class ReportLine:
    key: str
    label: Text
    level: int
    heading: bool
    is_total: bool
    amounts: list[Decimal]
    codes: list[str]  # the accounts behind the figures, for drilling down
    drills: list = field(default_factory=list)  # one per column, filled by the selectors

    @property
    def cells(self) -> list[tuple]:
        return list(zip_longest(self.amounts, self.drills))


TITLES = {
    "balance_sheet": Text("资产负债表", "Balance sheet"),
    "income_statement": Text("利润表", "Income statement"),
    "cash_flow": Text("现金流量表", "Cash flow statement"),
}
COLUMNS = {
    "closing": Text("期末余额", "Closing balance"),
    "prior_year_end": Text("上年年末余额", "End of prior year"),
    "period": Text("本期金额", "This period"),
    "year_to_date": Text("本年累计金额", "Year to date"),
}


def best_line(kind: AccountKind, lines: tuple[Line, ...]) -> Line | None:
    """The line whose most specific match fits the account best; the earlier on a tie."""
    best, best_score = None, 0
    for candidate in lines:
        score = max((m.score(kind) for m in candidate.match), default=0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _totals(lines: tuple[Line, ...], amounts: dict[str, list[Decimal]], codes: dict[str, set[str]]) -> None:
    """Fill total lines in layout order; a total may use totals defined above it."""
    for ln in lines:
        if not ln.total:
            continue
        for part in ln.total:
            key, factor = (part[1:], -1) if part.startswith("-") else (part, 1)
            amounts[ln.key] = [a + factor * b for a, b in zip(amounts[ln.key], amounts[key], strict=True)]
            codes[ln.key] |= codes[key]


def _report(lines: tuple[Line, ...], amounts, codes) -> list[ReportLine]:
    _totals(lines, amounts, codes)
    return [ReportLine(ln.key, ln.label, ln.level, ln.heading, bool(ln.total), amounts[ln.key],
                       sorted(codes[ln.key])) for ln in lines if not ln.hidden]


def statement(lines: tuple[Line, ...], kinds: dict[str, AccountKind],
              columns: list[dict[str, Decimal]]) -> list[ReportLine]:
    """Each column maps account code → debit − credit; accounts no line matches are left out."""
    amounts = {ln.key: [ZERO] * len(columns) for ln in lines}
    codes_of: dict[str, set[str]] = {ln.key: set() for ln in lines}
    for index, column in enumerate(columns):
        for code, net in column.items():
            target = best_line(kinds[code], lines)
            if target is None or not net:
                continue
            amounts[target.key][index] += target.sign * net
            codes_of[target.key].add(code)
    return _report(lines, amounts, codes_of)


def cash_flow_statement(layout: Layout, kinds: dict[str, AccountKind],
                        flows: dict[str, tuple[Decimal, Decimal]]) -> list[ReportLine]:
    """``flows``: counterpart account code → (debit, credit) of the lines that moved cash
    against it. A line shows sign × (debits − credits) routed to it."""
    lines = layout.cash_flow
    amounts = {ln.key: [ZERO] for ln in lines}
    codes_of: dict[str, set[str]] = {ln.key: set() for ln in lines}
    signs = {ln.key: ln.sign for ln in lines}
    for code, (debit, credit) in flows.items():
        flow_class = _best_class(kinds[code], layout.cash_classes)
        for key, amount in ((flow_class.inflow, -credit), (flow_class.outflow, debit)):
            if amount:
                amounts[key][0] += signs[key] * amount
                codes_of[key].add(code)
    return _report(lines, amounts, codes_of)


def _best_class(kind: AccountKind, classes: tuple[FlowClass, ...]) -> FlowClass:
    scored = [(max((m.score(kind) for m in c.match), default=0), -n, c) for n, c in enumerate(classes)]
    return max(scored, key=lambda item: item[:2])[2]


A, L, E, INC, X = "asset", "liability", "equity", "income", "expense"

# 资产负债表 (会企01表), in the 2019 general-enterprise format, for the PRC chart.
PRC_BALANCE_SHEET = (
    heading("h_current_assets", "流动资产：", "Current assets:"),
    line("cash", "货币资金", "Cash and cash equivalents", codes("1001", "1002", "1012")),
    line("trading_assets", "交易性金融资产", "Trading financial assets", codes("1101")),
    line("notes_receivable", "应收票据", "Notes receivable", codes("1121")),
    line("receivables", "应收账款", "Accounts receivable", codes("1122", "1231")),
    line("prepayments", "预付款项", "Advances to suppliers", codes("1123")),
    line("other_receivables", "其他应收款", "Other receivables", codes("1131", "1132", "1221")),
    # 生产成本 5001 (work in progress) is stock; the year-end close leaves it alone.
    line("inventories", "存货", "Inventories", codes("14"), subtypes("stock")),
    line("other_current_assets", "其他流动资产", "Other current assets", types(A)),
    total("current_assets", "流动资产合计", "Total current assets", "cash", "trading_assets", "notes_receivable",
          "receivables", "prepayments", "other_receivables", "inventories", "other_current_assets"),
    heading("h_noncurrent_assets", "非流动资产：", "Non-current assets:"),
    line("equity_investments", "长期股权投资", "Long-term equity investments", codes("1511", "1512")),
    line("fixed_assets", "固定资产", "Fixed assets", codes("1601", "1602", "1603", "1606")),
    line("construction", "在建工程", "Construction in progress", codes("1604")),
    line("intangibles", "无形资产", "Intangible assets", codes("1701", "1702", "1703")),
    line("prepaid_long", "长期待摊费用", "Long-term prepaid expenses", codes("1801")),
    line("deferred_tax_assets", "递延所得税资产", "Deferred tax assets", codes("1811")),
    total("noncurrent_assets", "非流动资产合计", "Total non-current assets", "equity_investments", "fixed_assets",
          "construction", "intangibles", "prepaid_long", "deferred_tax_assets"),
    total("assets_total", "资产总计", "Total assets", "current_assets", "noncurrent_assets"),
    heading("h_current_liabilities", "流动负债：", "Current liabilities:"),
    line("short_borrowings", "短期借款", "Short-term borrowings", codes("2001"), sign=-1),
    line("notes_payable", "应付票据", "Notes payable", codes("2201"), sign=-1),
    line("payables", "应付账款", "Accounts payable", codes("2202"), sign=-1),
    line("advances_received", "预收款项", "Advances from customers", codes("2203"), sign=-1),
    line("employee_payables", "应付职工薪酬", "Employee benefits payable", codes("2211"), sign=-1),
    line("taxes_payable", "应交税费", "Taxes payable", codes("2221"), sign=-1),
    line("other_payables", "其他应付款", "Other payables", codes("2231", "2232", "2241"), sign=-1),
    line("other_current_liabilities", "其他流动负债", "Other current liabilities", types(L), sign=-1),
    total("current_liabilities", "流动负债合计", "Total current liabilities", "short_borrowings", "notes_payable",
          "payables", "advances_received", "employee_payables", "taxes_payable", "other_payables",
          "other_current_liabilities"),
    heading("h_noncurrent_liabilities", "非流动负债：", "Non-current liabilities:"),
    line("long_borrowings", "长期借款", "Long-term borrowings", codes("2501"), sign=-1),
    line("bonds_payable", "应付债券", "Bonds payable", codes("2502"), sign=-1),
    line("long_payables", "长期应付款", "Long-term payables", codes("2701"), sign=-1),
    line("provisions", "预计负债", "Provisions", codes("2801"), sign=-1),
    line("deferred_tax_liabilities", "递延所得税负债", "Deferred tax liabilities", codes("2901"), sign=-1),
    total("noncurrent_liabilities", "非流动负债合计", "Total non-current liabilities", "long_borrowings",
          "bonds_payable", "long_payables", "provisions", "deferred_tax_liabilities"),
    total("liabilities_total", "负债合计", "Total liabilities", "current_liabilities", "noncurrent_liabilities"),
    heading("h_equity", "所有者权益（或股东权益）：", "Owners' equity:"),
    line("capital", "实收资本（或股本）", "Paid-in capital", codes("4001"), sign=-1),
    line("other_equity_instruments", "其他权益工具", "Other equity instruments", types(E), sign=-1),
    line("capital_reserve", "资本公积", "Capital reserve", codes("4002"), sign=-1),
    line("oci", "其他综合收益", "Other comprehensive income", codes("4003"), sign=-1),
    line("surplus_reserve", "盈余公积", "Surplus reserve", codes("4101"), sign=-1),
    # 本年利润, 利润分配 and the profit of the year not yet closed into them (income and expense balances).
    line("retained_earnings", "未分配利润", "Retained earnings", codes("4103", "4104"), types(INC, X), sign=-1),
    total("equity_total", "所有者权益合计", "Total owners' equity", "capital", "other_equity_instruments",
          "capital_reserve", "oci", "surplus_reserve", "retained_earnings"),
    total("liabilities_equity_total", "负债和所有者权益总计", "Total liabilities and owners' equity",
          "liabilities_total", "equity_total"),
)

# 利润表 (会企02表). Expense accounts kept as stock (5001 生产成本) are inventory, not profit, as for
# the year-end close: the hidden line keeps them out. Overhead left in 5101 制造费用 is cost of sales.
PRC_INCOME_STATEMENT = (
    line("revenue", "一、营业收入", "Operating revenue", codes("6001", "6051"), sign=-1),
    line("cost_of_sales", "减：营业成本", "Less: cost of sales", codes("6401", "6402", "5101")),
    line("taxes_surcharges", "税金及附加", "Taxes and surcharges", codes("6403")),
    line("selling", "销售费用", "Selling expenses", codes("6601")),
    # 管理费用 is the chart's default expense account; other expense accounts land here too.
    line("administrative", "管理费用", "Administrative expenses", codes("6602"), types(X)),
    line("financial", "财务费用", "Financial expenses", codes("6603")),
    line("impairment", "资产减值损失", "Impairment losses", codes("6701", "6702")),
    line("other_income", "加：其他收益", "Add: other income", codes("6117"), types(INC), sign=-1),
    line("investment_income", "投资收益", "Investment income", codes("6111"), sign=-1),
    line("fair_value", "公允价值变动收益", "Gains on fair value changes", codes("6101"), sign=-1),
    line("disposal", "资产处置收益", "Gains on disposal of assets", codes("6115"), sign=-1),
    total("operating_profit", "二、营业利润", "Operating profit", "revenue", "-cost_of_sales", "-taxes_surcharges",
          "-selling", "-administrative", "-financial", "-impairment", "other_income", "investment_income",
          "fair_value", "disposal"),
    line("non_operating_income", "加：营业外收入", "Add: non-operating income", codes("6301"), sign=-1),
    line("non_operating_expenses", "减：营业外支出", "Less: non-operating expenses", codes("6711")),
    total("profit_before_tax", "三、利润总额", "Profit before tax", "operating_profit", "non_operating_income",
          "-non_operating_expenses"),
    line("income_tax", "减：所得税费用", "Less: income tax expense", codes("6801")),
    total("net_profit", "四、净利润", "Net profit", "profit_before_tax", "-income_tax"),
    Line("stock", Text("存货", "Inventories"), subtypes("stock", type=X), hidden=True),
)

# 现金流量表 (direct method). Inflow lines show credits of the counterparts (sign −1),
# outflow lines their debits (sign +1); each net line adds inflows and subtracts outflows.
PRC_CASH_FLOW = (
    heading("h_operating", "一、经营活动产生的现金流量：", "Cash flows from operating activities:"),
    line("customers", "销售商品、提供劳务收到的现金", "Cash received from customers", sign=-1),
    line("other_operating_in", "收到其他与经营活动有关的现金", "Other cash received from operating activities",
         sign=-1),
    line("suppliers", "购买商品、接受劳务支付的现金", "Cash paid to suppliers"),
    line("employees", "支付给职工以及为职工支付的现金", "Cash paid to and for employees"),
    line("taxes", "支付的各项税费", "Taxes paid"),
    line("other_operating_out", "支付其他与经营活动有关的现金", "Other cash paid for operating activities"),
    total("operating_net", "经营活动产生的现金流量净额", "Net cash from operating activities", "customers",
          "other_operating_in", "-suppliers", "-employees", "-taxes", "-other_operating_out"),
    heading("h_investing", "二、投资活动产生的现金流量：", "Cash flows from investing activities:"),
    line("disposals", "处置固定资产、无形资产和其他长期资产收回的现金净额",
         "Proceeds from disposal of long-term assets", sign=-1),
    line("investments_in", "收回投资收到的现金", "Cash received from investments", sign=-1),
    line("capex", "购建固定资产、无形资产和其他长期资产支付的现金", "Purchase of long-term assets"),
    line("investments_out", "投资支付的现金", "Cash paid for investments"),
    total("investing_net", "投资活动产生的现金流量净额", "Net cash from investing activities", "disposals",
          "investments_in", "-capex", "-investments_out"),
    heading("h_financing", "三、筹资活动产生的现金流量：", "Cash flows from financing activities:"),
    line("capital_in", "吸收投资收到的现金", "Cash received from owners' contributions", sign=-1),
    line("borrowings_in", "取得借款收到的现金", "Proceeds from borrowings", sign=-1),
    line("debt_repaid", "偿还债务支付的现金", "Repayment of borrowings"),
    line("dividends_paid", "分配股利、利润或偿付利息支付的现金", "Dividends and interest paid"),
    line("other_financing_out", "支付其他与筹资活动有关的现金", "Other cash paid for financing activities"),
    total("financing_net", "筹资活动产生的现金流量净额", "Net cash from financing activities", "capital_in",
          "borrowings_in", "-debt_repaid", "-dividends_paid", "-other_financing_out"),
    total("net_change", "四、现金及现金等价物净增加额", "Net increase in cash and cash equivalents",
          "operating_net", "investing_net", "financing_net"),
)


def flow(inflow, outflow, *match):
    return FlowClass(inflow, outflow, tuple(m for group in match for m in group))


# On a tie the earlier class wins, so the catch-all comes last.
PRC_CASH_CLASSES = (
    # Output VAT of a cash sale is part of what the customer paid; input VAT of a cash purchase likewise.
    flow("customers", "customers", subtypes("receivable"), types(INC), codes("222102")),
    flow("suppliers", "suppliers", subtypes("payable", "stock", "cost_of_sales"), types(X), codes("222101")),
    flow("employees", "employees", codes("2211")),
    flow("taxes", "taxes", subtypes("tax")),
    flow("disposals", "capex", codes("16", "17", "18"), subtypes("fixed_asset", "depreciation")),
    flow("investments_in", "investments_out", codes("1101", "15", "6111")),
    flow("borrowings_in", "debt_repaid", codes("2001", "2501", "2502")),
    flow("capital_in", "other_financing_out", codes("4001", "4002")),
    flow("other_operating_in", "dividends_paid", codes("2231", "2232", "660301")),
    flow("other_operating_in", "other_operating_out", codes("6301", "6711"), types(A, L, E)),
)

PRC = Layout("prc", PRC_BALANCE_SHEET, PRC_INCOME_STATEMENT, PRC_CASH_FLOW, PRC_CASH_CLASSES)

# A presentation in the IFRS manner by type and sub-type, for the generic chart; its codes
# 7xxx (finance costs) and 8xxx (income tax) are the only codes it relies on.
GENERIC_BALANCE_SHEET = (
    heading("h_current_assets", "流动资产：", "Current assets:"),
    line("cash", "现金及现金等价物", "Cash and cash equivalents", subtypes("cash", "bank")),
    line("receivables", "应收账款", "Trade receivables", subtypes("receivable", type=A)),
    line("inventories", "存货", "Inventories", subtypes("stock")),
    line("other_current_assets", "其他流动资产", "Other current assets", types(A)),
    total("current_assets", "流动资产合计", "Total current assets", "cash", "receivables", "inventories",
          "other_current_assets"),
    heading("h_noncurrent_assets", "非流动资产：", "Non-current assets:"),
    line("fixed_assets", "不动产、厂场和设备", "Property, plant and equipment",
         subtypes("fixed_asset", "depreciation")),
    total("noncurrent_assets", "非流动资产合计", "Total non-current assets", "fixed_assets"),
    total("assets_total", "资产总计", "Total assets", "current_assets", "noncurrent_assets"),
    heading("h_liabilities", "负债：", "Liabilities:"),
    line("payables", "应付账款", "Trade payables", subtypes("payable", type=L), sign=-1),
    line("taxes_payable", "应交税费", "Tax liabilities", subtypes("tax", type=L), sign=-1),
    line("other_liabilities", "借款及其他负债", "Borrowings and other liabilities", types(L), sign=-1),
    total("liabilities_total", "负债合计", "Total liabilities", "payables", "taxes_payable", "other_liabilities"),
    heading("h_equity", "权益：", "Equity:"),
    line("capital", "股本及储备", "Share capital and reserves", types(E), sign=-1),
    line("retained_earnings", "留存收益", "Retained earnings", subtypes("retained", "current_profit"),
         types(INC, X), sign=-1),
    total("equity_total", "权益合计", "Total equity", "capital", "retained_earnings"),
    total("liabilities_equity_total", "负债和权益总计", "Total liabilities and equity", "liabilities_total",
          "equity_total"),
)

GENERIC_INCOME_STATEMENT = (
    line("revenue", "收入", "Revenue", types(INC), sign=-1),
    line("cost_of_sales", "销售成本", "Cost of sales", subtypes("cost_of_sales")),
    total("gross_profit", "毛利", "Gross profit", "revenue", "-cost_of_sales"),
    line("operating_expenses", "营业费用", "Operating expenses", types(X)),
    total("operating_profit", "营业利润", "Operating profit", "gross_profit", "-operating_expenses"),
    line("finance_costs", "财务费用", "Finance costs", codes("7")),
    total("profit_before_tax", "利润总额", "Profit before tax", "operating_profit", "-finance_costs"),
    line("income_tax", "所得税费用", "Income tax expense", codes("8")),
    total("net_profit", "净利润", "Net profit", "profit_before_tax", "-income_tax"),
    Line("stock", Text("存货", "Inventories"), subtypes("stock", type=X), hidden=True),
)

GENERIC_CASH_FLOW = (
    heading("h_operating", "经营活动现金流量：", "Cash flows from operating activities:"),
    line("customers", "收到客户的现金", "Cash received from customers", sign=-1),
    line("other_operating_in", "其他经营活动现金流入", "Other operating receipts", sign=-1),
    line("suppliers", "支付供应商的现金", "Cash paid to suppliers"),
    line("taxes", "支付的税费", "Taxes paid"),
    line("other_operating_out", "其他经营活动现金流出", "Other operating payments"),
    total("operating_net", "经营活动现金流量净额", "Net cash from operating activities", "customers",
          "other_operating_in", "-suppliers", "-taxes", "-other_operating_out"),
    heading("h_investing", "投资活动现金流量：", "Cash flows from investing activities:"),
    line("disposals", "处置长期资产收到的现金", "Proceeds from disposal of long-term assets", sign=-1),
    line("capex", "购置长期资产支付的现金", "Purchase of long-term assets"),
    total("investing_net", "投资活动现金流量净额", "Net cash from investing activities", "disposals", "-capex"),
    heading("h_financing", "筹资活动现金流量：", "Cash flows from financing activities:"),
    line("capital_in", "股东投入", "Proceeds from owners", sign=-1),
    line("borrowings_in", "借款收到的现金", "Proceeds from borrowings", sign=-1),
    line("debt_repaid", "偿还借款", "Repayment of borrowings"),
    line("other_financing_out", "其他筹资活动现金流出", "Other financing payments"),
    total("financing_net", "筹资活动现金流量净额", "Net cash from financing activities", "capital_in",
          "borrowings_in", "-debt_repaid", "-other_financing_out"),
    total("net_change", "现金及现金等价物净增加额", "Net increase in cash and cash equivalents", "operating_net",
          "investing_net", "financing_net"),
)

GENERIC_CASH_CLASSES = (
    flow("customers", "customers", subtypes("receivable"), types(INC)),
    flow("suppliers", "suppliers", subtypes("payable", "stock", "cost_of_sales"), types(X)),
    flow("taxes", "taxes", subtypes("tax")),
    flow("disposals", "capex", subtypes("fixed_asset", "depreciation")),
    # The generic chart's liabilities other than payables and taxes are its borrowings.
    flow("borrowings_in", "debt_repaid", types(L)),
    flow("capital_in", "other_financing_out", types(E)),
    flow("other_operating_in", "other_operating_out", types(A)),
)

GENERIC = Layout("generic", GENERIC_BALANCE_SHEET, GENERIC_INCOME_STATEMENT, GENERIC_CASH_FLOW,
                 GENERIC_CASH_CLASSES)


def layout_for(account_codes: set[str]) -> Layout:
    """The PRC layout for books on the PRC chart (本年利润 4103 and 主营业务收入 6001), else the generic one."""
    return PRC if {"4103", "6001"} <= account_codes else GENERIC
