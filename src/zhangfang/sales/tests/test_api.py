"""Quotations and orders through the REST API, as an integrator (a web shop) uses it."""

import json
from decimal import Decimal as D

import pytest

from zhangfang.core.models import ApiToken
from zhangfang.core.services.partners import partner_update
from zhangfang.core.services.tokens import api_token_create

BASE = "/api/v1/sales"


@pytest.fixture
def api(client, shop):
    """call(method, path, body=None) → (status, JSON) with a read-write token."""
    _token, plain = api_token_create(actor=shop.actor, name="shop", scope=ApiToken.Scope.WRITE)

    def call(method, path, body=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}
        if method == "get":
            response = client.get(BASE + path, body or {}, **kwargs)
        else:
            response = client.post(BASE + path, data=json.dumps(body or {}), content_type="application/json",
                                   **kwargs)
        return response.status_code, response.json() if response.content else None

    return call


@pytest.fixture
def pump(shop):
    pump = shop.product()
    shop.receive(pump, "10", "60.00")
    return pump


def test_a_quotation_is_created_confirmed_delivered_in_part_and_invoiced(api, shop, pump):
    body = {"partner_id": shop.customer.pk, "date": "2026-11-03", "invoice_policy": "delivery",
            "reference": "WEB-1001", "lines": [{"product_id": pump.pk, "quantity": "5", "discount": "10"}]}

    status, quotation = api("post", "/quotations", body)
    assert status == 201
    # 5 × 100.00 − 10 % = 450.00, VAT 58.50
    assert (quotation["number"], quotation["status"], quotation["amount_untaxed"], quotation["amount_tax"],
            quotation["amount_total"]) == ("SO-2026-0001", "draft", "450.00", "58.50", "508.50")
    line_id = quotation["lines"][0]["id"]

    status, order = api("post", f"/orders/{quotation['id']}/confirm")
    assert (status, order["status"], order["pickings"][0]["status"]) == (200, "confirmed", "reserved")

    status, delivered = api("post", f"/orders/{order['id']}/deliver", {
        "date": "2026-11-05", "lines": [{"line_id": line_id, "quantity": "2"}], "carrier": "顺丰速运",
        "tracking_number": "SF55"})
    assert status == 200
    assert (delivered["done"]["status"], delivered["done"]["tracking_number"]) == ("done", "SF55")
    assert delivered["backorder"]["status"] == "reserved"
    assert delivered["order"]["lines"][0]["delivered_quantity"] == "2.0000"

    status, invoice = api("post", f"/orders/{order['id']}/invoice", {"date": "2026-11-05"})
    assert (status, invoice["status"], invoice["amount_total"]) == (201, "posted", "203.40")  # 180.00 + 23.40

    status, listed = api("get", "/orders", {"status": "confirmed"})
    assert (status, listed["count"], listed["items"][0]["number"]) == (200, 1, "SO-2026-0001")
    status, listed = api("get", "/quotations")
    assert listed["count"] == 0


def test_errors_are_problem_details(api, shop, pump):
    partner_update(actor=shop.actor, partner=shop.customer, credit_limit=D("100.00"))

    status, problem = api("post", "/quotations", {"partner_id": shop.customer.pk,
                                                  "lines": [{"product_id": 999999, "quantity": "1"}]})
    assert (status, problem["code"], problem["errors"][0]["field"]) == (422, "validation_failed",
                                                                        "lines.0.product_id")

    _status, quotation = api("post", "/quotations", {"partner_id": shop.customer.pk,
                                                     "lines": [{"product_id": pump.pk, "quantity": "1"}]})
    status, problem = api("post", f"/orders/{quotation['id']}/confirm")
    assert (status, problem["code"]) == (409, "credit_limit_exceeded")

    status, problem = api("post", f"/orders/{quotation['id']}/invoice")
    assert (status, problem["code"]) == (409, "sales_order_transition_not_allowed")
    assert api("get", "/orders/999999")[0] == 404


def test_the_order_list_is_a_few_queries_whatever_its_length(api, shop, pump, django_assert_max_num_queries):
    for _n in range(4):
        shop.order((pump, "1"))

    with django_assert_max_num_queries(12):
        status, listed = api("get", "/quotations", {"limit": "50"})

    assert (status, listed["count"], listed["items"][0]["partner"]) == (200, 4, "武汉客户")
