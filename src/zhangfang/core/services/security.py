"""Two-factor sign-in, recovery codes, lockout alerts and deprovisioning (SEC-2, SEC-4, SEC-6)."""

import structlog
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhangfang.core import audit, permissions, security
from zhangfang.core.errors import BusinessError, ValidationFailed
from zhangfang.core.models import ApiToken, AuditRecord, Membership, User
from zhangfang.core.services.notifications import notify

log = structlog.get_logger("zhangfang.security")
RECOVERY_CODES = 10


class SecondFactorRequired(BusinessError):
    code = "second_factor_required"
    status = 409
    default_message = _("Your role requires two-factor sign-in; it cannot be switched off.")


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def totp_enrol_start(*, actor: User) -> TOTPDevice:
    """A new, not yet confirmed authenticator for the actor (the QR code shows its key)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_enrol_confirm(*, actor: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from it; returns it and fresh recovery codes."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
        if device is None:
            raise ValidationFailed(fields={"code": [_("Start the set-up again.")]})
        if not device.verify_token(code.strip()):
            raise ValidationFailed(fields={"code": [_("The code is not valid. Check the time on your phone.")]})
        TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
        audit.record(actor=actor, action="2fa_enabled", obj=actor, company=actor.default_company)
    return device, codes


def recovery_codes_regenerate(*, actor: User) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        audit.record(actor=actor, action="recovery_codes_renewed", obj=actor, company=actor.default_company)
    return codes


def totp_disable(*, actor: User) -> None:
    if security.requires_2fa(actor):
        raise SecondFactorRequired()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        StaticDevice.objects.filter(user=actor).delete()
        audit.record(actor=actor, action="2fa_disabled", obj=actor, company=actor.default_company)


def second_factor_verify(*, user: User, code: str, request=None):
    """The device that accepts ``code`` (authenticator first, then recovery codes), or None.

    A TOTP code is accepted once (django-otp keeps the last used time step); a recovery
    code is deleted when used. A wrong code counts as a failed sign-in for the lockout.
    """
    code = code.strip().replace(" ", "")
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    user_login_failed.send(sender=__name__, credentials={"username": user.username}, request=request)
    return None


def _end_sessions(user: User) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _require_everywhere(actor: User, user: User) -> None:
    """Changing a whole account needs the right in every company the user works in."""
    for company_id in Membership.objects.filter(user=user).values_list("company_id", flat=True):
        permissions.require(actor, company_id, "core.change_user")


def user_deactivate(*, actor: User, user: User) -> dict:
    """Disable a user everywhere, end their sessions and revoke their API tokens, in one action."""
    _require_everywhere(actor, user)
    if user.pk == actor.pk:
        raise ValidationFailed(fields={"user": [_("You cannot deactivate yourself.")]})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = False
        user.save(update_fields=["is_active"])
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        ended = _end_sessions(user)
        result = {"sessions_ended": ended, "tokens_revoked": revoked}
        audit.record(actor=actor, action="deactivate", obj=user, after=result,
                     company=user.default_company)
    return result


def user_reactivate(*, actor: User, user: User) -> User:
    """Let a deactivated user sign in again (their old tokens stay revoked)."""
    _require_everywhere(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            audit.record(actor=actor, action="reactivate", obj=user, company=user.default_company)
    return user


def second_factor_reset(*, actor: User, user: User) -> None:
    """For a user who lost their authenticator and recovery codes: remove both, so they
    set up a new one at their next sign-in (their role may require it at once)."""
    _require_everywhere(actor, user)
    if user.pk == actor.pk:
        raise ValidationFailed(fields={"user": [_("Use your recovery codes to replace your own authenticator.")]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record(actor=actor, action="2fa_reset", obj=user, company=user.default_company)


def on_lockout(sender, request=None, username: str = "", ip_address: str = "", **kwargs) -> None:
    """Axes locked an account: record it and tell the administrators (SEC-4)."""
    user = User.objects.filter(username=username).first()
    log.warning("login.locked_out", username=username, ip=ip_address)
    if user is None:
        return
    already = AuditRecord.objects.filter(action="lockout", object_type="core.user", object_id=str(user.pk),
                                         created_at__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    if already.exists():  # every refused attempt during the lock signals again; tell people once
        return
    with transaction.atomic():
        audit.record(actor=None, action="lockout", obj=user, after={"ip": ip_address},
                     company=user.default_company)
        company_ids = list(Membership.objects.filter(user=user).values_list("company_id", flat=True))
        for admin in _administrators(company_ids):
            notify(user=admin, company=user.default_company,
                   title=_("Account locked: %(user)s") % {"user": username},
                   body=_("Too many failed sign-ins from %(ip)s. The account unlocks by itself later.")
                   % {"ip": ip_address or "?"},
                   url="/users/")



def _administrators(company_ids: list[int]):
    """Active superusers and holders of the administrator role in any of these companies."""
    in_companies = Q(memberships__company_id__in=company_ids, memberships__roles__code="admin",
                     memberships__active=True)
    return User.objects.filter(Q(is_superuser=True) | in_companies, is_active=True).distinct()
