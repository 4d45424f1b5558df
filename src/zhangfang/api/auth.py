"""API authentication: personal bearer tokens, or the browser session with CSRF."""

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer, SessionAuth

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
    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is not None and not user.is_active:
            return None
        return user


AUTH = [BearerToken(), Session()]
