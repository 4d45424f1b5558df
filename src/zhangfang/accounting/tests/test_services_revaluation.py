import datetime
from decimal import Decimal

import pytest

from zhangfang.accounting import checks
from zhangfang.accounting.models import JournalEntry, JournalEntryLine, Period
from zhangfang.accounting.selectors.arap import aging
from zhangfang.accounting.services.accounts import account_create
from zhangfang.accounting.services.revaluation import revaluation_run
from zhangfang.accounting.tests.trade import Trade
from zhangfang.core.errors import PermissionDenied

NOV_3, NOV_20, NOV_30 = (datetime.date(2026, 11, d) for d in (3, 20, 30))
DEC_1, DEC_5 = datetime.date(2026, 12, 1), datetime.date(2026, 12, 5)
D = Decimal


@pytest.fixture
def trade(books):
    return Trade(books)


@pytest.fixture
def dollars(trade):
    """USD 1,000 sold and USD 200 bought on 3 November at 7.10; USD 400 of the sale received on
    20 November at 7.15; USD 500 in a dollar bank account booked at 7.10."""
    for day, rate in ((NOV_3, "7.10"), (NOV_20, "7.15"), (NOV_30, "7.20"), (DEC_5, "7.25")):
        trade.rate(day, rate)
    invoice = trade.invoice(NOV_3, "1000.00", currency=trade.usd)
    bill = trade.bill(NOV_3, "200.00", currency=trade.usd)
    trade.receive(NOV_20, "400.00", (invoice, "400.00"), currency=trade.usd)
    account_create(actor=trade.actor, company=trade.company, code="101201", name="美元户", type="asset",
                   subtype="bank", currency=trade.usd)
    trade.post(NOV_3, trade.line("101201", "3550.00", usd="500.00"), trade.line("4001", "", "3550.00"))
    return invoice, bill


def test_month_end_values_open_dollars_at_the_closing_rate_and_reverses_on_the_first(trade, dollars):
    invoice, bill = dollars
    # Settled in December: still open on 30 November, so still revalued.
    trade.receive(DEC_5, "600.00", (invoice, "600.00"), currency=trade.usd)

    entry = revaluation_run(actor=trade.actor, company=trade.company, date=NOV_30)

    # Receivable USD 600 booked at 7.10 (4,260.00) is 4,320.00 at 7.20: +60.00.
    # Payable USD 200 booked at 1,420.00 is 1,440.00: 20.00 more owed. Bank USD 500: 3,550.00 → 3,600.00.
    assert (entry.origin, entry.date, entry.status) == ("revaluation", NOV_30, "reversed")
    assert sorted(entry.lines.values_list("account__code", "partner", "debit", "credit")) == [
        ("101201", None, D("50.00"), D("0.00")),
        ("1122", trade.customer.pk, D("60.00"), D("0.00")),
        ("2202", trade.supplier.pk, D("0.00"), D("20.00")),
        ("660302", None, D("0.00"), D("110.00")),
        ("660302", None, D("20.00"), D("0.00")),
    ]
    reversal = entry.reversed_by
    assert (reversal.date, reversal.origin) == (DEC_1, "revaluation")
    assert JournalEntryLine.objects.filter(entry__in=[entry, reversal], account__reconcilable=True).exclude(
        residual=0).count() == 0
    assert aging(company=trade.company, kind="receivable", as_of=NOV_30).totals["total"] == D("4320.00")
    assert aging(company=trade.company, kind="receivable", as_of=DEC_1).totals["total"] == D("4260.00")
    assert checks.open_amounts_match() == checks.entries_balance() == checks.balances_match_lines() == []


def test_running_twice_for_a_date_posts_nothing_new(trade, dollars):
    first = revaluation_run(actor=trade.actor, company=trade.company, date=NOV_30)

    again = revaluation_run(actor=trade.actor, company=trade.company, date=NOV_30)

    assert again == first
    assert JournalEntry.objects.filter(origin="revaluation").count() == 2


def test_the_reversal_opens_the_next_period_when_needed(trade):
    trade.rate(datetime.date(2026, 12, 1), "7.10")
    trade.rate(datetime.date(2026, 12, 31), "7.00")
    trade.invoice(datetime.date(2026, 12, 10), "100.00", currency=trade.usd)
    assert not Period.objects.filter(company=trade.company, name="2027-01").exists()

    entry = revaluation_run(actor=trade.actor, company=trade.company, date=datetime.date(2026, 12, 31))

    assert sorted(entry.lines.values_list("account__code", "debit", "credit")) == [
        ("1122", D("0.00"), D("10.00")), ("660302", D("10.00"), D("0.00"))]
    assert (entry.reversed_by.date, entry.reversed_by.period.name) == (datetime.date(2027, 1, 1), "2027-01")


def test_nothing_in_foreign_currency_means_no_entry(trade):
    trade.invoice(NOV_3, "100.00")

    assert revaluation_run(actor=trade.actor, company=trade.company, date=NOV_30) is None
    assert not JournalEntry.objects.filter(origin="revaluation").exists()


def test_revaluation_needs_the_posting_permission(trade, make_user):
    with pytest.raises(PermissionDenied):
        revaluation_run(actor=make_user("cashier"), company=trade.company, date=NOV_30)
