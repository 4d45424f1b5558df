"""A blind stocktake counted and validated from its page; reorder rules and the proposals."""

from decimal import Decimal

import pytest
from django.urls import reverse

from zhangfang.inventory.models import StockCount
from zhangfang.inventory.selectors.stock import on_hand

D = Decimal


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


def test_a_blind_count_is_entered_on_its_sheet_and_books_the_shortage(stock, signed_in):
    product = stock.product("average")
    stock.receive(product, "10", "5.00")
    client = signed_in(stock.actor)
    url = reverse("inventory_count_create")
    assert client.get(url).status_code == 200

    refused = client.post(url, {"kind": "full", "location": "", "date": str(stock.today)})
    assert refused.status_code == 422 and 'name="location"' in refused.content.decode()

    response = client.post(url, {"kind": "full", "location": stock.warehouse.view_location_id, "blind": "on",
                                 "date": str(stock.today), "notes": ""})
    count = StockCount.objects.get()
    detail = reverse("inventory_count_detail", args=[count.pk])
    assert response["Location"] == detail and count.blind
    client.post(reverse("inventory_count_action", args=[count.pk, "start"]))

    # The sheet asks for the count without showing the 10 the books expect.
    line = count.lines.get()
    sheet = client.get(detail).content.decode()
    assert f'name="counted_{line.pk}"' in sheet and "Expected" not in sheet

    # When 7 are found and the count is validated.
    response = client.post(detail, {f"counted_{line.pk}": "7", "validate": "1"})

    count.refresh_from_db()
    line.refresh_from_db()
    assert response.status_code == 302 and count.status == "done"
    assert (line.expected, line.counted, line.difference) == (D("10"), D("7"), D("-3"))
    assert on_hand(stock.company, product) == D("7")
    page = client.get(detail).content.decode()
    assert reverse("inventory_picking_detail", args=[count.picking_id]) in page and "-3" in page


def test_a_reorder_rule_is_checked_and_proposes_an_order(stock, signed_in):
    product = stock.product("average")
    stock.receive(product, "2", "5.00")
    client = signed_in(stock.actor)
    url = reverse("inventory_reorder_rule_create")
    data = {"product": product.pk, "warehouse": stock.warehouse.pk, "minimum": "5", "maximum": "3",
            "multiple": "10", "lead_days": "3", "supplier": ""}

    refused = client.post(url, data)
    assert refused.status_code == 422 and "The maximum cannot be below the minimum." in refused.content.decode()

    assert client.post(url, {**data, "maximum": "20"}).status_code == 302
    rules = client.get(reverse("inventory_reorder_rule_list")).content.decode()
    assert product.code in rules

    # 2 on hand under a minimum of 5: order up to 20, in tens → 20.
    proposals = client.get(reverse("inventory_replenishment")).content.decode()
    assert reverse("inventory_product_detail", args=[product.pk]) in proposals and ">20<" in proposals
