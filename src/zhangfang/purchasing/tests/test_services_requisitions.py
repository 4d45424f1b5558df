"""Requisitions through the approval engine, quotations compared and awarded, and replenishment."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from zhangfang.core.approvals.selectors import approval_request_for
from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import Currency, Role
from zhangfang.core.services.approvals import approval_decide, approval_rule_create
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.inventory.services.replenishment import reorder_rule_create
from zhangfang.purchasing.exceptions import PurchaseTransitionNotAllowed, QuotationIncomplete
from zhangfang.purchasing.models import PurchaseRequisition, RequestForQuotation
from zhangfang.purchasing.selectors.rfqs import rfq_comparison
from zhangfang.purchasing.services.orders import purchase_orders_from_requisition
from zhangfang.purchasing.services.prices import supplier_price_create
from zhangfang.purchasing.services.requisitions import (
    DOCUMENT_TYPE,
    purchase_requisition_create,
    purchase_requisition_submit,
)
from zhangfang.purchasing.services.rfqs import rfq_award, rfq_quote, rfqs_create_from_requisition
from zhangfang.purchasing.tasks import propose_requisitions
from zhangfang.purchasing.tests.conftest import nov


def requisition(buying, *lines, department="车间"):
    return purchase_requisition_create(actor=buying.actor, company=buying.company, department=department,
                                       lines=[{"product": product, "quantity": D(quantity),
                                               "needed_by": nov(20)} for product, quantity in lines])


def test_a_requisition_is_estimated_from_the_cheapest_supplier_price_and_approved_by_department(buying, make_user):
    # Given two suppliers' prices for a bearing and a rule: the workshop's requisitions from 1,000 need a manager.
    bearing = buying.product()
    supplier_price_create(actor=buying.actor, company=buying.company, supplier=buying.supplier_a, product=bearing,
                          price=D("12.00"), lead_days=5)
    supplier_price_create(actor=buying.actor, company=buying.company, supplier=buying.supplier_b, product=bearing,
                          price=D("11.50"), lead_days=9)
    supplier_price_create(actor=buying.actor, company=buying.company, supplier=buying.supplier_a, product=bearing,
                          price=D("11.00"), min_quantity=D("500"), lead_days=5)
    manager = make_user("finance_manager")
    approval_rule_create(actor=buying.actor, company=buying.company, document_type=DOCUMENT_TYPE, name="车间大额",
                         min_amount=D("1000"), department="车间",
                         steps=[{"role": Role.objects.get(code="finance_manager"), "due_hours": 8}])

    # When the workshop asks for 100 and for 500.
    small, large = requisition(buying, (bearing, "100")), requisition(buying, (bearing, "500"))

    # Then each is estimated at the price its quantity reaches: 100 × 11.50 (B) and 500 × 11.00 (A's break).
    assert [(r.number, r.amount_estimated, r.lines.get().supplier) for r in (small, large)] == [
        ("PR-2026-0001", D("1150.00"), buying.supplier_b), ("PR-2026-0002", D("5500.00"), buying.supplier_a)]

    # The 1,150.00 one waits for the manager, who rejects it with a reason; it may be revised and submitted again.
    small = purchase_requisition_submit(actor=buying.actor, requisition=small)
    assert small.status == "awaiting_approval"
    request = approval_request_for(company=buying.company, document_type=DOCUMENT_TYPE, object_id=small.pk)
    assert (request.base_amount, request.department) == (D("1150.00"), "车间")
    approval_decide(actor=manager, request=request, decision="reject", comment="先用库存")
    small.refresh_from_db()
    assert (small.status, small.decided_by) == ("rejected", manager)
    assert purchase_requisition_submit(actor=buying.actor, requisition=small).status == "awaiting_approval"

    # Another department's requisition matches no rule and is approved at once.
    office = purchase_requisition_submit(actor=buying.actor,
                                         requisition=requisition(buying, (bearing, "500"), department="行政"))
    assert office.status == "approved"


def test_quotations_are_compared_per_line_and_the_chosen_one_becomes_the_order(buying):
    # Given an approved requisition for two products, asked of two suppliers, B in US dollars.
    usd = Currency.objects.get(code="USD")
    exchange_rate_create(actor=buying.actor, company=buying.company, currency=usd,
                         date=timezone.localdate() - datetime.timedelta(days=1), rate=D("7.00"))
    bearing, seal = buying.product(), buying.product()
    approved = purchase_requisition_submit(
        actor=buying.actor, requisition=requisition(buying, (bearing, "100"), (seal, "40"), department=""))
    rfq_a, rfq_b = rfqs_create_from_requisition(actor=buying.actor, requisition=approved,
                                                suppliers=[buying.supplier_a, buying.supplier_b], date=nov(2))
    rfq_b.currency = usd  # the buyer asked B for dollars
    rfq_b.save(update_fields=["currency"])
    lines_a, lines_b = list(rfq_a.lines.order_by("pk")), list(rfq_b.lines.order_by("pk"))

    # An RFQ without a price cannot be awarded.
    with pytest.raises(PurchaseTransitionNotAllowed):
        rfq_award(actor=buying.actor, rfq=rfq_a, date=nov(9))

    # When A quotes 10.00 (7 days) and 5.00 (3 days); B USD 1.40 (= 9.80, 10 days) and nothing for the seal.
    rfq_quote(actor=buying.actor, rfq=rfq_a, quote_reference="Q-A-1", lines=[
        {"line": lines_a[0], "price": D("10.00"), "lead_days": 7}, {"line": lines_a[1], "price": D("5.00"),
                                                                     "lead_days": 3}])
    rfq_quote(actor=buying.actor, rfq=rfq_b, lines=[{"line": lines_b[0], "price": D("1.40"), "lead_days": 10},
                                                    {"line": lines_b[1], "price": None}])

    # Then per line: totals in each currency and in CNY, B cheapest and A fastest for the bearing, A alone for the seal.
    rfqs, rows = rfq_comparison(approved)
    assert rfqs == [rfq_a, rfq_b]
    assert [[(q.rfq, q.total, q.total_base, q.cheapest, q.fastest) for q in row.quotes] for row in rows] == [
        [(rfq_a, D("1000.00"), D("1000.00"), False, True), (rfq_b, D("140.00"), D("980.00"), True, False)],
        [(rfq_a, D("200.00"), D("200.00"), True, True), (rfq_b, None, None, False, False)],
    ]

    # B did not quote every line; A's quotation is awarded: a draft order at its prices, due after 7 days.
    with pytest.raises(QuotationIncomplete):
        rfq_award(actor=buying.actor, rfq=rfq_b, date=nov(9))
    order = rfq_award(actor=buying.actor, rfq=rfq_a, date=nov(9))
    assert (order.status, order.supplier, order.reference, order.expected_date, order.amount_untaxed) == (
        "draft", buying.supplier_a, "Q-A-1", nov(16), D("1200.00"))
    assert [(line.product, line.quantity, line.unit_price, line.requisition_line.requisition)
            for line in order.lines.order_by("pk")] == [(bearing, D("100"), D("10"), approved),
                                                         (seal, D("40"), D("5"), approved)]
    rfq_b.refresh_from_db()
    approved.refresh_from_db()
    assert (rfq_b.status, approved.status) == (RequestForQuotation.Status.DECLINED, "ordered")


def test_replenishment_proposes_one_requisition_for_products_not_yet_requested(buying, make_user):
    # Given two products below their minimum, one with a rule's supplier, one with a price list.
    bolt, nut = buying.product(), buying.product()
    for product, supplier in ((bolt, buying.supplier_b), (nut, None)):
        reorder_rule_create(actor=buying.actor, company=buying.company, product=product, warehouse=buying.warehouse,
                            minimum=D("10"), maximum=D("50"), multiple=D("5"), supplier=supplier)
    supplier_price_create(actor=buying.actor, company=buying.company, supplier=buying.supplier_a, product=nut,
                          price=D("0.80"))

    # When the daily job runs twice.
    assert propose_requisitions() == 1
    assert propose_requisitions() == 0

    # Then one draft requisition asks for 50 of each, from the rule's supplier or the price list's.
    proposed = PurchaseRequisition.objects.get(company=buying.company)
    assert (proposed.status, proposed.origin, proposed.requested_by) == ("draft", "Reorder rule", None)
    assert [(line.product, line.quantity, line.supplier) for line in proposed.lines.order_by("pk")] == [
        (bolt, D("50"), buying.supplier_b), (nut, D("50"), buying.supplier_a)]


def test_an_approved_requisition_is_ordered_from_each_preferred_supplier(buying):
    bolt, nut, washer = buying.product(), buying.product(), buying.product()
    for product, supplier, price in ((bolt, buying.supplier_a, "2.00"), (nut, buying.supplier_b, "1.00"),
                                     (washer, buying.supplier_a, "0.10")):
        supplier_price_create(actor=buying.actor, company=buying.company, supplier=supplier, product=product,
                              price=D(price), lead_days=4)
    approved = purchase_requisition_submit(actor=buying.actor, requisition=requisition(
        buying, (bolt, "100"), (nut, "100"), (washer, "500"), department=""))
    orders = purchase_orders_from_requisition(actor=buying.actor, requisition=approved, date=nov(3))
    assert [(o.supplier, o.status, o.expected_date, o.amount_untaxed, o.lines.count()) for o in orders] == [
        (buying.supplier_a, "draft", nov(7), D("250.00"), 2), (buying.supplier_b, "draft", nov(7), D("100.00"), 1)]
    approved.refresh_from_db()
    assert approved.status == "ordered"
    with pytest.raises(PurchaseTransitionNotAllowed):
        purchase_orders_from_requisition(actor=buying.actor, requisition=approved, date=nov(3))


def test_a_buyer_without_purchasing_rights_cannot_requisition(buying, make_user):
    with pytest.raises(PermissionDenied):
        purchase_requisition_create(actor=make_user("sales"), company=buying.company,
                                    lines=[{"product": buying.product(), "quantity": D("1")}])
