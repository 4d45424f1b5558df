import datetime

import pytest

from zhangfang.accounting.charts import GENERIC, PRC
from zhangfang.accounting.exceptions import AccountHasEntries, ChartTemplateUnknown
from zhangfang.accounting.models import Account, Journal
from zhangfang.accounting.services.accounts import account_create, chart_load, journal_defaults_ensure
from zhangfang.core.errors import PermissionDenied
from zhangfang.core.models import AuditRecord


def test_prc_chart_loads_tree_with_chinese_and_english_names(admin, company):
    created = chart_load(actor=admin, company=company, template="prc")

    assert len(created) == len(PRC)
    vat_in = Account.objects.get(company=company, code="222101")
    assert (vat_in.name, vat_in.name_en, vat_in.type, vat_in.subtype) == (
        "应交增值税(进项税额)", "VAT payable (input tax)", "liability", "tax")
    assert vat_in.parent.code == "2221"
    receivable = Account.objects.get(company=company, code="1122")
    assert (receivable.name, receivable.subtype, receivable.reconcilable, receivable.parent) == (
        "应收账款", "receivable", True, None)
    for code in ("1001", "1002", "1012", "1123", "1221", "1403", "1601", "1602", "2001", "2203", "2211",
                 "2241", "4103", "4104", "6051", "6401", "6601", "6602", "660303", "6711"):
        assert Account.objects.filter(company=company, code=code).exclude(name_en="").exists(), code


def test_chart_load_is_idempotent_and_keeps_existing_accounts(admin, company):
    chart_load(actor=admin, company=company, template="prc")
    Account.objects.filter(company=company, code="1001").update(name="现金")
    audit_rows = AuditRecord.objects.count()

    again = chart_load(actor=admin, company=company, template="prc")

    assert again == []
    assert Account.objects.filter(company=company).count() == len(PRC)
    assert Account.objects.get(company=company, code="1001").name == "现金"
    assert AuditRecord.objects.count() == audit_rows


def test_generic_chart_loads_per_company(admin, company, other_company):
    chart_load(actor=admin, company=company, template="prc")
    chart_load(actor=admin, company=other_company, template="generic")

    assert Account.objects.filter(company=other_company).count() == len(GENERIC)
    assert Account.objects.get(company=other_company, code="1100").name_en == "Trade receivables"
    assert not Account.objects.filter(company=other_company, code="222101").exists()


def test_unknown_template_is_refused(admin, company):
    with pytest.raises(ChartTemplateUnknown) as exc:
        chart_load(actor=admin, company=company, template="gaap")
    assert "gaap" in str(exc.value)


def test_chart_load_needs_permission(company, make_user):
    with pytest.raises(PermissionDenied):
        chart_load(actor=make_user("warehouse"), company=company, template="prc")


def test_default_journals_have_monthly_sequences(admin, company):
    created = journal_defaults_ensure(actor=admin, company=company)

    assert [j.prefix for j in created] == ["记", "销", "购", "现", "银"]
    general = Journal.objects.get(company=company, code="general")
    assert (general.sequence.code, general.sequence.prefix, general.sequence.reset) == (
        "journal-general", "记", "monthly")
    assert journal_defaults_ensure(actor=admin, company=company) == []


def test_account_with_lines_cannot_get_sub_accounts(books):
    books.draft(datetime.date(2026, 11, 2), ("1002", "10.00", ""), ("4001", "", "10.00"))

    with pytest.raises(AccountHasEntries):
        account_create(actor=books.actor, company=books.company, code="100201", name="工商银行",
                       type="asset", subtype="bank", parent=books.account("1002"))

    child = account_create(actor=books.actor, company=books.company, code="100101", name="人民币现金",
                           type="asset", subtype="cash", parent=books.account("1001"))
    assert child.parent.code == "1001"


def test_the_demo_company_keeps_its_books_on_the_prc_chart(admin):
    from zhangfang.accounting.models import Account, Journal
    from zhangfang.core.demo import DEMO_CODE, build_demo
    from zhangfang.core.models import Company

    build_demo()
    company = Company.objects.get(code=DEMO_CODE)
    assert Account.objects.get(company=company, code="1122").name == "应收账款"
    assert Journal.objects.filter(company=company).count() == 5
