"""The receivable and payable aging (账龄分析) and the VAT report (增值税), each a page or,
with ?format=xlsx or ?format=pdf, a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.forms_documents import BookDateField
from zhangfang.accounting.selectors.arap import aging
from zhangfang.accounting.selectors.invoices import vat_report
from zhangfang.accounting.views.statements import DATE, DateRangeForm, ReportPage
from zhangfang.web.forms import DatePicker, Form

AGING_KINDS = [("receivable", _("Receivable")), ("payable", _("Payable"))]


class AgingForm(Form):
    kind = forms.ChoiceField(label=_("Ledger"), choices=AGING_KINDS, required=False,
                             widget=forms.Select(attrs={"class": "form-select-sm"}))
    as_of = BookDateField(label=_("As of"), widget=DatePicker(attrs=DATE))

    def clean_kind(self):
        return self.cleaned_data["kind"] or "receivable"


class AgingPage(ReportPage):
    perm = "accounting.view_invoice"
    form_class = AgingForm
    template_name = "accounting/documents/aging.html"

    def defaults(self, today):
        return {"as_of": today}

    def build(self, data):
        return aging(company=self.request.company, kind=data["kind"], as_of=data["as_of"])

    def title(self, report):
        if report is not None and report.kind == "payable":
            return _("Payables aging")
        return _("Receivables aging")


class VatReportPage(ReportPage):
    perm = "accounting.view_invoice"
    form_class = DateRangeForm
    template_name = "accounting/documents/vat_report.html"

    def build(self, data):
        return vat_report(company=self.request.company, date_from=data["date_from"], date_to=data["date_to"])

    def title(self, report):
        return _("VAT report")
