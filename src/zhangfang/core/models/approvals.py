"""Approval rules and requests (RPT-3). The engine lives in core/services/approvals.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models.base import AUDIT_ACTIONS, CompanyScoped, Currency, Role

__all__ = ["ApprovalRule", "ApprovalRuleStep", "ApprovalRequest", "ApprovalStep", "IncompatibleRolePair"]

AUDIT_ACTIONS.update({
    "submit": _("submitted for approval"),
    "approve": _("approved"),
    "reject": _("rejected"),
    "cancel": _("cancelled"),
    "escalate": _("escalated"),
})


def _one_approver(prefix: str) -> models.CheckConstraint:
    """A step is assigned to exactly one of a role or a user."""
    return models.CheckConstraint(
        condition=Q(role__isnull=False, user__isnull=True) | Q(role__isnull=True, user__isnull=False),
        name=f"{prefix}_role_xor_user",
        violation_error_message=_("Choose either a role or a user."),
    )


class ApprovalRule(CompanyScoped):
    """Which requests of a document type need whose approval, in which order.

    A rule matches a request when the amount (in the company's base currency) lies in
    [min_amount, max_amount) — either end may be open — and the rule's department is
    blank or equal to the request's. Among matching rules the highest priority wins,
    then a department-specific rule over a general one, then the oldest."""

    document_type = models.CharField(_("document type"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    min_amount = models.DecimalField(_("from amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField(_("below amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    department = models.CharField(_("department"), max_length=40, blank=True)
    priority = models.IntegerField(_("priority"), default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_type", "-priority", "pk"]
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        constraints = [
            models.CheckConstraint(condition=Q(min_amount__isnull=True) | Q(min_amount__gte=0),
                                   name="approvalrule_min_amount_gte_0",
                                   violation_error_message=_("Amounts cannot be negative.")),
            models.CheckConstraint(
                condition=Q(min_amount__isnull=True) | Q(max_amount__isnull=True)
                | Q(max_amount__gt=models.F("min_amount")),
                name="approvalrule_amount_range_valid",
                violation_error_message=_("The upper amount must be above the lower one."),
            ),
        ]
        indexes = [models.Index(fields=["company", "document_type", "active"])]

    def __str__(self):
        return self.name


class ApprovalRuleStep(models.Model):
    """One approval a rule asks for: a role (anyone holding it in the company) or a user."""

    rule = models.ForeignKey(ApprovalRule, on_delete=models.CASCADE, related_name="steps")
    sequence = models.PositiveSmallIntegerField(_("order"))
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("role"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("user"))
    due_hours = models.PositiveIntegerField(_("due within (hours)"), default=24)
    escalate_to_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("escalate to"))

    class Meta:
        ordering = ["rule", "sequence"]
        verbose_name = _("approval rule step")
        verbose_name_plural = _("approval rule steps")
        constraints = [
            _one_approver("approvalrulestep"),
            models.UniqueConstraint(fields=["rule", "sequence"], name="approvalrulestep_rule_sequence_unique"),
            models.CheckConstraint(condition=Q(due_hours__gt=0), name="approvalrulestep_due_hours_gt_0"),
        ]

    def __str__(self):
        return f"{self.sequence}. {self.role or self.user}"


class ApprovalRequest(CompanyScoped):
    """A document waiting for (or done with) its approvals. ``object_id`` is the
    document's key within ``document_type``; at most one request per document is open."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
        Status.CANCELLED: set(),
    }

    document_type = models.CharField(_("document type"), max_length=60)
    object_id = models.CharField(_("document"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("currency"))
    base_amount = models.DecimalField(_("amount in base currency"), max_digits=18, decimal_places=2)
    department = models.CharField(_("department"), max_length=40, blank=True)
    rule = models.ForeignKey(ApprovalRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("rule"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        permissions = [("oversee_approvalrequest", "Can see every approval request of the company")]
        constraints = [
            models.UniqueConstraint(fields=["company", "document_type", "object_id"],
                                    condition=Q(status="pending"), name="approvalrequest_one_open_per_document"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="approvalrequest_amount_gte_0"),
        ]
        indexes = [models.Index(fields=["document_type", "object_id"]),
                   models.Index(fields=["company", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("approval_detail", args=[self.pk])

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class ApprovalStep(models.Model):
    """One approval of one request, copied from its rule when the request was submitted,
    so changing a rule never changes requests already under way."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SKIPPED = "skipped", _("Skipped")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    sequence = models.PositiveSmallIntegerField(_("order"))
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("role"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("user"))
    due_hours = models.PositiveIntegerField(_("due within (hours)"))
    escalate_to_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("escalate to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalations"), default=0)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["request", "sequence"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            _one_approver("approvalstep"),
            models.UniqueConstraint(fields=["request", "sequence"], name="approvalstep_request_sequence_unique"),
            models.CheckConstraint(condition=Q(due_hours__gt=0), name="approvalstep_due_hours_gt_0"),
        ]
        indexes = [models.Index(fields=["status", "next_escalation_at"])]

    def __str__(self):
        return f"{self.request_id}/{self.sequence} {self.role or self.user}"


class IncompatibleRolePair(CompanyScoped):
    """Two duties one person must not combine (separation of duties): a user holding
    both may not decide an approval step assigned to either of them."""

    role_a = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+", verbose_name=_("role"))
    role_b = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("incompatible with"))

    class Meta:
        verbose_name = _("incompatible roles")
        verbose_name_plural = _("incompatible roles")
        constraints = [
            models.UniqueConstraint(fields=["company", "role_a", "role_b"], name="incompatiblerolepair_unique"),
            # stored in one order, so (a, b) and (b, a) cannot both exist
            models.CheckConstraint(condition=Q(role_a__lt=models.F("role_b")), name="incompatiblerolepair_ordered"),
        ]

    def __str__(self):
        return f"{self.role_a} ≠ {self.role_b}"
