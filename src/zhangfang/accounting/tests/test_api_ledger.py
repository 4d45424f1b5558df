import datetime
import json
from decimal import Decimal

import pytest

from zhangfang.accounting.models import JournalEntry
from zhangfang.accounting.services.periods import period_ensure
from zhangfang.core.models import ApiToken
from zhangfang.core.services.tokens import api_token_create

BASE = "/api/v1/accounting"


@pytest.fixture
def api(client, books):
    """call(method, path, body=None) → (status, JSON) as the administrator with a read-write token."""
    _token, plain = api_token_create(actor=books.actor, name="ledger", scope=ApiToken.Scope.WRITE)

    def call(method, path, body=None, **params):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}
        if method == "get":
            response = client.get(BASE + path, params, **kwargs)
        else:
            response = getattr(client, method)(BASE + path, data=json.dumps(body or {}),
                                               content_type="application/json", **kwargs)
        return response.status_code, response.json(), response

    return call


def draft_body(books, debit="12500.00", credit="12500.00"):
    return {"journal_id": books.general.pk, "date": "2026-11-03", "narration": "收到投资款", "lines": [
        {"account_id": books.account("1002").pk, "debit": debit, "description": "工行入账"},
        {"account_id": books.account("4001").pk, "credit": credit},
    ]}


def test_an_entry_is_created_posted_and_reversed_through_the_api(api, books):
    status, draft, _r = api("post", "/entries", draft_body(books))
    assert status == 201
    assert (draft["status"], draft["number"]) == ("draft", "")
    assert [(line["account_code"], line["debit"], line["credit"]) for line in draft["lines"]] == [
        ("1002", "12500.00", "0.00"), ("4001", "0.00", "12500.00")]

    status, posted, _r = api("post", f"/entries/{draft['id']}/post")
    assert status == 200
    assert (posted["status"], posted["number"]) == ("posted", "记-2026-11-0001")

    status, mirror, _r = api("post", f"/entries/{draft['id']}/reverse", {"date": "2026-11-20"})
    assert status == 201
    assert (mirror["number"], mirror["date"], mirror["reversal_of_id"]) == ("记-2026-11-0002", "2026-11-20",
                                                                            draft["id"])
    assert [(line["debit"], line["credit"]) for line in mirror["lines"]] == [("0.00", "12500.00"),
                                                                             ("12500.00", "0.00")]
    status, original, _r = api("get", f"/entries/{draft['id']}")
    assert original["status"] == "reversed"


def test_an_unbalanced_entry_is_refused_with_problem_json(api, books):
    _status, draft, _r = api("post", "/entries", draft_body(books, credit="12000.00"))

    status, problem, response = api("post", f"/entries/{draft['id']}/post")

    assert status == 422 and response["Content-Type"] == "application/problem+json"
    assert problem["code"] == "entry_unbalanced"
    assert problem["detail"] == "The entry does not balance: debit 12500.00, credit 12000.00."
    assert JournalEntry.objects.get(pk=draft["id"]).status == "draft"


def test_float_amounts_are_refused(api, books):
    body = draft_body(books)
    body["lines"][0]["debit"] = 12500.5

    status, problem, _r = api("post", "/entries", body)

    assert status == 422
    assert [error["field"] for error in problem["errors"]] == ["lines.0.debit"]
    assert not JournalEntry.objects.exists()


def test_a_line_error_points_at_its_line(api, books):
    body = draft_body(books)
    body["lines"][1]["debit"] = "1.00"

    status, problem, _r = api("post", "/entries", body)

    assert status == 422 and problem["code"] == "entry_line_invalid"
    assert problem["errors"] == [{"field": "lines.1", "pointer": "#/lines/1",
                                  "detail": "Line 2: a line is either a debit or a credit, not both."}]


def test_accounts_of_another_company_are_unknown(api, books, other_company):
    from zhangfang.accounting.tests.conftest import Books

    foreign = Books(books.actor, other_company).account("1002")
    body = draft_body(books)
    body["lines"][0]["account_id"] = foreign.pk

    status, problem, _r = api("post", "/entries", body)

    assert status == 422
    assert problem["errors"][0]["field"] == "lines.0.account_id"


def test_lists_filter_and_keep_queries_flat(api, books, django_assert_max_num_queries):
    for n in range(1, 6):
        books.post(datetime.date(2026, n, 1), ("1002", f"{n}.00", ""), ("4001", "", f"{n}.00"))

    with django_assert_max_num_queries(8):
        status, page, _r = api("get", "/entries", status="posted", limit=3)

    assert status == 200 and page["count"] == 5
    assert [entry["number"] for entry in page["items"]] == ["记-2026-05-0001", "记-2026-04-0001", "记-2026-03-0001"]
    _s, accounts, _r = api("get", "/accounts", search="银行")
    assert [a["code"] for a in accounts["items"]] == ["1002"]
    _s, journals, _r = api("get", "/journals")
    assert [j["prefix"] for j in journals["items"]] == ["银", "现", "记", "购", "销"]


def test_cost_centres_and_accounts_are_created(api, books):
    status, centre, _r = api("post", "/cost-centres", {"code": "SALES", "name": "销售部"})
    assert status == 201 and centre["code"] == "SALES"
    status, account, _r = api("post", "/accounts", {"code": "660201", "name": "办公费", "type": "expense",
                                                     "parent_id": books.account("6602").pk})
    assert status == 201 and account["parent_id"] == books.account("6602").pk
    _s, centres, _r = api("get", "/cost-centres")
    assert centres["count"] == 1


def test_periods_close_and_reopen_with_a_reason(api, books):
    period = period_ensure(company=books.company, on_date=datetime.date(2026, 11, 3))

    status, closed, _r = api("post", f"/periods/{period.pk}/close")
    refused, problem, _r = api("post", f"/periods/{period.pk}/reopen", {})
    reopened, opened, _r = api("post", f"/periods/{period.pk}/reopen", {"reason": "补录"})

    assert (status, closed["status"]) == (200, "closed")
    assert (refused, problem["code"]) == (422, "period_reason_required")
    assert (reopened, opened["status"]) == (200, "open")
    _s, periods, _r = api("get", "/periods", fiscal_year="2026")
    assert periods["count"] == 12


def test_trial_balance(api, books):
    books.post(datetime.date(2026, 11, 3), ("1002", "500.00", ""), ("4001", "", "500.00"))

    status, report, _r = api("get", "/trial-balance", date_from="2026-11-01", date_to="2026-11-30")
    backwards, problem, _r = api("get", "/trial-balance", date_from="2026-11-30", date_to="2026-11-01")

    assert status == 200 and report["balanced"]
    assert [(row["code"], row["debit"], row["credit"]) for row in report["rows"]] == [
        ("1002", "500.00", "0.00"), ("4001", "0.00", "500.00")]
    assert report["totals"]["closing_debit"] == "500.00"
    assert backwards == 422 and problem["errors"][0]["field"] == "date_to"
    assert Decimal(report["totals"]["debit"]) == Decimal("500.00")
