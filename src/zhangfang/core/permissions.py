"""Permissions hold per company: a user's roles in company X grant rights in X only."""

from fnmatch import fnmatchcase

from django.contrib.auth.models import Permission

from zhangfang.core.errors import PermissionDenied


def company_permissions(user, company) -> frozenset[str]:
    """The ``app_label.codename`` strings the user holds in ``company``, cached per user object."""
    if not user or not user.is_authenticated or not user.is_active or company is None:
        return frozenset()
    company_id = company if isinstance(company, int) else company.pk
    cache = user.__dict__.setdefault("_zf_perm_cache", {})
    if company_id not in cache:
        if user.is_superuser:
            rows = Permission.objects.values_list("content_type__app_label", "codename")
        else:
            rows = Permission.objects.filter(
                role__membership__user=user,
                role__membership__company_id=company_id,
                role__membership__active=True,
            ).values_list("content_type__app_label", "codename")
        cache[company_id] = frozenset(f"{app}.{code}" for app, code in rows)
    return cache[company_id]


def has_perm(user, company, perm: str) -> bool:
    return perm in company_permissions(user, company)


def require(user, company, perm: str) -> None:
    if not has_perm(user, company, perm):
        raise PermissionDenied()


def company_ids(user) -> list[int]:
    """Companies the user may see: active memberships only."""
    if not user or not user.is_authenticated:
        return []
    cache = user.__dict__
    if "_zf_company_ids" not in cache:
        cache["_zf_company_ids"] = list(
            user.memberships.filter(active=True, company__active=True).values_list("company_id", flat=True)
        )
    return cache["_zf_company_ids"]


def matching_permissions(patterns: list[str], among=None):
    """Permissions whose ``app_label.codename`` matches any shell-style pattern and
    none of the patterns written with a leading ``!``.

    ``among``: the permissions to choose from (default: all), so a caller matching
    many pattern lists loads them once."""
    grant = [pattern for pattern in patterns if not pattern.startswith("!")]
    deny = [pattern[1:] for pattern in patterns if pattern.startswith("!")]
    selected = []
    for perm in Permission.objects.select_related("content_type") if among is None else among:
        name = f"{perm.content_type.app_label}.{perm.codename}"
        if any(fnmatchcase(name, p) for p in grant) and not any(fnmatchcase(name, p) for p in deny):
            selected.append(perm)
    return selected
