"""Gapless document numbering: format, restart per period, rollback, concurrency, the check."""

import datetime

import pytest
from django.db import connection, transaction

from zhangfang.core import checks
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import SequenceCounter
from zhangfang.core.services.partners import partner_create
from zhangfang.core.services.sequences import sequence_ensure, sequence_next
from zhangfang.testing import race

NOV_3 = datetime.date(2026, 11, 3)


def take(company, code, on_date=NOV_3):
    """One number, in its own transaction as a posting service would take it."""
    with transaction.atomic():
        return sequence_next(company=company, code=code, on_date=on_date)


@pytest.mark.parametrize(("reset", "padding", "expected"), [
    ("monthly", 4, "记-2026-11-0001"),
    ("yearly", 4, "记-2026-0001"),
    ("never", 4, "记-0001"),
    ("monthly", 6, "记-2026-11-000001"),
])
def test_number_is_prefix_period_and_padded_counter(company, reset, padding, expected):
    # given a voucher sequence
    sequence_ensure(company=company, code="voucher", prefix="记", reset=reset, padding=padding)
    # when the first number is taken on 3 November 2026
    number = take(company, "voucher")
    # then
    assert number == expected


def test_numbers_count_on_within_a_period(company):
    sequence_ensure(company=company, code="voucher", prefix="记", reset="monthly")
    assert [take(company, "voucher") for _ in range(3)] == ["记-2026-11-0001", "记-2026-11-0002", "记-2026-11-0003"]


def test_monthly_sequence_restarts_each_month_and_keeps_each_months_count(company):
    sequence_ensure(company=company, code="voucher", prefix="记", reset="monthly")
    take(company, "voucher", datetime.date(2026, 11, 30))
    take(company, "voucher", datetime.date(2026, 11, 30))

    december = take(company, "voucher", datetime.date(2026, 12, 1))
    november_again = take(company, "voucher", datetime.date(2026, 11, 30))  # a late November voucher

    assert (december, november_again) == ("记-2026-12-0001", "记-2026-11-0003")
    assert dict(SequenceCounter.objects.filter(sequence__code="voucher").values_list("period", "last_number")) == {
        "2026-11": 3, "2026-12": 1}


def test_yearly_sequence_restarts_on_the_first_of_january(company):
    sequence_ensure(company=company, code="invoice", prefix="INV", reset="yearly", padding=5)
    last_of_year = take(company, "invoice", datetime.date(2026, 12, 31))
    first_of_year = take(company, "invoice", datetime.date(2027, 1, 1))
    assert (last_of_year, first_of_year) == ("INV-2026-00001", "INV-2027-00001")


def test_never_reset_sequence_counts_across_years(company):
    sequence_ensure(company=company, code="asset", prefix="FA", reset="never")
    numbers = [take(company, "asset", datetime.date(2026, 12, 31)), take(company, "asset", datetime.date(2027, 1, 1))]
    assert numbers == ["FA-0001", "FA-0002"]


def test_sequences_of_two_companies_are_independent(company, other_company):
    sequence_ensure(company=company, code="voucher", prefix="记", reset="monthly")
    sequence_ensure(company=other_company, code="voucher", prefix="记", reset="monthly")
    take(company, "voucher")
    assert take(other_company, "voucher") == "记-2026-11-0001"


def test_rolled_back_transaction_does_not_consume_a_number(company):
    # given a voucher sequence that has handed out 0001
    sequence_ensure(company=company, code="voucher", prefix="记", reset="monthly")
    take(company, "voucher")
    # when a posting takes 0002 and then fails
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert sequence_next(company=company, code="voucher", on_date=NOV_3) == "记-2026-11-0002"
        1 / 0  # noqa: B018 — the posting fails after taking its number
    # then the next posting gets 0002: no gap
    assert take(company, "voucher") == "记-2026-11-0002"


def test_partner_that_fails_validation_does_not_consume_its_code(admin, company):
    partner_create(actor=admin, company=company, name="甲")
    with pytest.raises(ValidationFailed):
        partner_create(actor=admin, company=company, name="乙", email="not an address")
    third = partner_create(actor=admin, company=company, name="丙")
    assert third.code == "P-00002"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_transactions_take_distinct_contiguous_numbers(company):
    # given a fresh sequence (no counter row yet, so the threads also race to create it)
    sequence_ensure(company=company, code="race", prefix="R", reset="yearly")
    threads, per_thread = 8, 5
    taken = []

    def clerk():
        for _ in range(per_thread):
            with transaction.atomic():
                taken.append(sequence_next(company=company, code="race", on_date=NOV_3))

    # when 8 clerks post at once, each in their own transactions and connection
    _results, errors = race(clerk, [()] * threads)

    # then every number is handed out exactly once, with no gap
    assert errors == []
    assert sorted(taken) == [f"R-2026-{n:04d}" for n in range(1, threads * per_thread + 1)]
    assert SequenceCounter.objects.get(sequence__company=company, sequence__code="race").last_number == 40


@pytest.fixture
def partner_numbers_checked(monkeypatch):
    """Register Partner.code as the carrier of the 'partner' sequence, as an app would."""
    monkeypatch.setitem(checks.SEQUENCE_USERS, "partner", ("core.Partner", "code"))


def test_sequence_check_is_clean_when_every_number_is_carried(admin, company, partner_numbers_checked):
    for name in ("甲", "乙", "丙"):
        partner_create(actor=admin, company=company, name=name)
    assert checks.sequence_counters() == []


def test_sequence_check_names_the_number_of_a_row_deleted_behind_the_services(admin, company,
                                                                            partner_numbers_checked):
    # given three partners P-00001..P-00003
    for name in ("甲", "乙", "丙"):
        partner_create(actor=admin, company=company, name=name)
    # when P-00002 is deleted with raw SQL
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_partner WHERE company_id = %s AND code = %s", [company.pk, "P-00002"])
    # then the check reports exactly that number
    assert checks.sequence_counters() == ["partner: missing P-00002"]

