import datetime
from decimal import Decimal

import pytest

from zhangfang.core.errors import RateMissing, ValidationFailed
from zhangfang.core.models import Currency
from zhangfang.core.services.currencies import exchange_rate_create, rate_on


@pytest.fixture
def usd(db):
    return Currency.objects.get(code="USD")


def test_the_rate_in_force_is_the_latest_on_or_before_the_day(admin, company, usd):
    exchange_rate_create(actor=admin, company=company, currency=usd, date=datetime.date(2026, 11, 2),
                         rate=Decimal("7.1000"))
    exchange_rate_create(actor=admin, company=company, currency=usd, date=datetime.date(2026, 11, 5),
                         rate=Decimal("7.1500"))
    assert rate_on(company=company, currency=usd, on_date=datetime.date(2026, 11, 4)) == Decimal("7.1000")
    assert rate_on(company=company, currency=usd, on_date=datetime.date(2026, 11, 5)) == Decimal("7.1500")
    assert rate_on(company=company, currency=company.base_currency, on_date=datetime.date(2026, 1, 1)) == 1


def test_no_rate_before_the_first_one_is_a_clear_error(admin, company, usd):
    with pytest.raises(RateMissing, match="USD"):
        rate_on(company=company, currency=usd, on_date=datetime.date(2020, 1, 1))


def test_one_rate_per_currency_and_day_and_never_zero(admin, company, usd):
    day = datetime.date(2026, 11, 2)
    exchange_rate_create(actor=admin, company=company, currency=usd, date=day, rate=Decimal("7.1"))
    with pytest.raises(ValidationFailed):
        exchange_rate_create(actor=admin, company=company, currency=usd, date=day, rate=Decimal("7.2"))
    with pytest.raises(ValidationFailed) as error:
        exchange_rate_create(actor=admin, company=company, currency=usd, date=datetime.date(2026, 11, 3),
                             rate=Decimal("0"))
    assert error.value.fields


def test_a_float_rate_is_refused(admin, company, usd):
    with pytest.raises(ValidationFailed) as error:
        exchange_rate_create(actor=admin, company=company, currency=usd, date=datetime.date(2026, 11, 2), rate=7.1)
    assert "rate" in error.value.fields
