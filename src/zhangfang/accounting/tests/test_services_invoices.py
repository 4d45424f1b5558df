"""Customer invoices, supplier bills and credit notes: drafts, posting, approval, crediting."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from zhangfang.accounting import checks
from zhangfang.accounting.exceptions import (
    EntryOwnedByDocument,
    InvoiceAwaitingApproval,
    InvoiceFieldInvalid,
    InvoiceLineInvalid,
    InvoiceNotDraft,
    InvoiceTransitionNotAllowed,
)
from zhangfang.accounting.models import Invoice, JournalEntry, Tax
from zhangfang.accounting.selectors.invoices import invoices
from zhangfang.accounting.services.accounts import cost_centre_create
from zhangfang.accounting.services.closing import accounting_settings_update
from zhangfang.accounting.services.entries import journal_entry_reverse
from zhangfang.accounting.services.invoices import (
    DOCUMENT_TYPE,
    invoice_create,
    invoice_credit_note,
    invoice_delete,
    invoice_post,
    invoice_update,
)
from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import ApprovalRequest, AuditRecord, Currency, Role
from zhangfang.core.services.approvals import approval_decide, approval_request_cancel, approval_rule_create
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.core.services.partners import partner_create

D = Decimal
NOV_3 = datetime.date(2026, 11, 3)


@pytest.fixture
def customer(books):
    return partner_create(actor=books.actor, company=books.company, code="C1", name="汉口客户", is_customer=True)


@pytest.fixture
def supplier(books):
    return partner_create(actor=books.actor, company=books.company, code="S1", name="华中供应商", is_supplier=True,
                          payment_terms_days=60)


def tax(books, name: str) -> Tax:
    return Tax.objects.get(company=books.company, name=name)


def line(books, price: str, quantity: str = "1", tax_name: str | None = None, **extra) -> dict:
    return {"description": "货品", "quantity": D(quantity), "unit_price": D(price),
            "tax": tax(books, tax_name) if tax_name else None, **extra}


def document(books, partner, kind: str, *lines: dict, actor=None, date=NOV_3, **extra) -> Invoice:
    return invoice_create(actor=actor or books.actor, company=books.company, kind=kind, partner=partner, date=date,
                          lines=list(lines), **extra)


def entry_rows(invoice: Invoice) -> list[tuple]:
    return [(row.account.code, row.debit, row.credit)
            for row in invoice.entry.lines.select_related("account").order_by("pk")]


def test_a_customer_invoice_is_taxed_per_line_and_rounded_per_document(books, customer):
    # Given two lines of 3 × 33.33 at 13 % exclusive.
    invoice = document(books, customer, "out_invoice", line(books, "33.33", "3", "销项 13%"),
                       line(books, "33.33", "3", "销项 13%"))

    # Then the draft has untaxed 199.98, tax 26.00 (2 × 12.9987 = 25.9974 rounded once), total 225.98.
    assert (invoice.status, invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total) == (
        "draft", D("199.98"), D("26.00"), D("225.98"))
    assert invoice.due_date == datetime.date(2026, 12, 3)  # 30 days' terms
    assert invoice.journal.code == "sales" and invoice.account.code == "1122"

    # When it is posted.
    invoice = invoice_post(actor=books.actor, invoice=invoice)

    # Then one entry: Dr 1122 225.98 / Cr 6001 199.98 / Cr 222102 26.00, numbered in the sales journal.
    assert entry_rows(invoice) == [("1122", D("225.98"), D("0.00")), ("6001", D("0.00"), D("199.98")),
                                   ("222102", D("0.00"), D("26.00"))]
    assert (invoice.status, invoice.number, invoice.amount_residual) == ("posted", "销-2026-11-0001", D("225.98"))
    assert (invoice.entry.status, invoice.entry.origin, invoice.entry.number) == ("posted", "invoice", invoice.number)
    receivable = invoice.entry.lines.get(account__code="1122")
    assert (receivable.partner, receivable.date_maturity, receivable.residual) == (
        customer, datetime.date(2026, 12, 3), D("225.98"))
    assert list(AuditRecord.objects.filter(object_type="accounting.invoice", object_id=str(invoice.pk))
                .order_by("seq").values_list("action", flat=True)) == ["create", "post"]


def test_a_supplier_bill_posts_one_expense_line_per_account_and_cost_centre(books, supplier):
    # Given a bill: two lines for the sales department, one for administration, one tax-inclusive.
    sales = cost_centre_create(actor=books.actor, company=books.company, code="S", name="销售部")
    admin_office = cost_centre_create(actor=books.actor, company=books.company, code="A", name="行政部")
    bill = document(books, supplier, "in_invoice",
                    line(books, "100.00", "2", "进项 13%", account=books.account("6601"), cost_centre=sales),
                    line(books, "50.00", "1", "进项 13%", account=books.account("6601"), cost_centre=sales),
                    line(books, "109.00", "1", "进项 9%", cost_centre=admin_office),
                    line(books, "80.00", "1", "进项 免税", account=books.account("6601"), cost_centre=sales))

    bill = invoice_post(actor=books.actor, invoice=bill)

    # Then 6601 (sales) 330.00, 6602 (administration) 109.00, input VAT 32.50 + 9.81 on one
    # account, and the payable 481.31 to the supplier, due after 60 days.
    assert entry_rows(bill) == [("2202", D("0.00"), D("481.31")), ("6601", D("330.00"), D("0.00")),
                                ("222101", D("42.31"), D("0.00")), ("6602", D("109.00"), D("0.00"))]
    assert bill.number == "购-2026-11-0001" and bill.due_date == datetime.date(2027, 1, 2)
    assert {row.account.code: row.cost_centre for row in bill.entry.lines.select_related("account")} == {
        "2202": None, "6601": sales, "222101": None, "6602": admin_office}


def test_a_customer_credit_note_mirrors_the_invoice(books, customer):
    note = document(books, customer, "out_refund", line(books, "113.00", "1", "销项 13% 含税"))

    note = invoice_post(actor=books.actor, invoice=note)

    assert entry_rows(note) == [("1122", D("0.00"), D("113.00")), ("6001", D("100.00"), D("0.00")),
                                ("222102", D("13.00"), D("0.00"))]


def test_a_foreign_invoice_converts_each_line_and_the_receivable_takes_the_rounding(books, customer):
    # Given USD at 7.1234 from November 1 and two lines of 10.01 USD at 13 %.
    usd = Currency.objects.get(code="USD")
    exchange_rate_create(actor=books.actor, company=books.company, currency=usd, date=datetime.date(2026, 11, 1),
                         rate=D("7.1234"))
    invoice = document(books, customer, "out_invoice", line(books, "10.01", "1", "销项 13%"),
                       line(books, "10.01", "1", "销项 13%"), currency=usd)

    invoice = invoice_post(actor=books.actor, invoice=invoice)

    # Then each line converts on its own: 10.01 → 71.31 and 1.30 → 9.26, twice; the receivable
    # is their sum 161.14 (22.62 USD × 7.1234 would round to 161.13) so the entry balances.
    assert invoice.rate == D("7.1234")
    assert [(code, debit, credit, amount) for code, debit, credit, amount in
            invoice.entry.lines.order_by("pk").values_list("account__code", "debit", "credit", "amount_currency")] == [
        ("1122", D("161.14"), D("0.00"), D("22.62")), ("6001", D("0.00"), D("142.62"), D("-20.02")),
        ("222102", D("0.00"), D("18.52"), D("-2.60"))]
    assert invoice.amount_residual == D("22.62")


def test_posting_twice_changes_nothing(books, customer):
    invoice = invoice_post(actor=books.actor, invoice=document(books, customer, "out_invoice", line(books, "10")))

    again = invoice_post(actor=books.actor, invoice=invoice)

    assert (again.entry_id, again.number) == (invoice.entry_id, invoice.number)
    assert JournalEntry.objects.filter(company=books.company).count() == 1


@pytest.mark.parametrize(("change", "error", "field"), [
    ({"lines": [{"description": "x", "unit_price": 1.5}]}, InvoiceLineInvalid, "lines.1.unit_price"),
    ({"lines": [{"description": "x", "unit_price": D("1"), "quantity": D("0")}]}, InvoiceLineInvalid,
     "lines.1.quantity"),
    ({"lines": [{"description": "x", "unit_price": D("1"), "discount": D("120")}]}, InvoiceLineInvalid,
     "lines.1.discount"),
    ({"lines": [{"description": "x", "unit_price": D("1.0000001")}]}, InvoiceLineInvalid, "lines.1.unit_price"),
    ({"lines": [{"description": "", "unit_price": D("1")}]}, InvoiceLineInvalid, "lines.1.description"),
    ({"lines": [{"description": "x", "unit_price": D("1"), "colour": "red"}]}, InvoiceLineInvalid,
     "lines.1.colour"),
    ({"lines": []}, InvoiceFieldInvalid, "lines"),
    ({"due_date": datetime.date(2026, 11, 2)}, InvoiceFieldInvalid, "due_date"),
], ids=["float", "zero quantity", "discount over 100", "too many places", "no description", "unknown field",
        "no lines", "due before date"])
def test_bad_input_is_refused_with_a_named_error(books, customer, change, error, field):
    data = {"lines": [line(books, "10.00")], **change}

    with pytest.raises(error) as refused:
        document(books, customer, "out_invoice", *data.pop("lines"), **data)

    assert list(refused.value.fields) == [field]
    assert not Invoice.objects.exists()


def test_taxes_must_be_of_the_documents_side(books, customer, supplier):
    with pytest.raises(InvoiceLineInvalid, match="Line 1: choose an active Sales"):
        document(books, customer, "out_invoice", line(books, "10.00", "1", "进项 13%"))
    with pytest.raises(InvoiceLineInvalid, match="Line 1: choose an active Purchases"):
        document(books, supplier, "in_invoice", line(books, "10.00", "1", "销项 13%"))


def test_references_of_another_company_are_refused(books, customer, other_company):
    stranger = partner_create(actor=books.actor, company=other_company, code="X", name="外人", is_customer=True)

    with pytest.raises(InvoiceFieldInvalid, match="partner"):
        document(books, stranger, "out_invoice", line(books, "10.00"))


def test_a_draft_is_updated_and_recomputed_and_deleted(books, customer):
    invoice = document(books, customer, "out_invoice", line(books, "100.00", "1", "销项 13%"))

    invoice = invoice_update(actor=books.actor, invoice=invoice, date=datetime.date(2026, 11, 10),
                             lines=[line(books, "200.00", "1", "销项 9%")])

    assert (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total) == (D("200.00"), D("18.00"),
                                                                                  D("218.00"))
    assert invoice.due_date == datetime.date(2026, 12, 10)  # moved with the date
    assert invoice.lines.count() == 1

    invoice_delete(actor=books.actor, invoice=invoice)

    assert not Invoice.objects.exists()
    assert AuditRecord.objects.filter(object_type="accounting.invoice", action="delete").count() == 1


def test_a_posted_invoice_is_final(books, customer):
    invoice = invoice_post(actor=books.actor, invoice=document(books, customer, "out_invoice", line(books, "10")))

    with pytest.raises(InvoiceNotDraft):
        invoice_update(actor=books.actor, invoice=invoice, narration="改")
    with pytest.raises(InvoiceNotDraft):
        invoice_delete(actor=books.actor, invoice=invoice)


def test_an_invoice_entry_cannot_be_reversed_by_hand_only_credited(books, customer):
    invoice = invoice_post(actor=books.actor, invoice=document(books, customer, "out_invoice", line(books, "10")))

    with pytest.raises(EntryOwnedByDocument):
        journal_entry_reverse(actor=books.actor, entry=invoice.entry, date=NOV_3)

    invoice.refresh_from_db()
    assert (invoice.entry.status, invoice.payment_state) == ("posted", "not_paid")
    assert invoice.amount_residual == invoice.amount_total


def test_posting_needs_the_post_invoice_permission(books, customer, make_user):
    salesperson = make_user("sales")
    accountant = make_user("accountant")
    invoice = document(books, customer, "out_invoice", line(books, "10.00"), actor=accountant)

    with pytest.raises(PermissionDenied):
        invoice_post(actor=salesperson, invoice=invoice)
    with pytest.raises(PermissionDenied):
        document(books, customer, "out_invoice", line(books, "10.00"), actor=salesperson)

    assert invoice_post(actor=accountant, invoice=invoice).posted_by == accountant


# --- approval of large bills --------------------------------------------------------------

@pytest.fixture
def approval(books, make_user):
    """Bills above 10,000.00 need the finance manager's approval; the accountant keys them."""
    accounting_settings_update(actor=books.actor, company=books.company, bill_approval_threshold=D("10000.00"))
    approval_rule_create(actor=books.actor, company=books.company, document_type=DOCUMENT_TYPE, name="大额账单",
                         steps=[{"role": Role.objects.get(code="finance_manager")}])
    return make_user("accountant"), make_user("finance_manager")


def request_of(bill: Invoice) -> ApprovalRequest:
    return ApprovalRequest.objects.get(document_type=DOCUMENT_TYPE, object_id=str(bill.pk))


def test_a_bill_above_the_threshold_waits_for_approval_then_is_posted_by_the_approver(books, supplier, approval):
    accountant, manager = approval
    bill = document(books, supplier, "in_invoice", line(books, "10000.00", "1", "进项 13%"), actor=accountant)

    bill = invoice_post(actor=accountant, invoice=bill)

    assert (bill.status, bill.entry, bill.number) == ("awaiting_approval", None, "")
    with pytest.raises(InvoiceAwaitingApproval):
        invoice_post(actor=accountant, invoice=bill)
    with pytest.raises(InvoiceNotDraft):
        invoice_update(actor=accountant, invoice=bill, narration="改")

    approval_decide(actor=manager, request=request_of(bill), decision="approve")

    bill.refresh_from_db()
    assert (bill.status, bill.number, bill.posted_by, bill.amount_residual) == (
        "posted", "购-2026-11-0001", manager, D("11300.00"))
    assert bill.entry.posted_by == manager


def test_a_rejected_or_withdrawn_bill_goes_back_to_draft(books, supplier, approval):
    accountant, manager = approval
    first = invoice_post(actor=accountant, invoice=document(books, supplier, "in_invoice", line(books, "20000.00"),
                                                              actor=accountant))
    second = invoice_post(actor=accountant, invoice=document(books, supplier, "in_invoice", line(books, "30000.00"),
                                                               actor=accountant))

    approval_decide(actor=manager, request=request_of(first), decision="reject", comment="价格不对")
    approval_request_cancel(actor=accountant, request=request_of(second))

    assert set(Invoice.objects.values_list("status", flat=True)) == {"draft"}
    assert not JournalEntry.objects.exists()


def test_bills_at_or_below_the_threshold_and_customer_invoices_post_at_once(books, supplier, customer, approval):
    accountant, _manager = approval
    bill = document(books, supplier, "in_invoice", line(books, "10000.00"), actor=accountant)
    invoice = document(books, customer, "out_invoice", line(books, "50000.00"), actor=accountant)

    assert invoice_post(actor=accountant, invoice=bill).status == "posted"
    assert invoice_post(actor=accountant, invoice=invoice).status == "posted"
    assert not ApprovalRequest.objects.exists()


def test_with_no_approval_rule_the_engine_approves_and_the_requester_posts(books, supplier, make_user):
    accounting_settings_update(actor=books.actor, company=books.company, bill_approval_threshold=D("100.00"))
    accountant = make_user("accountant")
    bill = document(books, supplier, "in_invoice", line(books, "500.00"), actor=accountant)

    bill = invoice_post(actor=accountant, invoice=bill)

    assert (bill.status, bill.posted_by, request_of(bill).status) == ("posted", accountant, "approved")


# --- credit notes -------------------------------------------------------------------------

def test_a_full_credit_note_cancels_an_unpaid_invoice(books, customer):
    invoice = invoice_post(actor=books.actor, invoice=document(
        books, customer, "out_invoice", line(books, "33.33", "3", "销项 13%"), line(books, "33.33", "3", "销项 13%")))

    note = invoice_credit_note(actor=books.actor, invoice=invoice, date=datetime.date(2026, 11, 20), reason="退货")

    invoice.refresh_from_db()
    assert (note.kind, note.status, note.credit_note_of, note.reference) == (
        "out_refund", "posted", invoice, "销-2026-11-0001")
    assert note.number == "销-2026-11-0002"
    assert entry_rows(note) == [("1122", D("0.00"), D("225.98")), ("6001", D("199.98"), D("0.00")),
                                ("222102", D("26.00"), D("0.00"))]
    assert (invoice.status, invoice.cancelled_by, invoice.amount_residual, invoice.payment_state) == (
        "cancelled", books.actor, D("0.00"), "credited")
    assert (note.amount_residual, note.payment_state) == (D("0.00"), "paid")


def test_a_partial_credit_note_is_a_draft_and_settles_part_of_the_invoice_when_posted(books, supplier):
    bill = invoice_post(actor=books.actor, invoice=document(books, supplier, "in_invoice",
                                                              line(books, "100.00", "10", "进项 13%")))

    note = invoice_credit_note(actor=books.actor, invoice=bill, date=datetime.date(2026, 11, 20),
                               lines=[line(books, "100.00", "2", "进项 13%")], reason="两件退货")

    assert (note.kind, note.status, note.credit_note_of, note.amount_total) == (
        "in_refund", "draft", bill, D("226.00"))

    note = invoice_post(actor=books.actor, invoice=note)

    bill.refresh_from_db()
    assert entry_rows(note) == [("2202", D("226.00"), D("0.00")), ("6602", D("0.00"), D("200.00")),
                                ("222101", D("0.00"), D("26.00"))]
    assert (bill.status, bill.payment_state, bill.amount_residual) == ("posted", "partial", D("904.00"))


def test_only_posted_invoices_are_credited(books, customer):
    draft = document(books, customer, "out_invoice", line(books, "10.00"))

    with pytest.raises(InvoiceTransitionNotAllowed):
        invoice_credit_note(actor=books.actor, invoice=draft, date=NOV_3)


def test_the_invoice_list_takes_a_fixed_number_of_queries(books, customer, django_assert_num_queries):
    for price in ("10.00", "20.00", "30.00"):
        invoice_post(actor=books.actor, invoice=document(books, customer, "out_invoice", line(books, price)))

    with django_assert_num_queries(1):
        rows = [(i.number, i.partner.name, i.currency.code, i.journal.code) for i in invoices(books.company)]

    assert [number for number, *_rest in rows] == ["销-2026-11-0003", "销-2026-11-0002", "销-2026-11-0001"]


# --- integrity check ----------------------------------------------------------------------

def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_check_finds_an_invoice_whose_total_left_its_entry(books, customer, supplier):
    invoice = invoice_post(actor=books.actor, invoice=document(
        books, customer, "out_invoice", line(books, "33.33", "3", "销项 13%"), line(books, "33.33", "3", "销项 13%")))
    bill = invoice_post(actor=books.actor, invoice=document(books, supplier, "in_invoice", line(books, "10.00")))
    assert checks.invoices_match_entries() == []

    sql("UPDATE accounting_invoice SET amount_total = %s WHERE id = %s", "225.99", invoice.pk)
    payable_line = bill.entry.lines.get(debit=0)
    sql("UPDATE accounting_journalentryline SET credit = %s WHERE id = %s", "10.50", payable_line.pk)

    assert checks.invoices_match_entries() == [
        f"invoice 销-2026-11-0001 (id {invoice.pk}): total 225.99, receivable/payable line of entry "
        "销-2026-11-0001: 225.98",
        f"invoice 购-2026-11-0001 (id {bill.pk}): total 10.00, receivable/payable line of entry "
        "购-2026-11-0001: 10.50",
        f"invoice 购-2026-11-0001 (id {bill.pk}): entry 购-2026-11-0001 does not balance by -0.50",
    ]
