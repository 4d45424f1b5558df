"""Fiscal years and their periods: close and reopen months, close the year."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhangfang.accounting.models import FiscalYear, Period
from zhangfang.accounting.selectors import chart as selectors
from zhangfang.accounting.services.closing import fiscal_year_close
from zhangfang.accounting.services.periods import period_close, period_reopen
from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError, NotFound
from zhangfang.web.views import CompanyView, history


def _back(year_id: int):
    return redirect(f"{reverse('accounting_period_list')}?year={year_id}")


class PeriodList(CompanyView):
    perm = "accounting.view_period"

    def get(self, request):
        year_id = request.GET.get("year", "")
        if year_id and not year_id.isdigit():
            raise Http404
        year = selectors.fiscal_year_current(company=request.company, year_id=int(year_id) if year_id else None,
                                             today=datetime.date.today())
        if year_id and year is None:
            raise Http404

        def can(perm):
            return permissions.has_perm(request.user, request.company, perm)

        return render(request, "accounting/periods.html", {
            "title": _("Periods"), "years": selectors.fiscal_years(company=request.company), "year": year,
            "periods": selectors.periods(fiscal_year=year) if year else [],
            "can_close": can("accounting.close_period"), "can_reopen": can("accounting.reopen_period"),
            "history": history(year),
        })


class PeriodAction(CompanyView):
    """Close a month, or reopen it with a reason."""

    perm = "accounting.view_period"
    RIGHTS = {"close": "accounting.close_period", "reopen": "accounting.reopen_period"}

    def post(self, request, pk, action):
        if action not in self.RIGHTS:
            raise Http404
        period = Period.objects.filter(company=request.company, pk=pk).first()
        if period is None:
            raise NotFound()
        if not permissions.has_perm(request.user, request.company, self.RIGHTS[action]):
            raise DjangoPermissionDenied
        try:
            if action == "close":
                period_close(actor=request.user, period=period)
                messages.success(request, _("Period %(period)s is closed.") % {"period": period})
            else:
                period_reopen(actor=request.user, period=period, reason=request.POST.get("reason", ""))
                messages.success(request, _("Period %(period)s is open again.") % {"period": period})
        except BusinessError as error:
            messages.error(request, str(error))
        return _back(period.fiscal_year_id)


class FiscalYearClose(CompanyView):
    perm = "accounting.close_period"

    def post(self, request, pk):
        year = FiscalYear.objects.filter(company=request.company, pk=pk).first()
        if year is None:
            raise NotFound()
        try:
            fiscal_year_close(actor=request.user, fiscal_year=year)
        except BusinessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Fiscal year %(year)s is closed.") % {"year": year})
        return _back(year.pk)
