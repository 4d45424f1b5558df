"""Property: any sequence of valid postings keeps every entry balanced, the trial balance
balanced, and the maintained balances equal to the sum of the lines."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhangfang.accounting import checks
from zhangfang.accounting.selectors.ledger import trial_balance

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
