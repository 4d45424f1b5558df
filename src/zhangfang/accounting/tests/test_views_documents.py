"""The invoice, bill, payment, open-item, aging and VAT pages, driven as a clerk drives them."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhangfang.accounting.models import Invoice, Payment, Tax
from zhangfang.accounting.services.invoices import DOCUMENT_TYPE, invoice_create
from zhangfang.accounting.tests.trade import Trade
from zhangfang.core.approvals.documents import document_url
from zhangfang.core.models import AuditRecord

D = Decimal
NOV_3 = datetime.date(2026, 11, 3)


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


@pytest.fixture
def trade(books):
    return Trade(books)


def tax(trade, name: str) -> Tax:
    return Tax.objects.get(company=trade.company, name=name)


def invoice_post_data(trade, *lines: dict, **header) -> dict:
    data = {"kind": "out_invoice", "partner": trade.customer.pk, "date": "2026-11-03", "due_date": "",
            "currency": "CNY", "reference": "PO-88", "narration": "", "lines-TOTAL_FORMS": str(len(lines)),
            "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000", **header}
    for index, line in enumerate(lines):
        row = {"description": "", "account": "", "quantity": "", "unit_price": "", "discount": "", "tax": "",
               "cost_centre": "", **line}
        data.update({f"lines-{index}-{name}": value for name, value in row.items()})
    return data


def test_an_invoice_keyed_in_the_form_is_posted_from_its_status_bar_and_paid_from_its_page(trade, signed_in):
    client = signed_in(trade.actor)
    vat13 = tax(trade, "销项 13%")
    assert client.get(reverse("accounting_invoice_create")).status_code == 200

    # When a clerk keys two pumps at 1,500.00 plus 13 % VAT, leaving a blank row.
    response = client.post(reverse("accounting_invoice_create"), invoice_post_data(
        trade, {"description": "水泵", "quantity": "2", "unit_price": "1,500.00", "tax": str(vat13.pk)}, {}))

    # Then a draft of 3,000.00 + 390.00 = 3,390.00 on the default income account.
    invoice = Invoice.objects.get(company=trade.company)
    assert response.status_code == 302 and response["Location"] == reverse("accounting_invoice_detail",
                                                                           args=[invoice.pk])
    assert (invoice.status, invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total) == (
        "draft", D("3000.00"), D("390.00"), D("3390.00"))
    assert [(line.account.code, line.quantity) for line in invoice.lines.all()] == [("6001", D("2"))]

    # When it is posted from the status bar.
    page = client.get(reverse("accounting_invoice_detail", args=[invoice.pk])).content.decode()
    post_url = reverse("accounting_invoice_action", args=[invoice.pk, "post"])
    assert f'action="{post_url}"' in page and "3,390.00" in page
    client.post(post_url)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number, invoice.amount_residual) == ("posted", "销-2026-11-0001", D("3390.00"))

    # Then its page offers the payment, prefilled with the amount due.
    page = client.get(reverse("accounting_invoice_detail", args=[invoice.pk])).content.decode()
    pay_url = reverse("accounting_payment_create") + f"?invoice={invoice.pk}"
    assert f'href="{pay_url}"' in page and reverse("accounting_entry_detail", args=[invoice.entry_id]) in page
    form = client.get(pay_url).content.decode()
    assert 'value="3390.00"' in form

    # When the whole amount is received into the bank.
    response = client.post(pay_url, {
        "journal": trade.bank.pk, "date": "2026-11-20", "amount": "3,390.00", "rate": "", "reference": "网银",
        "alloc-TOTAL_FORMS": "1", "alloc-INITIAL_FORMS": "1", "alloc-MIN_NUM_FORMS": "0",
        "alloc-MAX_NUM_FORMS": "1000", "alloc-0-invoice": str(invoice.pk), "alloc-0-amount": "3390.00"})

    # Then the invoice is paid, and its page names the payment that settled it.
    invoice.refresh_from_db()
    payment = Payment.objects.get(company=trade.company)
    assert response.status_code == 302
    assert (invoice.payment_state, invoice.amount_residual) == ("paid", D("0.00"))
    assert (payment.kind, payment.partner, payment.amount) == ("inbound", trade.customer, D("3390.00"))
    page = client.get(response["Location"]).content.decode()
    assert 'id="zf-payment-state">Paid<' in page
    assert reverse("accounting_payment_detail", args=[payment.pk]) in page


def test_a_refused_line_is_shown_at_its_field_and_every_line_typed_stays(trade, signed_in):
    client = signed_in(trade.actor)

    # When the second of two lines has a discount above 100 %.
    response = client.post(reverse("accounting_invoice_create"), invoice_post_data(
        trade, {"description": "电机", "unit_price": "800.00"}, {},
        {"description": "安装费", "unit_price": "120.50", "discount": "150"}))

    # Then nothing is saved, the service's message stands at that line, and both lines are still there.
    html = response.content.decode()
    assert response.status_code == 422 and not Invoice.objects.exists()
    assert "the discount is a percentage from 0 to 100." in html
    assert 'name="lines-2-discount" value="150"' in html
    assert 'value="电机"' in html and 'value="800.00"' in html and 'value="安装费"' in html


def test_the_preview_adds_tax_as_the_service_will(trade, signed_in):
    data = invoice_post_data(trade, {"description": "水泵", "quantity": "3", "unit_price": "33.33",
                                     "tax": str(tax(trade, "销项 13%").pk)})
    response = signed_in(trade.actor).post(reverse("accounting_invoice_preview"), data)

    html = response.content.decode()
    assert '"zf-untaxed">99.99<' in html and '"zf-tax">13.00<' in html and '"zf-total">112.99<' in html


def test_a_full_credit_note_from_the_page_cancels_an_unpaid_invoice(trade, signed_in):
    invoice = trade.invoice(NOV_3, "500.00")
    client = signed_in(trade.actor)

    response = client.post(reverse("accounting_invoice_credit_note", args=[invoice.pk]),
                           {"date": "2026-11-10", "reason": "退货", "partial": "0"})

    note = Invoice.objects.get(credit_note_of=invoice)
    invoice.refresh_from_db()
    assert response["Location"] == reverse("accounting_invoice_detail", args=[note.pk])
    assert (note.kind, note.status, note.amount_total) == ("out_refund", "posted", D("500.00"))
    assert invoice.status == "cancelled"
    page = client.get(reverse("accounting_invoice_detail", args=[invoice.pk])).content.decode()
    assert reverse("accounting_invoice_detail", args=[note.pk]) in page


def test_a_payment_is_unmatched_from_the_open_items_and_cancelled_from_its_page(trade, signed_in):
    invoice = trade.invoice(NOV_3, "1000.00")
    payment = trade.receive(datetime.date(2026, 11, 5), "1000.00", (invoice, "1000.00"))
    client = signed_in(trade.actor)
    open_items = reverse("accounting_open_items", args=[trade.customer.pk]) + "?kind=receivable"

    # The open items show the match with its Unreconcile button, asking first.
    page = client.get(open_items).content.decode()
    line = invoice.entry.lines.get(account__code="1122")
    assert reverse("accounting_line_unreconcile", args=[line.pk]) in page and "data-confirm=" in page

    response = client.post(reverse("accounting_line_unreconcile", args=[line.pk]))

    invoice.refresh_from_db()
    assert response["Location"] == open_items
    assert (invoice.payment_state, invoice.amount_residual) == ("not_paid", D("1000.00"))
    page = client.get(open_items).content.decode()
    assert 'id="zf-open-total">0.00<' in page  # 1,000.00 owed less the 1,000.00 advance now open

    # When the payment is cancelled from its page.
    client.post(reverse("accounting_payment_cancel", args=[payment.pk]), {"date": "2026-11-06"})

    payment.refresh_from_db()
    assert payment.status == "cancelled" and payment.entry.status == "reversed"
    page = client.get(open_items).content.decode()
    assert 'id="zf-open-total">1,000.00<' in page


def test_the_aging_page_total_equals_the_control_balance_and_exports(trade, signed_in):
    # Given 1,000.00 due Oct 1 of which 400.00 was paid, and 2,500.00 due Nov 3.
    old = trade.invoice(datetime.date(2026, 10, 1), "1000.00")
    trade.invoice(NOV_3, "2500.00")
    trade.receive(datetime.date(2026, 10, 20), "400.00", (old, "400.00"))
    client = signed_in(trade.actor)
    query = {"kind": "receivable", "as_of": "2026-11-30"}

    page = client.get(reverse("accounting_aging"), query).content.decode()

    # Then 600.00 is 31–60 days overdue, 2,500.00 1–30 days; both add up to the control account.
    assert "600.00" in page and "2,500.00" in page
    assert 'id="zf-aging-total">3,100.00<' in page and 'id="zf-control-balance">3,100.00<' in page
    assert "zf-control-warning" not in page
    assert reverse("accounting_open_items", args=[trade.customer.pk]) + "?kind=receivable" in page

    response = client.get(reverse("accounting_aging"), {**query, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert (rows[5][0], rows[5][3], rows[5][2], rows[5][6]) == ("武汉客户", D("600.00"), D("2500.00"), D("3100.00"))
    assert rows[-1][-1] == D("3100.00")


def test_the_vat_report_page_shows_output_input_and_payable(trade, signed_in):
    sale = invoice_create(actor=trade.actor, company=trade.company, kind="out_invoice", partner=trade.customer,
                          date=NOV_3, lines=[{"description": "水泵", "unit_price": D("1000.00"),
                                              "tax": tax(trade, "销项 13%")}])
    bill = invoice_create(actor=trade.actor, company=trade.company, kind="in_invoice", partner=trade.supplier,
                          date=NOV_3, lines=[{"description": "运费", "unit_price": D("200.00"),
                                              "tax": tax(trade, "进项 9%")}])
    for document in (sale, bill):
        signed_in(trade.actor).post(reverse("accounting_invoice_action", args=[document.pk, "post"]))

    page = signed_in(trade.actor).get(reverse("accounting_vat_report"),
                                      {"date_from": "2026-11-01", "date_to": "2026-11-30"}).content.decode()

    assert "130.00" in page and "18.00" in page and 'id="zf-vat-payable">112.00<' in page


def test_the_lists_are_scoped_total_per_currency_and_keep_queries_flat(trade, other_company, signed_in,
                                                                     django_assert_max_num_queries):
    for day in range(1, 7):
        invoice = trade.invoice(datetime.date(2026, 11, day), f"{day}00.00")
        trade.receive(datetime.date(2026, 11, day), "50.00", (invoice, "50.00"))
    trade.bill(NOV_3, "77.00")
    client = signed_in(trade.actor)

    with django_assert_max_num_queries(17):
        invoices = client.get(reverse("accounting_invoice_list"))
    with django_assert_max_num_queries(17):
        payments = client.get(reverse("accounting_payment_list"), {"kind": "inbound"})

    invoices, payments = invoices.content.decode(), payments.content.decode()
    assert "销-2026-11-0006" in invoices and "购-2026-11-0001" not in invoices
    assert "2,100.00" in invoices and "1,800.00" in invoices  # total 2,100.00, due 2,100.00 − 300.00
    assert "300.00" in payments and payments.count("accounting/payments/") >= 6
    bills = client.get(reverse("accounting_bill_list")).content.decode()
    assert "购-2026-11-0001" in bills and "销-2026-11-0001" not in bills


def test_the_approval_request_links_to_its_bill():
    assert document_url(DOCUMENT_TYPE, "42") == reverse("accounting_invoice_detail", args=[42])


def test_an_auditor_reads_the_pages_but_posts_nothing(trade, make_user, signed_in):
    invoice = trade.invoice(NOV_3, "100.00")
    client = signed_in(make_user("auditor"))
    writes = AuditRecord.objects.count()

    assert client.get(reverse("accounting_invoice_detail", args=[invoice.pk])).status_code == 200
    assert client.get(reverse("accounting_aging")).status_code == 200
    assert client.post(reverse("accounting_invoice_action", args=[invoice.pk, "post"])).status_code == 403
    assert client.post(reverse("accounting_payment_create"), {}).status_code == 403
    assert AuditRecord.objects.count() == writes
