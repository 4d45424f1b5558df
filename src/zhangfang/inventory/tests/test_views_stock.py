"""The product, set-up and stock report pages, rendered over stock built through the services."""

from decimal import Decimal

import pytest
from django.urls import reverse

from zhangfang.accounting.models import Account
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post
from zhangfang.inventory.models import Picking, Product
from zhangfang.inventory.services.products import lot_create
from zhangfang.inventory.services.replenishment import reorder_rule_create
from zhangfang.inventory.services.warehouses import location_create

D = Decimal


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


@pytest.fixture
def goods(stock):
    """P001 (average): 10 at 5.00 and 10 at 6.00 received, so 20 on hand worth 110.00;
    P002 (FIFO): 4 at 2.50 on shelf A-01, worth 10.00."""
    shelf = location_create(actor=stock.actor, company=stock.company, name="A-01", parent=stock.stock)
    first, second = stock.product("average"), stock.product("fifo")
    stock.receive(first, "10", "5.00")
    stock.receive(first, "10", "6.00")
    stock.receive(second, "4", "2.50", destination=shelf)
    return first, second, shelf


def test_the_product_list_and_page_show_stock_and_value(goods, stock, signed_in, django_assert_max_num_queries):
    first, second, shelf = goods
    client = signed_in(stock.actor)

    with django_assert_max_num_queries(18):  # the same for 2 or 2,000 products
        listing = client.get(reverse("inventory_product_list")).content.decode()
    assert reverse("inventory_product_detail", args=[first.pk]) in listing
    assert "110.00" in listing and "10.00" in listing and "120.00" in listing  # the total value

    page = client.get(reverse("inventory_product_detail", args=[first.pk])).content.decode()
    assert 'id="zf-on-hand">20 ' in page and 'id="zf-value">110.00<' in page and "5.50" in page
    receipt = Picking.objects.filter(moves__product=first).first()
    assert reverse("inventory_picking_detail", args=[receipt.pk]) in page

    filtered = client.get(reverse("inventory_product_list"), {"category": second.category_id}).content.decode()
    assert reverse("inventory_product_detail", args=[second.pk]) in filtered
    assert reverse("inventory_product_detail", args=[first.pk]) not in filtered


def test_a_refused_product_keeps_what_was_typed_and_shows_the_error_at_its_field(goods, stock, signed_in):
    first, _second, _shelf = goods
    client = signed_in(stock.actor)
    assert client.get(reverse("inventory_product_create")).status_code == 200

    response = client.post(reverse("inventory_product_create"), {
        "code": first.code, "name": "轴承 6204", "kind": "goods", "category": first.category_id,
        "tracking": "none", "uom": first.uom_id, "sale_price": "12.50", "purchase_price": "0",
        "attributes": "颜色=红"})

    html = response.content.decode()
    assert response.status_code == 422
    assert f"Another product has code {first.code}." in html
    assert 'value="轴承 6204"' in html and 'value="颜色=红"' in html
    assert Product.objects.filter(company=stock.company).count() == 2


def test_set_up_pages_render_the_categories_warehouses_and_location_tree(goods, stock, signed_in):
    _first, _second, shelf = goods
    client = signed_in(stock.actor)

    categories = client.get(reverse("inventory_category_list")).content.decode()
    assert "1405" in categories and reverse("inventory_category_edit", args=[stock.categories["fifo"].pk]) in categories
    warehouses = client.get(reverse("inventory_warehouse_list")).content.decode()
    assert reverse("inventory_warehouse_edit", args=[stock.warehouse.pk]) in warehouses
    tree = client.get(reverse("inventory_location_list")).content.decode()
    assert 'title="WH/Stock/A-01"' in tree and "padding-left: 2.5rem" in tree

    response = client.post(reverse("inventory_location_create"), {"name": "A/02", "parent": stock.stock.pk,
                                                                   "kind": "internal", "barcode": ""})
    assert response.status_code == 422 and "A name cannot contain /." in response.content.decode()


def test_stock_on_hand_totals_quantity_and_value_and_filters_by_location(goods, stock, signed_in):
    _first, _second, shelf = goods
    client = signed_in(stock.actor)

    everything = client.get(reverse("inventory_stock")).content.decode()
    assert "24" in everything and "120.00" in everything  # 20 + 4 on hand, 110.00 + 10.00

    on_shelf = client.get(reverse("inventory_stock"), {"location": shelf.pk})
    table = on_shelf.content.decode()
    assert on_shelf.status_code == 200 and "WH/Stock/A-01" in table and "110.00" not in table

    export = client.get(reverse("inventory_stock"), {"_export": "csv"}).content.decode()
    assert "WH/Stock/A-01" in export and "10.00" in export


def test_the_valuation_agrees_with_the_ledger_until_a_manual_voucher_hits_the_stock_account(goods, stock,
                                                                                           signed_in):
    client = signed_in(stock.actor)

    page = client.get(reverse("inventory_valuation")).content.decode()
    assert 'id="zf-stock-value">120.00<' in page and 'id="zf-ledger-balance">120.00<' in page
    assert 'id="zf-difference">0.00' in page and "text-bg-success" in page

    # When a voucher posts 7.00 to stock 1405 straight from the bank.
    journal_entry_post(actor=stock.actor, entry=journal_entry_create(
        actor=stock.actor, company=stock.company, journal=stock.general, date=stock.today, lines=[
            {"account": Account.objects.get(company=stock.company, code="1405"), "debit": D("7.00"), "credit": 0},
            {"account": Account.objects.get(company=stock.company, code="1002"), "debit": 0, "credit": D("7.00")}]))

    page = client.get(reverse("inventory_valuation"), {"by_location": "on"}).content.decode()
    assert 'id="zf-ledger-balance">127.00<' in page and 'id="zf-difference">-7.00' in page
    assert "text-bg-danger" in page and "WH/Stock/A-01" in page


def test_a_lot_page_traces_where_the_lot_went(stock, signed_in):
    product = stock.product("average", tracking="lot")
    lot = lot_create(actor=stock.actor, company=stock.company, product=product, name="L-0101")
    receipt = stock.receive(product, "5", "3.00", lot=lot)
    delivery = stock.deliver(product, "2", lot=lot)

    page = signed_in(stock.actor).get(reverse("inventory_lot_detail", args=[lot.pk])).content.decode()

    trace = page[page.index('id="zf-trace"'):]
    first, second = (reverse("inventory_picking_detail", args=[p.pk]) for p in (receipt, delivery))
    assert first in trace and second in trace and trace.index(first) < trace.index(second)
    assert 'id="zf-on-hand">3 ' in page


def test_every_list_and_form_page_opens(goods, stock, signed_in):
    first, _second, shelf = goods
    rule = reorder_rule_create(actor=stock.actor, company=stock.company, product=first, warehouse=stock.warehouse,
                               minimum=D("1"), maximum=D("5"))
    receipt = Picking.objects.filter(kind="receipt").first()
    client = signed_in(stock.actor)
    pages = ["inventory_product_list", "inventory_product_create", "inventory_category_list",
             "inventory_category_create", "inventory_warehouse_list", "inventory_warehouse_create",
             "inventory_location_list", "inventory_location_create", "inventory_lot_list", "inventory_lot_create",
             "inventory_picking_list", "inventory_receipt_list", "inventory_delivery_list", "inventory_internal_list",
             "inventory_stock", "inventory_valuation", "inventory_move_list", "inventory_count_list",
             "inventory_count_create", "inventory_reorder_rule_list", "inventory_reorder_rule_create",
             "inventory_replenishment"]
    objects = [("inventory_product_edit", first.pk), ("inventory_category_edit", first.category_id),
               ("inventory_warehouse_edit", stock.warehouse.pk), ("inventory_location_edit", shelf.pk),
               ("inventory_picking_return", receipt.pk), ("inventory_reorder_rule_edit", rule.pk)]
    for url in [reverse(name) for name in pages] + [reverse(name, args=[pk]) for name, pk in objects]:
        assert client.get(url).status_code == 200, url
