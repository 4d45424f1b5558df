"""Approval pages: my inbox, a request with its step timeline, and the rules.
Thin: selectors read, services write; the list, form and table pieces live here
because only these pages use them."""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.forms import inlineformset_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.core.approvals import documents
from zhangfang.core.approvals import selectors as approval_selectors
from zhangfang.core.errors import BusinessError
from zhangfang.core.filters import SearchFilterSet
from zhangfang.core.forms import ChildForm, ChildFormSet
from zhangfang.core.models import ApprovalRequest, ApprovalRule, ApprovalRuleStep, ApprovalStep, Role, User
from zhangfang.core.services import approvals
from zhangfang.web.forms import ModelForm
from zhangfang.web.views import CompanyView, FormPage, ListPage

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
STATUS_BADGES = {"pending": "warning", "waiting": "light", "approved": "success", "rejected": "danger",
                 "cancelled": "secondary", "skipped": "secondary"}


# --- inbox and request ----------------------------------------------------------------

class ApprovalInbox(CompanyView):
    """What waits for my decision, and the requests I made."""

    def get(self, request):
        mine = (approval_selectors.approval_request_list(user=request.user, company=request.company)
                .filter(requested_by=request.user)[:20])
        return render(request, "core/approval_inbox.html", {
            "title": _("My approvals"),
            "steps": approval_selectors.approval_inbox(user=request.user, company=request.company),
            "mine": mine,
            "badges": STATUS_BADGES,
        })


class ApprovalDetail(CompanyView):
    """A request: status, steps (who, when, comment), history; decide or withdraw here."""

    def get_object(self, pk):
        return approval_selectors.approval_request_detail(user=self.request.user, company=self.request.company,
                                                          pk=pk)

    def get(self, request, pk, error=None, comment="", status=200):
        approval = self.get_object(pk)
        steps = list(approval.steps.all())
        current = next((s for s in steps if s.status == ApprovalStep.Status.PENDING), None)
        can_decide = current is not None and approval.status == ApprovalRequest.Status.PENDING and (
            approvals.decision_refusal(actor=request.user, request=approval, step=current, steps=steps) is None)
        return render(request, "core/approval_detail.html", {
            "approval": approval,
            "title": approval.title,
            "breadcrumbs": [(_("My approvals"), reverse("approval_inbox"))],
            "steps": steps,
            "current": current,
            "can_decide": can_decide,
            "can_cancel": approval.status == ApprovalRequest.Status.PENDING
            and approval.requested_by_id == request.user.pk,
            "document_label": documents.label(approval.document_type),
            "document_url": documents.document_url(approval.document_type, approval.object_id),
            "history": approval_selectors.approval_request_history(request=approval),
            "badges": STATUS_BADGES,
            "error": error,
            "comment": comment,
        }, status=status)

    def post(self, request, pk):
        approval = self.get_object(pk)
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "")
        try:
            if action == "cancel":
                approvals.approval_request_cancel(actor=request.user, request=approval)
                messages.success(request, _("The request was withdrawn."))
            else:
                step = request.POST.get("step", "")
                approvals.approval_decide(actor=request.user, request=approval, decision=action, comment=comment,
                                          step_id=int(step) if step.isdigit() else None)
                messages.success(request, _("Approved.") if action == "approve" else _("Rejected."))
        except BusinessError as error:
            return self.get(request, pk, error=error, comment=comment, status=error.status)
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("approval_detail", pk=pk)


# --- rules ----------------------------------------------------------------------------

class ApprovalRuleTable(tables.Table):
    name = tables.Column(linkify=("approval_rule_edit", {"pk": tables.A("pk")}))
    document_type = tables.Column()
    min_amount = tables.Column(attrs=NUM)
    max_amount = tables.Column(attrs=NUM)
    steps = tables.Column(_("Approval steps"), accessor="pk", orderable=False)

    class Meta:
        model = ApprovalRule
        fields = ("name", "document_type", "min_amount", "max_amount", "department", "priority", "steps", "active")

    def render_document_type(self, value):
        return documents.label(value)

    def render_min_amount(self, value):
        return f"{value:,.2f}"

    def render_max_amount(self, value):
        return f"{value:,.2f}"

    def render_steps(self, record):
        return " → ".join(str(step.role or step.user) for step in record.steps.all())


class ApprovalRuleFilter(SearchFilterSet):
    search_fields = ("name", "document_type", "department")
    active = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), empty_label=gettext_lazy("Active and archived"), method="filter_active",
        choices=[("1", gettext_lazy("Active")), ("0", gettext_lazy("Archived"))],
    )

    class Meta:
        model = ApprovalRule
        fields = ["q", "active"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "1")


class ApprovalRuleForm(ModelForm):
    document_type = forms.ChoiceField(label=gettext_lazy("Document type"))

    class Meta:
        model = ApprovalRule
        fields = ["name", "document_type", "min_amount", "max_amount", "department", "priority", "active"]
        help_texts = {"min_amount": gettext_lazy("In the company's currency; empty: no lower limit."),
                      "max_amount": gettext_lazy("Requests of this amount or more are not covered; "
                                                 "empty: no upper limit."),
                      "department": gettext_lazy("Empty: every department."),
                      "priority": gettext_lazy("When several rules match, the highest priority applies.")}

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = documents.choices()


class ApprovalRuleStepForm(ChildForm):
    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(memberships__company=company,
                                                           memberships__active=True).order_by("username")
        self.fields["role"].queryset = self.fields["escalate_to_role"].queryset = Role.objects.order_by("name")


ApprovalRuleStepFormSet = inlineformset_factory(
    ApprovalRule, ApprovalRuleStep, form=ApprovalRuleStepForm, formset=ChildFormSet, extra=2, can_delete=True,
    can_delete_extra=False, fields=["role", "user", "due_hours", "escalate_to_role"])
ApprovalRuleStepFormSet.title = gettext_lazy("Approval steps, in order")


class ApprovalRuleList(ListPage):
    perm = "core.view_approvalrule"
    create_perm = "core.add_approvalrule"
    table_class = ApprovalRuleTable
    filterset_class = ApprovalRuleFilter
    title = gettext_lazy("Approval rules")
    export_name = "approval-rules"
    create_url = reverse_lazy("approval_rule_create")

    def get_queryset(self):
        return approval_selectors.approval_rule_list(user=self.request.user, company=self.request.company)


class ApprovalRuleFormPage(FormPage):
    form_class = ApprovalRuleForm
    company_form = True
    list_url_name, list_title = "approval_rule_list", gettext_lazy("Approval rules")

    def get_formsets(self, data=None):
        instance = self.get_object() or ApprovalRule(company=self.request.company)
        return {"steps": ApprovalRuleStepFormSet(data=data, instance=instance, prefix="steps",
                                                 form_kwargs={"company": self.request.company})}

    def service_args(self, form, formsets) -> dict:
        steps = [{name: sub.cleaned_data.get(name) for name in ("role", "user", "due_hours", "escalate_to_role")}
                 for sub in formsets["steps"].forms
                 if (sub.has_changed() or sub.instance.pk) and not sub.cleaned_data.get("DELETE")]
        return {**form.cleaned_data, "steps": steps}


class ApprovalRuleCreate(ApprovalRuleFormPage):
    perm = "core.add_approvalrule"
    title = gettext_lazy("New approval rule")

    def save(self, form, formsets):
        return approvals.approval_rule_create(actor=self.request.user, company=self.request.company,
                                              **self.service_args(form, formsets))


class ApprovalRuleEdit(ApprovalRuleFormPage):
    perm = "core.change_approvalrule"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = approval_selectors.approval_rule_list(
                user=self.request.user, company=self.request.company).filter(pk=self.kwargs["pk"]).first()
            if self._object is None:
                raise Http404
            self.title = self._object.name
        return self._object

    def save(self, form, formsets):
        return approvals.approval_rule_update(actor=self.request.user, rule=self.get_object(),
                                              **self.service_args(form, formsets))

    def form_kwargs(self) -> dict:
        # a fresh copy: a failed save must not change the object shown in the title
        return {"instance": ApprovalRule.objects.get(pk=self.get_object().pk), "company": self.request.company}
