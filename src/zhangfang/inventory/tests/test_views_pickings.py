"""Transfers driven from their pages: the status bar's steps, validating part of a delivery into
a backorder, a return, the shipping details and the internal transfer form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from zhangfang.inventory.models import Picking
from zhangfang.inventory.selectors.stock import on_hand

D = Decimal


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


def action(picking, name):
    return reverse("inventory_picking_action", args=[picking.pk, name])


def test_a_delivery_is_confirmed_reserved_and_validated_in_part_leaving_a_backorder(stock, signed_in):
    product = stock.product("average")
    stock.receive(product, "10", "5.00")
    delivery = stock.picking(Picking.Kind.DELIVERY, stock.stock, stock.customer, (product, "8"))
    client = signed_in(stock.actor)
    detail = reverse("inventory_picking_detail", args=[delivery.pk])

    # The draft offers Confirm; confirming and checking availability reserve the 8.
    assert f'action="{action(delivery, "confirm")}"' in client.get(detail).content.decode()
    client.post(action(delivery, "confirm"))
    client.post(action(delivery, "reserve"))
    delivery.refresh_from_db()
    assert delivery.status == "reserved"
    page = client.get(detail).content.decode()
    assert reverse("inventory_picking_validate", args=[delivery.pk]) in page and 'aria-current="step"' in page

    # When 5 of the 8 are shipped.
    move = delivery.moves.get()
    form = client.get(reverse("inventory_picking_validate", args=[delivery.pk])).content.decode()
    assert f'name="qty_{move.pk}"' in form
    response = client.post(reverse("inventory_picking_validate", args=[delivery.pk]),
                           {"date": str(stock.today), f"qty_{move.pk}": "5"})

    # Then 5 leave the stock at 5.00 and the other 3 wait in a backorder.
    delivery.refresh_from_db()
    backorder = Picking.objects.get(backorder_of=delivery)
    assert response.status_code == 302 and delivery.status == "done"
    assert [(m.quantity, m.value) for m in delivery.moves.all()] == [(D("5"), D("25.00"))]
    assert [m.quantity for m in backorder.moves.all()] == [D("3")] and backorder.status == "confirmed"
    assert on_hand(stock.company, product) == D("5")
    page = client.get(response["Location"]).content.decode()
    assert reverse("inventory_picking_detail", args=[backorder.pk]) in page and 'id="zf-entry-link"' in page

    # And a return of 2 is made as a draft from the done delivery.
    response = client.post(reverse("inventory_picking_return", args=[delivery.pk]),
                           {"date": str(stock.today), f"qty_{move.pk}": "2"})
    returned = Picking.objects.get(return_of=delivery)
    assert response["Location"] == reverse("inventory_picking_detail", args=[returned.pk])
    assert (returned.kind, returned.status, [m.quantity for m in returned.moves.all()]) == (
        "return_in", "draft", [D("2")])


def test_too_little_stock_is_said_and_nothing_is_reserved(stock, signed_in):
    product = stock.product("average")
    stock.receive(product, "3", "5.00")
    delivery = stock.picking(Picking.Kind.DELIVERY, stock.stock, stock.customer, (product, "4"))
    client = signed_in(stock.actor)

    response = client.post(action(delivery, "reserve"), follow=True)

    delivery.refresh_from_db()
    assert delivery.status == "draft" and delivery.moves.get().reserved_quantity == 0  # all or nothing
    assert f"Not enough {product} at WH/Stock: 4 requested, 3 available." in response.content.decode()

    # Validating more than planned is refused at the line, with what was typed kept.
    move = delivery.moves.get()
    response = client.post(reverse("inventory_picking_validate", args=[delivery.pk]),
                           {"date": str(stock.today), f"qty_{move.pk}": "6"})
    assert response.status_code == 422 and 'value="6"' in response.content.decode()
    assert "done is more than the" in response.content.decode()


def test_shipping_details_are_saved_on_a_delivery(stock, signed_in):
    product = stock.product("average")
    delivery = stock.picking(Picking.Kind.DELIVERY, stock.stock, stock.customer, (product, "1"))

    signed_in(stock.actor).post(reverse("inventory_picking_shipping", args=[delivery.pk]),
                                {"carrier": "顺丰速运", "tracking_number": "SF123"})

    delivery.refresh_from_db()
    assert (delivery.carrier, delivery.tracking_number) == ("顺丰速运", "SF123")


def test_the_internal_transfer_form_saves_a_draft_and_shows_line_errors(stock, signed_in):
    product = stock.product("average")
    client = signed_in(stock.actor)
    url = reverse("inventory_transfer_create")
    assert client.get(url).status_code == 200
    data = {"source": stock.stock.pk, "destination": stock.warehouse.quality_location_id,
            "scheduled_date": str(stock.today), "origin": "", "notes": "", "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000",
            "lines-0-product": "", "lines-0-quantity": "", "lines-0-lot": "",
            "lines-1-product": str(product.pk), "lines-1-quantity": "", "lines-1-lot": ""}

    refused = client.post(url, data)
    assert refused.status_code == 422 and "Give a quantity greater than 0." in refused.content.decode()

    saved = client.post(url, {**data, "lines-1-quantity": "2.5"})
    picking = Picking.objects.get(kind="internal")
    assert saved["Location"] == reverse("inventory_picking_detail", args=[picking.pk])
    assert (picking.status, [m.quantity for m in picking.moves.all()]) == ("draft", [D("2.5")])
    listing = client.get(reverse("inventory_internal_list")).content.decode()
    assert reverse("inventory_picking_detail", args=[picking.pk]) in listing
