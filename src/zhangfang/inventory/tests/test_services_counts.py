"""Stocktakes and cycle counts: expected quantities captured at start, differences booked
to inventory loss at current cost (1901 待处理财产损溢 against 1405 stock)."""

from decimal import Decimal

import pytest

from zhangfang.accounting.models import JournalEntry
from zhangfang.inventory.exceptions import StockCountIncomplete, StockCountTransitionNotAllowed, StockFieldInvalid
from zhangfang.inventory.models import Picking, StockCount
from zhangfang.inventory.selectors.stock import on_hand, stock_value
from zhangfang.inventory.services.counts import (
    stock_count_cancel,
    stock_count_create,
    stock_count_line_add,
    stock_count_line_set,
    stock_count_start,
    stock_count_validate,
)
from zhangfang.inventory.services.warehouses import location_create

D = Decimal


def counted(stock, count, figures):
    """figures: {product: counted}; sets the count's lines."""
    for line in count.lines.all():
        stock_count_line_set(actor=stock.actor, line=line, counted=figures[line.product])


def test_a_count_books_a_loss_and_a_surplus_in_one_adjustment(stock):
    bolts, nuts = stock.product("average"), stock.product("fifo")
    stock.receive(bolts, "10", "4.00")
    stock.receive(nuts, "20", "0.50")
    count = stock_count_create(actor=stock.actor, company=stock.company, location=stock.warehouse.view_location,
                               blind=True)

    count = stock_count_start(actor=stock.actor, count=count)
    assert sorted((line.product.code, line.expected) for line in count.lines.all()) == [
        (bolts.code, D("10")), (nuts.code, D("20"))]
    counted(stock, count, {bolts: D("8"), nuts: D("23")})
    count = stock_count_validate(actor=stock.actor, count=count)

    assert count.status == StockCount.Status.DONE and count.blind
    assert count.number == f"PD-{stock.today.year}-0001"
    assert count.picking.kind == Picking.Kind.ADJUSTMENT and count.picking.status == Picking.Status.DONE
    assert sorted((line.product.code, line.difference, line.move.value) for line in count.lines.all()) == [
        (bolts.code, D("-2"), D("8.00")), (nuts.code, D("3"), D("1.50"))]
    entry = JournalEntry.objects.get(reference=count.picking.number)
    assert sorted((line.account.code, line.debit, line.credit) for line in entry.lines.all()) == [
        ("1405", 0, D("8.00")), ("1405", D("1.50"), 0), ("1901", 0, D("1.50")), ("1901", D("8.00"), 0)]
    assert on_hand(stock.company, bolts) == D("8") and on_hand(stock.company, nuts) == D("23")
    assert stock.balance("1405") == stock_value(stock.company) == D("43.50")
    assert stock.balance("1901") == D("6.50")


def test_a_cycle_count_of_one_shelf_and_a_found_item(stock):
    shelf = location_create(actor=stock.actor, company=stock.company, name="A01", parent=stock.stock)
    product, elsewhere, found = stock.product(), stock.product(), stock.product()
    stock.receive(product, "5", "2.00", destination=shelf)
    stock.receive(elsewhere, "5", "2.00")
    stock.receive(found, "1", "3.00")  # sets its cost; none of it is on the shelf
    count = stock_count_start(actor=stock.actor, count=stock_count_create(
        actor=stock.actor, company=stock.company, location=shelf, kind=StockCount.Kind.CYCLE))

    assert [line.product for line in count.lines.all()] == [product]
    stock_count_line_add(actor=stock.actor, count=count, product=found, location=shelf, counted=D("2"))
    stock_count_line_set(actor=stock.actor, line=count.lines.get(product=product), counted=D("5"))
    stock_count_validate(actor=stock.actor, count=count)

    assert on_hand(stock.company, found, location=shelf) == D("2")
    assert stock.balance("1901") == D("-6.00")  # surplus at the current cost of 3.00
    assert count.lines.get(product=product).move is None


def test_uncounted_lines_stop_validation_unless_they_count_as_zero(stock):
    product = stock.product()
    stock.receive(product, "4", "1.00")
    count = stock_count_start(actor=stock.actor, count=stock_count_create(actor=stock.actor, company=stock.company,
                                                                          location=stock.stock))

    with pytest.raises(StockCountIncomplete):
        stock_count_validate(actor=stock.actor, count=count)
    stock_count_validate(actor=stock.actor, count=count, uncounted_zero=True)

    assert on_hand(stock.company, product) == 0
    with pytest.raises(StockCountTransitionNotAllowed):
        stock_count_cancel(actor=stock.actor, count=count)


def test_counts_refuse_bad_entries(stock):
    product = stock.product()
    stock.receive(product, "4", "1.00")
    count = stock_count_create(actor=stock.actor, company=stock.company, location=stock.stock)

    with pytest.raises(StockFieldInvalid):
        stock_count_create(actor=stock.actor, company=stock.company, location=stock.customer)
    with pytest.raises(StockCountTransitionNotAllowed):
        stock_count_line_add(actor=stock.actor, count=count, product=product, location=stock.stock, counted=D("1"))
    count = stock_count_start(actor=stock.actor, count=count)
    with pytest.raises(StockFieldInvalid):
        stock_count_line_set(actor=stock.actor, line=count.lines.get(), counted=D("-1"))
    with pytest.raises(StockFieldInvalid):
        stock_count_line_add(actor=stock.actor, count=count, product=product, location=stock.stock, counted=D("1"))
