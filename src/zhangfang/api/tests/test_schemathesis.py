"""Schemathesis fuzzes every operation of /api/v1 in-process: no 5xx, and every answer
(status code, content type, headers, body) conforms to the published OpenAPI schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from zhangfang.core.models import ApiToken
from zhangfang.core.services.tokens import api_token_create
from zhangfang.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_test_transaction():
    """Keep the WSGI app on the test's connection, as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def write_token(admin):
    _token, plain = api_token_create(actor=admin, name="schemathesis", scope=ApiToken.Scope.WRITE)
    return plain


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_schema(case, write_token, in_test_transaction):
    # given an administrator's read-write token
    # when schemathesis sends generated requests to the operation
    # then every answer conforms to the schema and none is a server error
    case.call_and_validate(headers={"Authorization": f"Bearer {write_token}"})
