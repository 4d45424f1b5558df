"""Chart-of-accounts templates as data. A child's parent is the longest code in the same
template that its own code starts with (222101 → 2221), as the PRC chart numbers them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class AccountTemplate:
    code: str
    name: str
    name_en: str
    type: str
    subtype: str = "other"
    reconcilable: bool = False


A, L, E, INC, X = "asset", "liability", "equity", "income", "expense"

# 企业会计准则 — the common accounts of the PRC Accounting Standards for Business Enterprises.
PRC = [
    AccountTemplate("1001", "库存现金", "Cash on hand", A, "cash"),
    AccountTemplate("1002", "银行存款", "Bank deposits", A, "bank"),
    AccountTemplate("1012", "其他货币资金", "Other monetary funds", A, "bank"),
    AccountTemplate("1101", "交易性金融资产", "Trading financial assets", A),
    AccountTemplate("1121", "应收票据", "Notes receivable", A, "receivable", True),
    AccountTemplate("1122", "应收账款", "Accounts receivable", A, "receivable", True),
    AccountTemplate("1123", "预付账款", "Advances to suppliers", A, "payable", True),
    AccountTemplate("1221", "其他应收款", "Other receivables", A, "receivable", True),
    AccountTemplate("1231", "坏账准备", "Allowance for bad debts", A),
    AccountTemplate("1401", "材料采购", "Materials in purchase", A, "stock"),
    AccountTemplate("1402", "在途物资", "Goods in transit", A, "stock"),
    AccountTemplate("1403", "原材料", "Raw materials", A, "stock"),
    AccountTemplate("1405", "库存商品", "Finished goods and merchandise", A, "stock"),
    AccountTemplate("1411", "周转材料", "Revolving materials", A, "stock"),
    AccountTemplate("1601", "固定资产", "Fixed assets", A, "fixed_asset"),
    AccountTemplate("1602", "累计折旧", "Accumulated depreciation", A, "depreciation"),
    AccountTemplate("1604", "在建工程", "Construction in progress", A),
    AccountTemplate("1701", "无形资产", "Intangible assets", A),
    AccountTemplate("1702", "累计摊销", "Accumulated amortisation", A, "depreciation"),
    AccountTemplate("1801", "长期待摊费用", "Long-term prepaid expenses", A),
    AccountTemplate("1901", "待处理财产损溢", "Assets pending disposal", A),
    AccountTemplate("2001", "短期借款", "Short-term borrowings", L),
    AccountTemplate("2201", "应付票据", "Notes payable", L, "payable", True),
    AccountTemplate("2202", "应付账款", "Accounts payable", L, "payable", True),
    AccountTemplate("2203", "预收账款", "Advances from customers", L, "receivable", True),
    AccountTemplate("2209", "暂估应付款", "Goods received not invoiced", L),
    AccountTemplate("2211", "应付职工薪酬", "Employee benefits payable", L),
    AccountTemplate("2221", "应交税费", "Taxes payable", L, "tax"),
    AccountTemplate("222101", "应交增值税(进项税额)", "VAT payable (input tax)", L, "tax"),
    AccountTemplate("222102", "应交增值税(销项税额)", "VAT payable (output tax)", L, "tax"),
    AccountTemplate("222103", "应交增值税(已交税金)", "VAT payable (tax paid)", L, "tax"),
    AccountTemplate("222104", "应交增值税(转出未交增值税)", "VAT payable (transfer of unpaid VAT)", L, "tax"),
    AccountTemplate("222105", "未交增值税", "Unpaid VAT", L, "tax"),
    AccountTemplate("222106", "应交企业所得税", "Corporate income tax payable", L, "tax"),
    AccountTemplate("222107", "应交个人所得税", "Individual income tax withheld", L, "tax"),
    AccountTemplate("222108", "应交城市维护建设税", "Urban maintenance and construction tax payable", L, "tax"),
    AccountTemplate("222109", "应交教育费附加", "Education surcharge payable", L, "tax"),
    AccountTemplate("2231", "应付利息", "Interest payable", L),
    AccountTemplate("2232", "应付股利", "Dividends payable", L),
    AccountTemplate("2241", "其他应付款", "Other payables", L, "payable", True),
    AccountTemplate("2501", "长期借款", "Long-term borrowings", L),
    AccountTemplate("4001", "实收资本", "Paid-in capital", E),
    AccountTemplate("4002", "资本公积", "Capital reserve", E),
    AccountTemplate("4101", "盈余公积", "Surplus reserve", E),
    AccountTemplate("4103", "本年利润", "Current year profit", E, "current_profit"),
    AccountTemplate("4104", "利润分配", "Profit distribution", E, "retained"),
    AccountTemplate("5001", "生产成本", "Production cost", X, "stock"),
    AccountTemplate("5101", "制造费用", "Manufacturing overhead", X),
    AccountTemplate("6001", "主营业务收入", "Main business revenue", INC),
    AccountTemplate("6051", "其他业务收入", "Other business revenue", INC),
    AccountTemplate("6111", "投资收益", "Investment income", INC),
    AccountTemplate("6301", "营业外收入", "Non-operating income", INC),
    AccountTemplate("6401", "主营业务成本", "Main business cost", X, "cost_of_sales"),
    AccountTemplate("6402", "其他业务成本", "Other business cost", X, "cost_of_sales"),
    AccountTemplate("6403", "税金及附加", "Taxes and surcharges", X),
    AccountTemplate("6405", "采购价格差异", "Purchase price differences", X, "cost_of_sales"),
    AccountTemplate("6601", "销售费用", "Selling expenses", X),
    AccountTemplate("6602", "管理费用", "Administrative expenses", X),
    AccountTemplate("6603", "财务费用", "Financial expenses", X),
    AccountTemplate("660301", "利息费用", "Interest expense", X),
    AccountTemplate("660302", "汇兑损益", "Exchange gains and losses", X),
    AccountTemplate("660303", "手续费", "Bank charges", X),
    AccountTemplate("6701", "资产减值损失", "Asset impairment losses", X),
    AccountTemplate("6711", "营业外支出", "Non-operating expenses", X),
    AccountTemplate("6801", "所得税费用", "Income tax expense", X),
]

# A small generic chart in the IFRS presentation, for companies outside the PRC standard.
GENERIC = [
    AccountTemplate("1000", "现金", "Cash", A, "cash"),
    AccountTemplate("1010", "银行", "Bank", A, "bank"),
    AccountTemplate("1100", "应收账款", "Trade receivables", A, "receivable", True),
    AccountTemplate("1200", "存货", "Inventories", A, "stock"),
    AccountTemplate("1300", "进项税", "Input VAT recoverable", A, "tax"),
    AccountTemplate("1500", "不动产、厂场和设备", "Property, plant and equipment", A, "fixed_asset"),
    AccountTemplate("1510", "累计折旧", "Accumulated depreciation", A, "depreciation"),
    AccountTemplate("2000", "应付账款", "Trade payables", L, "payable", True),
    AccountTemplate("2050", "暂估应付款", "Goods received not invoiced", L),
    AccountTemplate("2100", "销项税", "Output VAT payable", L, "tax"),
    AccountTemplate("2200", "借款", "Borrowings", L),
    AccountTemplate("3000", "股本", "Share capital", E),
    AccountTemplate("3100", "留存收益", "Retained earnings", E, "retained"),
    AccountTemplate("3200", "本年损益", "Current year earnings", E, "current_profit"),
    AccountTemplate("4000", "收入", "Revenue", INC),
    AccountTemplate("4900", "其他收益", "Other income", INC),
    AccountTemplate("4910", "汇兑收益", "Foreign exchange gains", INC),
    AccountTemplate("5000", "销售成本", "Cost of sales", X, "cost_of_sales"),
    AccountTemplate("5010", "采购价格差异", "Purchase price variance", X, "cost_of_sales"),
    AccountTemplate("5020", "存货盘亏", "Inventory losses", X),
    AccountTemplate("6000", "营业费用", "Operating expenses", X),
    AccountTemplate("7000", "财务费用", "Finance costs", X),
    AccountTemplate("7010", "汇兑损失", "Foreign exchange losses", X),
    AccountTemplate("8000", "所得税费用", "Income tax expense", X),
]

TEMPLATES: dict[str, list[AccountTemplate]] = {"prc": PRC, "generic": GENERIC}

# The accounts each template puts into AccountingSettings (field name → account code).
DEFAULT_ACCOUNTS: dict[str, dict[str, str]] = {
    "prc": {"receivable_account": "1122", "payable_account": "2202", "income_account": "6001",
            "expense_account": "6602", "fx_gain_account": "660302", "fx_loss_account": "660302",
            "current_profit_account": "4103", "retained_earnings_account": "4104"},
    "generic": {"receivable_account": "1100", "payable_account": "2000", "income_account": "4000",
                "expense_account": "6000", "fx_gain_account": "4910", "fx_loss_account": "7010",
                "current_profit_account": "3200", "retained_earnings_account": "3100"},
}

# The accounts a new product category posts to (perpetual inventory, SCM-6).
STOCK_ACCOUNTS: dict[str, dict[str, str]] = {
    "prc": {"stock_account": "1405", "input_account": "2209", "output_account": "6401", "loss_account": "1901",
            "price_difference_account": "6405", "income_account": "6001", "expense_account": "6602"},
    "generic": {"stock_account": "1200", "input_account": "2050", "output_account": "5000", "loss_account": "5020",
                "price_difference_account": "5010", "income_account": "4000", "expense_account": "6000"},
}


@dataclass(frozen=True)
class TaxTemplate:
    name: str
    scope: str
    rate: str  # percent, as a decimal string
    account: str | None  # account code; None for 0 % and exempt
    price_include: bool = False
    exempt: bool = False


def _vat(output_account: str, input_account: str) -> list[TaxTemplate]:
    """The PRC VAT rates (13 %, 9 %, 6 %, 0 %, exempt) for sales and for purchases."""
    taxes = []
    for scope, label, account in (("sale", "销项", output_account), ("purchase", "进项", input_account)):
        taxes += [TaxTemplate(f"{label} {rate}%", scope, rate, account) for rate in ("13", "9", "6")]
        taxes += [TaxTemplate(f"{label} 13% 含税", scope, "13", account, price_include=True),
                  TaxTemplate(f"{label} 0%", scope, "0", None),
                  TaxTemplate(f"{label} 免税", scope, "0", None, exempt=True)]
    return taxes


TAX_TEMPLATES: dict[str, list[TaxTemplate]] = {"prc": _vat("222102", "222101"), "generic": _vat("2100", "1300")}

# Default journals: code, Chinese name, kind, number prefix.
DEFAULT_JOURNALS = [
    ("general", "记账凭证", "general", "记"),
    ("sales", "销售日记账", "sales", "销"),
    ("purchase", "采购日记账", "purchase", "购"),
    ("cash", "现金日记账", "cash", "现"),
    ("bank", "银行日记账", "bank", "银"),
]


def parent_code(code: str, codes: set[str]) -> str | None:
    for length in range(len(code) - 1, 0, -1):
        if code[:length] in codes:
            return code[:length]
    return None
