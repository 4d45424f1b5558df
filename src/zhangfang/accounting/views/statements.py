"""Pages for the books and statements: trial balance, balance sheet, income statement, cash
flow, account detail. Each parses its dates, calls one selector, and renders the page or,
with ?format=xlsx or ?format=pdf, the file."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from zhangfang.accounting import exports
from zhangfang.accounting.models import Account
from zhangfang.accounting.selectors import ledger, statements
from zhangfang.accounting.services.periods import fiscal_year_bounds
from zhangfang.accounting.statements import TITLES
from zhangfang.web.forms import DatePicker, Form
from zhangfang.web.views import CompanyView

DATE = {"class": "form-control-sm"}
FILE_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "pdf": "application/pdf"}


class DateRangeForm(Form):
    date_from = forms.DateField(label=gettext_lazy("From"), widget=DatePicker(attrs=DATE))
    date_to = forms.DateField(label=gettext_lazy("To"), widget=DatePicker(attrs=DATE))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", gettext_lazy("The end comes before the start."))
        return data


class AsOfForm(Form):
    as_of = forms.DateField(label=gettext_lazy("As of"), widget=DatePicker(attrs=DATE))


class AccountDetailForm(DateRangeForm):
    account = forms.ModelMultipleChoiceField(label=gettext_lazy("Accounts"), queryset=Account.objects.none(),
                                             widget=forms.SelectMultiple(attrs={"size": 3, "class": "form-select-sm"}))
    flow = forms.ChoiceField(choices=[(flow, flow) for flow in ledger.Flow.CHOICES], required=False,
                             widget=forms.HiddenInput)

    field_order = ["account", "date_from", "date_to", "flow"]

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.filter(company=company).order_by("code")


class ReportPage(CompanyView):
    """GET only: the form's dates (defaults when none are given), one selector, a page or a file."""

    perm = "accounting.view_accountbalance"
    form_class = DateRangeForm
    template_name = "accounting/statements/statement.html"

    def defaults(self, today: datetime.date) -> dict:
        return {"date_from": today.replace(day=1), "date_to": today}

    def build(self, data: dict):
        raise NotImplementedError

    def title(self, report):
        return str(report.title)

    def get_form(self, data):
        return self.form_class(data)

    def get(self, request):
        data = request.GET.copy()
        for name, value in self.defaults(datetime.date.today()).items():
            data.setdefault(name, value.isoformat())
        form = self.get_form(data)
        report = self.build(form.cleaned_data) if form.is_valid() else None
        file_type = request.GET.get("format")
        if report is not None and file_type in FILE_TYPES:
            name, content = getattr(exports, file_type)(report, company=request.company)
            response = HttpResponse(content, content_type=FILE_TYPES[file_type])
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        query = urlencode([(key, value) for key, values in data.lists() for value in values
                           if key not in ("format", "page")])
        return render(request, self.template_name, {
            "form": form, "report": report, "title": self.title(report), "query": query,
        })


def _year_start(request, today: datetime.date) -> datetime.date:
    return fiscal_year_bounds(request.company, today)[0]


class TrialBalancePage(ReportPage):
    template_name = "accounting/trial_balance.html"

    def build(self, data):
        return ledger.trial_balance(company=self.request.company, date_from=data["date_from"],
                                    date_to=data["date_to"], with_groups=True)

    def title(self, report):
        return gettext_lazy("Trial balance")


class StatementPage(ReportPage):
    kind = ""

    def title(self, report):
        return TITLES[self.kind]


class BalanceSheetPage(StatementPage):
    kind = "balance_sheet"
    form_class = AsOfForm

    def defaults(self, today):
        return {"as_of": today}

    def build(self, data):
        return statements.balance_sheet(company=self.request.company, as_of=data["as_of"])


class IncomeStatementPage(StatementPage):
    kind = "income_statement"

    def build(self, data):
        return statements.income_statement(company=self.request.company, date_from=data["date_from"],
                                           date_to=data["date_to"])


class CashFlowPage(StatementPage):
    kind = "cash_flow"

    def defaults(self, today):
        return {"date_from": _year_start(self.request, today), "date_to": today}

    def build(self, data):
        return statements.cash_flow(company=self.request.company, date_from=data["date_from"],
                                    date_to=data["date_to"])


class AccountDetailPage(ReportPage):
    """明细账: where every figure of the statements leads."""

    form_class = AccountDetailForm
    template_name = "accounting/statements/account_detail.html"
    # An export holds the lines of the range up to this many; the page shows them 200 at a time.
    EXPORT_LINES = 5000

    def defaults(self, today):
        return {"date_from": _year_start(self.request, today), "date_to": today}

    def get_form(self, data):
        if "account" not in data:  # opened from the menu: ask for accounts without an error yet
            return self.form_class(initial=data.dict(), company=self.request.company)
        return self.form_class(data, company=self.request.company)

    def build(self, data):
        exporting = self.request.GET.get("format") in FILE_TYPES
        return ledger.account_detail(company=self.request.company, accounts=data["account"],
                                     date_from=data["date_from"], date_to=data["date_to"], flow=data["flow"],
                                     page=1 if exporting else self.request.GET.get("page") or 1,
                                     per_page=self.EXPORT_LINES if exporting else 200)

    def title(self, report):
        return gettext_lazy("Account detail")
