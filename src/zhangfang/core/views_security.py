"""Sign-in with a second factor, and the user's own security page (SEC-1, SEC-2)."""

import io
import time
from base64 import b32encode
from functools import wraps

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from zhangfang.core import security
from zhangfang.core.errors import BusinessError
from zhangfang.core.forms import LoginForm
from zhangfang.core.models import User
from zhangfang.core.services import security as security_services
from zhangfang.web.forms import Form, apply_error

PENDING = "zf_pending_2fa"  # session: the user who gave the right password, awaiting a code
PENDING_SECONDS = 300


class CodeForm(Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


class PasswordForm(Form):
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password", "autofocus": True}))


def _next(request, fallback="/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else fallback


def _signed_in(request, user, device=None):
    login(request, user, backend="zhangfang.core.auth.CompanyRoleBackend")
    if device is not None:
        otp_login(request, device)
    now = int(time.time())
    request.session.update({"zf_login_at": now, "zf_seen_at": now, "zf_reauth_at": now})


class LoginView(auth_views.LoginView):
    """Password first; a user with an authenticator then gives a code on a second page."""

    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if security_services.totp_device(user) is None:
            _signed_in(self.request, user)
            return redirect(self.get_success_url())
        self.request.session.cycle_key()
        self.request.session[PENDING] = {"user": user.pk, "at": int(time.time())}
        return redirect(f"{reverse('login_verify')}?next={self.get_success_url()}")


def login_verify(request):
    pending = request.session.get(PENDING) or {}
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return redirect("login")
    user = User.objects.get(pk=pending["user"])
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = security_services.second_factor_verify(user=user, code=form.cleaned_data["code"], request=request)
        if device is not None and user.is_active:
            del request.session[PENDING]
            _signed_in(request, user, device)
            return redirect(_next(request))
        form.add_error("code", _("The code is not valid or was already used."))
    return render(request, "core/login_verify.html", {"form": form, "next": _next(request)},
                  status=422 if form.errors else 200)


def recent_auth_required(view):
    """Changing how one signs in needs the password given within the last few minutes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if time.time() - request.session.get("zf_reauth_at", 0) > settings.REAUTH_SECONDS:
            return redirect(f"{reverse('reauth')}?next={request.path}")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@login_required
def reauth(request):
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=request.user.username, password=form.cleaned_data["password"])
        if user is not None and user.pk == request.user.pk:
            request.session["zf_reauth_at"] = int(time.time())
            return redirect(_next(request, reverse("security")))
        form.add_error("password", _("The password is not correct."))
    return render(request, "core/reauth.html", {"form": form, "title": _("Confirm your password"),
                                                "next": _next(request, reverse("security"))})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def security_page(request):
    user = request.user
    context = {
        "title": _("Sign-in security"),
        "device": security_services.totp_device(user),
        "required": security.requires_2fa(user),
        "verified": user.is_verified(),
        "codes": request.session.pop("zf_new_codes", None),
        "code_form": CodeForm(),
    }
    pending = security_services.totp_device(user, confirmed=False)
    if pending is not None:
        context.update(pending=pending, qr=mark_safe(_qr_svg(pending.config_url)),  # noqa: S308 — our own SVG
                       secret=_base32(pending))
    return render(request, "core/security.html", context)


def _base32(device) -> str:
    return b32encode(device.bin_key).decode()


@require_POST
@recent_auth_required
def security_enrol(request):
    security_services.totp_enrol_start(actor=request.user)
    return redirect("security")


@require_POST
@recent_auth_required
def security_confirm(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            device, codes = security_services.totp_enrol_confirm(actor=request.user, code=form.cleaned_data["code"])
        except BusinessError as error:
            apply_error(form, error)
        else:
            otp_login(request, device)
            request.session["zf_new_codes"] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("security")
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("security")


@require_POST
@recent_auth_required
def security_codes(request):
    request.session["zf_new_codes"] = security_services.recovery_codes_regenerate(actor=request.user)
    return redirect("security")


@require_POST
@recent_auth_required
def security_disable(request):
    try:
        security_services.totp_disable(actor=request.user)
        messages.success(request, _("Two-factor sign-in is off."))
    except BusinessError as error:
        messages.error(request, str(error))
    return redirect("security")
