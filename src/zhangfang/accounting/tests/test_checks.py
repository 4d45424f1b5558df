import datetime

from django.db import connection

from zhangfang.accounting import checks
from zhangfang.accounting.models import JournalEntryLine
from zhangfang.core.integrity import run_all

NOV_3 = datetime.date(2026, 11, 3)


def post_three(books):
    return [books.post(NOV_3, ("1002", f"{n}00.00", ""), ("4001", "", f"{n}00.00")) for n in (1, 2, 3)]


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_clean_books_pass_every_ledger_check(books):
    post_three(books)

    results = {r.code: r for r in run_all() if r.code.startswith("accounting.")}

    assert set(results) == {"accounting.entries_balance", "accounting.balances_match_lines",
                            "accounting.entry_chain", "accounting.journal_numbers",
                            "accounting.invoices_match_entries", "accounting.open_amounts_match"}
    assert all(r.ok for r in results.values()), [r.findings for r in results.values()]


def test_tampering_with_a_posted_line_is_reported_by_the_chain(books):
    _first, second, _third = post_three(books)
    line = JournalEntryLine.objects.filter(entry=second).order_by("pk").first()

    sql("UPDATE accounting_journalentryline SET description = %s WHERE id = %s", "改过", line.pk)

    findings = checks.entry_chain()
    assert findings == [f"company {books.company.pk}: entry 记-2026-11-0002 (id {second.pk}) "
                        "was altered after it was posted"]


def test_tampering_with_amounts_is_reported_by_balance_checks(books):
    _first, second, _third = post_three(books)
    debit_line = JournalEntryLine.objects.get(entry=second, debit__gt=0)

    sql("UPDATE accounting_journalentryline SET debit = %s WHERE id = %s", "250.00", debit_line.pk)

    assert checks.entries_balance() == [f"entry 记-2026-11-0002 (id {second.pk}): debit 250.00 ≠ credit 200.00"]
    assert len(checks.balances_match_lines()) == 1
    assert "记-2026-11-0002" in checks.entry_chain()[0]


def test_a_deleted_posted_entry_is_a_gap_and_a_chain_break(books):
    _first, second, _third = post_three(books)

    sql("DELETE FROM accounting_journalentryline WHERE entry_id = %s", second.pk)
    sql("DELETE FROM accounting_journalentry WHERE id = %s", second.pk)

    assert checks.journal_numbers() == ["记 2026-11: missing 记-2026-11-0002"]
    assert checks.entry_chain() == [f"company {books.company.pk}: chain link 2 is missing "
                                    f"(next found: entry 记-2026-11-0003 (id {second.pk + 1}))"]
