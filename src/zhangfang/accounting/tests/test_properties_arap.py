"""Property: any sequence of invoices, partial payments in yuan or dollars, cancellations and
matches keeps every entry balanced, the trial balance balanced, every open amount equal to
its line less its matches, and the receivable aging equal to the control accounts."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhangfang.accounting import checks
from zhangfang.accounting.models import Invoice
from zhangfang.accounting.selectors.arap import aging, open_items
from zhangfang.accounting.selectors.ledger import trial_balance
from zhangfang.accounting.services.payments import payment_cancel
from zhangfang.accounting.services.reconciliation import lines_reconcile
from zhangfang.accounting.tests.trade import Trade

START = datetime.date(2026, 11, 1)
CENT = Decimal("0.01")


class Rollback(Exception):
    pass


def _cents(data, low: int, high: int) -> Decimal:
    return Decimal(data.draw(st.integers(low, high))) * CENT


def _receive(trade, data, date, currency):
    """A receipt in ``currency`` paying parts of some open invoices in that currency."""
    amount = _cents(data, 1, 300_000)
    left, allocations = amount, []
    due = Invoice.objects.filter(partner=trade.customer, currency=currency or trade.company.base_currency,
                                 status=Invoice.Status.POSTED).exclude(amount_residual=0).order_by("pk")
    for invoice in due:
        if left and data.draw(st.booleans()):
            share = min(left, _cents(data, 1, int(invoice.amount_residual / CENT)))
            allocations.append((invoice, share))
            left -= share
    payment = trade.receive(date, amount, *allocations, currency=currency)
    if data.draw(st.integers(0, 4)) == 0:
        payment_cancel(actor=trade.actor, payment=payment)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.django_db
def test_invoices_and_partial_payments_keep_the_books_and_the_aging_in_agreement(books, data):
    try:
        with transaction.atomic():
            trade = Trade(books)
            trade.rate(START, "7.10")
            trade.rate(START + datetime.timedelta(days=30), "7.2345")
            for _step in range(data.draw(st.integers(1, 6))):
                date = START + datetime.timedelta(days=data.draw(st.integers(0, 60)))
                currency = data.draw(st.sampled_from([None, trade.usd]))
                if data.draw(st.booleans()):
                    trade.invoice(date, str(_cents(data, 1, 300_000)), currency=currency,
                                  due=date + datetime.timedelta(days=data.draw(st.integers(0, 120))))
                else:
                    _receive(trade, data, date, currency)
            if data.draw(st.booleans()):  # apply advances: match whatever the customer has open
                lines = list(open_items(company=trade.company, partner=trade.customer, kind="receivable"))
                if len(lines) > 1:
                    lines_reconcile(actor=trade.actor, lines=lines)

            assert checks.entries_balance() == checks.balances_match_lines() == []
            assert checks.open_amounts_match() == []
            assert trial_balance(company=trade.company, date_from=START,
                                 date_to=START + datetime.timedelta(days=60)).balanced
            for offset in (20, 45, 60):
                report = aging(company=trade.company, kind="receivable",
                               as_of=START + datetime.timedelta(days=offset))
                assert report.totals["total"] == report.control_balance, (offset, report)
            raise Rollback
    except Rollback:
        pass
