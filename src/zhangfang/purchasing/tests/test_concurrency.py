"""Two storekeepers receiving the last goods of one order at once on PostgreSQL: one receipt
goes through, the other is refused, nothing is received twice."""

from decimal import Decimal as D

import pytest
from django.db import connection

from zhangfang.core.models import User
from zhangfang.inventory.selectors.stock import on_hand
from zhangfang.purchasing.exceptions import NothingToReceive, OverReceipt
from zhangfang.purchasing.services.receipts import purchase_order_receive
from zhangfang.purchasing.tests.conftest import nov
from zhangfang.testing import race


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_boxes_are_received_once(buying):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are exercised on PostgreSQL")
    product = buying.product()
    order = buying.order((product, "10", "3.00"))
    buying.receive(order, ["6"], date=nov(2))
    line = order.lines.get()

    def receive(_n):
        return purchase_order_receive(actor=User.objects.get(pk=buying.actor.pk), order=order,
                                      quantities={line.pk: D("4")}, date=nov(3))

    results, errors = race(receive, [(1,), (2,)])

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], OverReceipt | NothingToReceive)
    line.refresh_from_db()
    assert line.received_quantity == D("10") and on_hand(buying.company, product) == D("10")
    assert buying.balance("2209") == D("-30.00")
