"""Per-request context: request id and access log, language, current company."""

import re
import time
import uuid

import structlog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from zhangfang.core import permissions, security

log = structlog.get_logger("zhangfang.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request.id)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        user = getattr(request, "user", None)
        log.info(
            "request",
            method=request.method,
            path=request.path,
            status=response.status_code,
            ms=round((time.monotonic() - started) * 1000, 1),
            user=user.pk if user is not None and user.is_authenticated else None,
            ip=request.META.get("REMOTE_ADDR"),
        )
        return response


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class CurrentCompanyMiddleware:
    """``request.company``: the company chosen in the switcher, among the user's own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.company = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            allowed = permissions.company_ids(user)
            wanted = request.session.get("company_id") or user.default_company_id
            if wanted not in allowed:
                wanted = allowed[0] if allowed else None
            if wanted is not None:
                from zhangfang.core.models import Company

                request.company = Company.objects.get(pk=wanted)
            user.current_company = request.company
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS
    after sign-in whatever happens (ASVS 7.3)."""

    TOUCH_EVERY = 60  # seconds; keeps session writes rare

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("zf_login_at", now)
            seen = request.session.get("zf_seen_at", now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, _("Your session ended; please sign in again."))
                    return redirect(f"/login/?next={request.path}")
            elif now - seen >= self.TOUCH_EVERY or "zf_seen_at" not in request.session:
                request.session["zf_seen_at"] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Holders of a role that requires two-factor sign-in must have verified a second
    factor in this session; until then they can only reach the security pages."""

    OPEN_PREFIXES = ("/security/", "/logout/", "/login/", "/language/", "/static/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not user.is_verified()
                and not request.path.startswith(self.OPEN_PREFIXES) and security.requires_2fa(user)):
            if request.path.startswith("/api/"):
                from zhangfang.api.errors import problem

                return problem(403, "second_factor_required",
                               _("Your role requires two-factor sign-in; set it up in the web interface."))
            return redirect("security")
        return self.get_response(request)


CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # Bootstrap and Swagger UI set style attributes
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
