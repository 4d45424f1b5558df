"""Customers and suppliers with their contacts, addresses and bank accounts."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Company, Partner, PartnerAddress, PartnerBankAccount, PartnerContact
from zhangfang.core.services.records import reject_floats, save_checked, validate
from zhangfang.core.services.sequences import sequence_next

CHILDREN = {
    "contacts": PartnerContact,
    "addresses": PartnerAddress,
    "bank_accounts": PartnerBankAccount,
}


def _full_snapshot(partner: Partner) -> dict:
    data = audit.snapshot(partner)
    for name in CHILDREN:
        data[name] = [audit.snapshot(child) for child in getattr(partner, name).all()]
    return data


def _sync_children(partner: Partner, name: str, rows: list[dict]) -> None:
    """Make the partner's ``name`` children exactly ``rows``; rows with an ``id`` update."""
    model = CHILDREN[name]
    existing = {child.pk: child for child in getattr(partner, name).all()}
    keep = set()
    for index, row in enumerate(rows):
        row = dict(row)
        pk = row.pop("id", None)
        child = existing.get(pk) if pk else model(partner=partner)
        if pk and child is None:
            raise ValidationFailed(fields={f"{name}.{index}.id": [str(_("Unknown row."))]})
        for field, value in row.items():
            if field == "account_number" and pk and value == child.masked_number:
                continue  # the masked number a client read back means "unchanged"
            setattr(child, field, value)
        try:
            validate(child, exclude=["partner"])
        except ValidationFailed as exc:
            raise ValidationFailed(
                fields={f"{name}.{index}.{field}": msgs for field, msgs in exc.fields.items()}
            ) from exc
        child.save()
        keep.add(child.pk)
    model.objects.filter(partner=partner).exclude(pk__in=keep).delete()


def partner_create(*, actor, company: Company, contacts=(), addresses=(), bank_accounts=(),
                   **fields) -> Partner:
    permissions.require(actor, company, "core.add_partner")
    reject_floats(fields)
    with transaction.atomic():
        partner = Partner(company=company, **fields)
        if not partner.code:
            partner.code = sequence_next(company=company, code="partner", on_date=datetime.date.today())
        validate(partner)
        save_checked(partner)
        for name, rows in (("contacts", contacts), ("addresses", addresses), ("bank_accounts", bank_accounts)):
            _sync_children(partner, name, list(rows))
        audit.record(actor=actor, action="create", obj=partner, after=_full_snapshot(partner))
    return partner


def partner_update(*, actor, partner: Partner, contacts=None, addresses=None, bank_accounts=None,
                   **fields) -> Partner:
    """Change fields; a children list given replaces that list (rows with ``id`` are kept)."""
    permissions.require(actor, partner.company, "core.change_partner")
    reject_floats(fields)
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        before = _full_snapshot(partner)
        for field, value in fields.items():
            setattr(partner, field, value)
        validate(partner)
        for name, rows in (("contacts", contacts), ("addresses", addresses), ("bank_accounts", bank_accounts)):
            if rows is not None:
                _sync_children(partner, name, list(rows))
        if _full_snapshot(partner) != before:  # compared before save() moves updated_at
            save_checked(partner)
            audit.record(actor=actor, action="update", obj=partner, before=before, after=_full_snapshot(partner))
    return partner
