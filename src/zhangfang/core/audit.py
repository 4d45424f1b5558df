"""The audit trail (DATA-2, SEC-7): every service that changes data calls ``record``
inside its own transaction. Rows form a hash chain; ``verify_chain`` finds any edit,
deletion or insertion made behind the services' back."""

import datetime
import decimal
import hashlib
import json

from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from structlog.contextvars import get_contextvars

from zhangfang.core.fields import EncryptedCharField
from zhangfang.core.models import AuditChainHead, AuditRecord

GENESIS = "0" * 64
MASK = "***"


def _json_value(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def _masked(secret: str) -> str:
    """``***`` and a keyed fingerprint: the trail shows that a secret changed, never what it is."""
    if not secret:
        return ""
    return f"{MASK}:{salted_hmac('zhangfang.audit.secret', secret, algorithm='sha256').hexdigest()[:8]}"


def _as_stored(value: decimal.Decimal, places: int) -> decimal.Decimal:
    """The value as its column holds it, so 7.18 and 7.1800000000 compare equal."""
    try:
        return value.quantize(decimal.Decimal(1).scaleb(-places))
    except decimal.InvalidOperation:  # too many digits: validation will refuse it
        return value


def snapshot(obj: models.Model) -> dict:
    """The concrete field values of ``obj`` as JSON-safe data; secrets masked."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, EncryptedCharField):
            value = _masked(value)
        elif isinstance(field, models.FileField):
            value = value.name if value else ""
        elif isinstance(field, models.DecimalField) and isinstance(value, decimal.Decimal):
            value = _as_stored(value, field.decimal_places)
        data[field.name] = _json_value(value)
    return data


def _canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _digest(prev_hash: str, fields: dict) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(fields)).hexdigest()


def _hashed_fields(rec: AuditRecord) -> dict:
    return {
        "seq": rec.seq,
        "company": rec.company_id,
        "actor": rec.actor_id,
        "action": rec.action,
        "object_type": rec.object_type,
        "object_id": rec.object_id,
        "object_repr": rec.object_repr,
        "before": rec.before,
        "after": rec.after,
        "request_id": rec.request_id,
        "created_at": rec.created_at.isoformat(),
    }


def record(*, actor, action: str, obj: models.Model, before: dict | None = None,
           after: dict | None = None, company=None) -> AuditRecord:
    """Append one audit row for ``action`` on ``obj`` to the chain."""
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS}
        )
        rec = AuditRecord(
            company=company if company is not None else getattr(obj, "company", None),
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            before=json.loads(_canonical(before)) if before is not None else None,
            after=json.loads(_canonical(after)) if after is not None else None,
            request_id=str(get_contextvars().get("request_id", ""))[:64],
            created_at=timezone.now(),
            seq=head.count + 1,
            prev_hash=head.last_hash,
        )
        rec.hash = _digest(rec.prev_hash, _hashed_fields(rec))
        rec.save(force_insert=True)
        head.last_hash, head.count = rec.hash, rec.seq
        head.save(update_fields=["last_hash", "count"])
    return rec


def verify_chain(batch: int = 2000) -> list[str]:
    """Problems found in the chain, first break first; empty when it verifies."""
    problems: list[str] = []
    prev_hash, expected_seq = GENESIS, 1
    for rec in AuditRecord.objects.order_by("seq").iterator(chunk_size=batch):
        if rec.seq != expected_seq:
            problems.append(f"audit record seq {expected_seq} is missing (next found: seq {rec.seq}, id {rec.pk})")
            return problems
        if rec.prev_hash != prev_hash:
            problems.append(f"audit record seq {rec.seq} (id {rec.pk}) does not follow the previous record")
            return problems
        if _digest(rec.prev_hash, _hashed_fields(rec)) != rec.hash:
            problems.append(f"audit record seq {rec.seq} (id {rec.pk}) was altered after it was written")
            return problems
        prev_hash, expected_seq = rec.hash, rec.seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and expected_seq > 1:  # without it, cutting off the newest records goes unseen
        problems.append(f"the audit chain head is missing; the chain ends at seq {expected_seq - 1}")
    elif head and (head.count != expected_seq - 1 or head.last_hash != prev_hash):
        problems.append(
            f"the audit chain ends at seq {expected_seq - 1} but {head.count} records were written"
        )
    return problems
