"""Fiscal years and monthly periods: created on demand, closed and reopened explicitly."""

import calendar
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhangfang.accounting.exceptions import PeriodReasonRequired, PeriodTransitionNotAllowed
from zhangfang.accounting.models import FiscalYear, Period
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    return datetime.date(day.year + month0 // 12, month0 % 12 + 1, 1)


def fiscal_year_bounds(company: Company, on_date: datetime.date) -> tuple[datetime.date, datetime.date]:
    start_month = company.fiscal_year_start_month
    year = on_date.year if on_date.month >= start_month else on_date.year - 1
    start = datetime.date(year, start_month, 1)
    return start, _add_months(start, 12) - datetime.timedelta(days=1)


def period_ensure(*, company: Company, on_date: datetime.date) -> Period:
    """The period holding ``on_date``, creating its fiscal year and twelve months if needed.

    Safe when two transactions create the same year at once: the loser reads the winner's."""
    period = Period.objects.filter(company=company, date_start__lte=on_date, date_end__gte=on_date).first()
    if period is not None:
        return period
    start, end = fiscal_year_bounds(company, on_date)
    try:
        with transaction.atomic():
            name = str(start.year) if start.month == 1 else f"{start.year}/{end.year}"
            year = FiscalYear.objects.create(company=company, name=name, date_start=start, date_end=end)
            Period.objects.bulk_create([
                Period(company=company, fiscal_year=year, name=f"{first:%Y-%m}", date_start=first,
                       date_end=first.replace(day=calendar.monthrange(first.year, first.month)[1]))
                for first in (_add_months(start, n) for n in range(12))
            ])
    except IntegrityError:
        pass  # created meanwhile by another transaction
    return Period.objects.get(company=company, date_start__lte=on_date, date_end__gte=on_date)


def _transition(period: Period, target: str) -> None:
    if target not in Period.TRANSITIONS[period.status]:
        raise PeriodTransitionNotAllowed(period=period.name, status=period.get_status_display())


def period_close(*, actor, period: Period) -> Period:
    """No more postings dated in ``period`` until it is reopened."""
    permissions.require(actor, period.company, "accounting.close_period")
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        _transition(period, Period.Status.CLOSED)
        before = audit.snapshot(period)
        period.status, period.closed_by, period.closed_at = Period.Status.CLOSED, actor, timezone.now()
        period.save(update_fields=["status", "closed_by", "closed_at"])
        audit.record(actor=actor, action="close", obj=period, before=before, after=audit.snapshot(period))
    return period


def period_reopen(*, actor, period: Period, reason: str) -> Period:
    """Open a closed period again; a privileged duty, and the reason goes to the audit trail."""
    permissions.require(actor, period.company, "accounting.reopen_period")
    reason = (reason or "").strip()
    if not reason:
        raise PeriodReasonRequired(fields={"reason": [str(PeriodReasonRequired.default_message)]})
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        _transition(period, Period.Status.OPEN)
        before = audit.snapshot(period)
        period.status, period.closed_by, period.closed_at = Period.Status.OPEN, None, None
        period.save(update_fields=["status", "closed_by", "closed_at"])
        audit.record(actor=actor, action="reopen", obj=period, before=before,
                     after={**audit.snapshot(period), "reason": reason})
    return period
