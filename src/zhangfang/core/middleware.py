"""Per-request context: request id and access log, language, current company."""

import re
import time
import uuid

import structlog
from django.utils import translation

from zhangfang.core import permissions

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
