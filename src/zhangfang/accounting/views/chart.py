"""The ledger's set-up pages: chart of accounts, journals, taxes, cost centres, settings."""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy

from zhangfang.accounting.filters import AccountFilter, CostCentreFilter, JournalFilter, TaxFilter
from zhangfang.accounting.forms import AccountCreateForm, AccountEditForm, AccountingSettingsForm, CostCentreForm
from zhangfang.accounting.selectors import chart as selectors
from zhangfang.accounting.services.accounts import (
    account_create,
    account_update,
    accounting_settings,
    cost_centre_create,
    cost_centre_update,
)
from zhangfang.accounting.services.closing import accounting_settings_update
from zhangfang.accounting.tables import AccountTable, CostCentreTable, JournalTable, TaxTable
from zhangfang.web.views import EditPage, FormPage, ListPage

CHART = gettext_lazy("Chart of accounts")
COST_CENTRES = gettext_lazy("Cost centres")


class AccountList(ListPage):
    perm = "accounting.view_account"
    create_perm = "accounting.add_account"
    create_url = reverse_lazy("accounting_account_create")
    table_class = AccountTable
    filterset_class = AccountFilter
    title = CHART
    export_name = "chart-of-accounts"
    paginate_by = 200  # a chart reads best whole

    def get_queryset(self):
        return selectors.accounts(company=self.request.company)


class AccountCreate(FormPage):
    perm = "accounting.add_account"
    form_class = AccountCreateForm
    company_form = True
    title = gettext_lazy("New account")
    list_url_name, list_title = "accounting_account_list", CHART

    def save(self, form, formsets):
        return account_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)


class AccountEdit(EditPage):
    perm = "accounting.change_account"
    form_class = AccountEditForm
    list_url_name, list_title = "accounting_account_list", CHART

    def save(self, form, formsets):
        return account_update(actor=self.request.user, account=self.get_object(), **form.cleaned_data)


class JournalList(ListPage):
    perm = "accounting.view_journal"
    table_class = JournalTable
    filterset_class = JournalFilter
    title = gettext_lazy("Journals")
    export_name = "journals"

    def get_queryset(self):
        return selectors.journals(company=self.request.company)


class TaxList(ListPage):
    perm = "accounting.view_tax"
    table_class = TaxTable
    filterset_class = TaxFilter
    title = gettext_lazy("Taxes")
    export_name = "taxes"

    def get_queryset(self):
        return selectors.taxes(company=self.request.company)


class CostCentreList(ListPage):
    perm = "accounting.view_costcentre"
    create_perm = "accounting.add_costcentre"
    create_url = reverse_lazy("accounting_cost_centre_create")
    table_class = CostCentreTable
    filterset_class = CostCentreFilter
    title = COST_CENTRES
    export_name = "cost-centres"

    def get_queryset(self):
        return selectors.cost_centres(company=self.request.company)


class CostCentreCreate(FormPage):
    perm = "accounting.add_costcentre"
    form_class = CostCentreForm
    title = gettext_lazy("New cost centre")
    list_url_name, list_title = "accounting_cost_centre_list", COST_CENTRES

    def save(self, form, formsets):
        return cost_centre_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)


class CostCentreEdit(EditPage):
    perm = "accounting.change_costcentre"
    form_class = CostCentreForm
    list_url_name, list_title = "accounting_cost_centre_list", COST_CENTRES

    def save(self, form, formsets):
        return cost_centre_update(actor=self.request.user, cost_centre=self.get_object(), **form.cleaned_data)


class SettingsPage(FormPage):
    perm = "accounting.change_accountingsettings"
    form_class = AccountingSettingsForm
    company_form = True
    title = gettext_lazy("Accounting settings")

    def get_object(self):
        return accounting_settings(self.request.company)

    def extra_context(self):
        return {}

    def cancel_url(self):
        return reverse("accounting_settings")

    def save(self, form, formsets):
        data = dict(form.cleaned_data)
        return accounting_settings_update(actor=self.request.user, company=self.request.company,
                                          reason=data.pop("reason"), **data)

    def success_url(self, result):
        return reverse("accounting_settings")
