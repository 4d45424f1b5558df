"""Integrity checks owned by core."""

from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit
from zhangfang.core.integrity import register
from zhangfang.core.services.sequences import format_number

# sequence code -> ("app_label.Model", field carrying the number); apps add theirs.
SEQUENCE_USERS: dict[str, tuple[str, str]] = {}


@register("core.audit_chain", _("Audit trail hash chain verifies"),
          hint=_("Restore the audit table from the last verified backup and investigate who changed it."))
def audit_chain():
    return audit.verify_chain()


@register("core.database", _("Database file and catalog are sound"),
          hint=_("Stop writes, take a copy, and restore from the last verified backup if errors persist."))
def database_integrity():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            rows = [row[0] for row in cursor.fetchall()]
            return [] if rows == ["ok"] else rows
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE NOT convalidated"
        )
        return [f"constraint {name} on {table} is not validated" for table, name in cursor.fetchall()]


@register("core.migrations", _("All database migrations are applied"),
          hint=_("Run: zhangfang init (it applies pending migrations)."))
def migrations_applied():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"migration {migration.app_label}.{migration.name} is not applied" for migration, _b in plan]


@register("core.sequences", _("Gapless sequences have no gaps"),
          hint=_("Find the document that should carry the missing number in the audit trail."))
def sequence_counters():
    """Every number a counter has handed out must be carried by exactly one row.

    Apps declare in SEQUENCE_USERS which model field carries which sequence.
    """
    from zhangfang.core.models import SequenceCounter

    findings = []
    for counter in SequenceCounter.objects.select_related("sequence"):
        carrier = SEQUENCE_USERS.get(counter.sequence.code)
        if carrier is None:
            continue
        label, field = carrier
        model = apps.get_model(label)
        expected = {format_number(counter.sequence, counter.period, n) for n in range(1, counter.last_number + 1)}
        used = set(model.objects.filter(company_id=counter.sequence.company_id,
                                        **{f"{field}__in": expected}).values_list(field, flat=True))
        missing = sorted(expected - used)
        if missing:
            label = " ".join(part for part in (counter.sequence.code, counter.period) if part)
            findings.append(f"{label}: missing {', '.join(missing[:10])}")
    return findings

