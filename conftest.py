"""Shared fixtures. Test data is built through the services, as users build theirs."""

import os
import shutil

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_configure(config):
    from django.conf import settings

    # Tests render templates without running collectstatic first.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    if os.environ.get("ZHANGFANG_REQUIRE_POSTGRES") and os.environ.get("ZHANGFANG_DATABASE_URL"):
        _require_postgres(settings)


def _require_postgres(settings):
    import psycopg

    db = settings.DATABASES["default"]
    try:
        psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"],
                        dbname="postgres", connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        raise pytest.UsageError(f"PostgreSQL is required here but unreachable: {exc}") from exc


def pytest_collection_modifyitems(config, items):
    if BROWSER or not any("browser" in item.keywords for item in items):
        return
    if os.environ.get("ZHANGFANG_REQUIRE_BROWSER"):
        raise pytest.UsageError("Browser tests are required (ZHANGFANG_REQUIRE_BROWSER) but chromium is missing")
    skip = pytest.mark.skip(reason="chromium is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def admin(db):
    """The administrator of the first company, as `zhangfang init` makes them."""
    from zhangfang.core.bootstrap import initialise
    from zhangfang.core.models import User

    initialise(company_name="测试公司", admin_password="Admin-Pass-2026", quiet=True)
    return User.objects.get(username="admin")


@pytest.fixture
def company(admin):
    return admin.default_company


@pytest.fixture
def make_user(admin, company):
    """make_user("accountant") → a user holding that role in ``company`` (password 'Pass-word-2026')."""
    from zhangfang.core.models import Role
    from zhangfang.core.services.users import user_create

    counter = iter(range(1, 1000))

    def make(*role_codes, company=company, username=None):
        return user_create(actor=admin, company=company, username=username or f"user{next(counter)}",
                           password="Pass-word-2026", roles=list(Role.objects.filter(code__in=role_codes)))

    return make


@pytest.fixture
def other_company(admin):
    from zhangfang.core.services.companies import company_create

    return company_create(actor=admin, code="other", name="另一家公司")


@pytest.fixture
def signed_in(client):
    """signed_in(user) → the test client signed in as ``user``, past any second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign_in(user):
        client.force_login(user)
        device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test"})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in
