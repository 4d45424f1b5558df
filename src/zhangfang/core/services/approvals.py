"""The approval engine (RPT-3): rules, requests, decisions and escalation.

A business service asks for approval of its document with ``approval_request_submit``.
The matching rule's steps are copied onto the request: the first one waits for its
approvers (pending, with a due time), the later ones wait their turn. ``approval_decide``
approves or rejects the pending step; the last approval approves the request and any
rejection rejects it. **When no rule matches, the request is approved at once** — the
caller need not know whether its company configured approvals. The document's module
hears of every final outcome through its registered ``on_decided`` callback
(``zhangfang.core.approvals.documents``), inside the deciding transaction.

Separation of duties, checked at every decision (``zhangfang.core.approvals.duties``):
nobody decides their own request; nobody approves two steps of one request; nobody
decides a step in a role while also holding a role configured as incompatible with it.
Deciding needs the step's role in the request's company (or being the step's user),
not a model permission; a superuser has no exemption.

Overdue steps are escalated by ``approval_escalate_overdue`` (scheduled, see
``zhangfang.core.tasks``): the approvers are reminded and the step's escalation role
(else the company's administrators) alerted, once per due period; holders of an
explicit escalation role may then decide the step themselves.

Notifications go in-app in the transaction and by e-mail after commit.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import structlog
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.approvals import documents, duties
from zhangfang.core.approvals.errors import AlreadyUnderApproval, CommentRequired, NotTheRequester
from zhangfang.core.approvals.selectors import decider_context
from zhangfang.core.errors import (
    BusinessError,
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from zhangfang.core.models import (
    ApprovalRequest,
    ApprovalRule,
    ApprovalRuleStep,
    ApprovalStep,
    Company,
    Currency,
    IncompatibleRolePair,
    Membership,
    Role,
    User,
)
from zhangfang.core.services.currencies import rate_on
from zhangfang.core.services.notifications import notify
from zhangfang.core.services.records import reject_floats, save_checked, validate

log = structlog.get_logger("zhangfang.approvals")

ADMIN_ROLE = "admin"
RULE_FIELDS = {"document_type", "name", "min_amount", "max_amount", "department", "priority", "active"}
STEP_FIELDS = {"role", "user", "due_hours", "escalate_to_role"}
DECISIONS = {"approve": ApprovalStep.Status.APPROVED, "reject": ApprovalStep.Status.REJECTED}
FINAL_ACTIONS = {ApprovalRequest.Status.APPROVED: "approve", ApprovalRequest.Status.REJECTED: "reject",
                 ApprovalRequest.Status.CANCELLED: "cancel"}

Status = ApprovalRequest.Status
StepStatus = ApprovalStep.Status


# --- rules --------------------------------------------------------------------------

def _step_snapshot(step) -> dict:
    data = audit.snapshot(step)
    data.pop("id")
    data.pop("rule", None)
    return data


def _rule_snapshot(rule: ApprovalRule) -> dict:
    return {**audit.snapshot(rule), "steps": [_step_snapshot(s) for s in rule.steps.order_by("sequence")]}


def _set_rule_steps(rule: ApprovalRule, steps: list[dict]) -> None:
    """Make the rule's steps exactly ``steps``, in that order."""
    if not steps:
        raise ValidationFailed(fields={"steps": [str(_("A rule needs at least one approval step."))]})
    rule.steps.all().delete()
    for index, row in enumerate(steps):
        unknown = set(row) - STEP_FIELDS
        if unknown:
            raise ValidationFailed(fields={f"steps.{index}.{name}": [str(_("Unknown field."))] for name in unknown})
        step = ApprovalRuleStep(rule=rule, sequence=index + 1, **row)
        try:
            validate(step, exclude=["rule"])
            if step.user_id and not Membership.objects.filter(user_id=step.user_id, company_id=rule.company_id,
                                                              active=True).exists():
                raise ValidationFailed(fields={"user": [str(_("Not a member of this company."))]})
        except ValidationFailed as exc:
            raise ValidationFailed(
                fields={f"steps.{index}.{field}": msgs for field, msgs in exc.fields.items()}) from exc
        step.save()


def approval_rule_create(*, actor, company: Company, document_type: str, name: str, steps: list[dict],
                         min_amount: Decimal | None = None, max_amount: Decimal | None = None,
                         department: str = "", priority: int = 0, active: bool = True) -> ApprovalRule:
    """A rule; ``steps`` are dicts of role or user, due_hours, escalate_to_role, in approval order."""
    permissions.require(actor, company, "core.add_approvalrule")
    documents.get(document_type)
    reject_floats({"min_amount": min_amount, "max_amount": max_amount})
    with transaction.atomic():
        rule = ApprovalRule(company=company, document_type=document_type, name=name, min_amount=min_amount,
                            max_amount=max_amount, department=department, priority=priority, active=active)
        validate(rule)
        save_checked(rule)
        _set_rule_steps(rule, list(steps))
        audit.record(actor=actor, action="create", obj=rule, after=_rule_snapshot(rule))
    return rule


def approval_rule_update(*, actor, rule: ApprovalRule, steps: list[dict] | None = None, **fields) -> ApprovalRule:
    """Change a rule; ``steps`` given replaces its steps. Requests already submitted keep theirs."""
    permissions.require(actor, rule.company, "core.change_approvalrule")
    unknown = set(fields) - RULE_FIELDS
    if unknown:
        raise ValidationFailed(fields={name: [str(_("Unknown field."))] for name in unknown})
    if "document_type" in fields:
        documents.get(fields["document_type"])
    reject_floats(fields)
    with transaction.atomic():
        rule = ApprovalRule.objects.select_for_update().get(pk=rule.pk)
        before = _rule_snapshot(rule)
        for field, value in fields.items():
            setattr(rule, field, value)
        validate(rule)
        save_checked(rule)
        if steps is not None:
            _set_rule_steps(rule, list(steps))
        after = _rule_snapshot(rule)
        if after != before:
            audit.record(actor=actor, action="update", obj=rule, before=before, after=after)
    return rule


def incompatible_role_pair_add(*, actor, company: Company, role_a: Role, role_b: Role) -> IncompatibleRolePair:
    """Declare that one person must not hold both duties; idempotent."""
    permissions.require(actor, company, "core.add_incompatiblerolepair")
    if role_a.pk == role_b.pk:
        raise ValidationFailed(fields={"role_b": [str(_("Choose two different roles."))]})
    role_a, role_b = sorted((role_a, role_b), key=lambda role: role.pk)
    with transaction.atomic():
        pair, created = IncompatibleRolePair.objects.get_or_create(company=company, role_a=role_a, role_b=role_b)
        if created:
            audit.record(actor=actor, action="create", obj=pair, after=audit.snapshot(pair))
    return pair


def incompatible_role_pair_remove(*, actor, pair: IncompatibleRolePair) -> None:
    permissions.require(actor, pair.company, "core.delete_incompatiblerolepair")
    with transaction.atomic():
        before = audit.snapshot(pair)
        IncompatibleRolePair.objects.filter(pk=pair.pk).delete()
        audit.record(actor=actor, action="delete", obj=pair, before=before)


# --- requests -----------------------------------------------------------------------

def _matching_rule(*, company: Company, document_type: str, base_amount: Decimal, department: str):
    return (
        ApprovalRule.objects.filter(company=company, document_type=document_type, active=True)
        .filter(Q(min_amount__isnull=True) | Q(min_amount__lte=base_amount))
        .filter(Q(max_amount__isnull=True) | Q(max_amount__gt=base_amount))
        .filter(Q(department="") | Q(department=department))
        .annotate(specific=Case(When(department="", then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("-priority", "-specific", "pk")
        .first()
    )


def _request_snapshot(request: ApprovalRequest) -> dict:
    steps = [{"sequence": s.sequence, "role": s.role_id, "user": s.user_id, "status": s.status}
             for s in request.steps.order_by("sequence")]
    return {**audit.snapshot(request), "steps": steps}


def approval_request_submit(*, actor, company: Company, document_type: str, object_id, title: str,
                            amount: Decimal, currency: str | None = None,
                            department: str = "") -> ApprovalRequest:
    """Ask for approval of a document; ``currency`` defaults to the company's.

    The rule is chosen on the amount in the company's base currency (at today's rate).
    With no matching rule the request comes back already approved."""
    if company.pk not in permissions.company_ids(actor):
        raise PermissionDenied()
    documents.get(document_type)
    reject_floats({"amount": amount})
    currency_row = Currency.objects.filter(code=currency).first() if currency else company.base_currency
    if currency_row is None:
        raise ValidationFailed(fields={"currency": [str(_("Unknown currency."))]})
    base = company.base_currency
    try:
        amount = Decimal(amount).quantize(currency_row.quantum, rounding=ROUND_HALF_UP)
    except ArithmeticError as exc:
        raise ValidationFailed(fields={"amount": [str(_("Enter a number."))]}) from exc
    rate = rate_on(company=company, currency=currency_row, on_date=timezone.localdate())
    base_amount = (amount * rate).quantize(base.quantum, rounding=ROUND_HALF_UP)
    object_id = str(object_id)
    with transaction.atomic():
        if ApprovalRequest.objects.filter(company=company, document_type=document_type, object_id=object_id,
                                          status=Status.PENDING).exists():
            raise AlreadyUnderApproval()
        rule = _matching_rule(company=company, document_type=document_type, base_amount=base_amount,
                              department=department)
        request = ApprovalRequest(company=company, document_type=document_type, object_id=object_id,
                                  title=title, amount=amount, currency=currency_row, base_amount=base_amount,
                                  department=department, rule=rule, requested_by=actor)
        validate(request, exclude=["status"])
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as exc:  # a concurrent submit of the same document won
            raise AlreadyUnderApproval() from exc
        rule_steps = list(rule.steps.order_by("sequence")) if rule else []
        ApprovalStep.objects.bulk_create([
            ApprovalStep(request=request, sequence=s.sequence, role_id=s.role_id, user_id=s.user_id,
                         due_hours=s.due_hours, escalate_to_role_id=s.escalate_to_role_id)
            for s in rule_steps
        ])
        audit.record(actor=actor, action="submit", obj=request, after=_request_snapshot(request))
        if not rule_steps:
            _close(request, status=Status.APPROVED, actor=None, now=timezone.now())
            return request
        first = request.steps.order_by("sequence").first()
        _activate(request, first, now=timezone.now())
    return request


def _activate(request: ApprovalRequest, step: ApprovalStep, *, now: datetime.datetime) -> None:
    step.status = StepStatus.PENDING
    step.due_at = now + datetime.timedelta(hours=step.due_hours)
    step.next_escalation_at = step.due_at
    step.save(update_fields=["status", "due_at", "next_escalation_at"])
    _tell(_approvers(request, step), request=request,
          subject=_("Approval needed: %(title)s"),
          body=_("%(requester)s asks you to approve %(title)s (%(amount)s). Due %(due)s."),
          due=timezone.localtime(step.due_at).strftime("%Y-%m-%d %H:%M"))


def _close(request: ApprovalRequest, *, status: str, actor, now: datetime.datetime) -> None:
    """Move the request to a final status: stamp, skip what is left, audit, tell, call back."""
    if not request.can_become(status):
        raise InvalidTransition()
    before = audit.snapshot(request)
    request.status, request.decided_by, request.decided_at = status, actor, now
    request.save(update_fields=["status", "decided_by", "decided_at"])
    request.steps.filter(status__in=[StepStatus.WAITING, StepStatus.PENDING]).update(status=StepStatus.SKIPPED)
    audit.record(actor=actor, action=FINAL_ACTIONS[status], obj=request, before=before,
                 after=audit.snapshot(request))
    outcome = {Status.APPROVED: _("Approved: %(title)s"), Status.REJECTED: _("Rejected: %(title)s")}.get(status)
    if outcome and actor is not None and actor.pk != request.requested_by_id:  # not automatic, not their own act
        _tell([request.requested_by], request=request, subject=outcome,
              body=_("%(actor)s decided on your request %(title)s (%(amount)s)."), actor=str(actor))
    callback = documents.get(request.document_type).on_decided
    if callback is not None:
        callback(request=request, actor=actor)


def _lock(request: ApprovalRequest) -> tuple[ApprovalRequest, list[ApprovalStep]]:
    """The request, then its steps in primary-key order, locked for update."""
    request = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    steps = list(ApprovalStep.objects.select_for_update().filter(request=request).order_by("pk"))
    return request, sorted(steps, key=lambda s: s.sequence)


def decision_refusal(*, actor, request: ApprovalRequest, step: ApprovalStep, steps: list[ApprovalStep],
                     context=None) -> BusinessError | None:
    """Why ``actor`` may not decide ``step``, or None: for pages that offer the buttons."""
    if request.company_id not in permissions.company_ids(actor):
        return NotFound()
    held, pairs = context or decider_context(user=actor, company=request.company)
    earlier = {s.decided_by_id for s in steps if s.sequence < step.sequence and s.status == StepStatus.APPROVED}
    return duties.refusal(user_id=actor.pk, held_role_ids=held, incompatible=pairs,
                          requested_by_id=request.requested_by_id, earlier_approver_ids=earlier, step=step)


def approval_decide(*, actor, request: ApprovalRequest, decision: str, comment: str = "",
                    step_id: int | None = None) -> ApprovalRequest:
    """Approve or reject the request's pending step; a rejection needs a comment.

    ``step_id``: the step the decider was shown; if another decision moved the request
    on meanwhile, Conflict — a click meant for step 1 never approves step 2.
    Checked in this order: who (company, state, separation of duties), then what."""
    comment = (comment or "").strip()
    with transaction.atomic():
        request, steps = _lock(request)
        if request.company_id not in permissions.company_ids(actor):
            raise NotFound()
        step = next((s for s in steps if s.status == StepStatus.PENDING), None)
        if request.status != Status.PENDING or step is None:
            raise InvalidTransition()
        if step_id is not None and step.pk != step_id:
            raise Conflict()
        refusal = decision_refusal(actor=actor, request=request, step=step, steps=steps)
        if refusal is not None:
            raise refusal
        if decision not in DECISIONS:
            raise ValidationFailed(fields={"decision": [str(_("Choose approve or reject."))]})
        if decision == "reject" and not comment:
            raise CommentRequired(fields={"comment": [str(CommentRequired.default_message)]})
        now = timezone.now()
        before = audit.snapshot(step)
        step.status, step.decided_by, step.decided_at, step.comment = DECISIONS[decision], actor, now, comment
        step.next_escalation_at = None
        step.save(update_fields=["status", "decided_by", "decided_at", "comment", "next_escalation_at"])
        audit.record(actor=actor, action=decision, obj=step, before=before, after=audit.snapshot(step),
                     company=request.company)
        following = next((s for s in steps if s.status == StepStatus.WAITING), None)
        if decision == "reject":
            _close(request, status=Status.REJECTED, actor=actor, now=now)
        elif following is not None:
            _activate(request, following, now=now)
        else:
            _close(request, status=Status.APPROVED, actor=actor, now=now)
    return request


def approval_request_cancel(*, actor, request: ApprovalRequest) -> ApprovalRequest:
    """The requester withdraws a pending request."""
    with transaction.atomic():
        request, _steps = _lock(request)
        if request.company_id not in permissions.company_ids(actor):
            raise NotFound()
        if actor.pk != request.requested_by_id:
            raise NotTheRequester()
        _close(request, status=Status.CANCELLED, actor=actor, now=timezone.now())
    return request


# --- escalation ---------------------------------------------------------------------

def approval_escalate_overdue(*, now: datetime.datetime | None = None) -> list[ApprovalStep]:
    """Escalate every pending step whose due period has run out; returns the steps escalated.

    Each step escalates once per due period (``duties.escalation_level``), so running
    this every few minutes repeats nothing, and a job that was down catches up with a
    single escalation to the level reached. ``now`` is for a controlled clock in tests."""
    now = now or timezone.now()
    request_ids = sorted(set(
        ApprovalStep.objects.filter(status=StepStatus.PENDING, next_escalation_at__lte=now)
        .values_list("request_id", flat=True)))
    escalated = []
    for request_id in request_ids:
        with transaction.atomic():
            request, steps = _lock(ApprovalRequest(pk=request_id))
            for step in steps:
                if (request.status == Status.PENDING and step.status == StepStatus.PENDING
                        and step.next_escalation_at is not None and step.next_escalation_at <= now):
                    _escalate(request, step, now=now)
                    escalated.append(step)
    return escalated


def _escalate(request: ApprovalRequest, step: ApprovalStep, *, now: datetime.datetime) -> None:
    before = audit.snapshot(step)
    level = duties.escalation_level(due_at=step.due_at, due_hours=step.due_hours, now=now)
    step.escalation_level, step.escalated_at = level, now
    step.next_escalation_at = duties.next_escalation_at(due_at=step.due_at, due_hours=step.due_hours, level=level)
    step.save(update_fields=["escalation_level", "escalated_at", "next_escalation_at"])
    audit.record(actor=None, action="escalate", obj=step, before=before, after=audit.snapshot(step),
                 company=request.company)
    role = step.escalate_to_role or Role.objects.filter(code=ADMIN_ROLE).first()
    supervisors = _role_holders(request, role) if role else []
    params = {"due": timezone.localtime(step.due_at).strftime("%Y-%m-%d %H:%M"), "level": level}
    _tell(supervisors, request=request, subject=_("Overdue approval escalated to you: %(title)s"),
          body=_("%(title)s (%(amount)s), asked by %(requester)s, was due %(due)s and is still waiting. "
                 "Escalation %(level)s."), **params)
    supervisor_ids = {user.pk for user in supervisors}
    reminded = [user for user in _approvers(request, step) if user.pk not in supervisor_ids]
    _tell(reminded, request=request, subject=_("Overdue: please decide on %(title)s"),
          body=_("%(title)s (%(amount)s) was due %(due)s."), **params)


# --- who hears about it -------------------------------------------------------------

def _role_holders(request: ApprovalRequest, role: Role) -> list[User]:
    """Active users holding ``role`` in the request's company, except the requester."""
    return list(User.objects.filter(is_active=True, memberships__company_id=request.company_id,
                                    memberships__active=True, memberships__roles=role)
                .exclude(pk=request.requested_by_id).distinct().order_by("pk"))


def _approvers(request: ApprovalRequest, step: ApprovalStep) -> list[User]:
    if step.role_id is not None:
        return _role_holders(request, step.role)
    return list(User.objects.filter(pk=step.user_id, is_active=True, memberships__company_id=request.company_id,
                                    memberships__active=True).exclude(pk=request.requested_by_id))


def _tell(users: list[User], *, request: ApprovalRequest, subject, body, **params) -> None:
    """An in-app notification to each user now and an e-mail after commit, each in the
    user's own language. ``subject``/``body``: lazy texts with %(name)s placeholders."""
    if not users:
        return
    url = request.get_absolute_url()
    params = {"title": request.title, "amount": f"{request.currency.code} {request.amount:,.2f}",
              "requester": str(request.requested_by), **params}
    mails = []
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            title, text = str(subject) % params, str(body) % params
        notify(user=user, company=request.company, title=title, body=text, url=url)
        if user.email:
            link = getattr(settings, "ZHANGFANG_BASE_URL", "").rstrip("/") + url
            mails.append((title, f"{text}\n\n{link}", user.email))
    if mails:
        transaction.on_commit(lambda: _send_mails(mails), robust=True)


def _send_mails(mails: list[tuple[str, str, str]]) -> None:
    for subject, text, address in mails:
        try:
            send_mail(subject, text, None, [address])
        except Exception:  # one bad address or a mail server hiccup must not stop the rest
            log.exception("approval_mail_failed", to=address, subject=subject)
