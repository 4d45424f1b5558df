import datetime
from decimal import Decimal

import pytest
from django.db import connection

from zhangfang.accounting import checks
from zhangfang.accounting.exceptions import ReconcileLinesInvalid
from zhangfang.accounting.models import JournalEntry, JournalEntryLine, Reconciliation
from zhangfang.accounting.services.entries import journal_entry_reverse
from zhangfang.accounting.services.reconciliation import line_unreconcile, lines_reconcile
from zhangfang.accounting.tests.trade import Trade, party_line
from zhangfang.core.errors import PermissionDenied

NOV_3, NOV_10, NOV_20, NOV_25 = (datetime.date(2026, 11, d) for d in (3, 10, 20, 25))
D = Decimal


@pytest.fixture
def trade(books):
    return Trade(books)


def residuals(*lines):
    return [(line.residual, line.residual_currency) for line in
            JournalEntryLine.objects.filter(pk__in=[line.pk for line in lines]).order_by("pk")]


def sale(trade, date, amount, *, usd=None, due=None):
    return party_line(trade.post(date, trade.line("1122", amount, partner=trade.customer, usd=usd, due=due),
                                 trade.line("6001", "", amount)))


def receipt(trade, date, amount, *, usd=None):
    return party_line(trade.post(date, trade.line("1002", amount),
                                 trade.line("1122", "", amount, partner=trade.customer,
                                            usd=None if usd is None else f"-{usd}")))


def test_a_receipt_settles_the_earliest_due_invoice_first_then_part_of_the_next(trade):
    later = sale(trade, NOV_3, "200.00", due=NOV_25)
    earlier = sale(trade, NOV_10, "300.00", due=NOV_20)
    money = receipt(trade, NOV_20, "400.00")

    recs = lines_reconcile(actor=trade.actor, lines=[later, earlier, money])

    assert [(rec.debit_line, rec.credit_line, rec.amount) for rec in recs] == [
        (earlier, money, D("300.00")), (later, money, D("100.00"))]
    assert residuals(later, earlier, money) == [(D("100.00"), None), (D("0.00"), None), (D("0.00"), None)]
    assert checks.open_amounts_match() == []


def test_an_advance_larger_than_the_invoice_stays_open_for_the_rest(trade):
    invoice = sale(trade, NOV_3, "100.00")
    advance = receipt(trade, NOV_10, "250.00")

    lines_reconcile(actor=trade.actor, lines=[invoice, advance])

    assert residuals(invoice, advance) == [(D("0.00"), None), (D("-150.00"), None)]


def test_same_currency_lines_match_in_dollars_and_book_the_realised_gain(trade):
    invoice = sale(trade, NOV_3, "7100.00", usd="1000.00")  # USD 1,000 at 7.10
    money = receipt(trade, NOV_20, "2880.00", usd="400.00")  # USD 400 at 7.20

    rec, exchange_match = lines_reconcile(actor=trade.actor, lines=[invoice, money])

    # USD 400 booked at 7.10 is 2,840.00; received 2,880.00: a gain of 40.00 on 660302.
    assert (rec.amount, rec.amount_currency) == (D("2840.00"), D("400.00"))
    exchange = rec.exchange_entry
    assert (exchange.origin, exchange.status, exchange.date, exchange.journal.code) == (
        "exchange", "posted", NOV_20, "general")
    assert sorted(exchange.lines.values_list("account__code", "debit", "credit", "partner")) == [
        ("1122", D("40.00"), D("0.00"), trade.customer.pk), ("660302", D("0.00"), D("40.00"), None)]
    assert residuals(invoice, money) == [(D("4260.00"), D("600.00")), (D("0.00"), D("0.00"))]
    assert (exchange_match.debit_line, exchange_match.credit_line, exchange_match.amount) == (
        party_line(exchange), money, D("40.00"))
    assert checks.open_amounts_match() == []


def test_unreconciling_reopens_both_sides_and_reverses_the_exchange_difference(trade):
    invoice = sale(trade, NOV_3, "7100.00", usd="1000.00")
    money = receipt(trade, NOV_20, "7200.00", usd="1000.00")
    rec, _exchange_match = lines_reconcile(actor=trade.actor, lines=[invoice, money])

    removed = line_unreconcile(actor=trade.actor, line=money)

    assert removed == 2  # the match and the exchange line's own match
    assert residuals(invoice, money) == [(D("7100.00"), D("1000.00")), (D("-7200.00"), D("-1000.00"))]
    exchange = JournalEntry.objects.get(pk=rec.exchange_entry_id)
    assert exchange.status == "reversed"
    assert sorted(exchange.reversed_by.lines.values_list("account__code", "debit", "credit", "residual")) == [
        ("1122", D("0.00"), D("100.00"), D("0.00")), ("660302", D("100.00"), D("0.00"), D("0.00"))]
    assert checks.open_amounts_match() == []


def test_unreconciling_needs_the_permission(trade, make_user):
    invoice, money = sale(trade, NOV_3, "100.00"), receipt(trade, NOV_10, "100.00")
    lines_reconcile(actor=trade.actor, lines=[invoice, money])

    with pytest.raises(PermissionDenied):
        line_unreconcile(actor=make_user("accountant"), line=money)
    assert Reconciliation.objects.count() == 1


def test_a_reversed_entry_leaves_nothing_open(trade):
    invoice = sale(trade, NOV_3, "113.00")
    paid = receipt(trade, NOV_10, "13.00")
    lines_reconcile(actor=trade.actor, lines=[invoice, paid])

    mirror = journal_entry_reverse(actor=trade.actor, entry=invoice.entry, date=NOV_20)

    # 100.00 still open on the invoice is matched with its reversal; the 13.00 paid is now owed back.
    assert residuals(invoice, party_line(mirror)) == [(D("0.00"), None), (D("-13.00"), None)]
    assert checks.open_amounts_match() == []


@pytest.mark.parametrize("case", ["one line", "two partners", "two accounts", "not reconcilable"])
def test_lines_that_cannot_be_matched_are_refused(trade, case):
    invoice = sale(trade, NOV_3, "100.00")
    lines = {
        "one line": [invoice],
        "two partners": [invoice, party_line(trade.post(NOV_10, trade.line("1002", "100.00"),
                                                        trade.line("1122", "", "100.00", partner=trade.supplier)))],
        "two accounts": [invoice, party_line(trade.post(NOV_10, trade.line("2203", "100.00", partner=trade.customer),
                                                        trade.line("1002", "", "100.00")), "2203")],
        "not reconcilable": [invoice, JournalEntryLine.objects.get(entry=invoice.entry, account__code="6001")],
    }[case]

    with pytest.raises(ReconcileLinesInvalid):
        lines_reconcile(actor=trade.actor, lines=lines)
    assert Reconciliation.objects.count() == 0


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_open_amount_changed_behind_the_services_back_is_reported(trade):
    invoice, money = sale(trade, NOV_3, "100.00"), receipt(trade, NOV_10, "60.00")
    lines_reconcile(actor=trade.actor, lines=[invoice, money])

    sql("UPDATE accounting_journalentryline SET residual = %s WHERE id = %s", "0.00", invoice.pk)

    assert checks.open_amounts_match() == [
        f"line {invoice.pk} of entry {invoice.entry.number}: open 0.00, its matches leave 40.00"]


def test_an_amount_due_that_disagrees_with_the_open_line_is_reported(trade):
    invoice = trade.invoice(NOV_3, "100.00")

    sql("UPDATE accounting_invoice SET amount_residual = %s WHERE id = %s", "10.00", invoice.pk)

    assert checks.open_amounts_match() == [
        f"invoice {invoice.number} (id {invoice.pk}): amount due 10.00, its line has 100.00 open"]
