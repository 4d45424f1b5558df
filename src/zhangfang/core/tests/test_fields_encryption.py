"""Bank account numbers are encrypted at rest (AES-256-GCM) and never written to the audit trail."""

import re

import pytest
from cryptography.exceptions import InvalidTag
from django.db import connection

from zhangfang.core.errors import ValidationFailed
from zhangfang.core.fields import decrypt
from zhangfang.core.models import AuditRecord, Partner, PartnerBankAccount
from zhangfang.core.services.partners import partner_create, partner_update

NUMBER = "3202006709200123456"
CONTEXT = "core_partnerbankaccount.account_number"


def stored(account_id: int) -> str:
    """The account number column as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT account_number FROM core_partnerbankaccount WHERE id = %s", [account_id])
        return cursor.fetchone()[0]


@pytest.fixture
def supplier(admin, company):
    return partner_create(actor=admin, company=company, name="宝武钢铁", is_supplier=True,
                          bank_accounts=[{"bank_name": "中国建设银行", "account_number": NUMBER}])


def test_account_number_is_stored_encrypted(supplier):
    raw = stored(supplier.bank_accounts.get().pk)
    assert raw.startswith("v1:")
    assert NUMBER not in raw
    assert "0123456" not in raw


def test_account_number_reads_back_through_the_orm(supplier):
    account = PartnerBankAccount.objects.get(partner=supplier)
    assert account.account_number == NUMBER
    assert account.masked_number == "•••• 3456"


def test_the_same_number_saved_twice_gives_different_ciphertexts(admin, company, supplier):
    # given the number stored once
    account = supplier.bank_accounts.get()
    first = stored(account.pk)
    # when the row is saved again with the same number, and another partner stores it too
    partner_update(actor=admin, partner=supplier,
                   bank_accounts=[{"id": account.pk, "bank_name": "中国建设银行", "account_number": NUMBER}])
    other = partner_create(actor=admin, company=company, name="宝武钢铁武汉分公司",
                           bank_accounts=[{"bank_name": "中国建设银行", "account_number": NUMBER}])
    # then all three ciphertexts differ, and all decrypt to the number
    ciphertexts = {first, stored(account.pk), stored(other.bank_accounts.get().pk)}
    assert len(ciphertexts) == 3
    assert {decrypt(text, CONTEXT) for text in ciphertexts} == {NUMBER}


def test_a_ciphertext_does_not_decrypt_in_another_column(supplier):
    raw = stored(supplier.bank_accounts.get().pk)
    assert decrypt(raw, CONTEXT) == NUMBER
    with pytest.raises(InvalidTag):
        decrypt(raw, "core_partnerbankaccount.account_name")
    with pytest.raises(InvalidTag):
        decrypt(raw, "hr_employee.bank_account_number")


def test_a_ciphertext_altered_in_the_database_fails_to_read(supplier):
    # given a stored number whose last ciphertext character is changed behind the ORM's back
    account = supplier.bank_accounts.get()
    raw = stored(account.pk)
    tampered = raw[:-6] + ("A" if raw[-6] != "A" else "B") + raw[-5:]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_partnerbankaccount SET account_number = %s WHERE id = %s",
                       [tampered, account.pk])
    # when it is read, then decryption refuses it instead of returning other digits
    with pytest.raises(InvalidTag):
        PartnerBankAccount.objects.get(pk=account.pk)


def test_audit_trail_masks_the_number(supplier):
    record = AuditRecord.objects.get(object_type="core.partner", object_id=str(supplier.pk), action="create")
    assert record.after["bank_accounts"][0]["account_number"].startswith("***")
    assert record.after["bank_accounts"][0]["bank_name"] == "中国建设银行"
    with connection.cursor() as cursor:
        cursor.execute("SELECT after FROM core_auditrecord WHERE id = %s", [record.pk])
        raw_after = str(cursor.fetchone()[0])
    assert NUMBER not in raw_after
    assert "0123456" not in raw_after


def test_changing_only_the_account_number_is_audited_without_revealing_it(admin, supplier):
    # given a supplier's bank account
    account = supplier.bank_accounts.get()
    new_number = "6222021234567890123"
    # when only its number is changed (the classic way to redirect a payment)
    partner_update(actor=admin, partner=supplier,
                   bank_accounts=[{"id": account.pk, "bank_name": "中国建设银行", "account_number": new_number}])
    # then the change is in the audit trail, masked on both sides
    record = AuditRecord.objects.filter(object_type="core.partner", object_id=str(supplier.pk)).latest("seq")
    assert record.action == "update"
    before = record.before["bank_accounts"][0]["account_number"]
    after = record.after["bank_accounts"][0]["account_number"]
    assert re.fullmatch(r"\*\*\*:[0-9a-f]{8}", before)
    assert re.fullmatch(r"\*\*\*:[0-9a-f]{8}", after)
    assert before != after
    assert PartnerBankAccount.objects.get(pk=account.pk).account_number == new_number


def test_an_account_number_longer_than_40_characters_is_refused(admin, company):
    with pytest.raises(ValidationFailed) as error:
        partner_create(actor=admin, company=company, name="宝武钢铁",
                       bank_accounts=[{"bank_name": "中国建设银行", "account_number": "1" * 41}])
    assert list(error.value.fields) == ["bank_accounts.0.account_number"]
    assert not Partner.objects.filter(company=company).exists()
