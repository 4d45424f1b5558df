"""`zhangfang init` and `zhangfang demo`: idempotent, and they leave a database that checks clean.

The initialise tests come first: the demo fixture below lives for the rest of the module.
"""

import datetime

import pytest
from django.db import transaction

from zhangfang import cli
from zhangfang.core.bootstrap import initialise
from zhangfang.core.demo import DEMO_CODE, DEMO_USERS, PARTNERS, RATES, build_demo
from zhangfang.core.models import (
    AuditRecord,
    Company,
    ExchangeRate,
    Membership,
    Notification,
    Partner,
    PartnerBankAccount,
    User,
)

ADMIN_PASSWORD = "Admin-Pass-2026"


def test_initialise_creates_the_first_company_and_its_administrator(db):
    message = initialise(company_name="汉口贸易", admin_password=ADMIN_PASSWORD)
    admin = User.objects.get(username="admin")
    assert message == "Administrator 'admin' created with the password from ZHANGFANG_ADMIN_PASSWORD."
    assert (admin.is_superuser, admin.check_password(ADMIN_PASSWORD)) == (True, True)
    assert list(Company.objects.values_list("code", "name")) == [("main", "汉口贸易")]
    assert admin.default_company == Company.objects.get()
    assert list(Membership.objects.get(user=admin).roles.values_list("code", flat=True)) == ["admin"]


def test_initialise_twice_changes_nothing(db):
    # given an initialised installation
    initialise(company_name="汉口贸易", admin_password=ADMIN_PASSWORD)
    audit_count = AuditRecord.objects.count()
    # when init runs again, with other arguments
    message = initialise(company_name="别的公司", admin_password="Other-Pass-2026")
    # then there is still one administrator with the first password, one company, no new audit record
    assert message == "Zhangfang is initialised; nothing to do."
    assert User.objects.filter(is_superuser=True).count() == 1
    assert User.objects.get(username="admin").check_password(ADMIN_PASSWORD)
    assert list(Company.objects.values_list("name", flat=True)) == ["汉口贸易"]
    assert AuditRecord.objects.count() == audit_count


def test_initialise_without_a_password_generates_and_shows_one(db):
    message = initialise(company_name=None, admin_password=None)
    password = message.rsplit(" ", 1)[1]
    assert message.startswith("Administrator 'admin' created. Password (shown once")
    assert len(password) >= 16
    assert User.objects.get(username="admin").check_password(password)
    assert Company.objects.get().name == "我的公司"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo built once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        initialise(company_name=None, admin_password=ADMIN_PASSWORD, quiet=True)
        started = datetime.date.today()
        build_demo()
        yield {"company": Company.objects.get(code=DEMO_CODE), "built_on": started}
        transaction.set_rollback(True)


def test_demo_company_has_its_partners_with_encrypted_bank_accounts(demo, db):
    company = demo["company"]
    assert company.name == "武汉江城机电有限公司"
    partners = Partner.objects.filter(company=company)
    assert partners.count() == 11
    assert sorted(partners.values_list("name", flat=True)) == sorted(row[0] for row in PARTNERS)
    assert sorted(partners.values_list("code", flat=True)) == [f"P-{n:05d}" for n in range(1, 12)]
    assert (partners.filter(is_customer=True).count(), partners.filter(is_supplier=True).count()) == (6, 6)
    account = PartnerBankAccount.objects.get(partner__name="宝武钢铁集团武汉分公司")
    assert account.account_number == "42001865308050012345"


def test_demo_users_hold_their_roles_in_the_demo_company(demo, db):
    company = demo["company"]
    roles = {m.user.username: [r.code for r in m.roles.all()]
             for m in Membership.objects.filter(company=company).exclude(user__username="admin")
             .select_related("user").prefetch_related("roles")}
    assert roles == {username: [role] for username, _name, role in DEMO_USERS}
    assert len(roles) == 10
    assert User.objects.get(username="shenji").full_name == "吴婷"


def test_demo_exchange_rates_are_published_on_weekdays_only(demo, db):
    company = demo["company"]
    days = [demo["built_on"] - datetime.timedelta(days=offset) for offset in range(181)]
    weekdays = {day for day in days if day.weekday() < 5}
    rates = ExchangeRate.objects.filter(company=company)
    assert {day.weekday() for day in rates.values_list("date", flat=True)} <= {0, 1, 2, 3, 4}
    assert set(rates.values_list("date", flat=True)) == weekdays
    assert rates.count() == len(RATES) * len(weekdays)
    assert set(rates.values_list("currency__code", flat=True)) == {"EUR", "HKD", "JPY", "USD"}


def test_building_the_demo_again_creates_nothing(demo, db):
    # given the demo built once
    counts = [model.objects.count() for model in (Company, User, Partner, ExchangeRate, AuditRecord, Notification)]
    # when it is built again
    credentials = build_demo()
    # then nothing new exists, and the log-ins are listed again
    assert [model.objects.count() for model in (Company, User, Partner, ExchangeRate, AuditRecord,
                                                Notification)] == counts
    assert Company.objects.filter(code=DEMO_CODE).count() == 1
    assert credentials.splitlines()[0] == "Demo company 演示公司: 武汉江城机电有限公司"
    assert len(credentials.splitlines()) == 2 + 1 + 10 + 1  # header, admin, ten roles, the 2FA note


def test_check_is_clean_after_the_demo(demo, db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["check"])
    output = capsys.readouterr().out
    assert exit_info.value.code == 0, output
    assert "FAIL" not in output
    assert "OK    core.audit_chain" in output
    assert "OK    core.sequences" in output


def test_demo_books_hold_months_of_history_that_tie_out(demo, db):
    """The demo's finance part: four months posted, the past ones closed, and the figures an
    accountant checks first agree — trial balance, balance sheet, aging against control."""
    from zhangfang.accounting.models import Invoice, JournalEntry, Payment, Period
    from zhangfang.accounting.selectors.arap import aging
    from zhangfang.accounting.selectors.ledger import trial_balance
    from zhangfang.accounting.selectors.statements import balance_sheet

    company, today = demo["company"], demo["built_on"]
    months = set(JournalEntry.objects.filter(company=company, status="posted").values_list("period__name", flat=True))
    assert len(months) >= 4
    closed = Period.objects.filter(company=company, status="closed", date_end__lt=today.replace(day=1))
    assert closed.count() == 3
    assert Invoice.objects.filter(company=company, status="posted").exclude(currency=company.base_currency).exists()
    assert {"paid", "not_paid"} <= set(Invoice.objects.filter(company=company).values_list("payment_state", flat=True))
    assert Payment.objects.filter(company=company).count() > 20
    assert trial_balance(company=company, date_from=min(p.date_start for p in closed), date_to=today).balanced
    sheet = balance_sheet(company=company, as_of=today)
    assert sheet.balanced and sheet.line("inventories").amounts[0] > 0
    for kind in ("receivable", "payable"):
        assert aging(company=company, kind=kind, as_of=today).agrees
