"""Personal API tokens: shown once, stored as SHA-256, scoped and expiring."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit
from zhangfang.core.errors import PermissionDenied, ValidationFailed
from zhangfang.core.models import ApiToken

TOKEN_PREFIX = "zf_"
MAX_DAYS = 366


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, actor, name: str, scope: str = ApiToken.Scope.READ,
                     days: int = 90) -> tuple[ApiToken, str]:
    """Returns the token row and the plain token, which is never shown again."""
    if scope not in ApiToken.Scope.values:
        raise ValidationFailed(fields={"scope": [str(_("Choose read or write."))]})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(fields={"days": [str(_("Between 1 and 366 days."))]})
    if not name.strip():
        raise ValidationFailed(fields={"name": [str(_("This field is required."))]})
    prefix = secrets.token_hex(4)
    plain = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name.strip()[:100], prefix=prefix, key_hash=_hash(plain), scope=scope,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        audit.record(actor=actor, action="create", obj=token, after=audit.snapshot(token),
                     company=actor.default_company)
    return token, plain


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied()
    if token.revoked_at:
        return token
    with transaction.atomic():
        before = audit.snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="revoke", obj=token, before=before, after=audit.snapshot(token),
                     company=actor.default_company)
    return token


def api_token_authenticate(plain: str) -> ApiToken | None:
    """The live token matching ``plain``, or None."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    prefix = plain[len(TOKEN_PREFIX):].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not secrets.compare_digest(token.key_hash, _hash(plain)):
        return None
    now = timezone.now()
    if token.revoked_at or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # throttled: not audited
    return token
