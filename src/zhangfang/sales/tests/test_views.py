"""The sales pages driven as a clerk drives them: a quotation keyed in the form, confirmed,
delivered in part from the delivery page, invoiced and paid from the order's status bar."""

import datetime
import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse

from zhangfang.accounting.models import Invoice
from zhangfang.inventory.models import Picking
from zhangfang.sales.models import PriceList, SalesOrder
from zhangfang.sales.services.deliveries import sales_order_deliver
from zhangfang.sales.services.invoicing import sales_order_invoice
from zhangfang.sales.services.orders import sales_order_confirm

TODAY = datetime.date.today().isoformat()


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


def order_post_data(shop, *lines: dict, **header) -> dict:
    data = {"partner": shop.customer.pk, "date": "2026-11-03", "valid_until": "", "currency": "", "price_list": "",
            "warehouse": shop.warehouse.pk, "invoice_policy": "order", "reference": "PO-88", "notes": "",
            "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000", **header}
    for index, line in enumerate(lines):
        row = {"product": "", "description": "", "quantity": "", "uom": "", "unit_price": "", "discount": "",
               "tax": "", **line}
        data.update({f"lines-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_quotation_goes_from_the_form_to_a_paid_order(shop, signed_in):
    client = signed_in(shop.actor)
    pump = shop.product()
    shop.receive(pump, "10", "60.00")
    assert client.get(reverse("sales_order_create")).status_code == 200

    # Keyed: 8 pumps at the product's 100.00 less 5 %, VAT 13 %: 760.00 + 98.80 = 858.80.
    response = client.post(reverse("sales_order_create"), order_post_data(
        shop, {"product": pump.pk, "quantity": "8", "discount": "5", "tax": shop.vat13.pk}))
    order = SalesOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sales_order_detail", args=[order.pk])
    assert order.amount_total == D("858.80")
    page = client.get(response["Location"]).content.decode()
    assert reverse("sales_order_action", args=[order.pk, "confirm"]) in page

    client.post(reverse("sales_order_action", args=[order.pk, "confirm"]))
    delivery = Picking.objects.get(kind="delivery")
    assert delivery.status == "reserved"

    # The warehouse ships 5 with a tracking number; 3 wait on a backorder.
    url = reverse("sales_delivery_detail", args=[delivery.pk])
    assert client.get(url).status_code == 200
    move = delivery.moves.get()
    response = client.post(url, {"date": "2026-11-05", "carrier": "顺丰速运", "tracking_number": "SF100200300",
                                 f"done-{move.pk}": "5"})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.tracking_number) == ("done", "SF100200300")
    assert delivery.backorders.get().moves.get().quantity == D("3")

    client.post(reverse("sales_order_action", args=[order.pk, "invoice"]))
    invoice = Invoice.objects.get(kind="out_invoice")
    assert invoice.amount_total == D("858.80")  # on order: all 8

    response = client.post(reverse("sales_order_payment", args=[order.pk]),
                           {"journal": shop.bank.pk, "date": "2026-11-09", "amount": "858.80", "reference": ""})
    assert response.status_code == 302
    page = client.get(reverse("sales_order_detail", args=[order.pk])).content.decode()
    assert 'data-state="paid"' in page
    assert reverse("sales_delivery_detail", args=[delivery.pk]) in page
    assert reverse("accounting_invoice_detail", args=[invoice.pk]) in page


def test_a_line_error_is_shown_at_its_line_and_nothing_is_lost(shop, signed_in):
    client = signed_in(shop.actor)
    pump = shop.product()

    response = client.post(reverse("sales_order_create"), order_post_data(
        shop, {"product": pump.pk, "quantity": "2"}, {"product": pump.pk, "quantity": "1", "discount": "150"}))

    assert response.status_code == 422
    assert not SalesOrder.objects.exists()
    form = response.context["formset"].forms[1]
    assert form.errors["discount"] == ["the discount is a percentage from 0 to 100."]
    assert response.context["formset"].forms[0]["quantity"].value() == "2"


def test_the_lists_show_totals_in_few_queries(shop, signed_in, django_assert_max_num_queries):
    client = signed_in(shop.actor)
    pump = shop.product()
    shop.receive(pump, "20", "60.00")
    for _n in range(3):
        shop.order((pump, "1"))
    for _n in range(2):
        sales_order_confirm(actor=shop.actor, order=shop.order((pump, "2")))
    price_list = PriceList.objects.create(company=shop.company, name="零售", currency=shop.company.base_currency)

    with django_assert_max_num_queries(20):
        quotations = client.get(reverse("sales_quotation_list"))
    with django_assert_max_num_queries(20):
        orders = client.get(reverse("sales_order_list"))
    with django_assert_max_num_queries(20):
        deliveries = client.get(reverse("sales_delivery_list"))
    prices = client.get(reverse("sales_pricelist_list"))

    assert quotations.context["table"].totals == [{"currency": "CNY", "amount_untaxed": D("300.00"),
                                                   "amount_tax": D("39.00"), "amount_total": D("339.00")}]
    assert len(orders.context["table"].rows) == 2
    assert len(deliveries.context["table"].rows) == 2
    assert reverse("sales_pricelist_detail", args=[price_list.pk]) in prices.content.decode()


def test_a_price_list_is_keyed_with_its_items(shop, signed_in):
    client = signed_in(shop.actor)
    pump = shop.product()
    data = {"name": "经销商价", "currency": "CNY", "active": "on", "prices-TOTAL_FORMS": "2",
            "prices-INITIAL_FORMS": "0", "prices-MIN_NUM_FORMS": "0", "prices-MAX_NUM_FORMS": "1000",
            "prices-0-product": pump.pk, "prices-0-min_quantity": "", "prices-0-price": "95",
            "prices-1-product": pump.pk, "prices-1-min_quantity": "10", "prices-1-price": "90"}
    assert client.get(reverse("sales_pricelist_create")).status_code == 200

    response = client.post(reverse("sales_pricelist_create"), data)

    price_list = PriceList.objects.get()
    assert response.status_code == 302
    assert sorted((item.min_quantity, item.price) for item in price_list.items.all()) == [
        (D("0"), D("95")), (D("10"), D("90"))]
    assert client.get(reverse("sales_pricelist_detail", args=[price_list.pk])).status_code == 200


def test_over_the_credit_limit_the_page_offers_approval_instead_of_confirming(shop, signed_in):
    from zhangfang.core.services.partners import partner_update

    client = signed_in(shop.actor)
    partner_update(actor=shop.actor, partner=shop.customer, credit_limit=D("100.00"))
    order = shop.order((shop.product(), "2"))  # 226.00

    page = client.get(reverse("sales_order_detail", args=[order.pk])).content.decode()
    assert reverse("sales_order_action", args=[order.pk, "request-approval"]) in page
    assert reverse("sales_order_action", args=[order.pk, "confirm"]) not in page

    client.post(reverse("sales_order_action", args=[order.pk, "confirm"]))
    order.refresh_from_db()
    assert order.status == "draft"  # refused, the message says why


@pytest.fixture
def shipped(shop):
    """An order delivered and invoiced, for the printed documents."""
    pump = shop.product(name="QJ-50 深井泵")
    shop.receive(pump, "10", "60.00")
    order = sales_order_confirm(actor=shop.actor, order=shop.order((pump, "4")))
    delivery, _rest = sales_order_deliver(actor=shop.actor, order=order, date=datetime.date(2026, 11, 5),
                                          carrier="顺丰速运", tracking_number="SF100200300")
    invoice = sales_order_invoice(actor=shop.actor, order=order, date=datetime.date(2026, 11, 5))
    return delivery, invoice


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    try:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                              text=True).stdout
    except FileNotFoundError:
        pytest.skip("poppler-utils is not installed")


def test_the_delivery_note_and_the_invoice_print_with_chinese_text(shipped, shop, signed_in, tmp_path):
    client = signed_in(shop.actor)
    delivery, invoice = shipped

    note = client.get(reverse("sales_delivery_pdf", args=[delivery.pk]))
    picking_list = client.get(reverse("sales_picking_list_pdf", args=[delivery.pk]))
    printed = client.get(reverse("sales_invoice_pdf", args=[invoice.pk]))

    for response in (note, picking_list, printed):
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = pdf_text(note.content, tmp_path)
    assert "QJ-50 深井泵" in text and "武汉客户" in text and "SF100200300" in text and "SO-2026-0001" in text
    text = pdf_text(printed.content, tmp_path)
    assert invoice.number in text and "452.00" in text and "肆佰伍拾贰元整" in text


def test_an_invoice_not_posted_or_of_another_kind_does_not_print(shop, signed_in):
    from zhangfang.accounting.services.invoices import invoice_create

    client = signed_in(shop.actor)
    draft = invoice_create(actor=shop.actor, company=shop.company, kind="out_invoice", partner=shop.customer,
                           date=datetime.date(2026, 11, 3), lines=[{"description": "货", "unit_price": D("1")}])

    assert client.get(reverse("sales_invoice_pdf", args=[draft.pk])).status_code == 404


def test_a_return_is_keyed_per_line_and_a_wrong_quantity_is_shown_at_its_line(shipped, shop, signed_in):
    client = signed_in(shop.actor)
    order = SalesOrder.objects.get()
    line = order.lines.get()
    url = reverse("sales_order_return", args=[order.pk])
    assert client.get(url).status_code == 200

    refused = client.post(url, {"date": "2026-11-06", "reason": "", f"return-{line.pk}": "9"})
    assert refused.status_code == 422
    assert refused.context["rows"][0]["error"].startswith(str(line.product))

    response = client.post(url, {"date": "2026-11-06", "reason": "破损", f"return-{line.pk}": "1"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.delivered_quantity, line.returned_quantity, line.invoiced_quantity) == (D("3"), D("1"), D("3"))
