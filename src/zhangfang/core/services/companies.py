"""Creating and configuring companies (ARCH-2, ARCH-6)."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zhangfang.core import audit
from zhangfang.core.errors import PermissionDenied, ValidationFailed
from zhangfang.core.models import MODULE_CODES, Company, Currency, Membership, Role, Uom, UomCategory
from zhangfang.core.services.records import record_update, validate
from zhangfang.core.services.sequences import sequence_ensure


def default_units():
    """(category, [(name, symbol, ratio, rounding)]) with the reference unit first."""
    return [
        (_("Count"), [(_("piece"), "pcs", "1", "1"), (_("dozen"), "dz", "12", "1"),
                      (_("box"), "box", "10", "1")]),
        (_("Weight"), [(_("kilogram"), "kg", "1", "0.001"), (_("gram"), "g", "0.001", "0.01"),
                       (_("tonne"), "t", "1000", "0.001")]),
        (_("Length"), [(_("metre"), "m", "1", "0.01"), (_("centimetre"), "cm", "0.01", "0.1"),
                       (_("kilometre"), "km", "1000", "0.001")]),
        (_("Volume"), [(_("litre"), "L", "1", "0.01"), (_("cubic metre"), "m³", "1000", "0.001")]),
        (_("Time"), [(_("hour"), "h", "1", "0.01"), (_("working day"), "d", "8", "0.01")]),
    ]


def company_create(*, actor, code: str, name: str, base_currency: str = "CNY", legal_name: str = "",
                   tax_id: str = "", enabled_modules: list[str] | None = None) -> Company:
    """A new company with its units and sequences; the creator becomes its administrator."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied()
    modules = MODULE_CODES if enabled_modules is None else enabled_modules
    unknown = sorted(set(modules) - set(MODULE_CODES))
    if unknown:
        raise ValidationFailed(fields={"enabled_modules": [_("Unknown module: %s") % ", ".join(unknown)]})
    currency = Currency.objects.filter(code=base_currency).first()
    if currency is None:
        raise ValidationFailed(fields={"base_currency": [_("Unknown currency.")]})
    with transaction.atomic():
        company = Company(code=code, name=name, legal_name=legal_name, tax_id=tax_id,
                          base_currency=currency, enabled_modules=list(modules))
        validate(company)
        company.save()
        for category_name, units in default_units():
            category = UomCategory.objects.create(company=company, name=category_name)
            for index, (unit_name, symbol, ratio, rounding) in enumerate(units):
                Uom.objects.create(company=company, category=category, name=unit_name, symbol=symbol,
                                   ratio=Decimal(ratio), rounding=Decimal(rounding), is_reference=index == 0)
        sequence_ensure(company=company, code="partner", prefix="P", reset="never", padding=5)
        if actor is not None:
            membership = Membership.objects.create(user=actor, company=company)
            membership.roles.set(Role.objects.filter(code="admin"))
        audit.record(actor=actor, action="create", obj=company, after=audit.snapshot(company), company=company)
    return company


def company_update(*, actor, company: Company, data: dict) -> Company:
    modules = data.get("enabled_modules")
    if modules is not None and set(modules) - set(MODULE_CODES):
        raise ValidationFailed(fields={"enabled_modules": [_("Unknown module.")]})
    return record_update(actor=actor, obj=company, data=data, company=company)
