"""Currencies (shared) and the dated exchange rates each company keeps."""

import datetime
from decimal import Decimal

from zhangfang.core.errors import PermissionDenied, RateMissing
from zhangfang.core.models import Company, Currency, ExchangeRate
from zhangfang.core.services.records import record_create, record_delete, record_update


def currency_update(*, actor, company: Company, currency: Currency, **data) -> Currency:
    """Currencies are shared by every company: only an installation administrator changes them."""
    if not actor.is_superuser:
        raise PermissionDenied()
    return record_update(actor=actor, obj=currency, data=data, company=company)


def exchange_rate_create(*, actor, company: Company, currency: Currency, date: datetime.date,
                         rate: Decimal) -> ExchangeRate:
    return record_create(actor=actor, model=ExchangeRate, company=company,
                         data={"currency": currency, "date": date, "rate": rate})


def exchange_rate_update(*, actor, exchange_rate: ExchangeRate, **data) -> ExchangeRate:
    return record_update(actor=actor, obj=exchange_rate, data=data)


def exchange_rate_delete(*, actor, exchange_rate: ExchangeRate) -> None:
    record_delete(actor=actor, obj=exchange_rate)


def rate_on(*, company: Company, currency: Currency, on_date: datetime.date) -> Decimal:
    """The rate in force on ``on_date``: the latest one dated on or before it."""
    if currency.pk == company.base_currency_id:
        return Decimal(1)
    rate = (
        ExchangeRate.objects.filter(company=company, currency=currency, date__lte=on_date)
        .order_by("-date").values_list("rate", flat=True).first()
    )
    if rate is None:
        raise RateMissing(currency=currency.code, date=on_date)
    return rate
