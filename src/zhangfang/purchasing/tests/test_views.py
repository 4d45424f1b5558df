"""The purchasing pages, driven as a buyer and a clerk drive them."""

import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse

from zhangfang.accounting.models import Invoice
from zhangfang.inventory.selectors.stock import on_hand
from zhangfang.purchasing.models import PurchaseOrder, PurchaseRequisition
from zhangfang.purchasing.services.requisitions import purchase_requisition_create, purchase_requisition_submit
from zhangfang.purchasing.services.rfqs import rfq_quote, rfqs_create_from_requisition
from zhangfang.purchasing.tests.conftest import nov


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


def grid(prefix: str, *rows: dict, **header) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000", **header}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_an_order_is_keyed_confirmed_received_billed_and_printed_from_its_pages(buying, signed_in):
    client = signed_in(buying.actor)
    bearing = buying.product(purchase_uom=buying.box, purchase_tax=buying.vat13)
    assert client.get(reverse("purchasing_order_create")).status_code == 200

    # Keyed: 3 boxes at 120.00 with 13 % VAT, a blank row left over.
    response = client.post(reverse("purchasing_order_create"), grid(
        "lines", {"product": bearing.pk, "quantity": "3", "unit_price": "120", "tax": buying.vat13.pk, "uom": "",
                  "description": ""}, {"product": "", "quantity": "", "unit_price": "", "tax": "", "uom": "",
                                       "description": ""},
        supplier=buying.supplier_a.pk, order_date="2026-11-02", expected_date="2026-11-09",
        warehouse=buying.warehouse.pk, currency="", department="", reference="", notes=""))
    order = PurchaseOrder.objects.get(company=buying.company)
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert (order.amount_total, order.lines.get().uom) == (D("406.80"), buying.box)

    # Confirmed from its status bar.
    page = client.get(order.get_absolute_url()).content.decode()
    confirm = reverse("purchasing_order_action", args=[order.pk, "confirm"])
    assert f'action="{confirm}"' in page and "406.80" in page
    client.post(confirm)
    order.refresh_from_db()
    assert order.status == "confirmed"

    # Received in part: 2 of 3 boxes.
    line = order.lines.get()
    form = client.get(reverse("purchasing_order_receive", args=[order.pk])).content.decode()
    assert f'name="qty_{line.pk}"' in form
    client.post(reverse("purchasing_order_receive", args=[order.pk]), {"date": "2026-11-05", f"qty_{line.pk}": "2"})
    order.refresh_from_db()
    assert order.status == "partially_received" and on_hand(buying.company, bearing) == D("20")

    # Billed: the draft opens on its 3-way match page and posts from there.
    response = client.post(reverse("purchasing_order_bill", args=[order.pk]), {
        "date": "2026-11-06", "reference": "SZ-88", f"qty_{line.pk}": "2", f"price_{line.pk}": "120"})
    bill = Invoice.objects.get(company=buying.company, kind="in_invoice")
    assert response["Location"] == reverse("purchasing_bill_match", args=[bill.pk])
    match = client.get(response["Location"]).content.decode()
    post_url = reverse("purchasing_bill_action", args=[bill.pk, "post"])
    assert f'action="{post_url}"' in match
    client.post(post_url)
    bill.refresh_from_db()
    assert (bill.status, bill.amount_total) == ("posted", D("271.20"))

    # The order's page links its receipt, its backorder and its bill.
    page = client.get(order.get_absolute_url()).content.decode()
    for picking in order.receipts.all():
        assert reverse("inventory_picking_detail", args=[picking.picking_id]) in page
    assert reverse("purchasing_bill_match", args=[bill.pk]) in page

    # The printed order is a PDF.
    pdf = client.get(reverse("purchasing_order_pdf", args=[order.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_printed_order_shows_its_chinese_text(buying, signed_in, tmp_path):
    bearing = buying.product(name="深沟球轴承")
    order = buying.order((bearing, "3", "120"), confirm=False)
    pdf = signed_in(buying.actor).get(reverse("purchasing_order_pdf", args=[order.pk])).content
    (tmp_path / "po.pdf").write_bytes(pdf)
    try:
        text = subprocess.run(["pdftotext", str(tmp_path / "po.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert "深沟球轴承" in text and order.number in text and "苏州精密轴承" in text and "406.80" in text


def test_a_requisition_is_keyed_and_its_quotations_compared(buying, signed_in):
    client = signed_in(buying.actor)
    bearing = buying.product()
    response = client.post(reverse("purchasing_requisition_create"), grid(
        "lines", {"product": bearing.pk, "quantity": "100", "uom": "", "needed_by": "2026-11-20", "supplier": ""},
        department="车间", notes=""))
    requisition = PurchaseRequisition.objects.get(company=buying.company)
    assert response["Location"] == requisition.get_absolute_url()
    client.post(reverse("purchasing_requisition_action", args=[requisition.pk, "submit"]))
    requisition.refresh_from_db()
    assert requisition.status == "approved"

    response = client.post(reverse("purchasing_requisition_rfqs", args=[requisition.pk]), {
        "suppliers": [buying.supplier_a.pk, buying.supplier_b.pk], "date": "2026-11-02", "reply_by": ""})
    assert response["Location"] == reverse("purchasing_requisition_compare", args=[requisition.pk])
    for supplier, price in ((buying.supplier_a, "10.00"), (buying.supplier_b, "9.50")):
        rfq = requisition.rfqs.get(supplier=supplier)
        rfq_quote(actor=buying.actor, rfq=rfq, lines=[{"line": rfq.lines.get(), "price": D(price), "lead_days": 5}])
    page = client.get(response["Location"]).content.decode()
    assert page.count('data-flag="cheapest"') == 1 and "950.00" in page
    award = reverse("purchasing_rfq_action", args=[requisition.rfqs.get(supplier=buying.supplier_b).pk, "award"])
    assert f'action="{award}"' in page
    response = client.post(award)
    order = PurchaseOrder.objects.get(company=buying.company)
    assert response["Location"] == order.get_absolute_url() and order.supplier == buying.supplier_b


def test_the_lists_filter_total_and_keep_their_query_count(buying, signed_in, django_assert_max_num_queries):
    client = signed_in(buying.actor)
    product = buying.product()
    for supplier in (buying.supplier_a, buying.supplier_b, buying.supplier_a):
        buying.order((product, "10", "10.00"), supplier=supplier)
    approved = purchase_requisition_submit(actor=buying.actor, requisition=purchase_requisition_create(
        actor=buying.actor, company=buying.company, lines=[{"product": product, "quantity": D("5")}]))
    rfqs_create_from_requisition(actor=buying.actor, requisition=approved, suppliers=[buying.supplier_a],
                                 date=nov(2))
    page = client.get(reverse("purchasing_order_list"), {"supplier": buying.supplier_a.pk}).content.decode()
    assert page.count("PO-2026-") == 2 and "226.00" in page  # two orders of 113.00
    for name in ("purchasing_order_list", "purchasing_requisition_list", "purchasing_rfq_list",
                 "purchasing_price_list", "purchasing_supplier_rating"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(name)).status_code == 200


def test_a_salesperson_sees_no_purchase_orders(buying, signed_in, make_user):
    order = buying.order((buying.product(), "1", "1.00"))
    client = signed_in(make_user("sales"))
    assert client.get(order.get_absolute_url()).status_code == 403
    assert client.get(reverse("purchasing_order_list")).status_code == 403
