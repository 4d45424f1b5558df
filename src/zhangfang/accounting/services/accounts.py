"""Chart of accounts, taxes, accounting settings, journals and cost centres."""

from decimal import Decimal

from django.db import transaction

from zhangfang.accounting.charts import DEFAULT_ACCOUNTS, DEFAULT_JOURNALS, TAX_TEMPLATES, TEMPLATES, parent_code
from zhangfang.accounting.exceptions import AccountHasEntries, ChartTemplateUnknown, JournalPrefixTaken
from zhangfang.accounting.models import Account, AccountingSettings, CostCentre, Journal, JournalEntryLine, Tax
from zhangfang.core import audit, permissions
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Company, Currency, Sequence
from zhangfang.core.services.records import record_create, record_update
from zhangfang.core.services.sequences import sequence_ensure


def chart_load(*, actor, company: Company, template: str) -> list[Account]:
    """Create the template's accounts the company does not have yet, its VAT rates and the
    default accounts of the company's accounting settings; returns the accounts created.

    Idempotent: accounts, taxes and settings already present are left as they are."""
    permissions.require(actor, company, "accounting.add_account")
    rows = TEMPLATES.get(template)
    if rows is None:
        raise ChartTemplateUnknown(template=template)
    template_codes = {row.code for row in rows}
    created = []
    with transaction.atomic():
        by_code = {account.code: account for account in Account.objects.filter(company=company)}
        for row in rows:
            if row.code in by_code:
                continue
            parent_of = parent_code(row.code, template_codes)
            account = Account.objects.create(
                company=company, parent=by_code.get(parent_of) if parent_of else None, code=row.code,
                name=row.name, name_en=row.name_en, type=row.type, subtype=row.subtype,
                reconcilable=row.reconcilable,
            )
            audit.record(actor=actor, action="create", obj=account, after=audit.snapshot(account))
            by_code[row.code] = account
            created.append(account)
        _settings_defaults(actor, company, template, by_code)
        _taxes_load(actor, company, template, by_code)
    return created


def _settings_defaults(actor, company: Company, template: str, by_code: dict[str, Account]) -> None:
    settings, _created = AccountingSettings.objects.get_or_create(company=company)
    before = audit.snapshot(settings)
    changed = []
    for field, code in DEFAULT_ACCOUNTS[template].items():
        if getattr(settings, f"{field}_id") is None:
            setattr(settings, field, by_code[code])
            changed.append(field)
    if changed:
        settings.save(update_fields=changed)
        audit.record(actor=actor, action="update", obj=settings, before=before, after=audit.snapshot(settings))


def _taxes_load(actor, company: Company, template: str, by_code: dict[str, Account]) -> None:
    existing = set(Tax.objects.filter(company=company).values_list("scope", "name"))
    for row in TAX_TEMPLATES[template]:
        if (row.scope, row.name) in existing:
            continue
        tax = Tax.objects.create(company=company, name=row.name, scope=row.scope, rate=Decimal(row.rate),
                                 price_include=row.price_include, exempt=row.exempt,
                                 account=by_code[row.account] if row.account else None)
        audit.record(actor=actor, action="create", obj=tax, after=audit.snapshot(tax))


def accounting_settings(company: Company) -> AccountingSettings:
    """The company's settings row (empty until a chart is loaded)."""
    settings, _created = AccountingSettings.objects.get_or_create(company=company)
    return settings


def account_create(*, actor, company: Company, code: str, name: str, type: str, name_en: str = "",
                   subtype: str = Account.Subtype.OTHER, parent: Account | None = None,
                   reconcilable: bool = False, currency: Currency | None = None) -> Account:
    """A new account; under ``parent`` only while the parent has no journal lines
    (postings stay on leaves)."""
    if parent is not None:
        if parent.company_id != company.pk:
            raise ValidationFailed(fields={"parent": [str(ValidationFailed.default_message)]})
        if JournalEntryLine.objects.filter(account=parent).exists():
            raise AccountHasEntries(account=str(parent))
    return record_create(actor=actor, model=Account, company=company, data={
        "code": code, "name": name, "name_en": name_en, "type": type, "subtype": subtype,
        "parent": parent, "reconcilable": reconcilable, "currency": currency,
    })


def account_update(*, actor, account: Account, **data) -> Account:
    return record_update(actor=actor, obj=account, data=data)


def journal_create(*, actor, company: Company, code: str, name: str, kind: str, prefix: str,
                   default_account: Account | None = None) -> Journal:
    """A journal with its own monthly-reset gapless sequence ``journal-<code>``; cash and
    bank journals name the account they pay from and receive into."""
    permissions.require(actor, company, "accounting.add_journal")
    with transaction.atomic():
        if Journal.objects.filter(company=company, prefix=prefix).exists():
            raise JournalPrefixTaken(prefix=prefix)
        sequence = sequence_ensure(company=company, code=journal_sequence_code(code), prefix=prefix,
                                   reset=Sequence.Reset.MONTHLY)
        return record_create(actor=actor, model=Journal, company=company, data={
            "code": code, "name": name, "kind": kind, "prefix": prefix, "sequence": sequence,
            "default_account": default_account,
        })


def journal_defaults_ensure(*, actor, company: Company) -> list[Journal]:
    """The five standard journals (记, 销, 购, 现, 银); idempotent. Returns those created."""
    existing = set(Journal.objects.filter(company=company).values_list("code", flat=True))
    money_accounts = {}  # the first cash and the first bank account of the chart
    for account in Account.objects.filter(company=company, subtype__in=("cash", "bank")).order_by("code"):
        money_accounts.setdefault(account.subtype, account)
    return [journal_create(actor=actor, company=company, code=code, name=name, kind=kind, prefix=prefix,
                           default_account=money_accounts.get(kind))
            for code, name, kind, prefix in DEFAULT_JOURNALS if code not in existing]


def journal_sequence_code(journal_code: str) -> str:
    return f"journal-{journal_code}"


def cost_centre_create(*, actor, company: Company, code: str, name: str, active: bool = True) -> CostCentre:
    """A department, branch or project that journal lines can be analysed by (FIN-8)."""
    return record_create(actor=actor, model=CostCentre, company=company,
                         data={"code": code, "name": name, "active": active})


def cost_centre_update(*, actor, cost_centre: CostCentre, **data) -> CostCentre:
    return record_update(actor=actor, obj=cost_centre, data=data)
