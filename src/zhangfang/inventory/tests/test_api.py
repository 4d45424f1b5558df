"""The inventory REST API as an integrator uses it: products, transfers, stock and counts."""

import json
from decimal import Decimal

import pytest

from zhangfang.core.models import ApiToken
from zhangfang.core.services.tokens import api_token_create
from zhangfang.inventory.models import Picking, StockCount
from zhangfang.inventory.selectors.stock import on_hand

BASE = "/api/v1/inventory"


@pytest.fixture
def api(client, stock):
    """call(method, path, body=None) → (status, JSON) with a read-write token."""
    _token, plain = api_token_create(actor=stock.actor, name="inventory", scope=ApiToken.Scope.WRITE)

    def call(method, path, body=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}
        if method == "get":
            response = client.get(BASE + path, body or {}, **kwargs)
        else:
            response = getattr(client, method)(BASE + path, data=json.dumps(body or {}),
                                               content_type="application/json", **kwargs)
        return response.status_code, response.json() if response.content else None

    return call


def test_a_product_is_created_received_and_listed_with_its_stock(api, stock):
    body = {"code": "BRG-6204", "name": "深沟球轴承 6204", "category_id": stock.categories["average"].pk,
            "uom_id": stock.piece.pk, "sale_price": "12.50", "attributes": {"尺寸": "6204"}}
    status, product = api("post", "/products", body)
    assert status == 201
    assert (product["code"], product["sale_price"], product["on_hand"], product["attributes"]) == (
        "BRG-6204", "12.500000", "0.0000", {"尺寸": "6204"})

    # The same code again is a 422 with the field named as the body names it.
    status, problem = api("post", "/products", {**body, "category_id": stock.categories["fifo"].pk})
    assert status == 422 and problem["code"] == "stock_field_invalid"
    assert [error["field"] for error in problem["errors"]] == ["code"]

    # When 10 are received at 4.20 through a receipt made and validated over the API.
    status, receipt = api("post", "/pickings", {
        "kind": "receipt", "source_id": stock.supplier.pk, "destination_id": stock.stock.pk,
        "scheduled_date": str(stock.today), "lines": [{"product_id": product["id"], "quantity": "10",
                                                       "unit_cost": "4.20"}]})
    assert status == 201 and receipt["status"] == "draft"
    status, done = api("post", f"/pickings/{receipt['id']}/validate", {})
    assert status == 200 and done["picking"]["status"] == "done" and done["backorder"] is None
    assert done["picking"]["moves"][0]["value"] == "42.00"

    # Then the product, the stock and the moves say so.
    _status, listed = api("get", "/products", {"search": "6204"})
    assert [(row["code"], row["on_hand"], row["value"]) for row in listed["items"]] == [
        ("BRG-6204", "10.0000", "42.00")]
    _status, quants = api("get", "/stock", {"product_id": product["id"],
                                            "location_id": stock.warehouse.view_location_id})
    assert [(row["location"], row["quantity"]) for row in quants["items"]] == [("WH/Stock", "10.0000")]
    _status, moves = api("get", "/moves", {"product_id": product["id"]})
    assert moves["count"] == 1


def test_validating_more_than_is_on_hand_is_a_409_and_changes_nothing(api, stock):
    product = stock.product("average")
    stock.receive(product, "3", "5.00")
    delivery = stock.picking(Picking.Kind.DELIVERY, stock.stock, stock.customer, (product, "5"))

    status, problem = api("post", f"/pickings/{delivery.pk}/validate", {})

    assert status == 409 and problem["code"] == "not_enough_stock"
    assert problem["detail"] == f"Not enough {product} at WH/Stock: 5 requested, 3 available."
    delivery.refresh_from_db()
    assert delivery.status == "draft" and on_hand(stock.company, product) == Decimal("3")

    # Part of it can go: 3 now, 2 in a backorder.
    move = delivery.moves.get()
    status, done = api("post", f"/pickings/{delivery.pk}/validate", {"lines": [{"move_id": move.pk,
                                                                                "quantity": "3"}]})
    assert status == 200 and [m["quantity"] for m in done["backorder"]["moves"]] == ["2.0000"]


def test_a_blind_count_hides_what_is_expected_and_books_the_difference(api, stock):
    product = stock.product("average")
    stock.receive(product, "10", "5.00")

    status, count = api("post", "/counts", {"location_id": stock.stock.pk, "blind": True})
    assert status == 201 and count["status"] == "draft"
    _status, count = api("post", f"/counts/{count['id']}/start")
    [line] = count["lines"]
    assert line["expected"] is None and line["counted"] is None

    status, problem = api("post", f"/counts/{count['id']}/counted", {"lines": [{"line_id": 999999,
                                                                               "counted": "1"}]})
    assert status == 422 and problem["errors"][0]["field"] == "lines.0.line_id"
    api("post", f"/counts/{count['id']}/counted", {"lines": [{"line_id": line["id"], "counted": "8"}]})
    status, done = api("post", f"/counts/{count['id']}/validate", {})

    assert status == 200 and done["status"] == "done"
    assert [(row["expected"], row["counted"], row["difference"]) for row in done["lines"]] == [
        ("10.0000", "8.0000", "-2.0000")]
    assert on_hand(stock.company, product) == Decimal("8")
    assert StockCount.objects.get(pk=count["id"]).picking.kind == "adjustment"
