import datetime
from decimal import Decimal

import pytest
from django.db import connection

from zhangfang.accounting import checks
from zhangfang.accounting.exceptions import (
    PaymentAllocationInvalid,
    PaymentAmountInvalid,
    PaymentJournalInvalid,
    PaymentOverAllocated,
    PaymentTransitionNotAllowed,
)
from zhangfang.accounting.models import Invoice, Journal, Payment
from zhangfang.accounting.services.payments import payment_cancel
from zhangfang.accounting.services.reconciliation import lines_reconcile
from zhangfang.accounting.tests.trade import Trade, party_line
from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import User
from zhangfang.testing import race

NOV_3, NOV_10, NOV_20, NOV_25 = (datetime.date(2026, 11, d) for d in (3, 10, 20, 25))
D = Decimal


@pytest.fixture
def trade(books):
    return Trade(books)


def state(*invoices):
    return [(i.amount_residual, i.payment_state) for i in Invoice.objects.filter(pk__in=[i.pk for i in invoices])
            .order_by("pk")]


def test_a_dollar_bill_paid_at_a_higher_rate_books_the_realised_loss(trade):
    trade.rate(NOV_3, "7.10")
    trade.rate(NOV_20, "7.20")
    bill = trade.bill(NOV_3, "1000.00", currency=trade.usd)  # payable 7,100.00

    payment = trade.pay(NOV_20, "1000.00", (bill, "1000.00"), currency=trade.usd)

    assert (payment.rate, payment.status) == (D("7.2000000000"), "posted")
    assert sorted(payment.entry.lines.values_list("account__code", "debit", "credit", "amount_currency")) == [
        ("1002", D("0.00"), D("7200.00"), D("-1000.00")), ("2202", D("7200.00"), D("0.00"), D("1000.00"))]
    paid = party_line(payment.entry, "2202")
    match = paid.matched_credits.get(exchange_entry__isnull=False)
    assert (match.credit_line, match.amount, match.amount_currency) == (party_line(bill.entry, "2202"),
                                                                        D("7100.00"), D("1000.00"))
    exchange = match.exchange_entry
    assert sorted(exchange.lines.values_list("account__code", "debit", "credit")) == [
        ("2202", D("0.00"), D("100.00")), ("660302", D("100.00"), D("0.00"))]
    assert party_line(bill.entry, "2202").residual == party_line(payment.entry, "2202").residual == D("0.00")
    assert state(bill) == [(D("0.00"), "paid")]
    assert checks.open_amounts_match() == checks.entries_balance() == []


def test_partial_payments_over_two_invoices_leave_an_advance_applied_later(trade):
    first, second = trade.invoice(NOV_3, "500.00"), trade.invoice(NOV_3, "800.00")

    trade.receive(NOV_10, "1000.00", (first, "500.00"), (second, "300.00"))
    assert state(first, second) == [(D("0.00"), "paid"), (D("500.00"), "partial")]

    advance = trade.receive(NOV_20, "700.00", (second, "500.00"))
    assert state(second) == [(D("0.00"), "paid")]
    assert party_line(advance.entry).residual == D("-200.00")  # 预收: 200.00 owed back or to be applied

    third = trade.invoice(NOV_25, "150.00")
    lines_reconcile(actor=trade.actor, lines=[party_line(advance.entry), party_line(third.entry)])
    assert state(third) == [(D("0.00"), "paid")]
    assert party_line(advance.entry).residual == D("-50.00")


def test_a_payment_without_allocations_stays_open_on_the_default_account(trade):
    payment = trade.pay(NOV_10, "300.00")

    line = party_line(payment.entry, "2202")
    assert (line.partner, line.debit, line.residual, line.date_maturity) == (
        trade.supplier, D("300.00"), D("300.00"), NOV_10)


def test_a_cashier_registers_payments_a_salesperson_cannot(trade, make_user):
    invoice = trade.invoice(NOV_3, "100.00")

    trade.receive(NOV_10, "100.00", (invoice, "100.00"), actor=make_user("cashier"))

    assert state(invoice) == [(D("0.00"), "paid")]
    with pytest.raises(PermissionDenied):
        trade.receive(NOV_10, "10.00", actor=make_user("sales"))


@pytest.mark.parametrize(("case", "error"), [
    ("float amount", PaymentAmountInvalid),
    ("zero amount", PaymentAmountInvalid),
    ("three places", PaymentAmountInvalid),
    ("more than due", PaymentAllocationInvalid),
    ("more than paid", PaymentOverAllocated),
    ("other partner", PaymentAllocationInvalid),
    ("a bill received", PaymentAllocationInvalid),
    ("draft invoice", PaymentAllocationInvalid),
    ("general journal", PaymentJournalInvalid),
])
def test_invalid_payments_are_refused_and_post_nothing(trade, case, error):
    invoice = trade.invoice(NOV_3, "100.00")
    amount, allocations, options = "100.00", [(invoice, "100.00")], {}
    if case == "float amount":
        amount = 100.0
    elif case == "zero amount":
        amount, allocations = "0", []
    elif case == "three places":
        amount, allocations = "1.005", []
    elif case == "more than due":
        amount, allocations = "150.00", [(invoice, "150.00")]
    elif case == "more than paid":
        allocations = [(invoice, "60.00"), (trade.invoice(NOV_3, "100.00"), "60.00")]
    elif case == "other partner":
        options["partner"] = trade.supplier
    elif case == "a bill received":
        allocations = [(trade.bill(NOV_3, "100.00"), "100.00")]
    elif case == "draft invoice":
        invoice.status = Invoice.Status.DRAFT
        invoice.save(update_fields=["status"])
    elif case == "general journal":
        trade.bank = Journal.objects.get(company=trade.company, code="general")

    with pytest.raises(error):
        trade.receive(NOV_10, amount, *allocations, **options)
    assert Payment.objects.count() == 0


def test_cancelling_a_payment_reopens_the_invoices_and_reverses_everything(trade):
    trade.rate(NOV_3, "7.10")
    trade.rate(NOV_20, "7.20")
    bill = trade.bill(NOV_3, "1000.00", currency=trade.usd)
    payment = trade.pay(NOV_20, "1000.00", (bill, "600.00"), currency=trade.usd)
    assert state(bill) == [(D("400.00"), "partial")]

    payment = payment_cancel(actor=trade.actor, payment=payment, date=NOV_25)

    assert (payment.status, payment.cancelled_by, payment.entry.status) == ("cancelled", trade.actor, "reversed")
    assert state(bill) == [(D("1000.00"), "not_paid")]
    reversal = payment.entry.reversed_by
    assert (reversal.date, party_line(reversal, "2202").residual, party_line(payment.entry, "2202").residual) == (
        NOV_25, D("0.00"), D("0.00"))
    loss = trade.books.account("660302").lines.filter(entry__origin="exchange")
    assert sorted(loss.values_list("entry__date", "debit", "credit")) == [
        (NOV_20, D("60.00"), D("0.00")), (NOV_25, D("0.00"), D("60.00"))]
    assert checks.open_amounts_match() == []
    with pytest.raises(PaymentTransitionNotAllowed):
        payment_cancel(actor=trade.actor, payment=payment)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_paying_one_invoice_at_once_cannot_both_succeed(books):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are exercised on PostgreSQL")
    trade = Trade(books)
    invoice = trade.invoice(NOV_3, "500.00")
    def receive():
        actor = User.objects.get(pk=trade.actor.pk)
        return trade.receive(NOV_10, "500.00", (invoice, "500.00"), actor=actor)

    _results, errors = race(receive, [(), ()])

    assert [type(error) for error in errors] == [PaymentAllocationInvalid]
    assert Payment.objects.count() == 1
    assert state(invoice) == [(D("0.00"), "paid")]
    assert checks.open_amounts_match() == checks.balances_match_lines() == []
