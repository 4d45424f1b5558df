"""Who must use a second factor, and whether they have one (SEC-2)."""

from django_otp import devices_for_user

from zhangfang.core.models import Role


def requires_2fa(user) -> bool:
    """True when any role the user holds in an active company membership requires it."""
    cache = user.__dict__
    if "_zf_requires_2fa" not in cache:
        cache["_zf_requires_2fa"] = Role.objects.filter(
            requires_2fa=True, membership__user=user, membership__active=True
        ).exists()
    return cache["_zf_requires_2fa"]


def has_device(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))
