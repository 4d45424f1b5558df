"""Reading what is handed to the purchasing services: numbers as Decimals of their column's
places, references owned by the company, documents in a state that allows the step."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.core.models import Company, Partner
from zhangfang.purchasing.exceptions import PurchaseFieldInvalid, PurchaseLineInvalid, PurchaseTransitionNotAllowed

LIMIT = Decimal(10) ** 12


def field_error(name: str, reason) -> PurchaseFieldInvalid:
    return PurchaseFieldInvalid(field=name, reason=reason, fields={name: [str(reason)]})


def line_error(line: int, name: str, reason) -> PurchaseLineInvalid:
    """``line`` counts from 1 in the message; the field key counts from 0 like the request body."""
    return PurchaseLineInvalid(line=line, reason=reason, fields={f"lines.{line - 1}.{name}": [str(reason)]})


def number(value, *, line: int, name: str, places: int, positive: bool = False) -> Decimal:
    try:
        result = decimal_in(value, places=places, below=LIMIT)
    except NotAnAmount as exc:
        raise line_error(line, name, exc.reason) from exc
    if result < 0 or (positive and result == 0):
        raise line_error(line, name, _("enter a positive number.") if positive else _("cannot be negative."))
    return result


def owned(value, model, company: Company) -> bool:
    return isinstance(value, model) and value.company_id == company.pk and getattr(value, "active", True)


def supplier_check(company: Company, supplier, name: str = "supplier") -> Partner:
    if not owned(supplier, Partner, company) or not supplier.is_supplier:
        raise field_error(name, _("choose an active supplier of this company."))
    return supplier


def date_check(value, name: str, *, required: bool = True) -> datetime.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date):
        raise field_error(name, _("enter a date."))
    return value


def refusal(document, action) -> PurchaseTransitionNotAllowed:
    return PurchaseTransitionNotAllowed(document=str(document), status=document.get_status_display(), action=action)


def transition_check(document, status: str, action) -> None:
    """Refuse a step the document's TRANSITIONS table does not allow from its status."""
    if status not in document.TRANSITIONS[document.status]:
        raise refusal(document, action)
