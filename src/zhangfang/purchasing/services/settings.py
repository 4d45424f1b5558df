"""The company's purchasing settings."""

from django.db import transaction
from django.utils.translation import gettext as _

from zhangfang.core import audit, permissions
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Company
from zhangfang.core.services.records import reject_floats, validate
from zhangfang.purchasing.models import PurchasingSettings

FIELDS = {"order_approval_threshold", "over_receipt_tolerance", "price_tolerance", "quantity_tolerance",
          "use_quality_hold"}


def purchasing_settings(company: Company) -> PurchasingSettings:
    """The company's settings; the defaults (no approval, no tolerance, no quality hold), unsaved,
    until they are changed."""
    return PurchasingSettings.objects.filter(company=company).first() or PurchasingSettings(company=company)


def purchasing_settings_update(*, actor, company: Company, **fields) -> PurchasingSettings:
    permissions.require(actor, company, "purchasing.change_purchasingsettings")
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    reject_floats(fields)
    with transaction.atomic():
        PurchasingSettings.objects.get_or_create(company=company)
        settings = PurchasingSettings.objects.select_for_update().get(company=company)
        before = audit.snapshot(settings)
        for name, value in fields.items():
            setattr(settings, name, value)
        validate(settings)
        settings.save()
        after = audit.snapshot(settings)
        if after != before:
            audit.record(actor=actor, action="update", obj=settings, before=before, after=after, company=company)
    return settings
