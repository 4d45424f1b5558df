"""Web pages for core master data. Thin: a selector to read, a service to write."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhangfang.core import permissions, selectors
from zhangfang.core.errors import BusinessError
from zhangfang.core.filters import (
    AuditFilter,
    CurrencyFilter,
    ExchangeRateFilter,
    PartnerFilter,
    RoleFilter,
    UomFilter,
    UserFilter,
)
from zhangfang.core.forms import (
    AddressFormSet,
    AttachmentForm,
    BankAccountFormSet,
    CompanyForm,
    ContactFormSet,
    CurrencyForm,
    ExchangeRateForm,
    PartnerForm,
    TokenForm,
    UomForm,
    UserCreateForm,
    UserEditForm,
)
from zhangfang.core.models import Attachment, Notification, Partner
from zhangfang.core.services import attachments, companies, currencies, notifications, partners, tokens, units
from zhangfang.core.services import security as security_services
from zhangfang.core.services import users as user_services
from zhangfang.core.tables import (
    AuditTable,
    CurrencyTable,
    ExchangeRateTable,
    PartnerTable,
    RoleTable,
    UomTable,
    UserTable,
)
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, FormPage, ListPage, history


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if ok else fallback


@require_POST
def language_set(request):
    """Switch the interface language; remembered on the user and in a cookie."""
    language = request.POST.get("language", "")
    response = redirect(_safe_next(request, "/"))
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            user_services.user_set_language(actor=request.user, language=language)
        response.set_cookie("django_language", language, max_age=365 * 86400, samesite="Lax")
    return response


@login_required
@require_POST
def company_switch(request):
    company_id = request.POST.get("company", "")
    if company_id.isdigit() and int(company_id) in permissions.company_ids(request.user):
        request.session["company_id"] = int(company_id)
    return redirect(_safe_next(request, "/"))


class HomeView(CompanyView):
    def get(self, request):
        company = request.company
        user = request.user
        tiles = []
        if permissions.has_perm(user, company, "core.view_partner"):
            partner_rows = selectors.partner_list(user=user, company=company)
            tiles += [
                {"label": _("Customers"), "value": partner_rows.filter(is_customer=True).count(),
                 "icon": "people", "url": reverse("partner_list") + "?role=customer"},
                {"label": _("Suppliers"), "value": partner_rows.filter(is_supplier=True).count(),
                 "icon": "truck", "url": reverse("partner_list") + "?role=supplier"},
            ]
        if permissions.has_perm(user, company, "core.view_exchangerate"):
            tiles.append({"label": _("Exchange rates"), "icon": "currency-exchange", "url": reverse("rate_list"),
                          "value": selectors.exchange_rate_list(user=user, company=company).count()})
        tiles.append({"label": _("Unread notifications"), "icon": "bell", "url": reverse("notifications"),
                      "value": selectors.unread_notifications(user=user)})
        from zhangfang.ops.health import readiness

        _ready, checks = readiness()
        labels = {"database": _("Database"), "migrations": _("Migrations"), "worker": _("Background worker")}
        status = {name: {"ok": check["ok"], "label": labels.get(name, name)} for name, check in checks.items()}
        can_audit = permissions.has_perm(user, company, "core.view_auditrecord")
        recent = selectors.audit_list(user=user, company=company)[:8] if can_audit else None
        return render(request, "web/home.html", {"title": _("Home"), "tiles": tiles, "status": status,
                                                 "recent": recent})


# --- partners ------------------------------------------------------------------

class PartnerList(ListPage):
    perm = "core.view_partner"
    create_perm = "core.add_partner"
    table_class = PartnerTable
    filterset_class = PartnerFilter
    title = gettext_lazy("Partners")
    export_name = "partners"
    create_url = reverse_lazy("partner_create")

    def get_queryset(self):
        return selectors.partner_list(user=self.request.user, company=self.request.company)


class PartnerDetail(CompanyView):
    perm = "core.view_partner"

    def get(self, request, pk):
        partner = selectors.partner_detail(user=request.user, pk=pk, company=request.company)
        content_type = ContentType.objects.get_for_model(Partner)
        return render(request, "core/partner_detail.html", {
            "partner": partner,
            "title": partner.name,
            "breadcrumbs": [(_("Partners"), reverse("partner_list"))],
            "can_edit": permissions.has_perm(request.user, request.company, "core.change_partner"),
            "history": history(partner),
            "attachments": Attachment.objects.filter(content_type=content_type, object_id=str(partner.pk)),
            "attachment_form": AttachmentForm(),
        })


class PartnerFormPage(FormPage):
    form_class = PartnerForm
    formset_classes = {"contacts": ContactFormSet, "addresses": AddressFormSet, "bank_accounts": BankAccountFormSet}

    def get_formsets(self, data=None):
        instance = self.get_object() or Partner(company=self.request.company)
        return {name: cls(data=data, instance=instance, prefix=name) for name, cls in self.formset_classes.items()}

    def extra_context(self):
        return {"breadcrumbs": [(_("Partners"), reverse("partner_list"))]}

    @staticmethod
    def rows(formset) -> list[dict]:
        """What the user kept in an inline list, as the service wants it."""
        kept = []
        for form in formset.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            row = {name: form.cleaned_data.get(name) for name in form.Meta.fields if name != "partner"}
            if form.instance.pk:
                row["id"] = form.instance.pk
            kept.append(row)
        return kept

    def service_args(self, form, formsets) -> dict:
        data = {name: form.cleaned_data[name] for name in PartnerForm.Meta.fields}
        data.update({name: self.rows(formset) for name, formset in formsets.items()})
        return data


class PartnerCreate(PartnerFormPage):
    perm = "core.add_partner"
    title = gettext_lazy("New partner")

    def save(self, form, formsets):
        return partners.partner_create(actor=self.request.user, company=self.request.company,
                                       **self.service_args(form, formsets))

    def cancel_url(self):
        return reverse("partner_list")


class PartnerEdit(PartnerFormPage):
    perm = "core.change_partner"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = selectors.partner_detail(user=self.request.user, pk=self.kwargs["pk"],
                                                    company=self.request.company)
            self.title = self._object.name
        return self._object

    def save(self, form, formsets):
        return partners.partner_update(actor=self.request.user, partner=self.get_object(),
                                       **self.service_args(form, formsets))

    def get_form(self, data=None, files=None):
        # Bind to a fresh copy: a failed save must not change the object shown in the title.
        return PartnerForm(data=data, files=files, instance=Partner.objects.get(pk=self.get_object().pk))

    def cancel_url(self):
        return self.get_object().get_absolute_url()


class AttachmentUpload(CompanyView):
    perm = "core.add_attachment"

    def post(self, request, pk):
        partner = selectors.partner_detail(user=request.user, pk=pk, company=request.company)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachments.attachment_add(actor=request.user, obj=partner, upload=form.cleaned_data["file"])
                messages.success(request, _("File attached."))
            except BusinessError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Choose a file to attach."))
        return redirect(partner.get_absolute_url() + "#attachments")


class AttachmentDownload(CompanyView):
    def get(self, request, pk):
        attachment = Attachment.objects.filter(pk=pk, company=request.company).first()
        if attachment is None or attachment.target is None:
            raise Http404
        target = attachment.target
        perm = f"{target._meta.app_label}.view_{target._meta.model_name}"
        if not permissions.has_perm(request.user, request.company, perm):
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


# --- currencies and rates --------------------------------------------------------

class CurrencyList(ListPage):
    perm = "core.view_currency"
    table_class = CurrencyTable
    filterset_class = CurrencyFilter
    title = gettext_lazy("Currencies")
    export_name = "currencies"

    def get_queryset(self):
        return selectors.currency_list(user=self.request.user)


class CurrencyEdit(FormPage):
    perm = "core.change_currency"
    form_class = CurrencyForm
    list_url_name, list_title = "currency_list", gettext_lazy("Currencies")

    def get_object(self):
        currency = selectors.currency_list(user=self.request.user).filter(code=self.kwargs["code"]).first()
        if currency is None:
            raise Http404
        self.title = f"{currency.code} · {currency.name}"
        return currency

    def save(self, form, formsets):
        return currencies.currency_update(actor=self.request.user, company=self.request.company,
                                          currency=self.get_object(), **form.cleaned_data)


class RateList(ListPage):
    perm = "core.view_exchangerate"
    create_perm = "core.add_exchangerate"
    table_class = ExchangeRateTable
    filterset_class = ExchangeRateFilter
    title = gettext_lazy("Exchange rates")
    export_name = "exchange-rates"
    create_url = reverse_lazy("rate_create")

    def get_queryset(self):
        return selectors.exchange_rate_list(user=self.request.user, company=self.request.company)


class RateFormPage(FormPage):
    form_class = ExchangeRateForm
    company_form = True
    list_url_name, list_title = "rate_list", gettext_lazy("Exchange rates")


class RateCreate(RateFormPage):
    perm = "core.add_exchangerate"
    title = gettext_lazy("New exchange rate")

    def save(self, form, formsets):
        return currencies.exchange_rate_create(actor=self.request.user, company=self.request.company,
                                               **form.cleaned_data)


class RateEdit(RateFormPage):
    perm = "core.change_exchangerate"
    title = gettext_lazy("Exchange rate")

    def get_object(self):
        return selectors.get_visible(selectors.exchange_rate_list(user=self.request.user), self.request.user,
                                     self.kwargs["pk"], self.request.company)

    def save(self, form, formsets):
        return currencies.exchange_rate_update(actor=self.request.user, exchange_rate=self.get_object(),
                                               **form.cleaned_data)


# --- units ------------------------------------------------------------------------

class UomList(ListPage):
    perm = "core.view_uom"
    create_perm = "core.add_uom"
    table_class = UomTable
    filterset_class = UomFilter
    title = gettext_lazy("Units of measure")
    export_name = "units"
    create_url = reverse_lazy("uom_create")

    def get_queryset(self):
        return selectors.uom_list(user=self.request.user, company=self.request.company)


class UomFormPage(FormPage):
    form_class = UomForm
    company_form = True
    list_url_name, list_title = "uom_list", gettext_lazy("Units of measure")


class UomCreate(UomFormPage):
    perm = "core.add_uom"
    title = gettext_lazy("New unit")

    def save(self, form, formsets):
        return units.uom_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)


class UomEdit(UomFormPage):
    perm = "core.change_uom"
    title = gettext_lazy("Unit of measure")

    def get_object(self):
        return selectors.get_visible(selectors.uom_list(user=self.request.user), self.request.user,
                                     self.kwargs["pk"], self.request.company)

    def save(self, form, formsets):
        return units.uom_update(actor=self.request.user, uom=self.get_object(), **form.cleaned_data)


# --- users, roles, company ---------------------------------------------------------

class UserList(ListPage):
    perm = "core.view_user"
    create_perm = "core.add_user"
    table_class = UserTable
    filterset_class = UserFilter
    title = gettext_lazy("Users")
    export_name = "users"
    create_url = reverse_lazy("user_create")

    def get_queryset(self):
        return selectors.user_list(user=self.request.user, company=self.request.company)

    def get_table_kwargs(self):
        return {"company": self.request.company}


class UserCreate(FormPage):
    perm = "core.add_user"
    form_class = UserCreateForm
    title = gettext_lazy("New user")
    list_url_name, list_title = "user_list", gettext_lazy("Users")

    def save(self, form, formsets):
        data = dict(form.cleaned_data)
        return user_services.user_create(actor=self.request.user, company=self.request.company,
                                         username=data.pop("username"), password=data.pop("password"),
                                         roles=list(data.pop("roles")), **data)


class UserEdit(FormPage):
    perm = "core.change_user"
    form_class = UserEditForm
    list_url_name, list_title = "user_list", gettext_lazy("Users")

    def get_object(self):
        user = selectors.user_list(user=self.request.user, company=self.request.company).filter(
            pk=self.kwargs["pk"]).first()
        if user is None:
            raise Http404
        self.title = f"{user.username} · {user.full_name}" if user.full_name else user.username
        return user

    def get_form(self, data=None, files=None):
        user = self.get_object()
        roles = selectors.user_roles(user=user, company=self.request.company)
        active = user.memberships.filter(company=self.request.company, active=True).exists()
        return UserEditForm(data=data, instance=user, initial={"roles": roles, "active": active})

    def save(self, form, formsets):
        data = dict(form.cleaned_data)
        return user_services.user_update(actor=self.request.user, company=self.request.company,
                                         user=self.get_object(), roles=list(data.pop("roles")), **data)

    def actions(self):
        user = self.get_object()
        if user.pk == self.request.user.pk:
            return []
        if not user.is_active:
            return [{"label": _("Reactivate"), "url": reverse("user_account", args=[user.pk, "reactivate"]),
                     "help": _("Let this user sign in again. Their old API tokens stay revoked."), "confirm": ""}]
        return [
            {"label": _("Reset two-factor sign-in"), "url": reverse("user_account", args=[user.pk, "reset-2fa"]),
             "help": _("For a lost phone without recovery codes: the user sets up a new authenticator at the "
                       "next sign-in."),
             "confirm": _("Remove the authenticator and recovery codes of %(user)s?") % {"user": user}},
            {"label": _("Deactivate everywhere"), "url": reverse("user_account", args=[user.pk, "deactivate"]),
             "help": _("For a leaver: signs the user out, revokes their API tokens and blocks sign-in "
                       "in every company."),
             "confirm": _("Deactivate %(user)s in every company?") % {"user": user}},
        ]


class UserAccountAction(CompanyView):
    """Deactivate, reactivate, or reset the second factor of a whole account."""

    perm = "core.change_user"

    def post(self, request, pk, action):
        user = selectors.user_list(user=request.user, company=request.company).filter(pk=pk).first()
        if user is None or action not in ("deactivate", "reactivate", "reset-2fa"):
            raise Http404
        try:
            if action == "deactivate":
                result = security_services.user_deactivate(actor=request.user, user=user)
                done = _("%(user)s was deactivated: %(sessions)s sessions ended, %(tokens)s tokens revoked.") % {
                    "user": user, "sessions": result["sessions_ended"], "tokens": result["tokens_revoked"]}
            elif action == "reactivate":
                security_services.user_reactivate(actor=request.user, user=user)
                done = _("%(user)s can sign in again.") % {"user": user}
            else:
                security_services.second_factor_reset(actor=request.user, user=user)
                done = _("Two-factor sign-in of %(user)s was reset.") % {"user": user}
        except BusinessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect("user_edit", pk=pk)


class RoleList(ListPage):
    perm = "core.view_role"
    table_class = RoleTable
    filterset_class = RoleFilter
    title = gettext_lazy("Roles")
    export_name = "roles"

    def get_queryset(self):
        return selectors.role_list(user=self.request.user, company=self.request.company)


class RoleDetail(CompanyView):
    perm = "core.view_role"

    def get(self, request, pk):
        role = selectors.role_list(user=request.user, company=request.company).filter(pk=pk).first()
        if role is None:
            raise Http404
        perms = role.permissions.select_related("content_type").order_by("content_type__app_label", "codename")
        return render(request, "core/role_detail.html", {
            "role": role, "title": str(role), "permissions": perms,
            "breadcrumbs": [(_("Roles"), reverse("role_list"))],
            "can_change": permissions.has_perm(request.user, request.company, "core.change_role"),
            "history": history(role),
        })

    def post(self, request, pk):
        """Switch whether the role requires two-factor sign-in."""
        role = selectors.role_list(user=request.user, company=request.company).filter(pk=pk).first()
        if role is None:
            raise Http404
        user_services.role_update(actor=request.user, company=request.company, role=role,
                                  requires_2fa=request.POST.get("requires_2fa") == "on")
        messages.success(request, _("Saved."))
        return redirect("role_detail", pk=pk)


class AuditList(ListPage):
    perm = "core.view_auditrecord"
    table_class = AuditTable
    filterset_class = AuditFilter
    title = gettext_lazy("Audit trail")
    export_name = "audit-trail"

    def get_queryset(self):
        return selectors.audit_list(user=self.request.user, company=self.request.company)


class AuditDetail(CompanyView):
    perm = "core.view_auditrecord"

    def get(self, request, pk):
        record = selectors.get_visible(selectors.audit_list(user=request.user, company=request.company),
                                       request.user, pk, request.company)
        keys = sorted(set(record.before or {}) | set(record.after or {}))
        rows = [(key, (record.before or {}).get(key), (record.after or {}).get(key)) for key in keys]
        return render(request, "core/audit_detail.html", {
            "record": record, "rows": rows, "title": f"#{record.seq} {record.action_label}",
            "breadcrumbs": [(_("Audit trail"), reverse("audit_list"))],
        })


class CompanySettings(FormPage):
    perm = "core.change_company"
    form_class = CompanyForm
    title = gettext_lazy("Company settings")

    def get_object(self):
        return self.request.company

    def save(self, form, formsets):
        return companies.company_update(actor=self.request.user, company=self.request.company,
                                        data=form.cleaned_data)

    def success_url(self, result):
        return reverse("company_settings")

    def cancel_url(self):
        return reverse("home")


# --- personal: notifications, API tokens, password ------------------------------------

class NotificationList(CompanyView):
    def get(self, request):
        rows = Notification.objects.filter(user=request.user)[:200]
        return render(request, "core/notifications.html", {"title": _("Notifications"), "rows": rows})

    def post(self, request):
        pk = request.POST.get("id", "")
        notifications.notification_mark_read(actor=request.user,
                                             notification_id=int(pk) if pk.isdigit() else None)
        target = request.POST.get("url", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("notifications")


class TokenList(CompanyView):
    def get(self, request, form=None, plain=None):
        return render(request, "core/tokens.html", {
            "title": _("API tokens"), "tokens": selectors.my_tokens(user=request.user),
            "form": form or TokenForm(), "plain": plain,
        }, status=422 if form is not None and form.errors else 200)

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, plain = tokens.api_token_create(actor=request.user, **form.cleaned_data)
            except BusinessError as error:
                apply_error(form, error)
            else:
                return self.get(request, plain=plain)
        return self.get(request, form=form)


@login_required
@require_POST
def token_revoke(request, pk):
    token = selectors.my_tokens(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    tokens.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("token_list")


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-control"
        return form

    def form_valid(self, form):
        try:
            user_services.user_set_password(actor=self.request.user, user=self.request.user,
                                            password=form.cleaned_data["new_password1"])
        except BusinessError as error:
            apply_error(form, error)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.success_url)
