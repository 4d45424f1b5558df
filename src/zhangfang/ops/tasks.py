"""Jobs the worker runs on schedule."""

import os
import socket

from django.utils import timezone

from zhangfang.ops.models import Heartbeat

SCHEDULER = "scheduler"


def heartbeat(name: str = SCHEDULER) -> None:
    """Run every minute by the scheduler: proves the queue and workers are processing."""
    Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "host": socket.gethostname(), "pid": os.getpid()}
    )


def ensure_schedules() -> None:
    """Create the shipped schedules once; operators may change their timing afterwards."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        func="zhangfang.core.tasks.escalate_overdue_approvals",
        defaults={"name": "escalate overdue approvals", "schedule_type": Schedule.MINUTES, "minutes": 15,
                  "next_run": timezone.now(), "repeats": -1},
    )
    Schedule.objects.get_or_create(
        func="zhangfang.purchasing.tasks.propose_requisitions",
        defaults={"name": "propose purchase requisitions", "schedule_type": Schedule.DAILY,
                  "next_run": timezone.now(), "repeats": -1},
    )
    Schedule.objects.get_or_create(
        func="zhangfang.ops.tasks.heartbeat",
        defaults={"name": "heartbeat", "schedule_type": Schedule.MINUTES, "minutes": 1,
                  "next_run": timezone.now(), "repeats": -1},
    )
