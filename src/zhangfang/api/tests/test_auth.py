"""Who may call the API, what they see, and how refusals and lists are shaped."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from zhangfang.api.api import api
from zhangfang.core.models import ApiToken, Partner
from zhangfang.core.services.partners import partner_create
from zhangfang.core.services.tokens import api_token_create, api_token_revoke

PROBLEM = "application/problem+json"
SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    pytest.param(method.upper(), path, operation, id=f"{method.upper()} {path}")
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
]
WRITES = [param for param in OPERATIONS if param.values[0] in {"POST", "PUT", "PATCH", "DELETE"}]
# Reads without an id that answer one report, not a list of rows.
REPORTS = {"GET /api/v1/accounting/trial-balance", "GET /api/v1/accounting/aging",
           "GET /api/v1/accounting/vat-report"}
LISTS = [param for param in OPERATIONS
         if param.values[0] == "GET" and "{" not in param.values[1] and param.id not in REPORTS]


def url(path: str, operation: dict) -> str:
    """The path with each parameter filled from its documented example, else 1."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            example = (parameter["schema"].get("examples") or [1])[0]
            path = path.replace("{" + parameter["name"] + "}", str(example))
    return path


def call(client, method, path, body=None, headers=None):
    return client.generic(method, path, data=json.dumps(body if body is not None else {}),
                          content_type="application/json", headers=headers or {})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_the_operations_are_discovered_from_the_schema():
    # the parametrized tests below are not vacuous: they see what the routers mount
    found = {param.id for param in OPERATIONS}
    assert {"GET /api/v1/companies", "GET /api/v1/partners", "POST /api/v1/partners",
            "PATCH /api/v1/partners/{partner_id}", "DELETE /api/v1/exchange-rates/{rate_id}"} <= found
    assert {param.id for param in WRITES} >= {"POST /api/v1/partners", "DELETE /api/v1/exchange-rates/{rate_id}"}
    assert "GET /api/v1/partners/{partner_id}" not in {param.id for param in LISTS}


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_an_anonymous_request_is_refused_as_unauthenticated(client, admin, method, path, operation):
    # when a request comes with no token and no session
    response = call(client, method, url(path, operation))

    # then it is a 401 problem that says how to authenticate
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="zhangfang"'
    assert response.json()["status"] == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(("method", "path", "operation"), WRITES)
def test_a_read_token_cannot_write(client, read_token, method, path, operation):
    # when a read-only token is used to change data
    response = call(client, method, url(path, operation), {"name": "只读"}, bearer(read_token))

    # then it is forbidden, whatever the body or the record
    assert response.status_code == 403
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["code"] == "permission_denied"


def test_a_read_token_can_read(client, read_token):
    response = client.get("/api/v1/currencies/CNY", headers=bearer(read_token))

    assert response.status_code == 200
    assert response.json()["code"] == "CNY"


def expire(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))


def revoke(token: ApiToken) -> None:
    api_token_revoke(actor=token.user, token=token)


@pytest.mark.parametrize("spoil", [expire, revoke])
def test_a_dead_token_is_refused(client, make_user, spoil):
    # given a token that worked
    owner = make_user("sales")
    token, plain = api_token_create(actor=owner, name="laptop", scope=ApiToken.Scope.WRITE)
    assert client.get("/api/v1/partners", headers=bearer(plain)).status_code == 200

    # when it expires or is revoked
    spoil(token)
    response = client.get("/api/v1/partners", headers=bearer(plain))

    # then it no longer authenticates
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_token_is_refused(client, admin):
    response = client.get("/api/v1/partners", headers=bearer("zf_deadbeef_" + "x" * 43))

    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM


def signed_in_browser(user) -> Client:
    """A browser session with CSRF checks on, as in a real browser."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def test_a_session_write_without_the_csrf_token_is_refused(make_user):
    # given a salesperson signed in in the browser
    browser = signed_in_browser(make_user("sales"))

    # when it reads, and when it writes without the CSRF token
    read = browser.get("/api/v1/partners")
    write = call(browser, "POST", "/api/v1/partners", {"name": "跨站公司"})

    # then the read works and the write is refused, creating nothing
    assert read.status_code == 200
    assert write.status_code == 403
    assert write.headers["Content-Type"] == PROBLEM
    assert write.json()["code"] == "csrf_failed"
    assert not Partner.objects.filter(name="跨站公司").exists()


def test_a_session_write_with_the_csrf_token_is_carried_out(make_user):
    browser = signed_in_browser(make_user("sales"))
    secret = get_random_string(32)
    browser.cookies["csrftoken"] = secret

    response = call(browser, "POST", "/api/v1/partners", {"name": "同站公司"}, {"X-CSRFToken": secret})

    assert response.status_code == 201
    assert response.json()["name"] == "同站公司"


@pytest.mark.parametrize(("method", "path", "operation"), LISTS)
def test_every_list_answers_items_and_count(client, write_token, method, path, operation):
    # given a list as documented
    query = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    # when it is asked for one row
    response = client.get(path, {"limit": 1}, headers=bearer(write_token))

    # then it takes limit and offset, and answers the page and the total
    body = response.json()
    assert {"limit", "offset"} <= query
    assert response.status_code == 200
    assert set(body) == {"items", "count"}
    assert len(body["items"]) == min(1, body["count"])


def test_the_partner_list_honours_limit_and_offset(client, admin, company, write_token):
    # given five partners
    for name in ["甲", "乙", "丙", "丁", "戊"]:
        partner_create(actor=admin, company=company, name=f"{name}公司")
    names = sorted(f"{name}公司" for name in ["甲", "乙", "丙", "丁", "戊"])

    # when the second page of two is asked for, and a page past the end
    page = client.get("/api/v1/partners", {"limit": 2, "offset": 2}, headers=bearer(write_token)).json()
    past = client.get("/api/v1/partners", {"limit": 2, "offset": 5}, headers=bearer(write_token)).json()

    # then each holds the rows in order and the total
    assert [row["name"] for row in page["items"]] == names[2:4]
    assert page["count"] == 5
    assert past == {"items": [], "count": 5}


@pytest.mark.parametrize(("query", "field"), [({"limit": 501}, "limit"), ({"limit": 0}, "limit"),
                                              ({"offset": -1}, "offset"), ({"limit": "x"}, "limit")])
def test_a_page_out_of_bounds_is_a_field_error(client, write_token, query, field):
    response = client.get("/api/v1/partners", query, headers=bearer(write_token))

    assert response.status_code == 422
    assert response.headers["Content-Type"] == PROBLEM
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_a_user_never_sees_another_companys_partner(client, admin, company, other_company, make_user):
    # given a salesperson of company A, and a partner of company B
    theirs = partner_create(actor=admin, company=other_company, name="别家客户")
    ours = partner_create(actor=admin, company=company, name="自家客户")
    clerk = make_user("sales")
    _token, plain = api_token_create(actor=clerk, name="clerk", scope=ApiToken.Scope.WRITE)

    # when the salesperson reads, changes, lists and filters by company B
    read = client.get(f"/api/v1/partners/{theirs.pk}", headers=bearer(plain))
    change = call(client, "PATCH", f"/api/v1/partners/{theirs.pk}", {"name": "改名"}, bearer(plain))
    listed = client.get("/api/v1/partners", headers=bearer(plain)).json()
    filtered = client.get("/api/v1/partners", {"company": other_company.pk}, headers=bearer(plain))

    # then company B's partner does not exist for them, and is unchanged
    assert read.status_code == 404
    assert read.headers["Content-Type"] == PROBLEM
    assert read.json()["code"] == "not_found"
    assert change.status_code == 404
    assert [row["id"] for row in listed["items"]] == [ours.pk]
    assert filtered.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "别家客户"


def test_a_bad_create_answers_field_errors(client, write_token):
    # when a partner is created without a name and with a float credit limit
    response = call(client, "POST", "/api/v1/partners", {"is_customer": True, "credit_limit": 10.5},
                    bearer(write_token))

    # then each bad field is named in the problem
    problem = response.json()
    assert response.status_code == 422
    assert response.headers["Content-Type"] == PROBLEM
    assert problem["type"] == "https://zhangfang.dev/problems/validation_failed"
    assert problem["status"] == 422
    assert sorted((error["field"], error["pointer"]) for error in problem["errors"]) == [
        ("credit_limit", "#/credit_limit"), ("name", "#/name")]


def test_a_business_rule_answers_field_errors(client, write_token):
    # when a partner names a currency that does not exist
    response = call(client, "POST", "/api/v1/partners", {"name": "外币公司", "currency": "XXX"},
                    bearer(write_token))

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["currency"]


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/no-such-thing/1", "/api/v1/partners/1/x"])
def test_an_unknown_api_path_is_a_problem_not_a_web_page(client, write_token, path):
    response = client.get(path, headers=bearer(write_token))

    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["code"] == "not_found"


def test_the_partner_list_needs_a_fixed_number_of_queries(client, admin, company, write_token,
                                                          django_assert_max_num_queries):
    # given ten partners, each with two contacts and an address
    for number in range(10):
        partner_create(actor=admin, company=company, name=f"客户{number:02}", currency=company.base_currency,
                       contacts=[{"name": "张三"}, {"name": "李四"}], addresses=[{"street": "中山路 1 号"}])
    client.get("/api/v1/partners", headers=bearer(write_token))  # the token's last use is stamped once

    # when the list is read, then the queries do not grow with the rows
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/partners", headers=bearer(write_token))
    assert response.json()["count"] == 10
