"""Invoices, credit notes, payments, aging and VAT through the REST API, as an integrator uses it."""

import datetime
import json

import pytest

from zhangfang.accounting.models import Invoice, Payment, Tax
from zhangfang.accounting.tests.trade import Trade
from zhangfang.core.models import ApiToken
from zhangfang.core.services.tokens import api_token_create

BASE = "/api/v1/accounting"
NOV_3 = datetime.date(2026, 11, 3)


@pytest.fixture
def trade(books):
    return Trade(books)


@pytest.fixture
def api(client, trade):
    """call(method, path, body=None, **headers) → (status, JSON, response) with a read-write token."""
    _token, plain = api_token_create(actor=trade.actor, name="documents", scope=ApiToken.Scope.WRITE)

    def call(method, path, body=None, **headers):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en", **headers}
        if method == "get":
            response = client.get(BASE + path, body or {}, **kwargs)
        else:
            response = getattr(client, method)(BASE + path, data=json.dumps(body or {}),
                                               content_type="application/json", **kwargs)
        return response.status_code, response.json() if response.content else None, response

    return call


def tax_id(trade, name: str) -> int:
    return Tax.objects.get(company=trade.company, name=name).pk


def invoice_body(trade, **line) -> dict:
    return {"kind": "out_invoice", "partner_id": trade.customer.pk, "date": "2026-11-03", "reference": "PO-88",
            "lines": [{"description": "水泵", "quantity": "2", "unit_price": "1500.00",
                       "tax_id": tax_id(trade, "销项 13%"), **line}]}


def test_an_invoice_is_created_posted_and_paid_through_the_api(api, trade):
    # When a draft of 2 × 1,500.00 at 13 % is created.
    status, draft, _r = api("post", "/invoices", invoice_body(trade))
    assert status == 201
    assert (draft["status"], draft["number"], draft["amount_untaxed"], draft["amount_tax"],
            draft["amount_total"]) == ("draft", "", "3000.00", "390.00", "3390.00")
    assert draft["due_date"] == "2026-12-03" and draft["lines"][0]["account_code"] == "6001"

    # And posted.
    status, posted, _r = api("post", f"/invoices/{draft['id']}/post")
    assert status == 200
    assert (posted["status"], posted["number"], posted["amount_residual"]) == ("posted", "销-2026-11-0001",
                                                                               "3390.00")

    # And paid in full, sent twice under one Idempotency-Key.
    body = {"kind": "inbound", "partner_id": trade.customer.pk, "journal_id": trade.bank.pk, "date": "2026-11-20",
            "amount": "3390.00", "allocations": [{"invoice_id": draft["id"], "amount": "3390.00"}]}
    status, payment, _r = api("post", "/payments", body, HTTP_IDEMPOTENCY_KEY="pay-PO-88")
    again, replay, response = api("post", "/payments", body, HTTP_IDEMPOTENCY_KEY="pay-PO-88")

    # Then one payment settles the whole invoice.
    assert status == again == 201 and replay == payment and response["Idempotent-Replayed"] == "true"
    assert Payment.objects.count() == 1
    assert (payment["number"], payment["amount"], payment["status"]) == ("银-2026-11-0001", "3390.00", "posted")
    assert [(row["invoice_id"], row["amount"]) for row in payment["settled"]] == [(draft["id"], "3390.00")]
    _status, paid, _r = api("get", f"/invoices/{draft['id']}")
    assert (paid["payment_state"], paid["amount_residual"]) == ("paid", "0.00")
    _status, listed, _r = api("get", "/invoices", {"payment_state": "paid"})
    assert [row["number"] for row in listed["items"]] == ["销-2026-11-0001"]


def test_a_float_amount_is_refused(api, trade):
    status, problem, response = api("post", "/invoices", invoice_body(trade, unit_price=1500.5))

    assert status == 422 and response["Content-Type"] == "application/problem+json"
    assert problem["code"] == "validation_failed"
    assert [error["field"] for error in problem["errors"]] == ["lines.0.unit_price"]
    assert not Invoice.objects.exists()


def test_a_line_refused_by_the_service_points_at_the_request_body(api, trade):
    status, problem, _r = api("post", "/invoices", invoice_body(trade, tax_id=tax_id(trade, "进项 13%")))

    assert status == 422 and problem["code"] == "invoice_line_invalid"
    assert [error["field"] for error in problem["errors"]] == ["lines.0.tax_id"]


def test_crediting_cancels_an_unpaid_invoice_which_then_cannot_be_posted(api, trade):
    invoice = trade.invoice(NOV_3, "500.00")

    status, note, _r = api("post", f"/invoices/{invoice.pk}/credit-note", {"date": "2026-11-10", "reason": "退货"})
    assert status == 201
    assert (note["kind"], note["status"], note["amount_total"], note["credit_note_of_id"]) == (
        "out_refund", "posted", "500.00", invoice.pk)

    status, problem, response = api("post", f"/invoices/{invoice.pk}/post")

    assert status == 409 and response["Content-Type"] == "application/problem+json"
    assert problem["code"] == "invoice_transition_not_allowed"
    _status, original, _r = api("get", f"/invoices/{invoice.pk}")
    assert original["status"] == "cancelled"


def test_a_draft_is_changed_and_deleted_but_a_posted_one_is_not(api, trade):
    _status, draft, _r = api("post", "/invoices", invoice_body(trade))

    status, changed, _r = api("patch", f"/invoices/{draft['id']}", {"reference": "PO-89", "lines": [
        {"description": "电机", "unit_price": "800.00"}]})
    assert status == 200
    assert (changed["reference"], changed["amount_total"], len(changed["lines"])) == ("PO-89", "800.00", 1)

    status, _body, _r = api("delete", f"/invoices/{draft['id']}")
    assert status == 204 and not Invoice.objects.exists()

    posted = trade.invoice(NOV_3, "100.00")
    status, problem, _r = api("patch", f"/invoices/{posted.pk}", {"reference": "改"})
    assert status == 409 and problem["code"] == "invoice_not_draft"


def test_a_payment_is_cancelled_once(api, trade):
    invoice = trade.invoice(NOV_3, "1000.00")
    payment = trade.receive(datetime.date(2026, 11, 5), "1200.00", (invoice, "1000.00"))

    status, cancelled, _r = api("post", f"/payments/{payment.pk}/cancel", {"date": "2026-11-06"})
    # Then it is matched with its reversal only.
    assert status == 200 and cancelled["status"] == "cancelled"
    assert [(row["entry_number"], row["invoice_id"], row["amount"]) for row in cancelled["settled"]] == [
        ("银-2026-11-0002", None, "1200.00")]

    status, problem, _r = api("post", f"/payments/{payment.pk}/cancel", {})
    assert status == 409 and problem["code"] == "payment_transition_not_allowed"
    _status, reopened, _r = api("get", f"/invoices/{invoice.pk}")
    assert (reopened["payment_state"], reopened["amount_residual"]) == ("not_paid", "1000.00")


def test_aging_and_vat_report_answer_exact_amounts(api, trade):
    old = trade.invoice(datetime.date(2026, 10, 1), "1000.00")
    trade.receive(datetime.date(2026, 10, 20), "400.00", (old, "400.00"))
    api("post", f"/invoices/{api('post', '/invoices', invoice_body(trade))[1]['id']}/post")

    status, report, _r = api("get", "/aging", {"kind": "receivable", "as_of": "2026-11-30"})
    assert status == 200
    # 3,390.00 due Dec 3 is not yet due; 600.00 left of what fell due Oct 1 is 31–60 days late.
    assert [(row["partner_name"], row["current"], row["days_31_60"], row["total"]) for row in report["rows"]] == [
        ("武汉客户", "3390.00", "600.00", "3990.00")]
    assert (report["totals"]["total"], report["control_balance"], report["agrees"]) == ("3990.00", "3990.00", True)

    status, vat, _r = api("get", "/vat-report", {"date_from": "2026-11-01", "date_to": "2026-11-30"})
    assert status == 200
    assert [(row["name"], row["base"], row["tax"]) for row in vat["output"]] == [("销项 13%", "3000.00", "390.00")]
    assert (vat["input"], vat["payable"]) == ([], "390.00")
    status, problem, _r = api("get", "/aging", {"as_of": "0001-01-01"})
    assert status == 422 and problem["errors"][0]["field"] == "as_of"
