from django.urls import include, path

from zhangfang.accounting.views import chart, periods, statements
from zhangfang.accounting.views import ledger as views

urlpatterns = [
    path("entries/", views.JournalEntryList.as_view(), name="accounting_entry_list"),
    path("entries/<int:pk>/", views.JournalEntryDetail.as_view(), name="accounting_entry_detail"),
    path("entries/new/", views.VoucherCreate.as_view(), name="accounting_entry_create"),
    path("entries/<int:pk>/edit/", views.VoucherEdit.as_view(), name="accounting_entry_edit"),
    path("entries/<int:pk>/<slug:action>/", views.JournalEntryAction.as_view(), name="accounting_entry_action"),
    path("accounts/", chart.AccountList.as_view(), name="accounting_account_list"),
    path("accounts/new/", chart.AccountCreate.as_view(), name="accounting_account_create"),
    path("accounts/<int:pk>/", chart.AccountEdit.as_view(), name="accounting_account_edit"),
    path("journals/", chart.JournalList.as_view(), name="accounting_journal_list"),
    path("taxes/", chart.TaxList.as_view(), name="accounting_tax_list"),
    path("cost-centres/", chart.CostCentreList.as_view(), name="accounting_cost_centre_list"),
    path("cost-centres/new/", chart.CostCentreCreate.as_view(), name="accounting_cost_centre_create"),
    path("cost-centres/<int:pk>/", chart.CostCentreEdit.as_view(), name="accounting_cost_centre_edit"),
    path("periods/", periods.PeriodList.as_view(), name="accounting_period_list"),
    path("periods/<int:pk>/<slug:action>/", periods.PeriodAction.as_view(), name="accounting_period_action"),
    path("fiscal-years/<int:pk>/close/", periods.FiscalYearClose.as_view(), name="accounting_fiscal_year_close"),
    path("settings/", chart.SettingsPage.as_view(), name="accounting_settings"),
    path("trial-balance/", statements.TrialBalancePage.as_view(), name="accounting_trial_balance"),
    path("balance-sheet/", statements.BalanceSheetPage.as_view(), name="accounting_balance_sheet"),
    path("income-statement/", statements.IncomeStatementPage.as_view(), name="accounting_income_statement"),
    path("cash-flow/", statements.CashFlowPage.as_view(), name="accounting_cash_flow"),
    path("account-detail/", statements.AccountDetailPage.as_view(), name="accounting_account_detail"),
    path("", include("zhangfang.accounting.urls_documents")),
]
