"""The VAT report: output and input tax per rate, credit notes negative, equal to the VAT accounts."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from zhangfang.accounting.models import JournalEntryLine
from zhangfang.accounting.selectors.invoices import vat_report
from zhangfang.accounting.services.invoices import invoice_credit_note, invoice_post
from zhangfang.accounting.tests.test_services_invoices import document, line
from zhangfang.core.models import Currency
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.core.services.partners import partner_create

D = Decimal
NOV_1, NOV_30 = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


@pytest.fixture
def november(books):
    """November's documents (base figures; tax in brackets):

    customer invoice     2 × 3 × 33.33 at 13 %                     199.98 (26.00)
    customer invoice     113.00 含税 13 % | 1,000.00 at 9 % | 500.00 at 0 % | 300.00 exempt
                                                                100.00 (13.00) | 1,000.00 (90.00) | 500.00 | 300.00
    customer credit note 33.33 at 13 %                            −33.33 (−4.33)
    customer invoice     2 × 10.01 USD at 13 %, rate 7.1234         142.62 (18.52)
    supplier bill        10 × 100.00 at 13 % | 109.00 at 9 %       1,000.00 (130.00) | 109.00 (9.81)
    supplier bill        200.00 at 6 %, fully credited (cancelled) 200.00 (12.00) − 200.00 (12.00)
    not reported: a draft in November, an invoice of December 1."""
    customer = partner_create(actor=books.actor, company=books.company, code="C1", name="汉口客户", is_customer=True)
    supplier = partner_create(actor=books.actor, company=books.company, code="S1", name="华中供应商",
                              is_supplier=True)
    usd = Currency.objects.get(code="USD")
    exchange_rate_create(actor=books.actor, company=books.company, currency=usd, date=NOV_1, rate=D("7.1234"))

    def post(partner, kind, *lines, **extra):
        return invoice_post(actor=books.actor, invoice=document(books, partner, kind, *lines, **extra))

    post(customer, "out_invoice", line(books, "33.33", "3", "销项 13%"), line(books, "33.33", "3", "销项 13%"))
    post(customer, "out_invoice", line(books, "113.00", "1", "销项 13% 含税"), line(books, "1000.00", "1", "销项 9%"),
         line(books, "500.00", "1", "销项 0%"), line(books, "300.00", "1", "销项 免税"))
    post(customer, "out_refund", line(books, "33.33", "1", "销项 13%"), date=datetime.date(2026, 11, 12))
    post(customer, "out_invoice", line(books, "10.01", "1", "销项 13%"), line(books, "10.01", "1", "销项 13%"),
         currency=usd)
    post(supplier, "in_invoice", line(books, "100.00", "10", "进项 13%"), line(books, "109.00", "1", "进项 9%"))
    credited = post(supplier, "in_invoice", line(books, "200.00", "1", "进项 6%"))
    invoice_credit_note(actor=books.actor, invoice=credited, date=datetime.date(2026, 11, 25))
    document(books, customer, "out_invoice", line(books, "7777.00", "1", "销项 13%"))
    post(customer, "out_invoice", line(books, "8888.00", "1", "销项 13%"), date=datetime.date(2026, 12, 1))
    return books


def rows(side):
    return [(row.name, row.rate, row.exempt, row.base, row.tax) for row in side]


def test_vat_report_per_rate_with_credit_notes_negative(november, django_assert_num_queries):
    with django_assert_num_queries(1):  # one aggregate (the base currency is loaded with the company)
        report = vat_report(company=november.company, date_from=NOV_1, date_to=NOV_30)

    assert rows(report.output) == [
        ("销项 13%", D("13.00"), False, D("309.27"), D("40.19")),
        ("销项 13% 含税", D("13.00"), False, D("100.00"), D("13.00")),
        ("销项 9%", D("9.00"), False, D("1000.00"), D("90.00")),
        ("销项 0%", D("0.00"), False, D("500.00"), D("0.00")),
        ("销项 免税", D("0.00"), True, D("300.00"), D("0.00")),
    ]
    assert rows(report.input) == [
        ("进项 13%", D("13.00"), False, D("1000.00"), D("130.00")),
        ("进项 9%", D("9.00"), False, D("109.00"), D("9.81")),
        ("进项 6%", D("6.00"), False, D("0.00"), D("0.00")),
    ]
    assert (report.output_base, report.output_tax) == (D("2209.27"), D("143.19"))
    assert (report.input_base, report.input_tax) == (D("1109.00"), D("139.81"))
    assert report.payable == D("3.38")


def movement(books, code: str, date_from, date_to) -> Decimal:
    totals = (JournalEntryLine.objects
              .filter(entry__company=books.company, entry__origin="invoice", entry__status__in=("posted", "reversed"),
                      entry__date__gte=date_from, entry__date__lte=date_to, account__code=code)
              .aggregate(debit=Sum("debit"), credit=Sum("credit")))
    return (totals["debit"] or D(0)) - (totals["credit"] or D(0))


@pytest.mark.parametrize(("date_from", "date_to"), [
    (NOV_1, NOV_30), (NOV_1, datetime.date(2026, 11, 12)), (datetime.date(2026, 11, 13), datetime.date(2026, 12, 31)),
], ids=["November", "to the credit note", "after it, into December"])
def test_vat_report_equals_the_movement_of_the_vat_accounts(november, date_from, date_to):
    report = vat_report(company=november.company, date_from=date_from, date_to=date_to)

    assert report.output_tax == -movement(november, "222102", date_from, date_to)
    assert report.input_tax == movement(november, "222101", date_from, date_to)
    assert report.output_tax  # the windows are not empty
