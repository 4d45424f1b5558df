"""The shared steps of every simple master-data write: permission, validation,
save, audit. Named services for each entity call these; nothing else should."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.errors import Conflict, ValidationFailed

IN_USE = _("This record is in use and cannot be deleted; deactivate it instead.")


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def reject_floats(data: dict) -> None:
    """Money and quantities are Decimal; a float has already lost precision."""
    message = str(_("Use a decimal number, not a float."))
    bad = {name: [message] for name, value in data.items() if isinstance(value, float)}
    if bad:
        raise ValidationFailed(fields=bad)


def validate(obj: models.Model, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ValidationFailed(fields={k: [str(m) for m in v] for k, v in fields.items()}) from exc


def save_checked(obj: models.Model) -> None:
    """Save, turning a lost race on a unique constraint into a clear conflict."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise Conflict() from exc


def record_create(*, actor, model, company, data: dict, perm_company=None) -> models.Model:
    permissions.require(actor, perm_company or company, _perm(model, "add"))
    reject_floats(data)
    with transaction.atomic():
        obj = model(**data) if company is None else model(company=company, **data)
        validate(obj)
        save_checked(obj)
        audit.record(actor=actor, action="create", obj=obj, after=audit.snapshot(obj), company=company)
    return obj


def record_update(*, actor, obj: models.Model, data: dict, company=None) -> models.Model:
    company = company or getattr(obj, "company", None)
    permissions.require(actor, company, _perm(type(obj), "change"))
    reject_floats(data)
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        before = audit.snapshot(obj)
        for name, value in data.items():
            setattr(obj, name, value)
        validate(obj)
        after = audit.snapshot(obj)
        if after == before:
            return obj
        save_checked(obj)
        audit.record(actor=actor, action="update", obj=obj, before=before, after=after, company=company)
    return obj


def record_delete(*, actor, obj: models.Model, company=None) -> None:
    company = company or getattr(obj, "company", None)
    permissions.require(actor, company, _perm(type(obj), "delete"))
    with transaction.atomic():
        before = audit.snapshot(obj)
        try:
            with transaction.atomic():
                type(obj).objects.filter(pk=obj.pk).delete()
        except (models.ProtectedError, IntegrityError) as exc:
            raise Conflict(IN_USE) from exc
        audit.record(actor=actor, action="delete", obj=obj, before=before, company=company)

