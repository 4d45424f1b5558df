from django.contrib.auth import views as auth_views
from django.urls import path

from zhangfang.core import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("language/", views.language_set, name="language_set"),
    path("company/switch/", views.company_switch, name="company_switch"),
    path("company/settings/", views.CompanySettings.as_view(), name="company_settings"),
    path("partners/", views.PartnerList.as_view(), name="partner_list"),
    path("partners/new/", views.PartnerCreate.as_view(), name="partner_create"),
    path("partners/<int:pk>/", views.PartnerDetail.as_view(), name="partner_detail"),
    path("partners/<int:pk>/edit/", views.PartnerEdit.as_view(), name="partner_edit"),
    path("partners/<int:pk>/attach/", views.AttachmentUpload.as_view(), name="partner_attach"),
    path("attachments/<int:pk>/", views.AttachmentDownload.as_view(), name="attachment_download"),
    path("currencies/", views.CurrencyList.as_view(), name="currency_list"),
    path("currencies/<str:code>/", views.CurrencyEdit.as_view(), name="currency_edit"),
    path("rates/", views.RateList.as_view(), name="rate_list"),
    path("rates/new/", views.RateCreate.as_view(), name="rate_create"),
    path("rates/<int:pk>/", views.RateEdit.as_view(), name="rate_edit"),
    path("units/", views.UomList.as_view(), name="uom_list"),
    path("units/new/", views.UomCreate.as_view(), name="uom_create"),
    path("units/<int:pk>/", views.UomEdit.as_view(), name="uom_edit"),
    path("users/", views.UserList.as_view(), name="user_list"),
    path("users/new/", views.UserCreate.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserEdit.as_view(), name="user_edit"),
    path("roles/", views.RoleList.as_view(), name="role_list"),
    path("roles/<int:pk>/", views.RoleDetail.as_view(), name="role_detail"),
    path("notifications/", views.NotificationList.as_view(), name="notifications"),
    path("tokens/", views.TokenList.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
