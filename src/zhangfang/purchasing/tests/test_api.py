"""Requisitions and purchase orders through the REST API, as an integrator uses them."""

import json
from decimal import Decimal as D

import pytest

from zhangfang.core.models import ApiToken
from zhangfang.core.services.tokens import api_token_create

BASE = "/api/v1/purchasing"


@pytest.fixture
def api(client, buying):
    """call(method, path, body=None) → (status, JSON) with a read-write token of the administrator."""
    _token, plain = api_token_create(actor=buying.actor, name="purchasing", scope=ApiToken.Scope.WRITE)

    def call(method, path, body=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}
        if method == "get":
            response = client.get(BASE + path, body or {}, **kwargs)
        else:
            response = client.post(BASE + path, data=json.dumps(body or {}), content_type="application/json",
                                   **kwargs)
        return response.status_code, response.json() if response.content else None

    return call


def test_an_order_is_created_confirmed_received_in_part_and_billed_through_the_api(api, buying):
    bearing = buying.product(purchase_uom=buying.box)
    status, order = api("post", "/orders", {
        "supplier_id": buying.supplier_a.pk, "order_date": "2026-11-02", "expected_date": "2026-11-09",
        "lines": [{"product_id": bearing.pk, "quantity": "5", "unit_price": "120.00", "tax_id": buying.vat13.pk}]})
    assert status == 201
    assert (order["number"], order["status"], order["amount_total"], order["lines"][0]["uom"]) == (
        "PO-2026-0001", "draft", "678.00", "box")
    line_id = order["lines"][0]["id"]

    status, order = api("post", f"/orders/{order['id']}/confirm")
    assert (status, order["status"], [r["status"] for r in order["receipts"]]) == (200, "confirmed", ["confirmed"])

    status, receipt = api("post", f"/orders/{order['id']}/receive",
                          {"date": "2026-11-05", "lines": [{"line_id": line_id, "quantity": "3"}]})
    assert (status, receipt["kind"], receipt["status"], receipt["date"]) == (200, "receipt", "done", "2026-11-05")

    # A bill for all 5 boxes though 3 came: refused as problem+json, the draft kept for approval.
    status, problem = api("post", f"/orders/{order['id']}/bill", {"date": "2026-11-06", "reference": "SZ-9",
                                                                  "lines": [{"line_id": line_id, "quantity": "5"}]})
    assert (status, problem["code"]) == (409, "purchase_bill_mismatch")
    status, bill = api("post", f"/orders/{order['id']}/bill", {"date": "2026-11-06", "reference": "SZ-10",
                                                               "lines": [{"line_id": line_id, "quantity": "3"}]})
    assert (status, bill["kind"], bill["status"], bill["match"], bill["amount_total"]) == (
        201, "in_invoice", "posted", "matched", "406.80")

    status, detail = api("get", f"/orders/{order['id']}")
    assert (detail["status"], detail["lines"][0]["received_quantity"], detail["lines"][0]["billed_quantity"]) == (
        "partially_received", "3.0000", "3.0000")
    assert [(b["reference"], b["status"], b["match"]) for b in detail["bills"]] == [
        ("SZ-9", "draft", "mismatch"), ("SZ-10", "posted", "matched")]
    status, listed = api("get", "/orders", {"status": "partially_received"})
    assert (status, listed["count"], listed["items"][0]["number"]) == (200, 1, "PO-2026-0001")


def test_a_requisition_is_created_and_submitted_and_bad_input_is_a_field_error(api, buying):
    product = buying.product(purchase_price=D("4.50"))
    status, requisition = api("post", "/requisitions", {
        "department": "车间", "submit": True, "lines": [{"product_id": product.pk, "quantity": "10"}]})
    assert (status, requisition["status"], requisition["amount_estimated"]) == (201, "approved", "45.00")
    status, listed = api("get", "/requisitions")
    assert (listed["count"], listed["items"][0]["number"]) == (1, "PR-2026-0001")

    status, problem = api("post", "/requisitions", {"lines": [{"product_id": 999_999, "quantity": "1"}]})
    assert (status, problem["errors"][0]["field"]) == (422, "lines.0.product_id")
    status, problem = api("post", "/orders", {"supplier_id": buying.supplier_a.pk, "order_date": "2026-11-02",
                                              "lines": [{"product_id": product.pk, "quantity": "1",
                                                         "tax_id": buying.vat13.pk, "uom_id": buying.box.pk,
                                                         "unit_price": "1.0000001"}]})
    assert status == 422 and problem["errors"][0]["field"] == "lines.0.unit_price"


def test_the_list_endpoints_keep_their_query_count(api, buying, django_assert_max_num_queries):
    product = buying.product()
    for _n in range(3):
        buying.order((product, "1", "1.00"))
    api("post", "/requisitions", {"lines": [{"product_id": product.pk, "quantity": "1"}]})
    for path in ("/orders", "/requisitions"):
        with django_assert_max_num_queries(12):
            status, listed = api("get", path)
        assert status == 200 and listed["count"] >= 1
