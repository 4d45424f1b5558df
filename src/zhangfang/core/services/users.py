"""Users and their roles per company."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.errors import PermissionDenied, ValidationFailed
from zhangfang.core.models import Company, Membership, Role, User
from zhangfang.core.services.records import record_update, save_checked, validate

USER_FIELDS = {"full_name", "email", "phone", "language"}


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(fields={"password": list(exc.messages)}) from exc


def _user_snapshot(user: User) -> dict:
    data = audit.snapshot(user)
    data["password"] = audit.MASK
    return data


def user_create(*, actor, company: Company, username: str, password: str, roles: list[Role] = (),
                **fields) -> User:
    """A new user working in ``company`` with ``roles`` there."""
    permissions.require(actor, company, "core.add_user")
    unknown = set(fields) - USER_FIELDS
    if unknown:
        raise ValidationFailed(fields={name: [str(_("Unknown field."))] for name in unknown})
    with transaction.atomic():
        user = User(username=username, default_company=company, **fields)
        _check_password(password, user)
        user.set_password(password)
        validate(user, exclude=["password"])
        save_checked(user)
        membership = Membership.objects.create(user=user, company=company)
        membership.roles.set(roles)
        after = {**_user_snapshot(user), "roles": sorted(role.code for role in roles)}
        audit.record(actor=actor, action="create", obj=user, after=after, company=company)
    return user


def user_update(*, actor, company: Company, user: User, roles: list[Role] | None = None,
                active: bool | None = None, **fields) -> User:
    """Change a user's roles and access (``active``) in ``company``, and their details.

    Details are shared by every company the user works in, so changing them needs the
    right to change users in all of those companies.
    """
    permissions.require(actor, company, "core.change_user")
    if not Membership.objects.filter(user=user, company=company).exists():
        raise ValidationFailed(fields={"user": [str(_("Not a member of this company."))]})
    unknown = set(fields) - USER_FIELDS
    if unknown:
        raise ValidationFailed(fields={name: [str(_("Unknown field."))] for name in unknown})
    changed_details = {name for name, value in fields.items() if getattr(user, name) != value}
    if changed_details:
        for company_id in user.memberships.values_list("company_id", flat=True):
            permissions.require(actor, company_id, "core.change_user")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        membership = Membership.objects.select_for_update().get(user=user, company=company)
        before = {**_user_snapshot(user), "roles": sorted(membership.roles.values_list("code", flat=True)),
                  "active_in_company": membership.active}
        for name, value in fields.items():
            setattr(user, name, value)
        validate(user, exclude=["password"])
        save_checked(user)
        if roles is not None:
            membership.roles.set(roles)
        if active is not None and active != membership.active:
            membership.active = active
            membership.save(update_fields=["active"])
        after = {**_user_snapshot(user), "roles": sorted(membership.roles.values_list("code", flat=True)),
                 "active_in_company": membership.active}
        if after != before:
            audit.record(actor=actor, action="update", obj=user, before=before, after=after, company=company)
    return user


def user_set_password(*, actor, user: User, password: str) -> None:
    """A user changes their own password (an administrator resets through user_update)."""
    if actor.pk != user.pk:
        raise PermissionDenied()
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(actor=actor, action="password_change", obj=user, company=user.default_company)


def role_update(*, actor, company: Company, role: Role, **fields) -> Role:
    """Change a role's name, description or whether it requires two-factor sign-in."""
    unknown = set(fields) - {"name", "description", "requires_2fa"}
    if unknown:
        raise ValidationFailed(fields={name: [str(_("Unknown field."))] for name in unknown})
    return record_update(actor=actor, obj=role, data=fields, company=company)


def user_set_language(*, actor, language: str) -> None:
    """The interface language the actor prefers; a personal setting, not audited."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed(fields={"language": [str(_("Unknown language."))]})
    User.objects.filter(pk=actor.pk).update(language=language)
    actor.language = language
