"""Twenty clerks each take one of the last five units at once, on separate connections:
exactly five succeed, the others hear NotEnoughStock, and stock never goes below zero.
PostgreSQL queues them on row locks; SQLite serialises writers (IMMEDIATE transactions
waiting on the busy timeout), so neither answers 'database is locked'."""

from decimal import Decimal

import pytest
from django.db import connection

from zhangfang.core.models import User
from zhangfang.inventory import checks
from zhangfang.inventory.exceptions import NotEnoughStock
from zhangfang.inventory.models import Picking, StockQuant
from zhangfang.inventory.services.pickings import picking_reserve, picking_validate
from zhangfang.testing import race

CLERKS = 20


def twenty_deliveries_of_the_last_five(stock):
    product = stock.product()
    stock.receive(product, "5", "10.00")
    pickings = [stock.picking(Picking.Kind.DELIVERY, stock.stock, stock.customer, (product, "1"))
                for _ in range(CLERKS)]
    return product, pickings


def take(service, actor_id, picking_id):
    return service(actor=User.objects.get(pk=actor_id), picking=Picking.objects.get(pk=picking_id))


def run(stock, service):
    product, pickings = twenty_deliveries_of_the_last_five(stock)
    results, errors = race(lambda pk: take(service, stock.actor.pk, pk), [(p.pk,) for p in pickings])
    assert len(results) == 5, errors
    assert len(errors) == CLERKS - 5 and all(isinstance(e, NotEnoughStock) for e in errors), errors
    return StockQuant.objects.get(product=product, location=stock.stock)


def assert_reserved_once(stock):
    quant = run(stock, picking_reserve)
    assert (quant.quantity, quant.reserved) == (Decimal("5"), Decimal("5"))
    assert Picking.objects.filter(kind=Picking.Kind.DELIVERY, status=Picking.Status.RESERVED).count() == 5
    assert checks.quants_match_moves() == []


def assert_delivered_once(stock):
    quant = run(stock, lambda **kwargs: picking_validate(**kwargs)[0])
    assert (quant.quantity, quant.reserved) == (0, 0)
    assert stock.balance("1405") == 0 and stock.balance("6401") == Decimal("50.00")
    assert checks.quants_match_moves() == checks.valuation_matches_ledger() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("check", [assert_reserved_once, assert_delivered_once])
def test_the_last_five_units_go_to_five_of_twenty_on_postgresql(stock, check):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL; SQLite has its own test")
    check(stock)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("check", [assert_reserved_once, assert_delivered_once])
def test_the_last_five_units_go_to_five_of_twenty_on_sqlite(stock, check):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's writer lock is exercised on SQLite; PostgreSQL has its own test")
    check(stock)
