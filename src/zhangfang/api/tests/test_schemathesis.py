"""Schemathesis fuzzes every operation of /api/v1 in-process, as an administrator with a
read-write token: no 5xx, and every answer (status code, content type, headers, body)
conforms to the published OpenAPI schema; schema-invalid requests are refused."""

import os
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from ninja.errors import ValidationError as NinjaValidationError
from schemathesis.config import SchemathesisConfig

from zhangfang.api.api import api
from zhangfang.wsgi import application

# A schema-valid request may still break a business rule the schema cannot express (an unknown
# currency, a duplicate code): that is a 422 with field errors. What must never happen is the
# request parser refusing what the schema allows; `parsed_as_documented` below checks exactly that.
CONFIG = SchemathesisConfig.from_dict({
    "checks": {"positive_data_acceptance": {
        "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"],
    }},
})
# Lean by default; ZHANGFANG_FUZZ_EXAMPLES=500 for a deeper search.
MAX_EXAMPLES = int(os.environ.get("ZHANGFANG_FUZZ_EXAMPLES", "20"))
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@pytest.fixture
def in_test_transaction():
    """Keep the WSGI app on the test's connection, as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def parse_errors(monkeypatch):
    """The request-parsing errors (ninja/pydantic) the API answered, as opposed to business errors."""
    seen = []
    handler = api._exception_handlers[NinjaValidationError]

    def recording(request, exc):
        seen.append(exc.errors)
        return handler(request, exc)

    monkeypatch.setitem(api._exception_handlers, NinjaValidationError, recording)
    return seen


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def parsed_as_documented(parse_errors):
    """A schemathesis check: a request the schema allows is never refused by the request parser."""

    def check(ctx, response, case):
        if case.meta is not None and case.meta.generation.mode.is_positive:
            assert not parse_errors, f"the schema allows this request but the parser refused it: {parse_errors}"

    check.__name__ = "parsed_as_documented"
    return check


FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@schema.parametrize()
@FUZZ
def test_each_operation_conforms_to_the_schema(case, write_token, parse_errors, in_test_transaction):
    # given an administrator's read-write token
    headers = {"Authorization": f"Bearer {write_token}"}
    # when schemathesis sends a generated request to the operation
    parse_errors.clear()
    with rolled_back():  # each example starts from the same data, so a failure replays
        # then the answer conforms to the schema and is not a server error
        case.call_and_validate(headers=headers, additional_checks=[parsed_as_documented(parse_errors)])


def test_workflows_conform_to_the_schema(write_token, parse_errors, in_test_transaction):
    # given an administrator's read-write token, and the links schemathesis infers between
    # operations (create a partner, then read and change it; list currencies, then add a rate)
    headers = {"Authorization": f"Bearer {write_token}"}

    class Workflows(schema.as_state_machine()):
        def setup(self):  # each scenario starts from the same data, so a failure replays
            self.scenario = rolled_back()
            self.scenario.__enter__()

        def teardown(self):
            self.scenario.__exit__(None, None, None)

        def before_call(self, case):
            parse_errors.clear()

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, additional_checks=[parsed_as_documented(parse_errors)],
                                   headers=headers, transport_kwargs=kwargs)

    # when it runs sequences of calls, each answer feeding the next
    # then every answer conforms to the schema and none is a server error
    Workflows.run(settings=settings(FUZZ, max_examples=max(MAX_EXAMPLES // 2, 5), stateful_step_count=8))
