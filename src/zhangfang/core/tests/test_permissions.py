"""Rights hold per company and come from the shipped job-duty roles."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from zhangfang.core import permissions, selectors
from zhangfang.core.errors import NotFound, PermissionDenied
from zhangfang.core.models import Currency, Membership, Partner, Role, Uom, User
from zhangfang.core.roles import SYSTEM_ROLES
from zhangfang.core.seed import seed_reference_data
from zhangfang.core.services.companies import company_update
from zhangfang.core.services.currencies import currency_update, exchange_rate_create
from zhangfang.core.services.partners import partner_create, partner_update
from zhangfang.core.services.units import uom_create, uom_update
from zhangfang.core.services.users import user_create


def test_accountant_creates_partners_in_their_company_only(make_user, company, other_company):
    # given an accountant of company A who has no membership in B
    accountant = make_user("accountant")
    # when they create a partner in A, then it is created
    partner = partner_create(actor=accountant, company=company, name="甲", is_customer=True)
    assert Partner.objects.get(pk=partner.pk).company == company
    # when they try the same in B, then it is refused and nothing is written
    with pytest.raises(PermissionDenied):
        partner_create(actor=accountant, company=other_company, name="乙", is_customer=True)
    assert not Partner.objects.filter(company=other_company).exists()


def test_a_role_in_one_company_grants_nothing_in_another(admin, make_user, company, other_company):
    # given a user who is an accountant in A and only an auditor in B
    user = make_user("accountant")
    Membership.objects.create(user=user, company=other_company).roles.set(Role.objects.filter(code="auditor"))
    # then they may add partners in A but not in B
    assert permissions.has_perm(user, company, "core.add_partner")
    assert not permissions.has_perm(user, other_company, "core.add_partner")
    assert permissions.has_perm(user, other_company, "core.view_partner")
    with pytest.raises(PermissionDenied):
        partner_create(actor=user, company=other_company, name="乙")


def test_an_inactive_membership_grants_nothing(make_user, company):
    # given an accountant whose membership is then switched off
    accountant = make_user("accountant")
    assert permissions.has_perm(accountant, company, "core.add_partner")
    Membership.objects.filter(user=accountant, company=company).update(active=False)
    # when they come back (a new request loads the user afresh; rights are cached per user object)
    accountant = User.objects.get(pk=accountant.pk)
    # then they hold no rights there
    assert permissions.company_permissions(accountant, company) == frozenset()
    assert permissions.company_ids(accountant) == []
    with pytest.raises(PermissionDenied):
        partner_create(actor=accountant, company=company, name="甲")


@pytest.fixture
def auditor(make_user):
    return make_user("auditor")


@pytest.fixture
def books(admin, company):
    """A partner, a rate and the units a company starts with."""
    partner = partner_create(actor=admin, company=company, name="甲", is_customer=True)
    exchange_rate_create(actor=admin, company=company, currency=Currency.objects.get(code="USD"),
                         date=datetime.date(2026, 1, 5), rate=Decimal("7.18"))
    return {"partner": partner}


AUDITOR_WRITES = {
    "partner_create": lambda a, c, b: partner_create(actor=a, company=c, name="乙"),
    "partner_update": lambda a, c, b: partner_update(actor=a, partner=b["partner"], name="改名"),
    "exchange_rate_create": lambda a, c, b: exchange_rate_create(
        actor=a, company=c, currency=Currency.objects.get(code="EUR"), date=datetime.date(2026, 1, 5),
        rate=Decimal("7.82")),
    "uom_create": lambda a, c, b: uom_create(actor=a, company=c, category=Uom.objects.get(company=c, symbol="pcs")
                                             .category, name="包", ratio=Decimal("20"), rounding=Decimal("1")),
    "uom_update": lambda a, c, b: uom_update(actor=a, uom=Uom.objects.get(company=c, symbol="g"), active=False),
    "currency_update": lambda a, c, b: currency_update(actor=a, company=c, currency=Currency.objects.get(code="KRW"),
                                                       active=False),
    "company_update": lambda a, c, b: company_update(actor=a, company=c, data={"name": "改名"}),
    "user_create": lambda a, c, b: user_create(actor=a, company=c, username="mole", password="Pass-word-2026",
                                               roles=list(Role.objects.filter(code="admin"))),
}


@pytest.mark.parametrize("write", AUDITOR_WRITES.values(), ids=AUDITOR_WRITES.keys())
def test_auditor_cannot_change_anything(auditor, company, books, write):
    with pytest.raises(PermissionDenied):
        write(auditor, company, books)


def test_auditor_sees_the_companys_data(auditor, company, books):
    assert [p.name for p in selectors.partner_list(user=auditor, company=company)] == ["甲"]
    assert [str(r.rate) for r in selectors.exchange_rate_list(user=auditor, company=company)] == ["7.1800000000"]
    assert selectors.uom_list(user=auditor, company=company).count() == 13
    assert "kuaiji" not in {u.username for u in selectors.user_list(user=auditor, company=company)}
    assert selectors.user_list(user=auditor, company=company).count() == 2  # admin and the auditor


def test_partner_list_never_returns_another_companys_rows(admin, make_user, company, other_company):
    # given partners in both companies, and a salesperson who works in both
    partner_create(actor=admin, company=company, name="甲")
    partner_create(actor=admin, company=other_company, name="乙")
    both = make_user("sales")
    Membership.objects.create(user=both, company=other_company).roles.set(Role.objects.filter(code="sales"))
    only_a = make_user("sales")
    # then each company's list holds only its own rows
    assert [p.name for p in selectors.partner_list(user=both, company=company)] == ["甲"]
    assert [p.name for p in selectors.partner_list(user=both, company=other_company)] == ["乙"]
    # and a user of A alone sees nothing of B, even when asking for B
    assert list(selectors.partner_list(user=only_a, company=other_company)) == []
    assert [p.name for p in selectors.partner_list(user=only_a)] == ["甲"]
    assert [p.name for p in selectors.partner_list(user=only_a, search="乙")] == []


def test_partner_detail_of_another_company_is_not_found(admin, make_user, other_company):
    theirs = partner_create(actor=admin, company=other_company, name="乙")
    with pytest.raises(NotFound):
        selectors.partner_detail(user=make_user("sales"), pk=theirs.pk)


def role_permissions() -> dict[str, set[str]]:
    return {role.code: {f"{p.content_type.app_label}.{p.codename}" for p in role.permissions.all()}
            for role in Role.objects.prefetch_related("permissions__content_type")}


def test_the_eleven_system_roles_are_seeded(db):
    codes = ["admin", "finance_manager", "accountant", "cashier", "buyer", "warehouse", "sales", "planner", "hr",
             "ops", "auditor"]
    assert [code for code, *_rest in SYSTEM_ROLES] == codes
    assert sorted(Role.objects.filter(is_system=True).values_list("code", flat=True)) == sorted(codes)


def test_admin_role_holds_every_permission(db):
    assert Role.objects.get(code="admin").permissions.count() == Permission.objects.count() > 100


def test_shipped_roles_hold_their_duties(db):
    rights = role_permissions()
    assert {"core.add_partner", "core.change_partner", "core.view_partner"} <= rights["accountant"]
    assert "core.delete_partner" not in rights["accountant"]
    assert "core.add_user" not in rights["accountant"]
    # reads everything: view rights, and the right to see every approval request
    assert all(code.split(".")[1].startswith(("view_", "oversee_")) for code in rights["auditor"])
    assert "core.view_auditrecord" in rights["auditor"]
    assert {r for r in rights["warehouse"] if r.startswith("core.") and ".view_" not in r} == set()


def test_seeding_twice_leaves_the_same_roles_and_rights(db):
    # given the rights as migrate seeded them
    seeded = role_permissions()
    # when seeding runs twice more
    seed_reference_data()
    seed_reference_data()
    # then nothing changed and nothing was duplicated
    assert role_permissions() == seeded
    assert Role.objects.count() == 11
    assert Currency.objects.count() == 7


def test_seeding_restores_a_right_removed_from_a_shipped_role(db):
    accountant = Role.objects.get(code="accountant")
    accountant.permissions.remove(Permission.objects.get(content_type__app_label="core", codename="add_partner"))
    seed_reference_data()
    assert accountant.permissions.filter(codename="add_partner").exists()


def test_only_administrators_auditors_and_operations_read_the_audit_trail(db, admin):
    from zhangfang.core.models import Role

    readers = set(Role.objects.filter(permissions__codename="view_auditrecord").values_list("code", flat=True))
    assert readers == {"admin", "auditor", "ops"}
