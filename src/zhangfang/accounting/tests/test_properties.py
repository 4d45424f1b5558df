"""Properties: any sequence of valid postings keeps every entry balanced, the trial balance
balanced, and the maintained balances equal to the sum of the lines; invalid postings are
refused with their named error and leave nothing behind."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhangfang.accounting import checks
from zhangfang.accounting.exceptions import (
    AccountNotPostable,
    EntryLineInvalid,
    EntryUnbalanced,
    PeriodClosed,
    PeriodLocked,
)
from zhangfang.accounting.models import AccountBalance, JournalEntry
from zhangfang.accounting.selectors.ledger import trial_balance
from zhangfang.accounting.services.closing import lock_date_set
from zhangfang.accounting.services.periods import period_close, period_ensure
from zhangfang.accounting.services.vouchers import voucher_save
from zhangfang.core.models import AuditRecord

CODES = ["1001", "1002", "1122", "1405", "222101", "222102", "2202", "4001", "6001", "6602"]
START = datetime.date(2026, 9, 1)


class Rollback(Exception):
    pass


@st.composite
def balanced_entry(draw):
    """(day offset, [(code, debit, credit), ...]) with debits equal to credits, in cents."""
    debits = draw(st.lists(st.integers(1, 10**9), min_size=1, max_size=3))
    total = sum(debits)
    cuts = sorted(draw(st.lists(st.integers(1, max(total - 1, 1)), max_size=2, unique=True)))
    cuts = [c for c in cuts if 0 < c < total]
    credits = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    cents = Decimal("0.01")
    lines = [(draw(st.sampled_from(CODES)), Decimal(d) * cents, Decimal(0)) for d in debits]
    lines += [(draw(st.sampled_from(CODES)), Decimal(0), Decimal(c) * cents) for c in credits]
    return draw(st.integers(0, 120)), lines


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(entries=st.lists(balanced_entry(), min_size=1, max_size=6),
       window=st.tuples(st.integers(0, 120), st.integers(0, 120)))
@pytest.mark.django_db
def test_random_balanced_postings_keep_the_books_balanced(books, entries, window):
    try:
        with transaction.atomic():
            for offset, lines in entries:
                books.post(START + datetime.timedelta(days=offset),
                           *[(code, str(debit), str(credit)) for code, debit, credit in lines])
            date_from, date_to = (START + datetime.timedelta(days=d) for d in sorted(window))

            report = trial_balance(company=books.company, date_from=date_from, date_to=date_to)

            moved = sum((debit for offset, lines in entries for _code, debit, _credit in lines
                         if date_from <= START + datetime.timedelta(days=offset) <= date_to), Decimal(0))
            assert report.balanced
            assert report.totals["debit"] == report.totals["credit"] == moved
            assert checks.balances_match_lines() == []
            assert checks.entries_balance() == []
            assert checks.entry_chain() == []
            assert checks.journal_numbers() == []
            raise Rollback
    except Rollback:
        pass


INVALID = {"unbalanced": EntryUnbalanced, "closed_period": PeriodClosed, "locked": PeriodLocked,
           "parent_account": AccountNotPostable, "float_amount": EntryLineInvalid, "three_decimals": EntryLineInvalid}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(fault=st.sampled_from(sorted(INVALID)), cents=st.integers(1, 10**9), offset=st.integers(0, 60))
@pytest.mark.django_db
def test_invalid_postings_are_refused_and_leave_nothing_behind(books, fault, cents, offset):
    """Unbalanced, into a closed period or behind the lock date, to a parent account, with a
    float or a third decimal: a named error, and not a row, balance or number left behind."""
    day = START + datetime.timedelta(days=offset)
    amount = Decimal(cents) / 100
    debit, credit, account = amount, amount, books.account("1002")
    try:
        with transaction.atomic():
            if fault == "closed_period":
                period_close(actor=books.actor, period=period_ensure(company=books.company, on_date=day))
            if fault == "locked":
                lock_date_set(actor=books.actor, company=books.company, lock_date=day)
            before = (JournalEntry.objects.count(), AccountBalance.objects.count(), AuditRecord.objects.count())
            if fault == "unbalanced":
                credit = amount + Decimal("0.01")
            elif fault == "parent_account":
                account = books.account("2221")
            elif fault == "float_amount":
                debit = credit = float(amount)
            elif fault == "three_decimals":
                debit = credit = amount + Decimal("0.001")
            lines = [{"account": account, "debit": debit, "credit": 0},
                     {"account": books.account("4001"), "debit": 0, "credit": credit}]

            with pytest.raises(INVALID[fault]):
                voucher_save(actor=books.actor, company=books.company, journal=books.general, date=day,
                             lines=lines, post=True)

            assert (JournalEntry.objects.count(), AccountBalance.objects.count(),
                    AuditRecord.objects.count()) == before
            raise Rollback
    except Rollback:
        pass
