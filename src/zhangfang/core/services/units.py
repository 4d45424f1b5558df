"""Units of measure and conversion between units of one category."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Uom
from zhangfang.core.services.records import record_create, record_update


def round_quantity(quantity: Decimal, rounding: Decimal) -> Decimal:
    """Round half-up to a multiple of ``rounding`` (e.g. 0.01, 1, 0.5)."""
    steps = (quantity / rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return steps * rounding


def convert(quantity: Decimal, from_uom: Uom, to_uom: Uom) -> Decimal:
    if not isinstance(quantity, Decimal):
        raise ValidationFailed(fields={"quantity": [str(_("Use a decimal number, not a float."))]})
    if from_uom.category_id != to_uom.category_id:
        raise ValidationFailed(
            _("Cannot convert %(a)s to %(b)s: they measure different things."), a=from_uom, b=to_uom
        )
    return round_quantity(quantity * from_uom.ratio / to_uom.ratio, to_uom.rounding)


def uom_create(*, actor, company, **data) -> Uom:
    return record_create(actor=actor, model=Uom, company=company, data=data)


def uom_update(*, actor, uom: Uom, **data) -> Uom:
    return record_update(actor=actor, obj=uom, data=data)
