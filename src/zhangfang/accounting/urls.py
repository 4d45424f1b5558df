from django.urls import path

from zhangfang.accounting.views import ledger as views

urlpatterns = [
    path("entries/", views.JournalEntryList.as_view(), name="accounting_entry_list"),
    path("entries/<int:pk>/", views.JournalEntryDetail.as_view(), name="accounting_entry_detail"),
    path("trial-balance/", views.TrialBalancePage.as_view(), name="accounting_trial_balance"),
]
