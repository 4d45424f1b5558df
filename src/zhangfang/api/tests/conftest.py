"""Fixtures for API tests: personal tokens made through the token service."""

import pytest

from zhangfang.core.models import ApiToken
from zhangfang.core.services.tokens import api_token_create


@pytest.fixture
def write_token(admin):
    """A read-write token of the administrator (the plain text, as a client holds it)."""
    _token, plain = api_token_create(actor=admin, name="tests: write", scope=ApiToken.Scope.WRITE)
    return plain


@pytest.fixture
def read_token(admin):
    _token, plain = api_token_create(actor=admin, name="tests: read", scope=ApiToken.Scope.READ)
    return plain
