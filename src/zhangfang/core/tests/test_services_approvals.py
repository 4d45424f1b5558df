"""The approval engine (RPT-3), with a document type of the tests' own ("tests.widget").

Time is controlled by passing ``now`` to the escalation service; due times are read
from the steps the engine wrote."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from zhangfang.core.approvals import documents
from zhangfang.core.approvals.duties import escalation_level, next_escalation_at
from zhangfang.core.approvals.errors import (
    AlreadyUnderApproval,
    ApprovedTwiceRefused,
    CommentRequired,
    IncompatibleRoles,
    NotAnApprover,
    NotTheRequester,
    SelfApprovalRefused,
    UnknownDocumentType,
)
from zhangfang.core.audit import verify_chain
from zhangfang.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from zhangfang.core.models import (
    ApprovalRequest,
    ApprovalStep,
    AuditRecord,
    Currency,
    Notification,
    Role,
)
from zhangfang.core.services.approvals import (
    approval_decide,
    approval_escalate_overdue,
    approval_request_cancel,
    approval_request_submit,
    approval_rule_create,
    approval_rule_update,
    incompatible_role_pair_add,
)
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.core.services.users import user_create
from zhangfang.core.tasks import escalate_overdue_approvals
from zhangfang.testing import race

WIDGET = "tests.widget"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def decided():
    """The document type under test; records each final decision the engine reports."""
    calls = []
    documents.register(documents.DocumentType(
        WIDGET, "Widget", on_decided=lambda *, request, actor: calls.append(
            (request.object_id, request.status, actor.username if actor else None)),
        url=lambda object_id: f"/widgets/{object_id}/"))
    yield calls
    documents.unregister(WIDGET)


@pytest.fixture
def role(db):
    def get(code):
        return Role.objects.get(code=code)
    return get


@pytest.fixture
def general_manager(db):
    # Custom roles have no service yet; the system roles are seeded rows too.
    return Role.objects.create(code="general_manager", name="总经理")


@pytest.fixture
def person(admin, company, role):
    """person("buyer", name="buyer") → a user with those roles in ``company``, an e-mail address,
    and English as their language (what they are told does not depend on the catalogues)."""
    def make(*codes, name, company=company):
        return user_create(actor=admin, company=company, username=name, password="Pass-word-2026",
                           email=f"{name}@example.cn", language="en", roles=[role(code) for code in codes])
    return make


@pytest.fixture
def po_rule(admin, company, role, general_manager, decided):
    """PO above 50,000 needs the finance manager, then the system administrator."""
    return approval_rule_create(
        actor=admin, company=company, document_type=WIDGET, name="PO above 50,000", min_amount=Decimal("50000"),
        steps=[{"role": role("finance_manager"), "escalate_to_role": general_manager},
               {"role": role("admin"), "escalate_to_role": general_manager}])


def submit(actor, company, amount="80000.00", object_id=1, **extra):
    return approval_request_submit(actor=actor, company=company, document_type=WIDGET, object_id=object_id,
                                   title=f"采购订单 PO-{object_id:04d}", amount=Decimal(amount), **extra)


def steps_of(request):
    return [(s.sequence, s.role.code, s.status) for s in request.steps.select_related("role").order_by("sequence")]


def titles(user):
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True))


def links(user):
    """Where the user's notifications lead (for users reading in the default language)."""
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("url", flat=True))


# --- the scenario ----------------------------------------------------------------------

def test_a_large_order_needs_two_ordered_approvals_and_escalates_when_overdue(
        admin, company, person, general_manager, po_rule, decided, django_capture_on_commit_callbacks):
    buyer = person("buyer", "finance_manager", name="buyer")  # also holds the first step's role
    finance = person("finance_manager", name="finance")
    boss = person("general_manager", name="boss")

    # a buyer asks for 80,000: two steps, in order
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(buyer, company)
    assert request.status == ApprovalRequest.Status.PENDING
    assert request.rule == po_rule
    assert steps_of(request) == [(1, "finance_manager", "pending"), (2, "admin", "waiting")]
    first = request.steps.get(sequence=1)
    assert datetime.timedelta(hours=24) <= first.due_at - request.created_at < datetime.timedelta(hours=24, seconds=5)
    assert titles(finance) == ["Approval needed: 采购订单 PO-0001"]
    assert titles(buyer) == []  # the requester is never asked to approve
    assert [(m.to, m.subject) for m in mail.outbox] == [(["finance@example.cn"], "Approval needed: 采购订单 PO-0001")]

    # the requester cannot approve, although they hold the role
    with pytest.raises(SelfApprovalRefused):
        approval_decide(actor=buyer, request=request, decision="approve")
    assert steps_of(request) == [(1, "finance_manager", "pending"), (2, "admin", "waiting")]

    # the finance manager approves: the administrator's step is next
    approval_decide(actor=finance, request=request, decision="approve", comment="预算内")
    assert steps_of(request) == [(1, "finance_manager", "approved"), (2, "admin", "pending")]
    first.refresh_from_db()
    assert (first.decided_by, first.comment) == (finance, "预算内")
    second = request.steps.get(sequence=2)

    # an hour after it was due, step 2 escalates to the general manager ...
    with django_capture_on_commit_callbacks(execute=True):
        escalated = approval_escalate_overdue(now=second.due_at + HOUR)
    assert escalated == [second]
    second.refresh_from_db()
    assert (second.escalation_level, second.escalated_at) == (1, second.due_at + HOUR)
    assert titles(boss) == ["Overdue approval escalated to you: 采购订单 PO-0001"]
    # asked when step 2 began, reminded now: the admin is its approver
    assert links(admin) == [request.get_absolute_url()] * 2
    assert mail.outbox[-1].to == ["boss@example.cn"]

    # ... and not again half an hour later: same due period, same level
    assert approval_escalate_overdue(now=second.due_at + HOUR * 1.5) == []
    second.refresh_from_db()
    assert second.escalation_level == 1
    assert len(titles(boss)) == 1

    # the administrator approves: the request is approved, the requester told, the document called
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(actor=admin, request=request, decision="approve")
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (ApprovalRequest.Status.APPROVED, admin)
    assert steps_of(request) == [(1, "finance_manager", "approved"), (2, "admin", "approved")]
    assert titles(buyer) == ["Approved: 采购订单 PO-0001"]
    assert (mail.outbox[-1].to, mail.outbox[-1].subject) == (["buyer@example.cn"], "Approved: 采购订单 PO-0001")
    assert decided == [("1", "approved", "admin")]
    assert verify_chain() == []


# --- choosing the rule -------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "status"), [("49999.99", "approved"), ("50000.00", "pending")])
def test_the_lower_limit_is_inclusive_and_below_it_no_approval_is_needed(
        company, person, po_rule, decided, amount, status):
    buyer = person("buyer", name="buyer")
    request = submit(buyer, company, amount=amount)
    assert request.status == status
    assert request.steps.count() == (0 if status == "approved" else 2)


def test_without_a_matching_rule_the_request_is_approved_at_once(company, person, po_rule, decided):
    buyer = person("buyer", name="buyer")
    request = submit(buyer, company, amount="30000")
    request.refresh_from_db()
    assert (request.status, request.rule, request.decided_by) == ("approved", None, None)
    assert request.decided_at is not None
    assert decided == [("1", "approved", None)]
    assert list(AuditRecord.objects.filter(object_type="core.approvalrequest", object_id=str(request.pk))
                .values_list("action", flat=True)) == ["submit", "approve"]


def test_a_foreign_currency_amount_is_compared_in_the_companys_currency(admin, company, person, po_rule):
    usd = Currency.objects.get(code="USD")
    exchange_rate_create(actor=admin, company=company, currency=usd, date=datetime.date(2020, 1, 1),
                         rate=Decimal("7.1000"))
    buyer = person("buyer", name="buyer")
    request = submit(buyer, company, amount="8000", currency="USD")  # 56,800.00 CNY
    assert (request.amount, request.base_amount, request.status) == (Decimal("8000.00"), Decimal("56800.00"),
                                                                     "pending")


def test_the_highest_priority_then_the_department_specific_rule_wins(admin, company, person, role, po_rule):
    sales_rule = approval_rule_create(actor=admin, company=company, document_type=WIDGET, name="Sales dept",
                                      department="sales", steps=[{"role": role("sales")}])
    urgent = approval_rule_create(actor=admin, company=company, document_type=WIDGET, name="Huge",
                                  min_amount=Decimal("1000000"), priority=10, steps=[{"role": role("admin")}])
    buyer = person("buyer", name="buyer")
    assert submit(buyer, company, object_id=1, department="sales").rule == sales_rule
    assert submit(buyer, company, object_id=2, department="purchasing").rule == po_rule
    assert submit(buyer, company, object_id=3, amount="2000000", department="sales").rule == urgent


def test_changing_a_rule_leaves_requests_under_way_alone(admin, company, person, role, po_rule):
    buyer = person("buyer", name="buyer")
    request = submit(buyer, company)
    approval_rule_update(actor=admin, rule=po_rule, steps=[{"role": role("accountant")}])
    assert steps_of(request) == [(1, "finance_manager", "pending"), (2, "admin", "waiting")]
    assert steps_of(submit(buyer, company, object_id=2)) == [(1, "accountant", "pending")]


def test_a_rule_step_names_either_a_role_or_a_user_and_the_range_must_be_ordered(admin, company, role, decided):
    with translation.override("en"), pytest.raises(ValidationFailed) as both:
        approval_rule_create(actor=admin, company=company, document_type=WIDGET, name="Both",
                             steps=[{"role": role("admin"), "user": admin}])
    assert both.value.fields == {"steps.0.__all__": ["Choose either a role or a user."]}
    with translation.override("en"), pytest.raises(ValidationFailed) as reversed_range:
        approval_rule_create(actor=admin, company=company, document_type=WIDGET, name="Reversed",
                             min_amount=Decimal("100"), max_amount=Decimal("50"), steps=[{"role": role("admin")}])
    assert reversed_range.value.fields == {"__all__": ["The upper amount must be above the lower one."]}
    with pytest.raises(ValidationFailed) as empty:
        approval_rule_create(actor=admin, company=company, document_type=WIDGET, name="Empty", steps=[])
    assert list(empty.value.fields) == ["steps"]


def test_only_rule_managers_write_rules_and_only_for_known_documents(admin, company, person, role, decided):
    accountant = person("accountant", name="acc")
    with pytest.raises(PermissionDenied):
        approval_rule_create(actor=accountant, company=company, document_type=WIDGET, name="x",
                             steps=[{"role": role("admin")}])
    with pytest.raises(UnknownDocumentType):
        approval_rule_create(actor=admin, company=company, document_type="nothing.here", name="x",
                             steps=[{"role": role("admin")}])


# --- deciding ----------------------------------------------------------------------------

def test_a_rejection_needs_a_comment(company, person, po_rule):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    for comment in ("", "   "):
        with pytest.raises(CommentRequired) as error:
            approval_decide(actor=finance, request=request, decision="reject", comment=comment)
        assert list(error.value.fields) == ["comment"]
    assert steps_of(request)[0] == (1, "finance_manager", "pending")


def test_a_rejection_stops_the_chain(company, person, po_rule, decided, admin):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    approval_decide(actor=finance, request=request, decision="reject", comment="超预算")
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("rejected", finance)
    assert steps_of(request) == [(1, "finance_manager", "rejected"), (2, "admin", "skipped")]
    assert titles(buyer) == ["Rejected: 采购订单 PO-0001"]
    assert decided == [("1", "rejected", "finance")]
    with pytest.raises(InvalidTransition):
        approval_decide(actor=admin, request=request, decision="approve")


def test_a_user_holding_a_role_incompatible_with_the_steps_role_is_refused(admin, company, person, role, po_rule):
    incompatible_role_pair_add(actor=admin, company=company, role_a=role("cashier"), role_b=role("finance_manager"))
    buyer = person("buyer", name="buyer")
    cashier_too = person("finance_manager", "cashier", name="both")
    finance = person("finance_manager", name="finance")
    request = submit(buyer, company)
    with pytest.raises(IncompatibleRoles) as error:
        approval_decide(actor=cashier_too, request=request, decision="approve")
    assert error.value.params == {"role": str(role("finance_manager")), "other": str(role("cashier"))}
    approval_decide(actor=finance, request=request, decision="approve")
    assert steps_of(request)[0] == (1, "finance_manager", "approved")


def test_nobody_approves_two_steps_of_one_request(company, person, po_rule):
    buyer = person("buyer", name="buyer")
    both = person("finance_manager", "admin", name="both")
    request = submit(buyer, company)
    approval_decide(actor=both, request=request, decision="approve")
    with pytest.raises(ApprovedTwiceRefused):
        approval_decide(actor=both, request=request, decision="approve")
    assert steps_of(request)[1] == (2, "admin", "pending")


def test_only_the_steps_approvers_may_decide_it(company, person, po_rule):
    buyer, warehouse = person("buyer", name="buyer"), person("warehouse", name="keeper")
    request = submit(buyer, company)
    with pytest.raises(NotAnApprover):
        approval_decide(actor=warehouse, request=request, decision="approve")


def test_a_step_for_a_named_user_waits_for_that_user(admin, company, person, decided):
    buyer, chief, finance = person("buyer", name="buyer"), person("accountant", name="chief"), \
        person("finance_manager", name="finance")
    approval_rule_create(actor=admin, company=company, document_type=WIDGET, name="Chief", steps=[{"user": chief}])
    request = submit(buyer, company)
    with pytest.raises(NotAnApprover):
        approval_decide(actor=finance, request=request, decision="approve")
    approval_decide(actor=chief, request=request, decision="approve")
    request.refresh_from_db()
    assert request.status == "approved"


def test_a_user_of_another_company_cannot_decide(admin, company, other_company, person, po_rule):
    buyer = person("buyer", name="buyer")
    outsider = person("finance_manager", name="outsider", company=other_company)
    request = submit(buyer, company)
    with pytest.raises(NotFound):
        approval_decide(actor=outsider, request=request, decision="approve")
    with pytest.raises(PermissionDenied):
        submit(outsider, company, object_id=2)
    assert steps_of(request)[0] == (1, "finance_manager", "pending")
    approval_request_cancel(actor=buyer, request=request)
    with pytest.raises(NotFound):  # not even a hint that the request was decided
        approval_decide(actor=outsider, request=request, decision="approve")


def test_every_decision_writes_an_audit_record(admin, company, person, po_rule):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    approval_decide(actor=finance, request=request, decision="approve", comment="ok")
    approval_decide(actor=admin, request=request, decision="approve")
    step_ids = [str(pk) for pk in request.steps.order_by("sequence").values_list("pk", flat=True)]
    rows = AuditRecord.objects.filter(object_type="core.approvalstep", object_id__in=step_ids).order_by("seq")
    assert [(r.object_id, r.actor, r.action, r.before["status"], r.after["status"]) for r in rows] == [
        (step_ids[0], finance, "approve", "pending", "approved"),
        (step_ids[1], admin, "approve", "pending", "approved"),
    ]
    assert list(AuditRecord.objects.filter(object_type="core.approvalrequest", object_id=str(request.pk))
                .values_list("action", "actor__username")) == [("submit", "buyer"), ("approve", "admin")]
    assert verify_chain() == []


def test_a_decision_meant_for_an_earlier_step_is_refused(admin, company, person, po_rule):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    first = request.steps.get(sequence=1)
    approval_decide(actor=finance, request=request, decision="approve", step_id=first.pk)
    with pytest.raises(Conflict):  # the admin's page still showed step 1
        approval_decide(actor=admin, request=request, decision="approve", step_id=first.pk)
    assert steps_of(request)[1] == (2, "admin", "pending")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_approvers_clicking_at_once_decide_the_step_once(company, person, po_rule):
    buyer = person("buyer", name="buyer")
    approvers = [person("finance_manager", "admin", name=f"fm{n}") for n in range(4)]
    request = submit(buyer, company)
    step_id = request.steps.get(sequence=1).pk

    def click(user):
        approval_decide(actor=user, request=request, decision="approve", step_id=step_id)
        return "approved"

    outcomes, errors = race(click, [(user,) for user in approvers])
    outcomes += ["conflict" if isinstance(error, Conflict) else repr(error) for error in errors]
    assert sorted(outcomes) == ["approved", "conflict", "conflict", "conflict"]
    assert steps_of(request) == [(1, "finance_manager", "approved"), (2, "admin", "pending")]
    assert AuditRecord.objects.filter(object_type="core.approvalstep", action="approve").count() == 1


# --- one request per document, withdrawal ----------------------------------------------------

def test_a_document_has_one_open_request_at_a_time(company, person, po_rule):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    with pytest.raises(AlreadyUnderApproval):
        submit(buyer, company)
    approval_decide(actor=finance, request=request, decision="reject", comment="改一下")
    assert submit(buyer, company).status == "pending"  # resubmitted after the rejection


def test_the_requester_may_withdraw_a_pending_request(company, person, po_rule, decided):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    with pytest.raises(NotTheRequester):
        approval_request_cancel(actor=finance, request=request)
    approval_request_cancel(actor=buyer, request=request)
    assert steps_of(request) == [(1, "finance_manager", "skipped"), (2, "admin", "skipped")]
    assert decided == [("1", "cancelled", "buyer")]
    with pytest.raises(InvalidTransition):
        approval_request_cancel(actor=buyer, request=request)


def test_an_unknown_document_type_is_refused(company, person):
    with pytest.raises(UnknownDocumentType):
        submit(person("buyer", name="buyer"), company)


# --- escalation ------------------------------------------------------------------------------

@pytest.mark.parametrize(("hours_late", "level"), [(-1, 0), (0, 1), (23.9, 1), (24, 2), (50, 3)])
def test_the_escalation_level_counts_due_periods_begun(hours_late, level):
    due = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    assert escalation_level(due_at=due, due_hours=24, now=due + HOUR * hours_late) == level


def test_a_job_that_was_down_catches_up_with_one_escalation(company, person, general_manager, po_rule):
    buyer, boss = person("buyer", name="buyer"), person("general_manager", name="boss")
    request = submit(buyer, company)
    step = request.steps.get(sequence=1)
    assert approval_escalate_overdue(now=step.due_at + HOUR * 50) == [step]
    step.refresh_from_db()
    assert step.escalation_level == 3
    assert step.next_escalation_at == next_escalation_at(due_at=step.due_at, due_hours=24, level=3)
    assert step.next_escalation_at == step.due_at + HOUR * 72
    assert titles(boss) == ["Overdue approval escalated to you: 采购订单 PO-0001"]
    assert approval_escalate_overdue(now=step.due_at + HOUR * 71) == []
    assert approval_escalate_overdue(now=step.due_at + HOUR * 72) == [step]


def test_once_escalated_the_escalation_role_may_decide(company, person, general_manager, po_rule):
    buyer, boss = person("buyer", name="buyer"), person("general_manager", name="boss")
    request = submit(buyer, company)
    step = request.steps.get(sequence=1)
    with pytest.raises(NotAnApprover):
        approval_decide(actor=boss, request=request, decision="approve")
    approval_escalate_overdue(now=step.due_at)
    approval_decide(actor=boss, request=request, decision="approve")
    assert steps_of(request) == [(1, "finance_manager", "approved"), (2, "admin", "pending")]


def test_without_an_escalation_role_the_company_administrators_are_alerted(admin, company, person, role, decided):
    approval_rule_create(actor=admin, company=company, document_type=WIDGET, name="Plain",
                         steps=[{"role": role("finance_manager"), "due_hours": 4}])
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    step = request.steps.get()
    approval_escalate_overdue(now=step.due_at + HOUR)
    assert links(admin) == [request.get_absolute_url()]
    assert titles(finance)[-1] == "Overdue: please decide on 采购订单 PO-0001"
    with pytest.raises(NotAnApprover):  # alerted, but the step's role still decides
        approval_decide(actor=admin, request=request, decision="approve")


def test_the_scheduled_job_escalates_what_is_overdue_now(company, person, po_rule):
    buyer = person("buyer", name="buyer")
    request = submit(buyer, company)
    assert escalate_overdue_approvals() == 0
    # a day and an hour pass
    ApprovalStep.objects.filter(request=request, sequence=1).update(
        due_at=request.created_at - HOUR, next_escalation_at=request.created_at - HOUR)
    assert escalate_overdue_approvals() == 1
    assert escalate_overdue_approvals() == 0


def test_decided_steps_do_not_escalate(company, person, po_rule, admin):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    first = request.steps.get(sequence=1)
    approval_decide(actor=finance, request=request, decision="approve")
    approval_decide(actor=admin, request=request, decision="approve")
    assert approval_escalate_overdue(now=first.due_at + HOUR * 100) == []


# --- pages -------------------------------------------------------------------------------------

def test_the_inbox_lists_what_i_may_decide_and_approving_there_moves_on(client, signed_in, company, person, po_rule):
    buyer, finance = person("buyer", "finance_manager", name="buyer"), person("finance_manager", name="finance")
    submit(buyer, company, object_id=1)
    signed_in(buyer)
    assert "PO-0001" not in client.get(reverse("approval_inbox")).content.decode().split("My requests")[0]
    signed_in(finance)
    client.get(reverse("approval_inbox"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("approval_inbox"))
    for number in range(2, 6):
        submit(buyer, company, object_id=number)
    with CaptureQueriesContext(connection) as five:
        html = client.get(reverse("approval_inbox")).content.decode()
    assert html.count('name="action" value="approve"') == 5
    assert len(five) == len(one)  # no query per row
    request = ApprovalRequest.objects.get(object_id="1")
    response = client.post(reverse("approval_detail", args=[request.pk]),
                           {"action": "approve", "comment": "", "next": reverse("approval_inbox")})
    assert (response.status_code, response["Location"]) == (302, reverse("approval_inbox"))
    assert steps_of(request)[0] == (1, "finance_manager", "approved")


def test_a_refused_decision_shows_its_reason(client, signed_in, company, person, po_rule):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    signed_in(finance)
    response = client.post(reverse("approval_detail", args=[request.pk]), {"action": "reject", "comment": " "})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Say why you reject the request." in html and 'value="reject"' in html  # the form is offered again
    signed_in(buyer)
    response = client.post(reverse("approval_detail", args=[request.pk]), {"action": "approve", "comment": "我批"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Nobody may decide on their own request." in html and 'value="approve"' not in html
    assert steps_of(request)[0] == (1, "finance_manager", "pending")


def test_a_request_is_shown_only_to_those_involved(client, signed_in, company, other_company, person, po_rule):
    buyer, finance = person("buyer", name="buyer"), person("finance_manager", name="finance")
    request = submit(buyer, company)
    url = reverse("approval_detail", args=[request.pk])
    for user, status in [(buyer, 200), (finance, 200), (person("warehouse", name="keeper"), 404),
                         (person("admin", name="outsider", company=other_company), 404)]:
        signed_in(user)
        assert client.get(url).status_code == status, user
    approval_escalate_overdue(now=request.steps.get(sequence=1).due_at + HOUR)
    signed_in(finance)
    html = client.get(url).content.decode()
    assert 'value="approve"' in html and "/widgets/1/" in html and "escalated ×1 to 总经理" in html


def test_rules_are_listed_and_created_with_their_steps(client, signed_in, admin, company, role, po_rule,
                                                       django_assert_max_num_queries):
    signed_in(admin)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("approval_rule_list"))
    assert response.status_code == 200
    assert "PO above 50,000" in response.content.decode()
    assert "PO above 50,000" not in client.get(reverse("approval_rule_list") + "?active=0").content.decode()
    response = client.post(reverse("approval_rule_create"), {
        "name": "Small", "document_type": WIDGET, "min_amount": "", "max_amount": "50000", "department": "",
        "priority": "0", "active": "on",
        "steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0", "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
        "steps-0-role": role("accountant").pk, "steps-0-due_hours": "8",
        "steps-1-role": "", "steps-1-due_hours": "24",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = company.approvalrule_set.get(name="Small")
    assert [(s.sequence, s.role.code, s.due_hours) for s in rule.steps.all()] == [(1, "accountant", 8)]


def test_a_rules_steps_are_replaced_from_its_edit_page(client, signed_in, admin, company, role, po_rule):
    signed_in(admin)
    url = reverse("approval_rule_edit", args=[po_rule.pk])
    assert client.get(url).status_code == 200
    first, second = po_rule.steps.order_by("sequence")
    response = client.post(url, {
        "name": "PO above 50,000", "document_type": WIDGET, "min_amount": "50000", "max_amount": "",
        "department": "", "priority": "0", "active": "on",
        "steps-TOTAL_FORMS": "3", "steps-INITIAL_FORMS": "2", "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
        "steps-0-id": first.pk, "steps-0-rule": po_rule.pk, "steps-0-role": role("finance_manager").pk,
        "steps-0-due_hours": "24", "steps-0-DELETE": "on",
        "steps-1-id": second.pk, "steps-1-rule": po_rule.pk, "steps-1-role": role("admin").pk,
        "steps-1-due_hours": "48",
        "steps-2-role": role("accountant").pk, "steps-2-due_hours": "24",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(s.sequence, s.role.code, s.due_hours) for s in po_rule.steps.all()] == [(1, "admin", 48),
                                                                                      (2, "accountant", 24)]


def test_the_auditor_oversees_requests_but_can_neither_decide_nor_manage_rules(client, signed_in, company, person,
                                                                               role, po_rule):
    # the oversight right (core.oversee_approvalrequest) is what lets the auditor read every request
    role("auditor").permissions.add(Permission.objects.get(codename="oversee_approvalrequest"))
    buyer = person("buyer", name="buyer")
    request = submit(buyer, company)
    url = reverse("approval_detail", args=[request.pk])
    signed_in(person("auditor", name="auditor"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "approve"}).status_code == 403
    assert client.get(reverse("approval_rule_list")).status_code == 200
    assert client.post(reverse("approval_rule_create"), {"name": "x"}).status_code == 403
    assert client.post(reverse("approval_rule_edit", args=[po_rule.pk]), {"name": "x"}).status_code == 403
    assert steps_of(request)[0] == (1, "finance_manager", "pending")
