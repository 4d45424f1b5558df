"""The audit trail: one record per change with before/after, in a hash chain that finds tampering."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from zhangfang import cli
from zhangfang.core import audit
from zhangfang.core.models import AuditChainHead, AuditRecord, Currency, Role, Uom
from zhangfang.core.services.attachments import attachment_add
from zhangfang.core.services.companies import company_create, company_update
from zhangfang.core.services.currencies import (
    currency_update,
    exchange_rate_create,
    exchange_rate_delete,
    exchange_rate_update,
)
from zhangfang.core.services.partners import partner_create, partner_update
from zhangfang.core.services.tokens import api_token_create, api_token_revoke
from zhangfang.core.services.units import uom_create, uom_update
from zhangfang.core.services.users import user_create, user_set_password, user_update

JAN_5 = datetime.date(2026, 1, 5)


class _Present:
    """Equals any value but None: for ids and timestamps in an expected dict."""

    def __eq__(self, other):
        return other is not None

    def __repr__(self):
        return "<present>"


PRESENT = _Present()


def last_seq() -> int:
    return AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def records_written_by(change) -> list[AuditRecord]:
    since = last_seq()
    change()
    return list(AuditRecord.objects.filter(seq__gt=since).order_by("seq"))


# Each case: given (admin, company) → (the change, action, object type, before ⊇, after ⊇).
def _company_create(admin, company):
    return (lambda: company_create(actor=admin, code="hankou", name="汉口贸易"), "create", "core.company",
            None, {"code": "hankou", "name": "汉口贸易", "base_currency": Currency.objects.get(code="CNY").pk})


def _company_update(admin, company):
    return (lambda: company_update(actor=admin, company=company, data={"name": "江城机电"}), "update",
            "core.company", {"name": "测试公司"}, {"name": "江城机电"})


def _partner_create(admin, company):
    return (lambda: partner_create(actor=admin, company=company, name="甲", is_customer=True,
                                   contacts=[{"name": "胡建国", "phone": "027-84561234"}]),
            "create", "core.partner", None,
            {"code": "P-00001", "name": "甲", "is_customer": True, "credit_limit": "0.00",
             "contacts": [{"id": PRESENT, "partner": PRESENT, "name": "胡建国", "title": "",
                           "phone": "027-84561234", "email": ""}]})


def _partner_update(admin, company):
    partner = partner_create(actor=admin, company=company, name="甲", credit_limit=Decimal("1000.00"))
    return (lambda: partner_update(actor=admin, partner=partner, credit_limit=Decimal("5000.00")), "update",
            "core.partner", {"credit_limit": "1000.00"}, {"credit_limit": "5000.00"})


def _exchange_rate_create(admin, company):
    usd = Currency.objects.get(code="USD")
    return (lambda: exchange_rate_create(actor=admin, company=company, currency=usd, date=JAN_5,
                                         rate=Decimal("7.1800")),
            "create", "core.exchangerate", None, {"currency": usd.pk, "date": "2026-01-05", "rate": "7.1800000000"})


def _exchange_rate_update(admin, company):
    rate = exchange_rate_create(actor=admin, company=company, currency=Currency.objects.get(code="USD"),
                                date=JAN_5, rate=Decimal("7.1800"))
    return (lambda: exchange_rate_update(actor=admin, exchange_rate=rate, rate=Decimal("7.2000")), "update",
            "core.exchangerate", {"rate": "7.1800000000"}, {"rate": "7.2000000000"})


def _exchange_rate_delete(admin, company):
    rate = exchange_rate_create(actor=admin, company=company, currency=Currency.objects.get(code="USD"),
                                date=JAN_5, rate=Decimal("7.1800"))
    return (lambda: exchange_rate_delete(actor=admin, exchange_rate=rate), "delete", "core.exchangerate",
            {"date": "2026-01-05", "rate": "7.1800000000"}, None)


def _currency_update(admin, company):
    krw = Currency.objects.get(code="KRW")
    return (lambda: currency_update(actor=admin, company=company, currency=krw, active=False), "update",
            "core.currency", {"code": "KRW", "active": True}, {"code": "KRW", "active": False})


def _uom_create(admin, company):
    category = Uom.objects.get(company=company, symbol="pcs").category
    return (lambda: uom_create(actor=admin, company=company, category=category, name="包", symbol="pk",
                               ratio=Decimal("20"), rounding=Decimal("1")),
            "create", "core.uom", None, {"name": "包", "ratio": "20.0000000000", "category": category.pk})


def _uom_update(admin, company):
    gram = Uom.objects.get(company=company, symbol="g")
    return (lambda: uom_update(actor=admin, uom=gram, rounding=Decimal("0.1")), "update", "core.uom",
            {"rounding": "0.010000"}, {"rounding": "0.100000"})


def _user_create(admin, company):
    return (lambda: user_create(actor=admin, company=company, username="kuaiji", password="Pass-word-2026",
                                full_name="李娜", roles=list(Role.objects.filter(code="accountant"))),
            "create", "core.user", None,
            {"username": "kuaiji", "full_name": "李娜", "password": "***", "roles": ["accountant"]})


def _user_update(admin, company):
    user = user_create(actor=admin, company=company, username="kuaiji", password="Pass-word-2026",
                       roles=list(Role.objects.filter(code="accountant")))
    return (lambda: user_update(actor=admin, company=company, user=user, full_name="李娜",
                                roles=list(Role.objects.filter(code="auditor"))),
            "update", "core.user", {"full_name": "", "roles": ["accountant"], "password": "***"},
            {"full_name": "李娜", "roles": ["auditor"], "password": "***"})


def _api_token_create(admin, company):
    return (lambda: api_token_create(actor=admin, name="ERP 对接", scope="write", days=30), "create",
            "core.apitoken", None, {"name": "ERP 对接", "scope": "write", "revoked_at": None})


def _api_token_revoke(admin, company):
    token, _plain = api_token_create(actor=admin, name="ERP 对接")
    return (lambda: api_token_revoke(actor=admin, token=token), "revoke", "core.apitoken",
            {"name": "ERP 对接", "revoked_at": None}, {"name": "ERP 对接", "revoked_at": PRESENT})


CASES = [_company_create, _company_update, _partner_create, _partner_update, _exchange_rate_create,
         _exchange_rate_update, _exchange_rate_delete, _currency_update, _uom_create, _uom_update, _user_create,
         _user_update, _api_token_create, _api_token_revoke]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__.strip("_") for case in CASES])
def test_each_change_writes_one_audit_record_with_before_and_after(admin, company, case):
    # given
    change, action, object_type, before, after = case(admin, company)
    # when
    records = records_written_by(change)
    # then
    assert len(records) == 1
    record = records[0]
    assert (record.action, record.object_type, record.actor_id) == (action, object_type, admin.pk)
    if before is None:
        assert record.before is None
    else:
        assert {key: record.before.get(key) for key in before} == before
    if after is None:
        assert record.after is None
    else:
        assert {key: record.after.get(key) for key in after} == after


def test_attaching_a_file_writes_one_audit_record_with_its_digest(admin, company, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partner = partner_create(actor=admin, company=company, name="甲")
    upload = SimpleUploadedFile("合同.txt", b"contract")
    [record] = records_written_by(lambda: attachment_add(actor=admin, obj=partner, upload=upload))
    assert (record.action, record.object_type, record.object_id) == ("attach", "core.partner", str(partner.pk))
    assert record.after == {"attachment": "合同.txt",
                            "sha256": "cc8321d6375c494d043fdd0260f21bc0ec51dacc9f6abb7f909cdcd3041b78bf"}


def test_password_change_is_audited_without_the_password(admin, company):
    [record] = records_written_by(lambda: user_set_password(actor=admin, user=admin, password="New-Pass-2026x"))
    assert (record.action, record.object_type, record.before, record.after) == (
        "password_change", "core.user", None, None)


@pytest.mark.parametrize("change", ["partner", "exchange_rate", "user"])
def test_an_update_that_changes_nothing_writes_no_record(admin, company, change):
    # given a partner, a rate and a user
    partner = partner_create(actor=admin, company=company, name="甲", credit_limit=Decimal("1000.00"),
                             contacts=[{"name": "胡建国"}])
    rate = exchange_rate_create(actor=admin, company=company, currency=Currency.objects.get(code="USD"),
                                date=JAN_5, rate=Decimal("7.1800"))
    user = user_create(actor=admin, company=company, username="kuaiji", password="Pass-word-2026",
                       roles=list(Role.objects.filter(code="accountant")))
    # when each is saved again with the values it already has
    resave = {
        "partner": lambda: partner_update(actor=admin, partner=partner, name="甲", credit_limit=Decimal("1000.00"),
                                          contacts=[{"id": partner.contacts.get().pk, "name": "胡建国"}]),
        "exchange_rate": lambda: exchange_rate_update(actor=admin, exchange_rate=rate, rate=Decimal("7.18")),
        "user": lambda: user_update(actor=admin, company=company, user=user,
                                    roles=list(Role.objects.filter(code="accountant"))),
    }[change]
    # then nothing is recorded
    assert records_written_by(resave) == []


def test_chain_verifies_after_many_writes(admin, company):
    # given 20 partners created and each updated once, by several services
    for n in range(20):
        partner = partner_create(actor=admin, company=company, name=f"客户{n}")
        partner_update(actor=admin, partner=partner, phone=f"027-8456{n:04d}")
    # then every record links to the one before and the head counts them all
    assert audit.verify_chain() == []
    head = AuditChainHead.objects.get()
    assert head.count == AuditRecord.objects.count() == last_seq()
    assert head.last_hash == AuditRecord.objects.get(seq=last_seq()).hash


@pytest.fixture
def six_records(admin, company):
    """An audit chain of exactly six records (the first is the company's creation)."""
    for name in ("甲", "乙", "丙", "丁", "戊"):
        partner_create(actor=admin, company=company, name=name)
    assert last_seq() == 6 and audit.verify_chain() == []
    return {rec.seq: rec for rec in AuditRecord.objects.all()}


def check_command_output(capsys) -> str:
    """Run `zhangfang check`; it must exit 1. Returns what it printed."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["check"])
    assert exit_info.value.code == 1
    return capsys.readouterr().out


def test_altering_a_records_after_breaks_the_chain_at_that_record(six_records, capsys):
    # when someone rewrites what record 3 says with raw SQL
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET after = %s WHERE seq = 3", ['{"name": "伪造"}'])
    # then verification names record 3
    assert audit.verify_chain() == [f"audit record seq 3 (id {six_records[3].pk}) was altered after it was written"]
    output = check_command_output(capsys)
    assert "FAIL  core.audit_chain" in output
    assert f"audit record seq 3 (id {six_records[3].pk}) was altered" in output


def test_deleting_a_middle_record_breaks_the_chain_at_the_gap(six_records, capsys):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE seq = 4")
    assert audit.verify_chain() == [f"audit record seq 4 is missing (next found: seq 5, id {six_records[5].pk})"]
    output = check_command_output(capsys)
    assert "FAIL  core.audit_chain" in output
    assert "audit record seq 4 is missing" in output


def test_deleting_the_last_record_is_found_by_the_chain_head(six_records):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE seq = 6")
    assert audit.verify_chain() == ["the audit chain ends at seq 5 but 6 records were written"]


def test_deleting_the_last_record_and_the_chain_head_is_found(six_records):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE seq = 6")
        cursor.execute("DELETE FROM core_auditchainhead")
    assert audit.verify_chain() == ["the audit chain head is missing; the chain ends at seq 5"]


@pytest.mark.parametrize("forger", ["made-up hash", "correctly chained hash"])
def test_inserting_a_forged_record_breaks_the_chain_at_the_forgery(six_records, capsys, forger):
    # given a forged record 7 claiming a deletion of what record 6 created
    last = six_records[6]
    forged = AuditRecord(company_id=last.company_id, actor_id=last.actor_id, action="delete",
                         object_type=last.object_type, object_id=last.object_id, object_repr=last.object_repr,
                         before=last.after, after=None, request_id="", created_at=last.created_at, seq=7,
                         prev_hash=last.hash)
    # (a forger who knows the algorithm computes a valid link; only the chain head then gives them away)
    forged_hash = "f" * 64 if forger == "made-up hash" else audit._digest(last.hash, audit._hashed_fields(forged))
    # when it is inserted with raw SQL, copying the row it imitates
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditrecord (company_id, actor_id, action, object_type, object_id, object_repr,"
            " before, after, request_id, created_at, seq, prev_hash, hash)"
            " SELECT company_id, actor_id, 'delete', object_type, object_id, object_repr, after, NULL, '',"
            " created_at, 7, hash, %s FROM core_auditrecord WHERE seq = 6", [forged_hash])
    forged_id = AuditRecord.objects.get(seq=7).pk
    # then verification names record 7
    expected = {
        "made-up hash": f"audit record seq 7 (id {forged_id}) was altered after it was written",
        "correctly chained hash": "the audit chain ends at seq 7 but 6 records were written",
    }[forger]
    assert audit.verify_chain() == [expected]
    output = check_command_output(capsys)
    assert "FAIL  core.audit_chain" in output
    assert expected in output
