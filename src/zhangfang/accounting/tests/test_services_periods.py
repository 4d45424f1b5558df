import datetime

import pytest

from zhangfang.accounting.exceptions import PeriodClosed, PeriodReasonRequired, PeriodTransitionNotAllowed
from zhangfang.accounting.models import FiscalYear, JournalEntry, Period
from zhangfang.accounting.services.entries import journal_entry_post
from zhangfang.accounting.services.periods import period_close, period_ensure, period_reopen
from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import AuditRecord

NOV_10 = datetime.date(2026, 11, 10)


def test_periods_are_created_on_demand_for_the_fiscal_year(company):
    period = period_ensure(company=company, on_date=NOV_10)

    assert (period.name, period.date_start, period.date_end) == (
        "2026-11", datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    year = FiscalYear.objects.get(company=company)
    assert (year.name, year.date_start, year.date_end) == ("2026", datetime.date(2026, 1, 1),
                                                          datetime.date(2026, 12, 31))
    assert [p.name for p in year.periods.order_by("date_start")][:3] == ["2026-01", "2026-02", "2026-03"]
    assert period_ensure(company=company, on_date=datetime.date(2026, 11, 30)) == period
    assert Period.objects.filter(company=company).count() == 12


def test_fiscal_year_follows_the_company_start_month(company):
    company.fiscal_year_start_month = 4
    company.save(update_fields=["fiscal_year_start_month"])

    period = period_ensure(company=company, on_date=datetime.date(2027, 2, 14))

    assert (period.fiscal_year.name, period.fiscal_year.date_start, period.fiscal_year.date_end) == (
        "2026/2027", datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    assert period.date_end == datetime.date(2027, 2, 28)


def test_posting_into_a_closed_period_is_refused_and_leaves_nothing(books):
    period = period_close(actor=books.actor, period=period_ensure(company=books.company, on_date=NOV_10))
    entry = books.draft(NOV_10, ("1002", "100.00", ""), ("4001", "", "100.00"))

    with pytest.raises(PeriodClosed) as exc:
        journal_entry_post(actor=books.actor, entry=entry)

    assert "2026-11" in str(exc.value)
    entry.refresh_from_db()
    assert (entry.status, entry.number, entry.hash) == ("draft", "", "")
    assert period.status == "closed" and period.closed_by == books.actor


def test_reopen_needs_a_reason_which_is_audited(books):
    period = period_close(actor=books.actor, period=period_ensure(company=books.company, on_date=NOV_10))

    with pytest.raises(PeriodReasonRequired):
        period_reopen(actor=books.actor, period=period, reason="  ")
    period = period_reopen(actor=books.actor, period=period, reason="补录银行手续费")

    assert (period.status, period.closed_by, period.closed_at) == ("open", None, None)
    record = AuditRecord.objects.filter(object_type="accounting.period", action="reopen").get()
    assert record.after["reason"] == "补录银行手续费"
    entry = books.post(NOV_10, ("660303", "20.00", ""), ("1002", "", "20.00"))
    assert entry.status == JournalEntry.Status.POSTED


def test_closing_twice_is_refused(books):
    period = period_close(actor=books.actor, period=period_ensure(company=books.company, on_date=NOV_10))
    with pytest.raises(PeriodTransitionNotAllowed):
        period_close(actor=books.actor, period=period)


def test_accountant_may_not_reopen(books, make_user):
    period = period_close(actor=books.actor, period=period_ensure(company=books.company, on_date=NOV_10))
    with pytest.raises(PermissionDenied):
        period_reopen(actor=make_user("accountant"), period=period, reason="想改")


def test_finance_manager_closes_reopens_and_posts(books, make_user):
    manager = make_user("finance_manager")
    period = period_close(actor=manager, period=period_ensure(company=books.company, on_date=NOV_10))
    period_reopen(actor=manager, period=period, reason="月末调整")

    entry = journal_entry_post(actor=manager, entry=books.draft(NOV_10, ("1002", "1.00", ""), ("4001", "", "1.00")))

    assert (entry.number, entry.posted_by) == ("记-2026-11-0001", manager)
