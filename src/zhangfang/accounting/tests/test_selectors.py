import datetime
from decimal import Decimal

import pytest

from zhangfang.accounting.selectors.ledger import trial_balance
from zhangfang.accounting.services.entries import journal_entry_reverse
from zhangfang.core.services.partners import partner_create

D = Decimal


@pytest.fixture
def november(books):
    """A small trading company's autumn, posted in the general journal:

    2026-10-15  Dr 1002 银行存款 500,000.00        Cr 4001 实收资本 500,000.00
    2026-11-03  Dr 1405 库存商品 100,000.00, Dr 222101 进项税额 13,000.00
                                                    Cr 2202 应付账款 113,000.00 (supplier)
    2026-11-10  Dr 1122 应收账款 56,500.00 (customer)
                                                    Cr 6001 主营业务收入 50,000.00, Cr 222102 销项税额 6,500.00
    2026-11-20  Dr 1002 银行存款 30,000.00         Cr 1122 应收账款 30,000.00 (customer)
    2026-11-25  Dr 660303 手续费 35.50              Cr 1002 银行存款 35.50
    2026-12-01  Dr 2202 应付账款 113,000.00        Cr 1002 银行存款 113,000.00 (supplier)

    Trial balance 2026-11-01 … 2026-11-30 (opening / period debit, credit / closing):
      1002    Dr 500,000.00 / 30,000.00, 35.50 / Dr 529,964.50
      1122    — / 56,500.00, 0 … 30,000.00 / Dr 26,500.00
      1405    — / 100,000.00 / Dr 100,000.00
      222101  — / 13,000.00 / Dr 13,000.00
      222102  — / Cr 6,500.00 / Cr 6,500.00
      2202    — / Cr 113,000.00 / Cr 113,000.00
      4001    Cr 500,000.00 / — / Cr 500,000.00
      6001    — / Cr 50,000.00 / Cr 50,000.00
      660303  — / 35.50 / Dr 35.50
    Totals: opening 500,000.00 = 500,000.00; period 199,535.50 = 199,535.50;
    closing 669,500.00 = 669,500.00.
    """
    supplier = partner_create(actor=books.actor, company=books.company, code="S1", name="华中供应商",
                              is_supplier=True)
    customer = partner_create(actor=books.actor, company=books.company, code="C1", name="汉口客户",
                              is_customer=True)
    books.post(datetime.date(2026, 10, 15), ("1002", "500000.00", ""), ("4001", "", "500000.00"))
    books.post(datetime.date(2026, 11, 3), ("1405", "100000.00", ""), ("222101", "13000.00", ""),
               ("2202", "", "113000.00", supplier))
    books.post(datetime.date(2026, 11, 10), ("1122", "56500.00", "", customer), ("6001", "", "50000.00"),
               ("222102", "", "6500.00"))
    books.post(datetime.date(2026, 11, 20), ("1002", "30000.00", ""), ("1122", "", "30000.00", customer))
    books.post(datetime.date(2026, 11, 25), ("660303", "35.50", ""), ("1002", "", "35.50"))
    books.post(datetime.date(2026, 12, 1), ("2202", "113000.00", "", supplier), ("1002", "", "113000.00"))
    return books


def rows_of(report):
    return {row.account.code: (row.opening_debit, row.opening_credit, row.debit, row.credit, row.closing_debit,
                               row.closing_credit) for row in report.rows}


def test_trial_balance_of_a_whole_month(november):
    report = trial_balance(company=november.company, date_from=datetime.date(2026, 11, 1),
                           date_to=datetime.date(2026, 11, 30))

    z = D("0.00")
    assert rows_of(report) == {
        "1002": (D("500000.00"), z, D("30000.00"), D("35.50"), D("529964.50"), z),
        "1122": (z, z, D("56500.00"), D("30000.00"), D("26500.00"), z),
        "1405": (z, z, D("100000.00"), z, D("100000.00"), z),
        "222101": (z, z, D("13000.00"), z, D("13000.00"), z),
        "222102": (z, z, z, D("6500.00"), z, D("6500.00")),
        "2202": (z, z, z, D("113000.00"), z, D("113000.00")),
        "4001": (z, D("500000.00"), z, z, z, D("500000.00")),
        "6001": (z, z, z, D("50000.00"), z, D("50000.00")),
        "660303": (z, z, D("35.50"), z, D("35.50"), z),
    }
    assert report.totals == {
        "opening_debit": D("500000.00"), "opening_credit": D("500000.00"),
        "debit": D("199535.50"), "credit": D("199535.50"),
        "closing_debit": D("669500.00"), "closing_credit": D("669500.00"),
    }
    assert report.balanced


def test_trial_balance_over_part_of_a_month_sums_those_days(november):
    """11-05 … 11-22: the 11-10 sale and 11-20 receipt move 86,500.00 each side; the opening
    holds October and the 11-03 purchase (613,000.00 each side)."""
    report = trial_balance(company=november.company, date_from=datetime.date(2026, 11, 5),
                           date_to=datetime.date(2026, 11, 22))

    assert (report.totals["opening_debit"], report.totals["debit"], report.totals["credit"]) == (
        D("613000.00"), D("86500.00"), D("86500.00"))
    assert rows_of(report)["1002"][4] == D("530000.00")
    assert report.balanced


def test_trial_balance_over_the_quarter_uses_every_month(november):
    report = trial_balance(company=november.company, date_from=datetime.date(2026, 10, 1),
                           date_to=datetime.date(2026, 12, 31))

    assert rows_of(report)["1002"][4] == D("416964.50")  # 500,000 + 30,000 − 35.50 − 113,000
    assert "2202" not in {code for code, row in rows_of(report).items() if row[4] or row[5]}
    assert report.totals["opening_debit"] == D("0.00")
    assert report.totals["debit"] == D("812535.50")  # 500,000 + 199,535.50 + 113,000
    assert report.balanced


def test_a_reversed_entry_and_its_reversal_cancel_out(november):
    entry = november.post(datetime.date(2026, 11, 26), ("6602", "800.00", ""), ("1001", "", "800.00"))
    journal_entry_reverse(actor=november.actor, entry=entry, date=datetime.date(2026, 11, 27))

    report = trial_balance(company=november.company, date_from=datetime.date(2026, 11, 1),
                           date_to=datetime.date(2026, 11, 30))

    assert rows_of(report)["6602"] == (D("0.00"), D("0.00"), D("800.00"), D("800.00"), D("0.00"), D("0.00"))
    assert report.totals["debit"] == D("201135.50")
    assert report.balanced
