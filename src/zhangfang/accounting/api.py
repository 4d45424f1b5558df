"""REST endpoints of the ledger under /api/v1/accounting. Thin: parse, call a selector or a service."""

import datetime
from typing import Annotated

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhangfang.accounting.exceptions import EntryLineInvalid
from zhangfang.accounting.models import Account, CostCentre, Journal, JournalEntry, Period
from zhangfang.accounting.schemas import (
    AccountIn,
    AccountOut,
    CostCentreIn,
    CostCentreOut,
    EntryDetailOut,
    EntryIn,
    EntryOut,
    JournalOut,
    PeriodOut,
    ReopenIn,
    ReverseIn,
    TrialBalanceOut,
)
from zhangfang.accounting.selectors import chart
from zhangfang.accounting.selectors import ledger as selectors
from zhangfang.accounting.services.accounts import account_create, cost_centre_create
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post, journal_entry_reverse
from zhangfang.accounting.services.periods import period_close, period_reopen
from zhangfang.api.fields import MAX_ID, NO_NUL, DateIn
from zhangfang.api.pagination import Pagination
from zhangfang.api.schemas import ERRORS
from zhangfang.core import permissions
from zhangfang.core.errors import NotFound, ValidationFailed
from zhangfang.core.models import Company, Currency, Partner
from zhangfang.core.selectors import get_visible

router = Router(tags=["accounting"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
CompanyParam = Annotated[int | None, Query(ge=1, le=MAX_ID, description="The company; default: your default one")]
# Dates the ledger can number and bound a fiscal year around.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def api_company(request, company_id: int | None, perm: str) -> Company:
    """The company asked for (else the user's default), where the user holds ``perm``."""
    wanted = company_id or request.user.default_company_id
    if wanted not in permissions.company_ids(request.user):
        raise NotFound()
    company = Company.objects.get(pk=wanted)
    permissions.require(request.user, company, perm)
    return company


def api_check_date(value: datetime.date | None, field: str) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationFailed(fields={field: [_("Give a date from 1900 to 2999.")]})


def api_owned(model, company: Company, pk: int | None, field: str):
    """The company's row ``pk``; an id of another company's is as unknown as one that does not exist."""
    if pk is None:
        return None
    obj = model.objects.filter(company=company, pk=pk).first()
    if obj is None:
        raise ValidationFailed(fields={field: [_("Unknown id for this company.")]})
    return obj


def api_currency(code: str | None, field: str) -> Currency | None:
    if code is None:
        return None
    currency = Currency.objects.filter(code=code.upper()).first()
    if currency is None:
        raise ValidationFailed(fields={field: [_("Unknown currency.")]})
    return currency


def _entry(request, entry_id: int) -> JournalEntry:
    return get_visible(JournalEntry.objects.select_related("company"), request.user, entry_id)


def _entry_detail(entry: JournalEntry) -> JournalEntry:
    entry = selectors.journal_entry_detail(company=entry.company, pk=entry.pk)
    entry.lines_list = list(selectors.journal_entry_lines(entry=entry))
    return entry


def _line_errors_at_lines(error: EntryLineInvalid) -> EntryLineInvalid:
    """Point a line's error at ``lines.<index>`` of the request body (the service counts from 1)."""
    line = error.params.get("line")
    if isinstance(line, int) and not error.fields:
        error.fields = {f"lines.{line - 1}": [str(error)]}
    return error


# --- chart, journals, cost centres -----------------------------------------------------

@router.get("/accounts", response={200: list[AccountOut], **ERRORS}, summary="Chart of accounts")
@paginate(Pagination)
def list_accounts(request, company: CompanyParam = None,
                  search: Annotated[str, Query(max_length=100, pattern=NO_NUL)] = "",
                  type: Annotated[str | None, Query(pattern="^(asset|liability|equity|income|expense)$")] = None):
    accounts = chart.accounts(company=api_company(request, company, "accounting.view_account"))
    if search:
        accounts = accounts.filter(Q(code__startswith=search) | Q(name__icontains=search)
                                   | Q(name_en__icontains=search))
    return accounts.filter(type=type) if type else accounts


@router.post("/accounts", response={201: AccountOut, **ERRORS})
def create_account(request, payload: AccountIn):
    company = api_company(request, payload.company_id, "accounting.add_account")
    account = account_create(actor=request.user, company=company, code=payload.code, name=payload.name,
                             name_en=payload.name_en, type=payload.type, subtype=payload.subtype,
                             parent=api_owned(Account, company, payload.parent_id, "parent_id"),
                             reconcilable=payload.reconcilable, currency=api_currency(payload.currency, "currency"))
    return Status(201, account)


@router.get("/journals", response={200: list[JournalOut], **ERRORS})
@paginate(Pagination)
def list_journals(request, company: CompanyParam = None):
    return chart.journals(company=api_company(request, company, "accounting.view_journal"))


@router.get("/cost-centres", response={200: list[CostCentreOut], **ERRORS})
@paginate(Pagination)
def list_cost_centres(request, company: CompanyParam = None):
    return chart.cost_centres(company=api_company(request, company, "accounting.view_costcentre"))


@router.post("/cost-centres", response={201: CostCentreOut, **ERRORS})
def create_cost_centre(request, payload: CostCentreIn):
    company = api_company(request, payload.company_id, "accounting.add_costcentre")
    return Status(201, cost_centre_create(actor=request.user, company=company, code=payload.code,
                                          name=payload.name, active=payload.active))


# --- journal entries -------------------------------------------------------------------

@router.get("/entries", response={200: list[EntryOut], **ERRORS}, summary="Journal entries, newest first")
@paginate(Pagination)
def list_entries(request, company: CompanyParam = None,
                 status: Annotated[str | None, Query(pattern="^(draft|posted|reversed)$")] = None,
                 journal_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                 date_from: DateIn | None = None, date_to: DateIn | None = None,
                 search: Annotated[str, Query(max_length=100, pattern=NO_NUL)] = ""):
    entries = selectors.journal_entries(company=api_company(request, company, "accounting.view_journalentry"))
    if status:
        entries = entries.filter(status=status)
    if journal_id:
        entries = entries.filter(journal_id=journal_id)
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    if search:
        entries = entries.filter(Q(number__icontains=search) | Q(reference__icontains=search)
                                 | Q(narration__icontains=search))
    return entries


@router.get("/entries/{entry_id}", response={200: EntryDetailOut, **ERRORS})
def get_entry(request, entry_id: Id):
    return _entry_detail(_entry(request, entry_id))


@router.post("/entries", response={201: EntryDetailOut, **ERRORS}, summary="Create a draft entry")
def create_entry(request, payload: EntryIn):
    company = api_company(request, payload.company_id, "accounting.add_journalentry")
    api_check_date(payload.date, "date")
    lines = []
    for index, line in enumerate(payload.lines):
        where = f"lines.{index}"
        api_check_date(line.date_maturity, f"{where}.date_maturity")
        lines.append({
            "account": api_owned(Account, company, line.account_id, f"{where}.account_id"),
            "partner": api_owned(Partner, company, line.partner_id, f"{where}.partner_id"),
            "cost_centre": api_owned(CostCentre, company, line.cost_centre_id, f"{where}.cost_centre_id"),
            "currency": api_currency(line.currency, f"{where}.currency"), "amount_currency": line.amount_currency,
            "debit": line.debit, "credit": line.credit, "description": line.description,
            "date_maturity": line.date_maturity,
        })
    try:
        entry = journal_entry_create(actor=request.user, company=company,
                                     journal=api_owned(Journal, company, payload.journal_id, "journal_id"),
                                     date=payload.date, lines=lines, reference=payload.reference,
                                     narration=payload.narration)
    except EntryLineInvalid as error:
        raise _line_errors_at_lines(error) from None
    return Status(201, _entry_detail(entry))


@router.post("/entries/{entry_id}/post", response={200: EntryDetailOut, **ERRORS},
             summary="Post a draft: checked, numbered and final")
def post_entry(request, entry_id: Id):
    try:
        entry = journal_entry_post(actor=request.user, entry=_entry(request, entry_id))
    except EntryLineInvalid as error:
        raise _line_errors_at_lines(error) from None
    return _entry_detail(entry)


@router.post("/entries/{entry_id}/reverse", response={201: EntryDetailOut, **ERRORS},
             summary="Post the reversal of a posted entry; answers the reversal")
def reverse_entry(request, entry_id: Id, payload: ReverseIn):
    entry = _entry(request, entry_id)
    api_check_date(payload.date, "date")
    mirror = journal_entry_reverse(actor=request.user, entry=entry, date=payload.date or datetime.date.today(),
                                   narration=payload.narration)
    return Status(201, _entry_detail(mirror))


# --- periods and reports ---------------------------------------------------------------

@router.get("/periods", response={200: list[PeriodOut], **ERRORS})
@paginate(Pagination)
def list_periods(request, company: CompanyParam = None,
                 fiscal_year: Annotated[str | None, Query(max_length=20, pattern=NO_NUL)] = None):
    company = api_company(request, company, "accounting.view_period")
    periods = Period.objects.filter(company=company).select_related("fiscal_year").order_by("date_start")
    return periods.filter(fiscal_year__name=fiscal_year) if fiscal_year else periods


@router.post("/periods/{period_id}/close", response={200: PeriodOut, **ERRORS})
def close_period(request, period_id: Id):
    period = get_visible(Period.objects.select_related("company"), request.user, period_id)
    return period_close(actor=request.user, period=period)


@router.post("/periods/{period_id}/reopen", response={200: PeriodOut, **ERRORS})
def reopen_period(request, period_id: Id, payload: ReopenIn):
    period = get_visible(Period.objects.select_related("company"), request.user, period_id)
    return period_reopen(actor=request.user, period=period, reason=payload.reason)


@router.get("/trial-balance", response={200: TrialBalanceOut, **ERRORS}, summary="Trial balance (科目余额表)")
def get_trial_balance(request, date_from: DateIn, date_to: DateIn, company: CompanyParam = None):
    company = api_company(request, company, "accounting.view_accountbalance")
    api_check_date(date_from, "date_from")
    api_check_date(date_to, "date_to")
    if date_from > date_to:
        raise ValidationFailed(fields={"date_to": [_("The end comes before the start.")]})
    return selectors.trial_balance(company=company, date_from=date_from, date_to=date_to)
