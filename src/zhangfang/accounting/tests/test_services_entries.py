import datetime
from decimal import Decimal

import pytest

from zhangfang.accounting.exceptions import (
    AccountNotPostable,
    EntryLineInvalid,
    EntryNotDraft,
    EntryTooFewLines,
    EntryTransitionNotAllowed,
    EntryUnbalanced,
)
from zhangfang.accounting.models import Account, AccountBalance, JournalEntry, JournalEntryLine, LedgerChainHead
from zhangfang.accounting.services.accounts import chart_load
from zhangfang.accounting.services.entries import (
    journal_entry_create,
    journal_entry_delete,
    journal_entry_post,
    journal_entry_reverse,
    journal_entry_update,
)
from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import AuditRecord, SequenceCounter
from zhangfang.core.services.partners import partner_create

NOV_3 = datetime.date(2026, 11, 3)
NOV_20 = datetime.date(2026, 11, 20)
DEC_1 = datetime.date(2026, 12, 1)
CAPITAL = (("1002", "1000.00", ""), ("4001", "", "1000.00"))


def ledger_state(company):
    """Everything a refused posting must leave as it was."""
    counters = dict(SequenceCounter.objects.filter(sequence__company=company).values_list("period", "last_number"))
    return (JournalEntry.objects.filter(company=company).exclude(status="draft").count(),
            JournalEntry.objects.filter(company=company).count(), JournalEntryLine.objects.count(),
            AccountBalance.objects.count(), LedgerChainHead.objects.filter(company=company).count(), counters)


def test_posting_numbers_per_journal_and_month(books):
    first = books.post(NOV_3, *CAPITAL)
    second = books.post(NOV_20, *CAPITAL)
    december = books.post(DEC_1, *CAPITAL)

    assert [first.number, second.number, december.number] == ["记-2026-11-0001", "记-2026-11-0002",
                                                               "记-2026-12-0001"]
    assert (first.status, first.posted_by, first.period.name) == ("posted", books.actor, "2026-11")
    assert (first.chain_seq, second.chain_seq, second.prev_hash) == (1, 2, first.hash)
    assert AuditRecord.objects.filter(object_type="accounting.journalentry", action="post").count() == 3


def test_drafts_take_no_number_until_posted(books):
    draft = books.draft(NOV_3, *CAPITAL)
    posted = books.post(NOV_20, *CAPITAL)

    assert draft.number == ""
    assert posted.number == "记-2026-11-0001"
    assert journal_entry_post(actor=books.actor, entry=draft).number == "记-2026-11-0002"


def test_posting_twice_changes_nothing(books):
    entry = books.post(NOV_3, *CAPITAL)
    again = journal_entry_post(actor=books.actor, entry=entry)
    assert (again.number, again.hash) == (entry.number, entry.hash)
    assert AccountBalance.objects.get(account=books.account("1002")).debit == Decimal("1000.00")


@pytest.mark.parametrize(("spec", "error"), [
    ((("1002", "100.00", ""), ("4001", "", "99.99")), EntryUnbalanced),
    ((("1002", "100.00", ""),), EntryTooFewLines),
])
def test_invalid_postings_are_refused_and_leave_nothing_behind(books, spec, error):
    books.post(NOV_3, *CAPITAL)
    entry = books.draft(NOV_20, *spec)
    before = ledger_state(books.company)

    with pytest.raises(error):
        journal_entry_post(actor=books.actor, entry=entry)

    assert ledger_state(books.company) == before
    entry.refresh_from_db()
    assert (entry.status, entry.number, entry.chain_seq) == ("draft", "", None)
    assert books.post(NOV_20, *CAPITAL).number == "记-2026-11-0002"


def test_unbalanced_message_names_both_sides(books):
    entry = books.draft(NOV_3, ("1002", "100.00", ""), ("4001", "", "99.99"))
    with pytest.raises(EntryUnbalanced) as exc:
        journal_entry_post(actor=books.actor, entry=entry)
    assert str(exc.value) == "The entry does not balance: debit 100.00, credit 99.99."


@pytest.mark.parametrize(("debit", "credit"), [
    (100.0, Decimal("100.00")),            # float
    (Decimal("100.001"), Decimal("0")),    # more than two places
    (Decimal("-5.00"), Decimal("0")),      # negative
    (Decimal("5.00"), Decimal("5.00")),    # both sides
    (Decimal("0"), Decimal("0")),          # no amount
    ("abc", Decimal("0")),                 # not a number
])
def test_invalid_line_amounts_are_refused_at_create(books, debit, credit):
    before = ledger_state(books.company)
    lines = [{"account": books.account("1002"), "debit": debit, "credit": credit},
             {"account": books.account("4001"), "credit": Decimal("100.00")}]

    with pytest.raises(EntryLineInvalid) as exc:
        journal_entry_create(actor=books.actor, company=books.company, journal=books.general, date=NOV_3,
                             lines=lines)

    assert str(exc.value).startswith("Line 1: ")
    assert ledger_state(books.company) == before


def test_float_is_named_at_the_field(books):
    with pytest.raises(EntryLineInvalid) as exc:
        journal_entry_create(actor=books.actor, company=books.company, journal=books.general, date=NOV_3,
                             lines=[{"account": books.account("1002"), "debit": 0.1},
                                    {"account": books.account("4001"), "credit": Decimal("0.10")}])
    assert exc.value.fields == {"lines.1.debit": ["Use a decimal number, not a float."]}


def test_account_of_another_company_is_refused(books, other_company):
    chart_load(actor=books.actor, company=other_company, template="prc")
    foreign = other_company.account_set.get(code="1002")
    before = ledger_state(books.company)

    with pytest.raises(AccountNotPostable) as exc:
        journal_entry_create(actor=books.actor, company=books.company, journal=books.general, date=NOV_3,
                             lines=[{"account": foreign, "debit": Decimal("1.00")},
                                    {"account": books.account("4001"), "credit": Decimal("1.00")}])

    assert "another company" in str(exc.value)
    assert ledger_state(books.company) == before


def test_parent_and_inactive_accounts_are_refused(books):
    with pytest.raises(AccountNotPostable) as exc:
        books.draft(NOV_3, ("2221", "1.00", ""), ("1002", "", "1.00"))
    assert "sub-accounts" in str(exc.value)

    entry = books.draft(NOV_3, ("6711", "1.00", ""), ("1002", "", "1.00"))
    Account.objects.filter(pk=books.account("6711").pk).update(active=False)
    with pytest.raises(AccountNotPostable):
        journal_entry_post(actor=books.actor, entry=entry)


def test_partner_of_another_company_is_refused(books, other_company):
    stranger = partner_create(actor=books.actor, company=other_company, code="C1", name="外人", is_customer=True)
    with pytest.raises(EntryLineInvalid):
        books.draft(NOV_3, ("1122", "1.00", "", stranger), ("6001", "", "1.00"))


def test_drafts_can_be_edited_and_deleted(books):
    entry = books.draft(NOV_3, *CAPITAL)

    entry = journal_entry_update(actor=books.actor, entry=entry, narration="股东投入",
                                 lines=books.lines(("1001", "5.00", ""), ("4001", "", "5.00")))
    assert entry.narration == "股东投入"
    assert sorted(entry.lines.values_list("account__code", "debit")) == [("1001", Decimal("5.00")),
                                                                        ("4001", Decimal("0.00"))]
    journal_entry_delete(actor=books.actor, entry=entry)
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
    assert AuditRecord.objects.filter(object_type="accounting.journalentry", action="delete").count() == 1


def test_a_posted_entry_cannot_be_changed_or_deleted(books):
    entry = books.post(NOV_3, *CAPITAL)

    with pytest.raises(EntryNotDraft):
        journal_entry_update(actor=books.actor, entry=entry, narration="改一下")
    with pytest.raises(EntryNotDraft):
        journal_entry_update(actor=books.actor, entry=entry, lines=books.lines(*CAPITAL))
    with pytest.raises(EntryNotDraft):
        journal_entry_delete(actor=books.actor, entry=entry)

    entry.refresh_from_db()
    assert (entry.narration, entry.lines.count()) == ("", 2)


def test_reversal_mirrors_links_and_both_stay_in_the_ledger(books):
    customer = partner_create(actor=books.actor, company=books.company, code="C1", name="武汉客户",
                              is_customer=True)
    original = books.post(NOV_3, ("1122", "113.00", "", customer), ("6001", "", "100.00"),
                          ("222102", "", "13.00"))

    mirror = journal_entry_reverse(actor=books.actor, entry=original, date=DEC_1)

    original.refresh_from_db()
    assert (original.status, original.reversed_by) == ("reversed", mirror)
    assert (mirror.status, mirror.number, mirror.reversal_of, mirror.reference) == (
        "posted", "记-2026-12-0001", original, "记-2026-11-0001")
    assert mirror.narration == "Reversal of 记-2026-11-0001"
    assert sorted(mirror.lines.values_list("account__code", "partner", "debit", "credit")) == [
        ("1122", customer.pk, Decimal("0.00"), Decimal("113.00")),
        ("222102", None, Decimal("13.00"), Decimal("0.00")),
        ("6001", None, Decimal("100.00"), Decimal("0.00")),
    ]
    receivable = AccountBalance.objects.filter(account=books.account("1122"), partner=customer)
    assert sorted(receivable.values_list("period__name", "debit", "credit")) == [
        ("2026-11", Decimal("113.00"), Decimal("0.00")), ("2026-12", Decimal("0.00"), Decimal("113.00"))]
    with pytest.raises(EntryTransitionNotAllowed):
        journal_entry_reverse(actor=books.actor, entry=original, date=DEC_1)


def test_a_draft_cannot_be_reversed(books):
    with pytest.raises(EntryTransitionNotAllowed):
        journal_entry_reverse(actor=books.actor, entry=books.draft(NOV_3, *CAPITAL), date=DEC_1)


def test_posting_needs_the_post_permission(books, make_user):
    entry = books.draft(NOV_3, *CAPITAL)
    with pytest.raises(PermissionDenied):
        journal_entry_post(actor=make_user("cashier"), entry=entry)
