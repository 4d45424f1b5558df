import datetime
from decimal import Decimal

import pytest

from zhangfang.accounting.exceptions import (
    FiscalYearEarlierOpen,
    FiscalYearHasDrafts,
    LockDateReasonRequired,
    PeriodClosed,
    PeriodLocked,
)
from zhangfang.accounting.models import AccountingSettings, CostCentre, FiscalYear, JournalEntry, Period
from zhangfang.accounting.selectors.ledger import trial_balance
from zhangfang.accounting.services.accounts import cost_centre_create, cost_centre_update
from zhangfang.accounting.services.closing import accounting_settings_update, fiscal_year_close, lock_date_set
from zhangfang.accounting.services.entries import journal_entry_post
from zhangfang.accounting.tests.conftest import Books
from zhangfang.core.errors import PermissionDenied, ValidationFailed
from zhangfang.core.models import AuditRecord

D = Decimal
MAR_10, MAY_10, DEC_31 = datetime.date(2026, 3, 10), datetime.date(2026, 5, 10), datetime.date(2026, 12, 31)


def year_of(books, on_date=MAR_10) -> FiscalYear:
    return FiscalYear.objects.get(company=books.company, date_start__lte=on_date, date_end__gte=on_date)


def closing_balances(books, year="2026") -> dict[str, Decimal]:
    """Debit − credit per account at the end of ``year``."""
    report = trial_balance(company=books.company, date_from=datetime.date(int(year), 1, 1),
                           date_to=datetime.date(int(year), 12, 31))
    return {row.account.code: row.closing_debit - row.closing_credit for row in report.rows}


@pytest.fixture
def trading_year(books):
    """2026: sales of 1,000.00 and administrative expenses of 300.00, paid through the bank."""
    books.post(MAR_10, ("1002", "1000.00", ""), ("6001", "", "1000.00"), narration="销售收入")
    books.post(MAY_10, ("6602", "300.00", ""), ("1002", "", "300.00"), narration="办公费")
    return year_of(books)


def test_year_end_close_moves_income_and_expenses_to_retained_earnings(books, trading_year):
    year = fiscal_year_close(actor=books.actor, fiscal_year=trading_year)

    assert year.status == "closed"
    assert closing_balances(books) == {"1002": D("700.00"), "6001": D("0.00"), "6602": D("0.00"),
                                       "4103": D("0.00"), "4104": D("-700.00")}
    closing = JournalEntry.objects.filter(company=books.company, origin="closing").order_by("number")
    assert [(e.number, e.date, e.status) for e in closing] == [
        ("记-2026-12-0001", DEC_31, "posted"), ("记-2026-12-0002", DEC_31, "posted")]
    first, second = closing
    assert sorted((line.account.code, line.debit, line.credit) for line in first.lines.all()) == [
        ("4103", D("0.00"), D("1000.00")), ("4103", D("300.00"), D("0.00")),
        ("6001", D("1000.00"), D("0.00")), ("6602", D("0.00"), D("300.00"))]
    assert sorted((line.account.code, line.debit, line.credit) for line in second.lines.all()) == [
        ("4103", D("700.00"), D("0.00")), ("4104", D("0.00"), D("700.00"))]
    assert set(Period.objects.filter(fiscal_year=year).values_list("status", flat=True)) == {"closed"}


def test_a_loss_is_moved_to_the_debit_of_profit_distribution(books):
    books.post(MAR_10, ("6602", "450.00", ""), ("1002", "", "450.00"))

    fiscal_year_close(actor=books.actor, fiscal_year=year_of(books))

    assert closing_balances(books) == {"1002": D("-450.00"), "6602": D("0.00"), "4103": D("0.00"),
                                       "4104": D("450.00")}


def test_posting_into_the_closed_year_is_refused(books, trading_year):
    fiscal_year_close(actor=books.actor, fiscal_year=trading_year)
    late = books.draft(datetime.date(2026, 12, 20), ("6602", "5.00", ""), ("1002", "", "5.00"))

    with pytest.raises(PeriodClosed):
        journal_entry_post(actor=books.actor, entry=late)


def test_closing_again_changes_nothing(books, trading_year):
    fiscal_year_close(actor=books.actor, fiscal_year=trading_year)
    records = AuditRecord.objects.count()

    year = fiscal_year_close(actor=books.actor, fiscal_year=trading_year)

    assert year.status == "closed"
    assert AuditRecord.objects.count() == records
    assert JournalEntry.objects.filter(company=books.company, origin="closing").count() == 2


def test_the_close_is_audited_with_its_entries(books, trading_year):
    fiscal_year_close(actor=books.actor, fiscal_year=trading_year)

    record = AuditRecord.objects.get(object_type="accounting.fiscalyear", action="close")
    assert record.before["status"] == "open"
    assert record.after["status"] == "closed"
    assert record.after["entries"] == ["记-2026-12-0001", "记-2026-12-0002"]
    assert AuditRecord.objects.filter(object_type="accounting.period", action="close").count() == 12


def test_an_empty_year_closes_without_entries(books):
    books.post(MAR_10, ("1002", "500.00", ""), ("4001", "", "500.00"))

    year = fiscal_year_close(actor=books.actor, fiscal_year=year_of(books))

    assert year.status == "closed"
    assert not JournalEntry.objects.filter(company=books.company, origin="closing").exists()


def test_years_close_in_order(books, trading_year):
    books.post(datetime.date(2025, 6, 1), ("1002", "10.00", ""), ("4001", "", "10.00"))

    with pytest.raises(FiscalYearEarlierOpen) as exc:
        fiscal_year_close(actor=books.actor, fiscal_year=trading_year)

    assert "2025" in str(exc.value)
    assert FiscalYear.objects.get(pk=trading_year.pk).status == "open"


def test_drafts_dated_in_the_year_block_the_close(books, trading_year):
    books.draft(datetime.date(2026, 8, 1), ("6602", "5.00", ""), ("1002", "", "5.00"))

    with pytest.raises(FiscalYearHasDrafts) as exc:
        fiscal_year_close(actor=books.actor, fiscal_year=trading_year)

    assert str(exc.value) == "1 draft entries are dated in 2026; post or delete them before closing the year."
    assert not JournalEntry.objects.filter(company=books.company, origin="closing").exists()


def test_closing_the_year_needs_the_close_period_right(books, trading_year, make_user):
    with pytest.raises(PermissionDenied):
        fiscal_year_close(actor=make_user("accountant"), fiscal_year=trading_year)


# --- lock date and settings ----------------------------------------------------------


def test_the_lock_date_moves_forward_freely_and_blocks_posting(books):
    settings = lock_date_set(actor=books.actor, company=books.company, lock_date=datetime.date(2026, 3, 31))
    entry = books.draft(MAR_10, ("1002", "1.00", ""), ("4001", "", "1.00"))

    with pytest.raises(PeriodLocked):
        journal_entry_post(actor=books.actor, entry=entry)
    assert settings.lock_date == datetime.date(2026, 3, 31)


def test_moving_the_lock_date_back_needs_a_reason_kept_in_the_audit_trail(books):
    lock_date_set(actor=books.actor, company=books.company, lock_date=datetime.date(2026, 6, 30))

    with pytest.raises(LockDateReasonRequired):
        lock_date_set(actor=books.actor, company=books.company, lock_date=datetime.date(2026, 5, 31))
    with pytest.raises(LockDateReasonRequired):
        lock_date_set(actor=books.actor, company=books.company, lock_date=None, reason=" ")
    lock_date_set(actor=books.actor, company=books.company, lock_date=datetime.date(2026, 5, 31),
                  reason="补录五月银行手续费")

    assert AccountingSettings.objects.get(company=books.company).lock_date == datetime.date(2026, 5, 31)
    record = AuditRecord.objects.filter(object_type="accounting.accountingsettings").latest("seq")
    assert (record.before["lock_date"], record.after["lock_date"]) == ("2026-06-30", "2026-05-31")
    assert record.after["reason"] == "补录五月银行手续费"


def test_the_lock_date_needs_the_settings_right(books, make_user):
    with pytest.raises(PermissionDenied):
        lock_date_set(actor=make_user("cashier"), company=books.company, lock_date=MAR_10)


def test_settings_take_only_the_companys_own_accounts(books, other_company):
    foreign = Books(books.actor, other_company).account("6001")

    with pytest.raises(ValidationFailed) as exc:
        accounting_settings_update(actor=books.actor, company=books.company, income_account=foreign)
    settings = accounting_settings_update(actor=books.actor, company=books.company,
                                          income_account=books.account("6051"),
                                          bill_approval_threshold=D("50000.00"))

    assert list(exc.value.fields) == ["income_account"]
    assert (settings.income_account.code, settings.bill_approval_threshold) == ("6051", D("50000.00"))


# --- cost centres ----------------------------------------------------------------------


def test_cost_centres_are_created_changed_and_unique_per_company(books):
    centre = cost_centre_create(actor=books.actor, company=books.company, code="SALES", name="销售部")

    with pytest.raises(ValidationFailed):
        cost_centre_create(actor=books.actor, company=books.company, code="SALES", name="另一个")
    centre = cost_centre_update(actor=books.actor, cost_centre=centre, name="销售一部", active=False)

    assert CostCentre.objects.get(pk=centre.pk).name == "销售一部" and not centre.active
    assert AuditRecord.objects.filter(object_type="accounting.costcentre").count() == 2
