"""Purchasing jobs the worker runs on schedule (registered in zhangfang.ops.tasks.ensure_schedules)."""

from zhangfang.core.models import Company
from zhangfang.purchasing.services.requisitions import requisitions_propose


def propose_requisitions() -> int:
    """Daily: a draft requisition per company for what its reorder rules call for; returns how many."""
    made = 0
    for company in Company.objects.filter(active=True).order_by("pk"):
        if company.module_enabled("purchasing") and requisitions_propose(company=company) is not None:
            made += 1
    return made
