"""Quotations and sales orders (SCM-8): keyed, sent, confirmed — through a credit-limit check
under the customer's row lock and, when over the limit, the approval engine — and cancelled.

Confirming an order creates its delivery order (an inventory picking from the warehouse's stock
to the customer location) and tries to reserve it. When the stock is short the order is still
confirmed and its delivery waits; ``sales_order_reserve`` (deliveries.py) tries again and says
what is missing."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.accounting.models import ZERO, Tax
from zhangfang.accounting.selectors.arap import open_items
from zhangfang.accounting.tax import LineInput, TaxRate, compute
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Currency, Partner, Uom, User
from zhangfang.core.services.approvals import approval_request_submit
from zhangfang.core.services.currencies import rate_on
from zhangfang.core.services.sequences import sequence_ensure, sequence_next
from zhangfang.core.services.units import convert
from zhangfang.inventory.exceptions import NotEnoughStock
from zhangfang.inventory.models import Picking, Product, Warehouse
from zhangfang.inventory.services.pickings import picking_cancel, picking_confirm, picking_create, picking_reserve
from zhangfang.inventory.services.setup import default_warehouse, virtual_location
from zhangfang.sales.exceptions import (
    CreditLimitExceeded,
    SalesFieldInvalid,
    SalesLineInvalid,
    SalesOrderTransitionNotAllowed,
)
from zhangfang.sales.models import InvoicePolicy, PriceList, SalesOrder, SalesOrderLine
from zhangfang.sales.services.pricelists import line_price, partner_price_list, sale_unit
from zhangfang.sales.services.progress import link_picking
from zhangfang.sales.services.settings import sales_settings

DOCUMENT_TYPE = "sales.salesorder"
SEQUENCE = "sales_order"
LINE_FIELDS = ("product", "description", "quantity", "uom", "unit_price", "discount", "tax")
HEADER_FIELDS = ("partner", "date", "valid_until", "currency", "price_list", "warehouse", "invoice_policy",
                 "salesperson", "reference", "notes")
Status = SalesOrder.Status


# --- input ------------------------------------------------------------------------------

def _field_error(name: str, label, reason) -> SalesFieldInvalid:
    return SalesFieldInvalid(field=label, reason=reason, fields={name: [str(reason)]})


def _line_error(line: int, name: str, reason) -> SalesLineInvalid:
    return SalesLineInvalid(line=line, reason=reason, fields={f"lines.{line}.{name}": [str(reason)]})


def _owned(value, model, company: Company) -> bool:
    return isinstance(value, model) and value.company_id == company.pk and getattr(value, "active", True)


def _header(company: Company, *, partner, date, valid_until, currency, price_list, warehouse, invoice_policy,
            salesperson, reference, notes) -> dict:
    """The header checked, with the defaults filled in: the customer's price list and currency,
    the first warehouse, the company's invoice policy."""
    if not _owned(partner, Partner, company) or not partner.is_customer:
        raise _field_error("partner", _("Customer"), _("choose an active customer of this company."))
    if not isinstance(date, datetime.date):
        raise _field_error("date", _("Order date"), _("enter the order date."))
    if valid_until is not None and (not isinstance(valid_until, datetime.date) or valid_until < date):
        raise _field_error("valid_until", _("Valid until"), _("the quotation cannot expire before its date."))
    if price_list is not None and not _owned(price_list, PriceList, company):
        raise _field_error("price_list", _("Price list"), _("choose an active price list of this company."))
    if currency is None:
        currency = (price_list.currency if price_list else None) or partner.currency or company.base_currency
    if not isinstance(currency, Currency) or not currency.active:
        raise _field_error("currency", _("Currency"), _("choose an active currency."))
    if price_list is None:
        price_list = partner_price_list(partner)
        if price_list is not None and price_list.currency_id != currency.pk:
            price_list = None
    elif price_list.currency_id != currency.pk:
        raise _field_error("price_list", _("Price list"), _("the price list is in %(currency)s, the order is not.")
                           % {"currency": price_list.currency.code})
    warehouse = warehouse or default_warehouse(company)
    if not _owned(warehouse, Warehouse, company) or warehouse.stock_location_id is None:
        raise _field_error("warehouse", _("Warehouse"), _("choose an active warehouse of this company."))
    invoice_policy = invoice_policy or sales_settings(company).invoice_policy
    if invoice_policy not in InvoicePolicy.values:
        raise _field_error("invoice_policy", _("Invoice policy"), _("choose ordered or delivered quantities."))
    if salesperson is not None and (not isinstance(salesperson, User)
                                    or company.pk not in permissions.company_ids(salesperson)):
        raise _field_error("salesperson", _("Salesperson"), _("choose a user of this company."))
    for name, value, label in (("reference", reference, _("Customer reference")), ("notes", notes, _("Notes"))):
        if len(value or "") > SalesOrder._meta.get_field(name).max_length:
            raise _field_error(name, label, _("the text is too long."))
    return {"partner": partner, "date": date, "valid_until": valid_until, "currency": currency,
            "price_list": price_list, "warehouse": warehouse, "invoice_policy": invoice_policy,
            "salesperson": salesperson, "reference": reference or "", "notes": notes or ""}


def _number(value, *, line: int, name: str, places: int) -> Decimal:
    try:
        return decimal_in(value, places=places, below=Decimal(10) ** 12)
    except NotAnAmount as exc:
        raise _line_error(line, name, exc.reason) from exc


def _clean_line(order: SalesOrder, number: int, data: dict) -> SalesOrderLine:
    company = order.company
    unknown = set(data) - set(LINE_FIELDS)
    if unknown:
        raise _line_error(number, sorted(unknown)[0], _("unknown fields %(names)s.") % {"names": sorted(unknown)})
    product = data.get("product")
    if not _owned(product, Product, company):
        raise _line_error(number, "product", _("choose an active product of this company."))
    uom = data.get("uom") or sale_unit(product)
    if not isinstance(uom, Uom) or uom.category_id != product.uom.category_id:
        raise _line_error(number, "uom", _("choose a unit that measures %(product)s.") % {"product": product.name})
    quantity = _number(data.get("quantity", 1), line=number, name="quantity", places=4)
    if quantity <= 0:
        raise _line_error(number, "quantity", _("the quantity must be positive."))
    if data.get("unit_price") in (None, ""):
        unit_price = line_price(product=product, quantity=quantity, uom=uom, price_list=order.price_list,
                                currency=order.currency, on_date=order.date)
        if unit_price is None:
            raise _line_error(number, "unit_price", _("no price in %(currency)s is known; enter the unit price.")
                              % {"currency": order.currency.code})
    else:
        unit_price = _number(data["unit_price"], line=number, name="unit_price", places=6)
    if unit_price < 0:
        raise _line_error(number, "unit_price", _("the unit price cannot be negative."))
    discount = _number(data.get("discount") or 0, line=number, name="discount", places=2)
    if not 0 <= discount <= 100:
        raise _line_error(number, "discount", _("the discount is a percentage from 0 to 100."))
    tax = data.get("tax", product.sale_tax)  # an explicit None: no tax
    if tax is not None and (not _owned(tax, Tax, company) or tax.scope != Tax.Scope.SALE):
        raise _line_error(number, "tax", _("choose an active sales tax of this company."))
    description = (data.get("description") or "").strip() or str(product)
    if len(description) > SalesOrderLine._meta.get_field("description").max_length:
        raise _line_error(number, "description", _("the description is too long."))
    return SalesOrderLine(product=product, description=description, quantity=quantity, uom=uom,
                          unit_price=unit_price, discount=discount, tax=tax)


def _clean_lines(order: SalesOrder, lines: list[dict]) -> list[SalesOrderLine]:
    if not lines:
        raise _field_error("lines", _("Lines"), _("add at least one line."))
    return [_clean_line(order, number, data) for number, data in enumerate(lines, start=1)]


def tax_rate(tax: Tax | None) -> TaxRate | None:
    return tax and TaxRate(key=tax.pk, rate=tax.rate, price_include=tax.price_include, exempt=tax.exempt)


def _amounts_set(order: SalesOrder, rows: list[SalesOrderLine]) -> None:
    """Line and order amounts from the VAT core, as the invoice will compute them."""
    result = compute([LineInput(quantity=row.quantity, unit_price=row.unit_price, discount=row.discount,
                                tax=tax_rate(row.tax)) for row in rows], quantum=order.currency.quantum)
    for row, amounts in zip(rows, result.lines, strict=True):
        row.amount_untaxed, row.amount_tax, row.amount_total = amounts.untaxed, amounts.tax, amounts.total
    order.amount_untaxed, order.amount_tax, order.amount_total = result.untaxed, result.tax, result.total


def _lines_save(order: SalesOrder, rows: list[SalesOrderLine]) -> None:
    for row in rows:
        row.order = order
    SalesOrderLine.objects.bulk_create(rows)


def _line_data(line: SalesOrderLine) -> dict:
    return {name: getattr(line, name) for name in LINE_FIELDS}


def snapshot(order: SalesOrder) -> dict:
    return {**audit.snapshot(order), "lines": [
        {k: v for k, v in audit.snapshot(line).items() if k not in ("id", "order")}
        for line in order.lines.order_by("pk")]}


def lock(order: SalesOrder) -> SalesOrder:
    return SalesOrder.objects.select_for_update().select_related("company", "currency", "partner").get(pk=order.pk)


def require_transition(order: SalesOrder, status: str, action) -> None:
    if status not in SalesOrder.TRANSITIONS[order.status]:
        raise SalesOrderTransitionNotAllowed(order=str(order), status=order.get_status_display(), action=action)


# --- quotations -------------------------------------------------------------------------

def sales_order_create(*, actor, company: Company, partner: Partner, lines: list[dict],
                       date: datetime.date | None = None, valid_until: datetime.date | None = None,
                       currency: Currency | None = None, price_list: PriceList | None = None,
                       warehouse: Warehouse | None = None, invoice_policy: str | None = None,
                       salesperson: User | None = None, reference: str = "", notes: str = "") -> SalesOrder:
    """A quotation. ``lines``: dicts of product and optionally quantity (1), uom (the product's
    sale unit), unit_price (from the price list, else the product's sale price), discount (%),
    tax (the product's sales tax; None for none), description (the product). Defaults: today,
    the customer's price list and currency, the first warehouse, the company's invoice policy,
    the actor as salesperson."""
    permissions.require(actor, company, "sales.add_salesorder")
    with transaction.atomic():
        header = _header(company, partner=partner, date=date or timezone.localdate(), valid_until=valid_until,
                         currency=currency, price_list=price_list, warehouse=warehouse,
                         invoice_policy=invoice_policy, salesperson=salesperson or actor, reference=reference,
                         notes=notes)
        order = SalesOrder(company=company, created_by=actor, **header)
        rows = _clean_lines(order, lines)
        _amounts_set(order, rows)
        sequence_ensure(company=company, code=SEQUENCE, prefix="SO")
        order.number = sequence_next(company=company, code=SEQUENCE, on_date=order.date)
        order.save()
        _lines_save(order, rows)
        audit.record(actor=actor, action="create", obj=order, after=snapshot(order))
    return order


def sales_order_update(*, actor, order: SalesOrder, lines: list[dict] | None = None, **fields) -> SalesOrder:
    """Change a quotation's header ``fields``; ``lines``, when given, replace all its lines
    (prices not given are looked up again)."""
    permissions.require(actor, order.company, "sales.change_salesorder")
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise _field_error(name, name, _("this field cannot be changed."))
    with transaction.atomic():
        order = lock(order)
        if order.status not in SalesOrder.EDITABLE:
            raise SalesOrderTransitionNotAllowed(order=str(order), status=order.get_status_display(),
                                                 action=_("changed"))
        before = snapshot(order)
        header = {name: getattr(order, name) for name in HEADER_FIELDS}
        if "partner" in fields and "price_list" not in fields:
            header["price_list"] = None  # the new customer's own list
        header.update(fields)
        for name, value in _header(order.company, **header).items():
            setattr(order, name, value)
        if lines is None:
            lines = [_line_data(line) for line in order.lines.select_related("product", "uom", "tax").order_by("pk")]
        rows = _clean_lines(order, lines)
        _amounts_set(order, rows)
        order.save()
        order.lines.all().delete()
        _lines_save(order, rows)
        after = snapshot(order)
        if after != before:
            audit.record(actor=actor, action="update", obj=order, before=before, after=after)
    return order


def sales_order_send(*, actor, order: SalesOrder) -> SalesOrder:
    """Mark a quotation as sent to the customer (printing or mailing it is the page's job)."""
    permissions.require(actor, order.company, "sales.change_salesorder")
    with transaction.atomic():
        order = lock(order)
        if order.status == Status.SENT:
            return order
        require_transition(order, Status.SENT, _("sent"))
        before = audit.snapshot(order)
        order.status, order.sent_by, order.sent_at = Status.SENT, actor, timezone.now()
        order.save(update_fields=["status", "sent_by", "sent_at"])
        audit.record(actor=actor, action="send", obj=order, before=before, after=audit.snapshot(order))
    return order


# --- credit limit -----------------------------------------------------------------------

def _base(company: Company, currency: Currency, amount: Decimal) -> Decimal:
    if currency.pk == company.base_currency_id:
        return amount
    rate = rate_on(company=company, currency=currency, on_date=timezone.localdate())
    return (amount * rate).quantize(company.base_currency.quantum, rounding=ROUND_HALF_UP)


def uninvoiced_amount(order: SalesOrder) -> Decimal:
    """What of the order's total (tax included, its currency) is not invoiced yet and will be."""
    left = ZERO
    for line in order.lines.all():
        still = line.quantity - line.returned_quantity - line.invoiced_quantity
        if still > 0:
            left += line.amount_total * still / line.quantity
    return left.quantize(order.currency.quantum, rounding=ROUND_HALF_UP)


def credit_exposure(partner: Partner, *, adding: SalesOrder | None = None) -> Decimal:
    """What the customer would owe, in the base currency: their open receivables, plus what is
    confirmed but not invoiced on their orders, plus ``adding``'s total."""
    company = partner.company
    receivable = (open_items(company=company, partner=partner, kind="receivable").order_by()
                  .aggregate(total=Sum("open_amount"))["total"] or ZERO)
    orders = (SalesOrder.objects.filter(company=company, partner=partner, status=Status.CONFIRMED)
              .select_related("currency").prefetch_related("lines"))
    if adding is not None:
        orders = orders.exclude(pk=adding.pk)
    exposure = receivable + sum((_base(company, order.currency, uninvoiced_amount(order)) for order in orders), ZERO)
    if adding is not None:
        exposure += _base(company, adding.currency, adding.amount_total)
    return exposure


def _over_limit(order: SalesOrder) -> tuple[Decimal, Decimal] | None:
    """(exposure, limit) when confirming would take the customer over their credit limit; the
    customer's row stays locked to the end of the transaction, so two orders confirmed at once
    are checked one after the other. A limit of 0 means none is set."""
    if not sales_settings(order.company).credit_check:
        return None
    partner = Partner.objects.select_for_update().select_related("company").get(pk=order.partner_id)
    if not partner.credit_limit:
        return None
    exposure = credit_exposure(partner, adding=order)
    return (exposure, partner.credit_limit) if exposure > partner.credit_limit else None


# --- confirming -------------------------------------------------------------------------

def stock_quantity(line: SalesOrderLine) -> Decimal:
    """The line's quantity in the product's stock unit."""
    if line.uom_id == line.product.uom_id:
        return line.quantity
    return convert(line.quantity, line.uom, line.product.uom)


def try_reserve(*, actor, picking: Picking) -> bool:
    """Reserve the picking if the stock is there; otherwise leave it waiting."""
    try:
        picking_reserve(actor=actor, picking=picking, authorised=True)
    except NotEnoughStock:
        return False
    return True


def _delivery_create(*, actor, order: SalesOrder) -> Picking | None:
    lines = [line for line in order.lines.select_related("product__uom", "uom").order_by("pk")
             if line.product.is_stocked]
    if not lines:
        return None
    company = order.company
    picking = picking_create(
        actor=actor, company=company, kind=Picking.Kind.DELIVERY, source=order.warehouse.stock_location,
        destination=virtual_location(company, "customer"), scheduled_date=order.date, partner=order.partner,
        origin=order.number, lines=[{"product": line.product, "quantity": stock_quantity(line)} for line in lines],
        authorised=True)
    link_picking(order=order, picking=picking, lines=lines)
    picking = picking_confirm(actor=actor, picking=picking, authorised=True)
    try_reserve(actor=actor, picking=picking)
    return picking


def _confirm_locked(*, actor, order: SalesOrder) -> SalesOrder:
    before = audit.snapshot(order)
    order.status, order.confirmed_by, order.confirmed_at = Status.CONFIRMED, actor, timezone.now()
    order.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record(actor=actor, action="confirm", obj=order, before=before, after=audit.snapshot(order))
    _delivery_create(actor=actor, order=order)
    return order


def _approval_submit(*, actor, order: SalesOrder, exposure: Decimal, limit: Decimal) -> None:
    before = audit.snapshot(order)
    order.status = Status.AWAITING_APPROVAL
    order.save(update_fields=["status"])
    audit.record(actor=actor, action="submit", obj=order, before=before, after=audit.snapshot(order))
    title = gettext("Sales order %(order)s for %(partner)s: %(exposure)s owed against a limit of %(limit)s") % {
        "order": order.number, "partner": order.partner, "exposure": f"{exposure:,.2f}", "limit": f"{limit:,.2f}"}
    approval_request_submit(actor=actor, company=order.company, document_type=DOCUMENT_TYPE, object_id=order.pk,
                            title=title[:200], amount=order.amount_total, currency=order.currency.code)


def sales_order_confirm(*, actor, order: SalesOrder, request_approval: bool = False) -> SalesOrder:
    """Turn a quotation into a sales order and create its delivery. When the customer would go
    over their credit limit: CreditLimitExceeded, or with ``request_approval`` the order waits
    for the approval engine and is confirmed when approved (at once when no rule applies).
    Confirming twice changes nothing."""
    permissions.require(actor, order.company, "sales.confirm_salesorder")
    with transaction.atomic():
        order = lock(order)
        if order.status in SalesOrder.ORDERS:
            return order
        if order.status == Status.AWAITING_APPROVAL:
            raise SalesOrderTransitionNotAllowed(order=str(order), status=order.get_status_display(),
                                                 action=_("confirmed before the approval"))
        require_transition(order, Status.CONFIRMED, _("confirmed"))
        over = _over_limit(order)
        if over is None:
            return _confirm_locked(actor=actor, order=order)
        exposure, limit = over
        if not request_approval:
            raise CreditLimitExceeded(partner=str(order.partner), exposure=f"{exposure:,.2f}", limit=f"{limit:,.2f}")
        _approval_submit(actor=actor, order=order, exposure=exposure, limit=limit)
        order.refresh_from_db()  # an automatic approval has confirmed it meanwhile
        return order


def sales_order_approval_decided(*, request, actor) -> None:
    """The approval engine's verdict (inside the deciding transaction): approved → confirmed by
    the approver (the requester when the engine approved at once); otherwise back to a quotation."""
    order = (SalesOrder.objects.select_for_update().select_related("company", "currency", "partner")
             .filter(pk=int(request.object_id), company_id=request.company_id).first())
    if order is None or order.status != Status.AWAITING_APPROVAL:
        return
    if request.status == request.Status.APPROVED:
        _confirm_locked(actor=actor or request.requested_by, order=order)
        return
    before = audit.snapshot(order)
    order.status = Status.DRAFT
    order.save(update_fields=["status"])
    audit.record(actor=actor, action="return_to_draft", obj=order, before=before, after=audit.snapshot(order))


# --- cancelling -------------------------------------------------------------------------

def sales_order_cancel(*, actor, order: SalesOrder) -> SalesOrder:
    """Cancel a quotation, or an order nothing of which was delivered or invoiced yet (its
    waiting deliveries are cancelled with it)."""
    permissions.require(actor, order.company, "sales.change_salesorder")
    with transaction.atomic():
        order = lock(order)
        if order.status == Status.CANCELLED:
            return order
        require_transition(order, Status.CANCELLED, _("cancelled"))
        if order.lines.filter(delivered_quantity__gt=0).exists() or order.lines.filter(
                invoiced_quantity__gt=0).exists():
            raise SalesOrderTransitionNotAllowed(order=str(order), status=gettext("partly delivered or invoiced"),
                                                 action=_("cancelled"))
        before = audit.snapshot(order)
        for link in order.picking_links.select_related("picking").exclude(
                picking__status__in=(Picking.Status.DONE, Picking.Status.CANCELLED)):
            picking_cancel(actor=actor, picking=link.picking, authorised=True)
        order.status, order.cancelled_by, order.cancelled_at = Status.CANCELLED, actor, timezone.now()
        order.save(update_fields=["status", "cancelled_by", "cancelled_at"])
        audit.record(actor=actor, action="cancel", obj=order, before=before, after=audit.snapshot(order))
    return order
