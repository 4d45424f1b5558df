import datetime
from decimal import Decimal

import pytest

from zhangfang.accounting.selectors.arap import AgingRow, aging, control_balance, open_items
from zhangfang.accounting.services.payments import payment_cancel
from zhangfang.accounting.tests.trade import Trade
from zhangfang.core.services.partners import partner_create

DEC_31 = datetime.date(2026, 12, 31)
D = Decimal


def day(month: int, date: int) -> datetime.date:
    return datetime.date(2026, month, date)


@pytest.fixture
def trade(books):
    return Trade(books)


@pytest.fixture
def receivables(trade):
    """武汉客户 owes five invoices due across the buckets and has paid 100.00 of one;
    上海客户 owes 50.00 and has paid 80.00 in advance."""
    for due, amount in ((DEC_31, "100.00"), (day(12, 15), "200.00"), (day(10, 20), "500.00"),
                        (day(10, 1), "400.00")):
        trade.invoice(day(9, 1), amount, due=due)
    overdue = trade.invoice(day(9, 1), "300.00", due=day(11, 10))
    trade.receive(day(12, 20), "100.00", (overdue, "100.00"))
    other = partner_create(actor=trade.actor, company=trade.company, code="C2", name="上海客户", is_customer=True)
    trade.invoice(day(12, 1), "50.00", partner=other, due=day(12, 1))
    trade.receive(day(12, 2), "80.00", partner=other)
    return other


def test_aging_puts_each_open_amount_in_its_bucket_and_agrees_with_the_control_account(trade, receivables):
    report = aging(company=trade.company, kind="receivable", as_of=DEC_31)

    # Due 31.12 not yet due; 15.12 is 16 days late; 10.11 51; 20.10 72; 1.10 91.
    assert report.rows == [
        AgingRow(receivables.pk, "上海客户", D("0.00"), D("-30.00"), D("0.00"), D("0.00"), D("0.00"), D("-30.00")),
        AgingRow(trade.customer.pk, "武汉客户", D("100.00"), D("200.00"), D("200.00"), D("500.00"), D("400.00"),
                 D("1400.00")),
    ]
    assert report.totals == {"current": D("100.00"), "days_1_30": D("170.00"), "days_31_60": D("200.00"),
                             "days_61_90": D("500.00"), "days_over_90": D("400.00"), "total": D("1370.00")}
    assert report.control_balance == D("1370.00")
    assert report.agrees


def test_an_aging_for_a_past_date_shows_the_books_as_they_stood(trade, receivables):
    report = aging(company=trade.company, kind="receivable", as_of=day(11, 30))

    # On 30 November nothing was paid and 上海客户 had not been invoiced yet.
    assert [(row.partner_name, row.total) for row in report.rows] == [("武汉客户", D("1500.00"))]
    assert (report.totals["days_1_30"], report.totals["days_31_60"], report.totals["days_61_90"]) == (
        D("300.00"), D("900.00"), D("0.00"))
    assert report.control_balance == D("1500.00")


def test_a_cancelled_payment_is_owed_again(trade, receivables):
    invoice = trade.invoice(day(12, 1), "200.00", due=day(12, 1))
    payment = trade.receive(DEC_31, "200.00", (invoice, "200.00"))
    assert aging(company=trade.company, kind="receivable", as_of=DEC_31).totals["total"] == D("1370.00")

    payment_cancel(actor=trade.actor, payment=payment)

    report = aging(company=trade.company, kind="receivable", as_of=DEC_31)
    assert (report.totals["total"], report.agrees) == (D("1570.00"), True)


def test_payables_show_what_we_owe_as_positive(trade):
    trade.bill(day(12, 1), "700.00", due=day(12, 31))
    trade.pay(day(12, 10), "250.00")

    report = aging(company=trade.company, kind="payable", as_of=DEC_31)

    assert [(row.partner_name, row.current, row.days_1_30, row.total) for row in report.rows] == [
        ("苏州供应商", D("700.00"), D("-250.00"), D("450.00"))]
    assert control_balance(company=trade.company, kind="payable", as_of=DEC_31) == D("450.00")


def test_open_items_list_a_partners_lines_earliest_due_first(trade, receivables):
    items = open_items(company=trade.company, partner=trade.customer)

    assert [(item.due, item.open_amount) for item in items] == [
        (day(10, 1), D("400.00")), (day(10, 20), D("500.00")), (day(11, 10), D("200.00")),
        (day(12, 15), D("200.00")), (DEC_31, D("100.00"))]
    assert [item.open_amount for item in open_items(company=trade.company, partner=trade.customer,
                                                    as_of=day(11, 30))][2] == D("300.00")


def test_aging_reads_in_a_fixed_number_of_queries(trade, receivables, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        aging(company=trade.company, kind="receivable", as_of=DEC_31)
