"""Authorization proven by walking every route (SEC-3, ARCH-6).

Routes are discovered from the URL resolver and the OpenAPI schema, never listed by hand:
a route added later without protection, or without an entry saying which company's data
it shows, makes these tests fail. The last test shows that once, with a deliberately
unprotected route.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import get_resolver, path, reverse
from django.urls.resolvers import URLResolver

from zhangfang.api.api import api
from zhangfang.core.models import AuditRecord, Currency, Role, Uom
from zhangfang.core.services.attachments import attachment_add
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.core.services.partners import partner_create
from zhangfang.core.services.tokens import api_token_create

# Open to anyone: signing in, health probes, the API's own description.
PUBLIC = {"healthz", "readyz", "login", "login_verify", "language_set", "logout",
          "openapi-json", "openapi-view", "api-root", "unknown-path"}
# Each route with an id shows one company-owned object: which kind.
OWNED = {
    "partner_detail": "partner", "partner_edit": "partner", "partner_attach": "partner",
    "attachment_download": "attachment", "rate_edit": "rate", "uom_edit": "uom", "user_edit": "user",
    "token_revoke": "token", "user_account": "user", "audit_detail": "audit",
    "approval_detail": "approval_request", "approval_rule_edit": "approval_rule",
    "accounting_entry_detail": "journal_entry", "accounting_entry_edit": "journal_entry",
    "accounting_entry_action": "journal_entry", "accounting_account_edit": "account",
    "accounting_cost_centre_edit": "cost_centre", "accounting_period_action": "period",
    "accounting_fiscal_year_close": "fiscal_year",
    "accounting_invoice_detail": "invoice", "accounting_invoice_edit": "invoice",
    "accounting_invoice_credit_note": "invoice", "accounting_invoice_action": "invoice",
    "accounting_payment_detail": "payment", "accounting_payment_cancel": "payment",
    "accounting_open_items": "partner", "accounting_line_unreconcile": "journal_line",
    "purchasing_requisition_detail": "purchase_requisition", "purchasing_requisition_edit": "purchase_requisition",
    "purchasing_requisition_rfqs": "purchase_requisition", "purchasing_requisition_compare": "purchase_requisition",
    "purchasing_requisition_action": "purchase_requisition",
    "purchasing_rfq_detail": "rfq", "purchasing_rfq_quote": "rfq", "purchasing_rfq_action": "rfq",
    "purchasing_order_detail": "purchase_order", "purchasing_order_edit": "purchase_order",
    "purchasing_order_receive": "purchase_order", "purchasing_order_return": "purchase_order",
    "purchasing_order_bill": "purchase_order", "purchasing_order_pdf": "purchase_order",
    "purchasing_order_action": "purchase_order", "purchasing_receipt_inspect": "purchase_receipt",
    "purchasing_bill_match": "purchase_bill", "purchasing_bill_action": "purchase_bill",
    "purchasing_price_edit": "supplier_price",
    "inventory_product_detail": "product", "inventory_product_edit": "product",
    "inventory_category_edit": "category", "inventory_lot_detail": "lot", "inventory_warehouse_edit": "warehouse",
    "inventory_location_edit": "location", "inventory_picking_detail": "picking",
    "inventory_picking_validate": "picking",
    "inventory_picking_return": "picking", "inventory_picking_shipping": "picking",
    "inventory_picking_action": "picking", "inventory_count_detail": "stock_count",
    "inventory_count_action": "stock_count", "inventory_reorder_rule_edit": "reorder_rule",
    "sales_order_detail": "sales_order", "sales_order_edit": "sales_order", "sales_order_payment": "sales_order",
    "sales_order_return": "sales_order", "sales_order_action": "sales_order", "sales_delivery_detail": "delivery",
    "sales_delivery_reserve": "delivery", "sales_delivery_pdf": "delivery", "sales_picking_list_pdf": "delivery",
    "sales_invoice_pdf": "invoice", "sales_pricelist_detail": "price_list",
}
# Further route arguments that are not ids.
ROUTE_ARGS = {"purchasing_requisition_action": {"action": "submit"}, "purchasing_rfq_action": {"action": "send"},
              "purchasing_order_action": {"action": "confirm"}, "purchasing_bill_action": {"action": "post"},
              "user_account": {"action": "deactivate"}, "accounting_entry_action": {"action": "post"},
              "accounting_period_action": {"action": "close"}, "accounting_invoice_action": {"action": "post"},
              "inventory_picking_action": {"action": "confirm"}, "inventory_count_action": {"action": "start"},
              "sales_order_action": {"action": "confirm"}}
# Shared reference data, readable by every signed-in role that may view it.
SHARED = {"currency_edit": lambda objects: {"code": "USD"}, "role_detail": lambda objects: {"pk": objects["role"]}}
# A user changing only their own things (language, session, password, tokens, second factor).
SELF_SERVICE = {"company_switch", "notifications", "token_list", "token_revoke", "password_change", "security",
                "reauth", "security_enrol", "security_confirm", "security_codes", "security_disable"}
# API path parameter → the kind of object it names.
API_OWNED = {"partner_id": "partner", "rate_id": "rate", "unit_id": "uom", "entry_id": "journal_entry",
             "period_id": "period", "invoice_id": "invoice", "payment_id": "payment",
             "requisition_id": "purchase_requisition", "purchase_order_id": "purchase_order",
             "product_id": "product", "lot_id": "lot", "picking_id": "picking", "count_id": "stock_count",
             "order_id": "sales_order"}


def web_routes(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("api/"):
                continue  # the API is walked through its OpenAPI schema
            yield from web_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif entry.name:
            yield entry.name, entry.pattern.converters


def company_objects(admin, company) -> dict:
    """One object of each kind in ``company``, made through the services."""
    from zhangfang.core.services.users import user_create

    partner = partner_create(actor=admin, company=company, name=f"{company.code} 客户", is_customer=True)
    user = user_create(actor=admin, company=company, username=f"{company.code}-clerk", password="Pass-word-2026")
    upload = SimpleUploadedFile("合同.txt", b"contract")
    return {
        "partner": partner.pk,
        "attachment": attachment_add(actor=admin, obj=partner, upload=upload).pk,
        "rate": exchange_rate_create(actor=admin, company=company, currency=Currency.objects.get(code="USD"),
                                     date=datetime.date(2026, 11, 2), rate=Decimal("7.1")).pk,
        "uom": Uom.objects.filter(company=company).first().pk,
        "user": user.pk,
        "token": api_token_create(actor=user, name="导出", scope="read")[0].pk,
        "role": Role.objects.get(code="admin").pk,
        "audit": AuditRecord.objects.filter(company=company).latest("seq").pk,
        **approval_objects(admin, company),
        **ledger_objects(admin, company),
        **document_objects(admin, company, partner),
        **purchasing_objects(admin, company),
        **stock_objects(admin, company, partner),
    }


def purchasing_objects(admin, company) -> dict:
    """A requisition, a request for quotation, an order received and billed and a supplier price."""
    from zhangfang.core.models import Uom
    from zhangfang.inventory.services.products import product_create
    from zhangfang.inventory.services.setup import inventory_setup
    from zhangfang.purchasing.models import PurchaseReceipt
    from zhangfang.purchasing.services.bills import purchase_bill_create
    from zhangfang.purchasing.services.orders import purchase_order_confirm, purchase_order_create
    from zhangfang.purchasing.services.prices import supplier_price_create
    from zhangfang.purchasing.services.receipts import purchase_order_receive
    from zhangfang.purchasing.services.requisitions import purchase_requisition_create
    from zhangfang.purchasing.services.rfqs import rfq_create

    day = datetime.date(2026, 11, 2)
    inventory_setup(actor=admin, company=company)
    supplier = partner_create(actor=admin, company=company, name=f"{company.code} 供应商", is_supplier=True)
    product = product_create(actor=admin, company=company, code="BRG", name="轴承",
                             category=company.productcategory_set.first(), uom=Uom.objects.get(company=company,
                                                                                                symbol="pcs"))
    line = {"product": product, "quantity": Decimal("2")}
    order = purchase_order_confirm(actor=admin, order=purchase_order_create(
        actor=admin, company=company, supplier=supplier, order_date=day, lines=[{**line, "unit_price": Decimal(1)}]))
    picking = purchase_order_receive(actor=admin, order=order, date=day)
    return {"purchase_requisition": purchase_requisition_create(actor=admin, company=company, lines=[line]).pk,
            "rfq": rfq_create(actor=admin, company=company, supplier=supplier, lines=[line], date=day).pk,
            "purchase_order": order.pk, "purchase_receipt": PurchaseReceipt.objects.get(picking=picking).picking_id,
            "purchase_bill": purchase_bill_create(actor=admin, order=order, date=day).pk,
            "supplier_price": supplier_price_create(actor=admin, company=company, supplier=supplier, product=product,
                                                    price=Decimal(1)).pk}


def stock_objects(admin, company, customer) -> dict:
    """Inventory set-up and records, a receipt done, a count, a reorder rule, a price list and a
    confirmed sales order with its delivery, on the warehouse ``purchasing_objects`` set up."""
    from zhangfang.core.models import Uom
    from zhangfang.inventory.models import Picking
    from zhangfang.inventory.services.counts import stock_count_create
    from zhangfang.inventory.services.pickings import picking_create, picking_validate
    from zhangfang.inventory.services.products import lot_create, product_create
    from zhangfang.inventory.services.replenishment import reorder_rule_create
    from zhangfang.inventory.services.setup import default_warehouse, virtual_location
    from zhangfang.sales.services.orders import sales_order_confirm, sales_order_create
    from zhangfang.sales.services.pricelists import price_list_create

    day = datetime.date(2026, 11, 2)
    warehouse = default_warehouse(company)
    category = company.productcategory_set.first()
    product = product_create(actor=admin, company=company, code="PUMP", name="水泵", category=category,
                             uom=Uom.objects.get(company=company, symbol="pcs"), sale_price=Decimal(5))
    receipt = picking_create(actor=admin, company=company, kind=Picking.Kind.RECEIPT,
                             source=virtual_location(company, "supplier"), destination=warehouse.stock_location,
                             scheduled_date=day, lines=[{"product": product, "quantity": Decimal(3),
                                                         "unit_cost": Decimal(2)}])
    picking_validate(actor=admin, picking=receipt, date=day)
    order = sales_order_create(actor=admin, company=company, partner=customer, date=day,
                               lines=[{"product": product, "quantity": Decimal(1)}])
    order = sales_order_confirm(actor=admin, order=order)
    return {"product": product.pk, "category": category.pk, "warehouse": warehouse.pk,
            "location": warehouse.stock_location_id, "picking": receipt.pk,
            "lot": lot_create(actor=admin, company=company, name="L1", product=product_create(
                actor=admin, company=company, code="VALVE", name="阀门", category=category, tracking="lot",
                uom=product.uom)).pk,
            "stock_count": stock_count_create(actor=admin, company=company, location=warehouse.stock_location).pk,
            "reorder_rule": reorder_rule_create(actor=admin, company=company, product=product, warehouse=warehouse,
                                                minimum=Decimal(1), maximum=Decimal(5)).pk,
            "sales_order": order.pk, "delivery": order.picking_links.get().picking_id,
            "price_list": price_list_create(actor=admin, company=company, name="经销商").pk}


def ledger_objects(admin, company) -> dict:
    """A draft voucher, an account, a cost centre, a period and its fiscal year."""
    from zhangfang.accounting.models import Account
    from zhangfang.accounting.services.accounts import cost_centre_create
    from zhangfang.accounting.services.periods import period_ensure

    entry = journal_entry_object(admin, company)
    period = period_ensure(company=company, on_date=datetime.date(2026, 11, 2))
    return {"journal_entry": entry, "account": Account.objects.get(company=company, code="1002").pk,
            "cost_centre": cost_centre_create(actor=admin, company=company, code="SALES", name="销售部").pk,
            "period": period.pk, "fiscal_year": period.fiscal_year_id}


def document_objects(admin, company, partner) -> dict:
    """A draft invoice, a payment received and a journal line, on the chart ``ledger_objects`` loaded."""
    from zhangfang.accounting.models import Journal, JournalEntryLine
    from zhangfang.accounting.services.invoices import invoice_create
    from zhangfang.accounting.services.payments import payment_register

    day = datetime.date(2026, 11, 2)
    invoice = invoice_create(actor=admin, company=company, kind="out_invoice", partner=partner, date=day,
                             lines=[{"description": "货物", "unit_price": Decimal("1.00")}])
    payment = payment_register(actor=admin, company=company, kind="inbound", partner=partner, date=day,
                               journal=Journal.objects.get(company=company, code="bank"), amount=Decimal("1.00"))
    return {"invoice": invoice.pk, "payment": payment.pk,
            "journal_line": JournalEntryLine.objects.filter(entry__company=company).first().pk}


def journal_entry_object(admin, company) -> int:
    """A draft voucher on the company's PRC chart."""
    from zhangfang.accounting.models import Account, Journal
    from zhangfang.accounting.services.accounts import chart_load, journal_defaults_ensure
    from zhangfang.accounting.services.entries import journal_entry_create

    chart_load(actor=admin, company=company, template="prc")
    journal_defaults_ensure(actor=admin, company=company)
    bank, capital = (Account.objects.get(company=company, code=code) for code in ("1002", "4001"))
    return journal_entry_create(
        actor=admin, company=company, journal=Journal.objects.get(company=company, code="general"),
        date=datetime.date(2026, 11, 2),
        lines=[{"account": bank, "debit": Decimal("1.00")}, {"account": capital, "credit": Decimal("1.00")}],
    ).pk


def approval_objects(admin, company) -> dict:
    """A rule and a pending request of a document type of the tests' own."""
    from zhangfang.core.approvals import documents
    from zhangfang.core.services.approvals import approval_request_submit, approval_rule_create

    documents.register(documents.DocumentType("tests.authz", "Test document"))
    rule = approval_rule_create(actor=admin, company=company, document_type="tests.authz", name="全部",
                                steps=[{"role": Role.objects.get(code="finance_manager")}])
    request = approval_request_submit(actor=admin, company=company, document_type="tests.authz",
                                      object_id=1, title="审批", amount=Decimal("1"))
    return {"approval_rule": rule.pk, "approval_request": request.pk}


def route_url(name, converters, objects) -> tuple[str | None, str | None]:
    """(url, problem): the route filled with ``objects``' ids, or why it cannot be."""
    if not converters:
        return reverse(name), None
    if name in OWNED:
        first = next(iter(converters))
        return reverse(name, kwargs={first: objects[OWNED[name]], **ROUTE_ARGS.get(name, {})}), None
    if name in SHARED:
        return reverse(name, kwargs=SHARED[name](objects)), None
    return None, f"{name}: takes an id but says in neither OWNED nor SHARED whose data it shows"


def call(client, method: str, url: str, **headers):
    """An API call with an empty JSON body where the method carries one."""
    body = {} if method == "get" else {"content_type": "application/json", "data": "{}"}
    return getattr(client, method)(url, **body, **headers)


def refused(response) -> bool:
    if response.status_code == 302:
        return response["Location"].startswith("/login/")
    return response.status_code in (401, 403, 404, 405)


def anonymous_problems(client, objects) -> list[str]:
    problems = []
    for name, converters in web_routes():
        if name in PUBLIC:
            continue
        url, problem = route_url(name, converters, objects)
        if problem:
            problems.append(problem)
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not refused(response):
                problems.append(f"{name}: anonymous {method.upper()} {url} answered {response.status_code}")
    return problems


@pytest.fixture
def two_companies(admin, company, other_company):
    return company_objects(admin, company), company_objects(admin, other_company)


def test_anonymous_visitors_are_refused_on_every_web_route(client, two_companies):
    mine, _theirs = two_companies
    assert anonymous_problems(client, mine) == []


def test_every_api_operation_refuses_anonymous_callers(client):
    schema = api.get_openapi_schema()
    for route, operations in schema["paths"].items():
        url = route.replace("{code}", "USD")
        for param in API_OWNED:
            url = url.replace("{" + param + "}", "1")
        for method in operations:
            response = call(client, method, url)
            assert response.status_code == 401, f"{method.upper()} {route}: {response.status_code}"


def test_a_user_of_company_a_gets_404_for_company_b_objects_everywhere(signed_in, make_user, two_companies):
    _mine, theirs = two_companies
    client = signed_in(make_user("admin"))  # every right, but only in company A
    for name, converters in web_routes():
        if name not in OWNED:
            continue
        url, _problem = route_url(name, converters, theirs)
        statuses = {client.get(url).status_code, client.post(url).status_code}
        # The method the view serves says 404; the other may say 405.
        assert 404 in statuses and statuses <= {404, 405}, f"{name}: {url} answered {statuses}"


def test_the_api_answers_404_for_another_companys_objects(client, make_user, two_companies):
    _mine, theirs = two_companies
    _token, plain = api_token_create(actor=make_user("admin"), name="全部", scope="write")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    for route, operations in api.get_openapi_schema()["paths"].items():
        params = [name for name in API_OWNED if "{" + name + "}" in route]
        if not params:
            continue
        url = route.replace("{" + params[0] + "}", str(theirs[API_OWNED[params[0]]]))
        for method in operations:
            response = call(client, method, url, **headers)
            assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"


def test_the_read_only_auditor_is_refused_every_write(signed_in, make_user, two_companies):
    mine, _theirs = two_companies
    auditor = make_user("auditor")
    client = signed_in(auditor)
    writes_before = AuditRecord.objects.count()
    for name, converters in web_routes():
        if name in PUBLIC or name in SELF_SERVICE:
            continue
        url, _problem = route_url(name, converters, mine)
        response = client.post(url, {"name": "x", "code": "X", "rate": "1", "ratio": "1"})
        assert response.status_code in (403, 405), f"{name}: POST {url} answered {response.status_code}"
    _token, plain = api_token_create(actor=auditor, name="只读", scope="write")
    for route, operations in api.get_openapi_schema()["paths"].items():
        url = route
        for param, kind in API_OWNED.items():
            url = url.replace("{" + param + "}", str(mine[kind]))
        url = url.replace("{code}", "USD")
        for method in set(operations) - {"get"}:
            response = call(client, method, url, HTTP_AUTHORIZATION=f"Bearer {plain}")
            assert response.status_code in (403, 422), f"{method.upper()} {route}: {response.status_code}"
    assert AuditRecord.objects.count() == writes_before + 1  # only the auditor's own token


def leaky_view(request, pk=None):
    return HttpResponse(f"secret {pk}")


urlpatterns = [
    path("leak/", leaky_view, name="leak_list"),
    path("leak/<int:pk>/", leaky_view, name="leak_detail"),
    *get_resolver("zhangfang.urls").url_patterns,
]


@pytest.mark.parametrize("with_leak", [False, True], ids=["real routes", "an unprotected route added"])
def test_the_walk_catches_a_route_added_without_protection(client, settings, two_companies, with_leak):
    mine, _theirs = two_companies
    if with_leak:
        settings.ROOT_URLCONF = __name__
    problems = anonymous_problems(client, mine)
    if with_leak:
        assert problems == [
            "leak_list: anonymous GET /leak/ answered 200",
            "leak_list: anonymous POST /leak/ answered 200",
            "leak_detail: takes an id but says in neither OWNED nor SHARED whose data it shows",
        ]
    else:
        assert problems == []
