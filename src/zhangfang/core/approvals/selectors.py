"""Read queries for approvals, scoped to what the user may see."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhangfang.core import permissions
from zhangfang.core.approvals import duties
from zhangfang.core.errors import NotFound
from zhangfang.core.models import (
    ApprovalRequest,
    ApprovalRule,
    ApprovalStep,
    AuditRecord,
    Company,
    IncompatibleRolePair,
    Membership,
)

OVERSEE = "core.oversee_approvalrequest"


def _held_role_ids(user, company: Company) -> set[int]:
    return set(Membership.objects.filter(user=user, company=company, active=True)
               .values_list("roles", flat=True)) - {None}


def decider_context(*, user, company: Company) -> tuple[set[int], list[tuple]]:
    """The role ids ``user`` holds in ``company`` and the company's incompatible role pairs."""
    pairs = [(p.role_a, p.role_b) for p in
             IncompatibleRolePair.objects.filter(company=company).select_related("role_a", "role_b")]
    return _held_role_ids(user, company), pairs


def approval_inbox(*, user, company: Company) -> list[ApprovalStep]:
    """Pending steps of ``company`` the user may decide now, the most urgent first."""
    if company.pk not in permissions.company_ids(user):
        return []
    held, pairs = decider_context(user=user, company=company)
    approved_by_user = ApprovalStep.objects.filter(request=OuterRef("request"), decided_by=user,
                                                   status=ApprovalStep.Status.APPROVED)
    steps = (
        ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING, request__company=company,
                                    request__status=ApprovalRequest.Status.PENDING)
        .filter(Q(user=user) | Q(role__in=held) | Q(escalation_level__gt=0, escalate_to_role__in=held))
        .exclude(request__requested_by=user)
        .exclude(Exists(approved_by_user))
        .select_related("request__currency", "request__requested_by", "role", "user")
        .order_by("due_at", "pk")
    )
    # the rules the engine applies, so the inbox offers nothing it would refuse
    return [step for step in steps if duties.refusal(
        user_id=user.pk, held_role_ids=held, incompatible=pairs, requested_by_id=step.request.requested_by_id,
        earlier_approver_ids=set(), step=step) is None]


def approval_request_list(*, user, company: Company) -> QuerySet:
    """Requests the user may see: all of them with the oversight right, else their own
    and those with a step for them (by role, by name, or by escalation)."""
    if company.pk not in permissions.company_ids(user):
        return ApprovalRequest.objects.none()
    qs = ApprovalRequest.objects.filter(company=company)
    if not permissions.has_perm(user, company, OVERSEE):
        held = _held_role_ids(user, company)
        involved = ApprovalStep.objects.filter(request=OuterRef("pk")).filter(
            Q(user=user) | Q(role__in=held) | Q(escalate_to_role__in=held))
        qs = qs.filter(Q(requested_by=user) | Exists(involved))
    return qs.select_related("currency", "requested_by", "decided_by")


def approval_request_detail(*, user, company: Company, pk) -> ApprovalRequest:
    try:
        return approval_request_list(user=user, company=company).select_related("rule").prefetch_related(
            "steps__role", "steps__user", "steps__decided_by", "steps__escalate_to_role").get(pk=pk)
    except (ApprovalRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def approval_request_history(*, request: ApprovalRequest) -> QuerySet:
    """Audit records of the request and of its steps, newest first."""
    step_ids = [str(step.pk) for step in request.steps.all()]
    return (AuditRecord.objects.filter(Q(object_type="core.approvalrequest", object_id=str(request.pk))
                                       | Q(object_type="core.approvalstep", object_id__in=step_ids))
            .select_related("actor").order_by("-seq"))


def approval_request_for(*, company: Company, document_type: str, object_id) -> ApprovalRequest | None:
    """The latest request for a document, for the document's own page and services."""
    return (ApprovalRequest.objects.filter(company=company, document_type=document_type, object_id=str(object_id))
            .order_by("-created_at", "-pk").first())


def approval_rule_list(*, user, company: Company) -> QuerySet:
    if not permissions.has_perm(user, company, "core.view_approvalrule"):
        return ApprovalRule.objects.none()
    return ApprovalRule.objects.filter(company=company).prefetch_related("steps__role", "steps__user")
