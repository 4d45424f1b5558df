"""Liveness and readiness (MON-6)."""

import time

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhangfang.ops.models import Heartbeat
from zhangfang.ops.tasks import SCHEDULER


def readiness() -> tuple[bool, dict]:
    """(ready, details): database reachable, migrations applied, scheduler beating."""
    checks: dict[str, dict] = {}
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    except Exception as exc:
        checks["database"] = {"ok": False, "error": exc.__class__.__name__}
        return False, checks
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = {"ok": not pending, "pending": len(pending)}
    except Exception as exc:
        checks["migrations"] = {"ok": False, "error": exc.__class__.__name__}
    beat = Heartbeat.objects.filter(name=SCHEDULER).values_list("beat_at", flat=True).first()
    if beat is None:
        checks["worker"] = {"ok": False, "error": "no heartbeat yet", "max_age_s": settings.HEARTBEAT_MAX_AGE}
    else:
        age = (timezone.now() - beat).total_seconds()
        checks["worker"] = {"ok": age <= settings.HEARTBEAT_MAX_AGE, "age_s": round(age, 1),
                            "max_age_s": settings.HEARTBEAT_MAX_AGE}
    return all(check["ok"] for check in checks.values()), checks
