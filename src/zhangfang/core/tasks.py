"""Core jobs the worker runs on schedule (registered in zhangfang.ops.tasks.ensure_schedules)."""

from zhangfang.core.services.approvals import approval_escalate_overdue


def escalate_overdue_approvals() -> int:
    """Every 15 minutes: escalate approval steps past their due time; returns how many."""
    return len(approval_escalate_overdue())
