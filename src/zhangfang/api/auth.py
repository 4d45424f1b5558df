"""API authentication: personal bearer tokens, or the browser session with CSRF."""

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from zhangfang.api.errors import CsrfFailed
from zhangfang.core.models import ApiToken
from zhangfang.core.services.tokens import api_token_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        if api_token.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise AuthorizationError()
        request.user = api_token.user
        request.user.current_company = request.user.default_company
        request.api_token = api_token
        return api_token.user


class Session(SessionAuth):
    """The signed-in browser session; writes need the CSRF token (403 without it)."""

    def _get_key(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None  # no session to ride on: refused as unauthenticated (401), not as forged
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [BearerToken(), Session()]
