"""One mapping from errors to RFC 9457 problem+json answers."""

import json

import structlog
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from zhangfang.core.errors import BusinessError, PermissionDenied

log = structlog.get_logger("zhangfang.api")
PROBLEM_TYPE = "https://zhangfang.dev/problems/"


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"
    default_message = _lazy("Send the CSRF token with writes made in the browser session.")


def problem(status: int, code: str, title: str, detail: str = "", errors=None, headers=None) -> HttpResponse:
    body = {
        "type": PROBLEM_TYPE + code,
        "title": title,
        "status": status,
        "detail": detail or title,
        "code": code,
        "errors": errors or [],
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                            content_type="application/problem+json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_errors(fields: dict) -> list[dict]:
    return [
        {"field": name, "pointer": "#/" + name.replace(".", "/"), "detail": str(message)}
        for name, messages in fields.items()
        for message in messages
    ]


def on_business_error(request, exc: BusinessError):
    return problem(exc.status, exc.code, str(exc.default_message), str(exc), _field_errors(exc.fields))


def on_validation_error(request, exc: NinjaValidationError):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        name = ".".join(location[1:] if location and location[0] in ("query", "path") else location)
        errors.append({"field": name, "pointer": "#/" + name.replace(".", "/"), "detail": error.get("msg", "")})
    return problem(422, "validation_failed", _("Some fields are not valid."), errors=errors)


def on_authentication_error(request, exc):
    return problem(401, "not_authenticated", _("Sign in or send a valid API token."),
                   headers={"WWW-Authenticate": 'Bearer realm="zhangfang"'})


def on_authorization_error(request, exc):
    return problem(403, "permission_denied", _("You do not have permission to do this."))


def on_not_found(request, exc):
    return problem(404, "not_found", _("The record does not exist or is not visible to you."))


@csrf_exempt
def unknown_path(request, *args, **kwargs):
    return on_not_found(request, None)


def on_http_error(request, exc: HttpError):
    return problem(exc.status_code, "http_error", str(exc))


def on_unexpected(request, exc: Exception):
    log.exception("api.unexpected_error", path=request.path)
    return problem(500, "internal_error", _("Something went wrong on our side; the error was logged."))


def install(api) -> None:
    api.add_exception_handler(BusinessError, on_business_error)
    api.add_exception_handler(NinjaValidationError, on_validation_error)
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(AuthorizationError, on_authorization_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Exception, on_unexpected)
