"""The sales demo on a company with goods in stock: every kind of document is there."""

from decimal import Decimal as D

from zhangfang.accounting.models import Invoice, Payment
from zhangfang.core.models import ApprovalRequest
from zhangfang.core.services.partners import partner_create
from zhangfang.inventory.models import Picking
from zhangfang.sales.demo import CREDIT_CUSTOMER, ORDERS, build
from zhangfang.sales.models import SalesOrder


def test_the_demo_tells_every_part_of_the_story(shop):
    for name in {customer for customer, _lines, _story in ORDERS} | {CREDIT_CUSTOMER, "上海浦江贸易有限公司"}:
        partner_create(actor=shop.actor, company=shop.company, name=name, is_customer=True)
    for _n in range(3):
        shop.receive(shop.product(price="3200.00"), "20", "2000.00")

    build(company=shop.company, admin=shop.actor)

    statuses = sorted(SalesOrder.objects.values_list("status", flat=True))
    assert statuses == ["awaiting_approval", "confirmed", "done", "done", "draft", "sent"]
    assert ApprovalRequest.objects.get().status == "pending"
    backorder = Picking.objects.get(backorder_of__isnull=False)
    assert backorder.backorder_of.tracking_number.startswith("SF") and backorder.status == "reserved"
    assert Picking.objects.filter(kind="return_in", status="done").count() == 1
    assert Invoice.objects.filter(kind="out_refund", status="posted").count() == 1
    assert Payment.objects.get().amount > D(0)
