"""Approval pages, included under ``approvals/``."""

from django.urls import path

from zhangfang.core import views_approvals as views

urlpatterns = [
    path("", views.ApprovalInbox.as_view(), name="approval_inbox"),
    path("<int:pk>/", views.ApprovalDetail.as_view(), name="approval_detail"),
    path("rules/", views.ApprovalRuleList.as_view(), name="approval_rule_list"),
    path("rules/new/", views.ApprovalRuleCreate.as_view(), name="approval_rule_create"),
    path("rules/<int:pk>/", views.ApprovalRuleEdit.as_view(), name="approval_rule_edit"),
]
