"""Concurrent postings in one journal on PostgreSQL: distinct, contiguous numbers."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from zhangfang.accounting import checks
from zhangfang.accounting.models import JournalEntry
from zhangfang.accounting.services.entries import journal_entry_post
from zhangfang.core.models import User
from zhangfang.testing import race

THREADS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_postings_get_distinct_contiguous_numbers(books):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are exercised on PostgreSQL")
    drafts = [books.draft(datetime.date(2026, 11, 5), ("1002", f"{n}.00", ""), ("4001", "", f"{n}.00"))
              for n in range(1, THREADS + 1)]
    def post(entry):
        return journal_entry_post(actor=User.objects.get(pk=books.actor.pk), entry=entry)

    _results, errors = race(post, [(entry,) for entry in drafts])

    assert errors == []
    numbers = sorted(JournalEntry.objects.filter(pk__in=[d.pk for d in drafts]).values_list("number", flat=True))
    assert numbers == [f"记-2026-11-{n:04d}" for n in range(1, THREADS + 1)]
    assert sorted(JournalEntry.objects.values_list("chain_seq", flat=True)) == list(range(1, THREADS + 1))
    assert checks.entry_chain() == checks.balances_match_lines() == checks.journal_numbers() == []
    balance = books.account("1002").balances.get()
    assert balance.debit == Decimal(sum(range(1, THREADS + 1)))
