"""Closing the books: the year-end close (结转损益) and the lock date with the settings around it."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.accounting.exceptions import (
    ClosingAccountMissing,
    ClosingJournalMissing,
    FiscalYearEarlierOpen,
    FiscalYearHasDrafts,
    LockDateReasonRequired,
)
from zhangfang.accounting.models import (
    ZERO,
    Account,
    AccountBalance,
    AccountingSettings,
    FiscalYear,
    Journal,
    JournalEntry,
    Period,
)
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post
from zhangfang.accounting.services.periods import period_close
from zhangfang.core import audit, permissions
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Company
from zhangfang.core.services.records import reject_floats, validate

# Income and expense accounts are closed to profit; a cost account whose balance is stock
# (5001 生产成本, work in progress) keeps it.
PROFIT_AND_LOSS = (Q(account__type__in=(Account.Type.INCOME, Account.Type.EXPENSE))
                   & ~Q(account__subtype=Account.Subtype.STOCK))
DEFAULT_ACCOUNT_FIELDS = ("receivable_account", "payable_account", "income_account", "expense_account",
                          "fx_gain_account", "fx_loss_account", "current_profit_account",
                          "retained_earnings_account")
SETTINGS_FIELDS = ("lock_date", "bill_approval_threshold", *DEFAULT_ACCOUNT_FIELDS)


def _nets(company: Company, condition: Q, date_end: datetime.date) -> dict[int, Decimal]:
    """Posted debit − credit per account up to ``date_end``, summed in SQL from the maintained balances."""
    rows = (AccountBalance.objects.filter(condition, company=company, period__date_end__lte=date_end)
            .values("account_id").annotate(debit=Sum("debit"), credit=Sum("credit")).order_by("account__code"))
    nets = {row["account_id"]: (row["debit"] or ZERO) - (row["credit"] or ZERO) for row in rows}
    return {account_id: net for account_id, net in nets.items() if net}


def _line(account: Account, net: Decimal, description: str) -> dict:
    """The line that brings ``account``'s ``net`` (debit − credit) balance to zero."""
    return {"account": account, "debit": -net if net < 0 else ZERO, "credit": net if net > 0 else ZERO,
            "description": description}


def _post(actor, year: FiscalYear, journal: Journal, lines: list[dict], narration: str) -> JournalEntry:
    entry = journal_entry_create(actor=actor, company=year.company, journal=journal, date=year.date_end,
                                 lines=lines, narration=narration, origin=JournalEntry.Origin.CLOSING)
    return journal_entry_post(actor=actor, entry=entry)


def _closing_entries(actor, year: FiscalYear) -> list[JournalEntry]:
    """Income and expenses to 本年利润, then 本年利润 to 利润分配; either is skipped when there is nothing to move."""
    company = year.company
    settings = (AccountingSettings.objects.filter(company=company)
                .select_related("current_profit_account", "retained_earnings_account").first())
    profit = settings.current_profit_account if settings else None
    retained = settings.retained_earnings_account if settings else None
    if profit is None:
        raise ClosingAccountMissing(account=gettext_lazy("current year profit account"))
    if retained is None:
        raise ClosingAccountMissing(account=gettext_lazy("retained earnings account"))
    journal = Journal.objects.filter(company=company, kind=Journal.Kind.GENERAL, active=True).order_by("pk").first()
    if journal is None:
        raise ClosingJournalMissing()
    entries = []
    nets = _nets(company, PROFIT_AND_LOSS, year.date_end)
    if nets:
        accounts = Account.objects.in_bulk(list(nets))
        lines = [_line(accounts[account_id], net, _("Closed to %(account)s") % {"account": profit.name})
                 for account_id, net in nets.items()]
        # The profit account takes the other side: income totals as a credit, expense totals as a debit.
        moved_debit = sum((line["debit"] for line in lines), ZERO)
        moved_credit = sum((line["credit"] for line in lines), ZERO)
        if moved_debit:
            lines.append({"account": profit, "debit": ZERO, "credit": moved_debit, "description": _("Income")})
        if moved_credit:
            lines.append({"account": profit, "debit": moved_credit, "credit": ZERO, "description": _("Expenses")})
        entries.append(_post(actor, year, journal, lines, _("Year-end close %(year)s: income and expenses to "
                                                             "current year profit") % {"year": year.name}))
    profit_net = _nets(company, Q(account=profit), year.date_end).get(profit.pk)
    if profit_net:
        lines = [_line(profit, profit_net, _("Profit of %(year)s") % {"year": year.name}),
                 _line(retained, -profit_net, _("Profit of %(year)s") % {"year": year.name})]
        entries.append(_post(actor, year, journal, lines, _("Year-end close %(year)s: current year profit to "
                                                             "profit distribution") % {"year": year.name}))
    return entries


def fiscal_year_close(*, actor, fiscal_year: FiscalYear) -> FiscalYear:
    """Close a year: post the closing entries dated its last day, close its periods and the year.

    Years close in order and only without drafts dated in them. Closing a closed year changes nothing."""
    company = fiscal_year.company
    permissions.require(actor, company, "accounting.close_period")
    with transaction.atomic():
        year = FiscalYear.objects.select_for_update().select_related("company").get(pk=fiscal_year.pk)
        if year.status == FiscalYear.Status.CLOSED:
            return year
        earlier = (FiscalYear.objects.filter(company=company, date_start__lt=year.date_start,
                                             status=FiscalYear.Status.OPEN).order_by("date_start").first())
        if earlier is not None:
            raise FiscalYearEarlierOpen(earlier=earlier.name)
        drafts = JournalEntry.objects.filter(company=company, status=JournalEntry.Status.DRAFT,
                                             date__range=(year.date_start, year.date_end)).count()
        if drafts:
            raise FiscalYearHasDrafts(count=drafts, year=year.name)
        # Lock the year's periods before posting: a concurrent posting into the year either
        # finishes first or finds its period closed, and never waits on us while we wait on it.
        periods = list(Period.objects.select_for_update().filter(fiscal_year=year).order_by("pk"))
        before = audit.snapshot(year)
        entries = _closing_entries(actor, year)
        for period in periods:
            if period.status == Period.Status.OPEN:
                period_close(actor=actor, period=period)
        year.status = FiscalYear.Status.CLOSED
        year.save(update_fields=["status"])
        audit.record(actor=actor, action="close", obj=year, before=before,
                     after={**audit.snapshot(year), "entries": [entry.number for entry in entries]})
    return year


def accounting_settings_update(*, actor, company: Company, reason: str = "", **data) -> AccountingSettings:
    """Change the lock date, the bill approval threshold or the default accounts.

    Moving the lock date back (or removing it) opens posted history to new postings, so it
    needs a ``reason``, which the audit trail keeps."""
    permissions.require(actor, company, "accounting.change_accountingsettings")
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown setting.")] for name in sorted(unknown)})
    reject_floats(data)
    _check_accounts(company, data)
    threshold = data.get("bill_approval_threshold")
    if threshold is not None and threshold < 0:
        raise ValidationFailed(fields={"bill_approval_threshold": [_("The threshold cannot be negative.")]})
    reason = (reason or "").strip()
    with transaction.atomic():
        settings, _created = AccountingSettings.objects.get_or_create(company=company)
        settings = AccountingSettings.objects.select_for_update().get(pk=settings.pk)
        before = audit.snapshot(settings)
        old_lock = settings.lock_date
        for name, value in data.items():
            setattr(settings, name, value)
        moved_back = old_lock is not None and (settings.lock_date is None or settings.lock_date < old_lock)
        if moved_back and not reason:
            raise LockDateReasonRequired(fields={"reason": [str(LockDateReasonRequired.default_message)]})
        validate(settings)
        after = audit.snapshot(settings)
        if after == before:
            return settings
        settings.save(update_fields=list(data))
        audit.record(actor=actor, action="update", obj=settings, before=before,
                     after={**after, "reason": reason} if moved_back else after)
    return settings


def lock_date_set(*, actor, company: Company, lock_date: datetime.date | None, reason: str = "") -> AccountingSettings:
    """Nothing dated on or before ``lock_date`` can be posted. Moving it back needs a reason."""
    return accounting_settings_update(actor=actor, company=company, lock_date=lock_date, reason=reason)


def _check_accounts(company: Company, data: dict) -> None:
    wrong = {name: [_("Choose an account of this company.")] for name in DEFAULT_ACCOUNT_FIELDS
             if data.get(name) is not None and (not isinstance(data[name], Account)
                                                or data[name].company_id != company.pk)}
    if wrong:
        raise ValidationFailed(fields=wrong)
