"""Separation of duties and escalation timing: plain functions over plain values, so
the engine, the inbox and the tests share one definition and need no database."""

import datetime
from collections.abc import Iterable

from zhangfang.core.approvals.errors import (
    ApprovedTwiceRefused,
    IncompatibleRoles,
    NotAnApprover,
    SelfApprovalRefused,
)
from zhangfang.core.errors import PermissionDenied


def acting_role(*, user_id: int, held_role_ids: set[int], step) -> tuple[bool, int | None]:
    """Whether the user may decide ``step``, and the role they would act in
    (None when the step names them personally).

    The step's own approvers may decide it; once it has been escalated, so may the
    holders of its escalation role."""
    if step.user_id is not None and step.user_id == user_id:
        return True, None
    if step.role_id is not None and step.role_id in held_role_ids:
        return True, step.role_id
    if step.escalation_level > 0 and step.escalate_to_role_id in held_role_ids:
        return True, step.escalate_to_role_id
    return False, None


def conflicting_pair(*, role_id: int | None, held_role_ids: set[int], incompatible: Iterable[tuple]):
    """The first (role, other) pair of ``incompatible`` (pairs of objects with ``pk``)
    where ``role_id`` is one side and the user also holds the other side."""
    if role_id is None:
        return None
    for first, second in incompatible:
        if first.pk == role_id and second.pk in held_role_ids:
            return first, second
        if second.pk == role_id and first.pk in held_role_ids:
            return second, first
    return None


def refusal(*, user_id: int, held_role_ids: set[int], incompatible: Iterable[tuple], requested_by_id: int,
            earlier_approver_ids: set[int], step) -> PermissionDenied | None:
    """Why the user may not decide ``step`` of a request, or None when they may."""
    if user_id == requested_by_id:
        return SelfApprovalRefused()
    if user_id in earlier_approver_ids:
        return ApprovedTwiceRefused()
    allowed, role_id = acting_role(user_id=user_id, held_role_ids=held_role_ids, step=step)
    if not allowed:
        return NotAnApprover()
    pair = conflicting_pair(role_id=role_id, held_role_ids=held_role_ids, incompatible=incompatible)
    if pair:
        return IncompatibleRoles(role=str(pair[0]), other=str(pair[1]))
    return None


def escalation_level(*, due_at: datetime.datetime, due_hours: int, now: datetime.datetime) -> int:
    """How many due periods have begun since ``due_at``: 0 before it is due, 1 from
    ``due_at``, 2 from ``due_at + due_hours``, and so on."""
    if now < due_at:
        return 0
    return (now - due_at) // datetime.timedelta(hours=due_hours) + 1


def next_escalation_at(*, due_at: datetime.datetime, due_hours: int, level: int) -> datetime.datetime:
    """When the step escalates past ``level``."""
    return due_at + datetime.timedelta(hours=due_hours) * level
