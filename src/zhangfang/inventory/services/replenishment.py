"""Reorder rules (SCM-7): minimum and maximum per product and warehouse. Purchasing turns
the needs they raise (selectors.replenishment) into requisitions."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Partner
from zhangfang.core.services.records import save_checked
from zhangfang.inventory.exceptions import StockFieldInvalid, field_error
from zhangfang.inventory.models import Product, ReorderRule, Warehouse

FIELDS = ("minimum", "maximum", "multiple", "lead_days", "supplier", "active")


def _clean(company: Company, rule: ReorderRule, data: dict) -> None:
    """Apply ``data`` to ``rule`` after checking every field."""
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise field_error(StockFieldInvalid, unknown[0], _("this field cannot be set here."))
    for field in ("minimum", "maximum", "multiple"):
        if field in data:
            try:
                value = decimal_in(data[field], places=4)
            except NotAnAmount as exc:
                raise field_error(StockFieldInvalid, field, exc.reason) from exc
            if value < 0:
                raise field_error(StockFieldInvalid, field, _("enter zero or more."))
            setattr(rule, field, value)
    if rule.maximum < rule.minimum:
        raise field_error(StockFieldInvalid, "maximum", _("the maximum cannot be below the minimum."))
    if "lead_days" in data:
        if not isinstance(data["lead_days"], int) or isinstance(data["lead_days"], bool) or data["lead_days"] < 0:
            raise field_error(StockFieldInvalid, "lead_days", _("enter a whole number of days, zero or more."))
        rule.lead_days = data["lead_days"]
    if "supplier" in data:
        supplier = data["supplier"]
        if supplier is not None and (not isinstance(supplier, Partner) or supplier.company_id != company.pk
                                     or not supplier.is_supplier):
            raise field_error(StockFieldInvalid, "supplier", _("choose a supplier of this company."))
        rule.supplier = supplier
    if "active" in data:
        rule.active = bool(data["active"])


def reorder_rule_create(*, actor, company: Company, product: Product, warehouse: Warehouse, minimum: Decimal,
                        maximum: Decimal, multiple: Decimal = Decimal("1"), lead_days: int = 0,
                        supplier: Partner | None = None, active: bool = True) -> ReorderRule:
    """Keep ``product`` at ``warehouse`` between ``minimum`` and ``maximum`` (stock unit);
    orders are rounded up to ``multiple`` (0: no rounding) and take ``lead_days`` to arrive."""
    permissions.require(actor, company, "inventory.add_reorderrule")
    if not isinstance(product, Product) or product.company_id != company.pk or not product.is_stocked:
        raise field_error(StockFieldInvalid, "product", _("choose a stocked product of this company."))
    if not isinstance(warehouse, Warehouse) or warehouse.company_id != company.pk:
        raise field_error(StockFieldInvalid, "warehouse", _("choose a warehouse of this company."))
    rule = ReorderRule(company=company, product=product, warehouse=warehouse)
    _clean(company, rule, {"minimum": minimum, "maximum": maximum, "multiple": multiple, "lead_days": lead_days,
                           "supplier": supplier, "active": active})
    with transaction.atomic():
        if ReorderRule.objects.filter(product=product, warehouse=warehouse).exists():
            raise field_error(StockFieldInvalid, "product", _("%(product)s already has a rule at %(warehouse)s.")
                              % {"product": product, "warehouse": warehouse})
        save_checked(rule)
        audit.record(actor=actor, action="create", obj=rule, after=audit.snapshot(rule))
    return rule


def reorder_rule_update(*, actor, rule: ReorderRule, **fields) -> ReorderRule:
    """Change minimum, maximum, multiple, lead_days, supplier or active."""
    permissions.require(actor, rule.company, "inventory.change_reorderrule")
    with transaction.atomic():
        rule = ReorderRule.objects.select_for_update().get(pk=rule.pk)
        before = audit.snapshot(rule)
        _clean(rule.company, rule, fields)
        after = audit.snapshot(rule)
        if after != before:
            save_checked(rule)
            audit.record(actor=actor, action="update", obj=rule, before=before, after=after)
    return rule
