"""Reads of the ledger's set-up: chart of accounts, journals, taxes, cost centres, fiscal years."""

import datetime

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When

from zhangfang.accounting.models import Account, CostCentre, FiscalYear, Journal, Period, Tax
from zhangfang.core.models import Company, Partner

# Depth in the tree, for indenting the chart; PRC codes go three levels deep (1002, 100201, 10020101).
_DEPTH = Case(When(parent__isnull=True, then=Value(0)), When(parent__parent__isnull=True, then=Value(1)),
              When(parent__parent__parent__isnull=True, then=Value(2)), default=Value(3),
              output_field=IntegerField())


def accounts(*, company: Company) -> QuerySet:
    return Account.objects.filter(company=company).select_related("currency").annotate(depth=_DEPTH).order_by("code")


def account_detail(*, company: Company, pk: int) -> Account:
    return Account.objects.get(company=company, pk=pk)


def postable_accounts(*, company: Company) -> QuerySet:
    """Active leaves of the chart: the accounts a voucher line may take."""
    return (Account.objects.filter(company=company, active=True)
            .exclude(Exists(Account.objects.filter(parent=OuterRef("pk")))).order_by("code"))


def journals(*, company: Company) -> QuerySet:
    return Journal.objects.filter(company=company).select_related("default_account").order_by("code")


def taxes(*, company: Company) -> QuerySet:
    return Tax.objects.filter(company=company).select_related("account")


def cost_centres(*, company: Company) -> QuerySet:
    return CostCentre.objects.filter(company=company).order_by("code")


def voucher_partners(*, company: Company) -> QuerySet:
    return Partner.objects.filter(company=company, active=True).only("pk", "code", "name").order_by("code")


def fiscal_years(*, company: Company) -> QuerySet:
    return FiscalYear.objects.filter(company=company).order_by("-date_start")


def fiscal_year_current(*, company: Company, year_id: int | None, today: datetime.date) -> FiscalYear | None:
    """The year asked for, else the one holding ``today``, else the latest."""
    years = fiscal_years(company=company)
    if year_id is not None:
        return years.filter(pk=year_id).first()
    return years.filter(date_start__lte=today, date_end__gte=today).first() or years.first()


def periods(*, fiscal_year: FiscalYear) -> QuerySet:
    return Period.objects.filter(fiscal_year=fiscal_year).select_related("closed_by").order_by("date_start")
