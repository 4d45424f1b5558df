"""Twenty clerks reserve the last five pumps for twenty orders at the same moment: exactly five
orders get one, the other fifteen hear NotEnoughStock, and the stock is never over-reserved.

PostgreSQL runs the reservations in parallel under row locks on the stock; SQLite serialises
the writers (IMMEDIATE transactions), so the same outcome must hold there too."""

from decimal import Decimal as D

import pytest
from django.db import connection

from zhangfang.core.models import User
from zhangfang.inventory.exceptions import NotEnoughStock
from zhangfang.inventory.models import StockQuant
from zhangfang.sales.selectors import order_pickings
from zhangfang.sales.services.deliveries import sales_order_reserve
from zhangfang.sales.services.orders import sales_order_confirm
from zhangfang.testing import race

CLERKS, UNITS = 20, 5


def _race_for_the_last_units(shop):
    pump = shop.product()
    orders = [sales_order_confirm(actor=shop.actor, order=shop.order((pump, "1"))) for _n in range(CLERKS)]
    assert {order_pickings(order).get().status for order in orders} == {"confirmed"}  # nothing in stock yet
    shop.receive(pump, str(UNITS), "60.00")

    def reserve(order):
        actor = User.objects.get(pk=shop.actor.pk)
        sales_order_reserve(actor=actor, order=order)
        return order.pk

    reserved, errors = race(reserve, [(order,) for order in orders])

    assert len(reserved) == UNITS
    assert len(errors) == CLERKS - UNITS and all(isinstance(error, NotEnoughStock) for error in errors), errors
    assert [order_pickings(order).get().status for order in orders if order.pk in reserved] == ["reserved"] * UNITS
    quant = StockQuant.objects.get(product=pump, location=shop.stock)
    assert (quant.quantity, quant.reserved) == (D(UNITS), D(UNITS))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_units_go_to_exactly_as_many_orders_on_postgresql(shop):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL; the SQLite run is the next test")
    _race_for_the_last_units(shop)


@pytest.mark.django_db(transaction=True)
def test_the_last_units_go_to_exactly_as_many_orders_on_sqlite(shop):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL run is the test above")
    _race_for_the_last_units(shop)
