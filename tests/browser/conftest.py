"""Playwright fixtures: one headless chromium per module, a fresh context (cookies, storage) per test.

The pages are served by pytest-django's ``live_server`` (a thread of this process, using the
test database), so tests that drive the browser also request ``transactional_db``.
"""

import contextlib
import os
import re

import pytest

from tests.browser.support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; without this, the ORM
    # calls the test makes (fixtures, assertions, the flush after a transactional test) raise
    # SynchronousOnlyOperation. Set only while the browser lives, so other tests keep the check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server, transactional_db, request):
    """new_page(viewport=PHONE) → a page in a fresh browser context pointed at the live server.

    The browser asks for Chinese first, as the product's users' browsers do. Uncaught JavaScript
    errors and server errors (5xx) fail the test; a failing test leaves a screenshot of each of
    its pages in test-artifacts/failures/.
    """
    contexts, problems = [], []

    def make(viewport=None, locale="zh-CN"):
        context = browser.new_context(viewport=viewport or DESKTOP, device_scale_factor=1, locale=locale,
                                      base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on("response", lambda response: response.status >= 500
                and problems.append(f"HTTP {response.status} for {response.url}"))
        return page

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        folder = ARTIFACTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for c_index, context in enumerate(contexts):
            for p_index, page in enumerate(context.pages):
                # A failed screenshot must not hide the real failure.
                with contextlib.suppress(Exception):
                    page.screenshot(path=folder / f"{stem}-{c_index}-{p_index}.png", full_page=True)
    for context in contexts:
        context.close()
    if not failed:
        assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page):
    """A desktop-sized page in a fresh context."""
    return new_page()


@pytest.fixture
def roles_without_2fa(admin):
    """As in the demo: no role requires a second factor, so tests about other things sign in with a password."""
    from zhangfang.core.models import Role
    from zhangfang.core.services.users import role_update

    for role in Role.objects.filter(requires_2fa=True):
        role_update(actor=admin, company=admin.default_company, role=role, requires_2fa=False)
