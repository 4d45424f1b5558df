"""Stock figures by product, location, lot and date; the report and the history."""

import datetime
from decimal import Decimal

from zhangfang.inventory.models import Picking
from zhangfang.inventory.selectors.stock import available, move_history, on_hand, stock_report, stock_value
from zhangfang.inventory.services.pickings import picking_reserve, picking_validate
from zhangfang.inventory.services.warehouses import location_create, warehouse_create

D = Decimal


def test_figures_by_location_subtree_date_and_warehouse(stock):
    shelf = location_create(actor=stock.actor, company=stock.company, name="A01", parent=stock.stock)
    hankou = warehouse_create(actor=stock.actor, company=stock.company, code="HK", name="汉口仓")
    product = stock.product("fifo")
    yesterday = stock.today - datetime.timedelta(days=1)
    stock.receive(product, "10", "2.00", destination=shelf, date=yesterday)
    stock.receive(product, "5", "3.00", destination=hankou.stock_location)
    stock.deliver(product, "4", source=shelf)  # 4 × 2.00
    reserved = stock.picking(Picking.Kind.DELIVERY, shelf, stock.customer, (product, "1"))
    picking_reserve(actor=stock.actor, picking=reserved)

    assert on_hand(stock.company, product) == D("11")
    assert on_hand(stock.company, product, location=stock.warehouse.view_location) == D("6")
    assert on_hand(stock.company, product, location=shelf) == D("6")
    assert available(stock.company, product, location=stock.stock) == D("5")
    assert stock_value(stock.company) == D("27.00")
    assert stock_value(stock.company, date=yesterday) == D("20.00")
    assert stock_value(stock.company, product=product, location=stock.stock) == D("12.00")
    assert stock_value(stock.company, location=hankou.view_location) == D("15.00")

    rows = [(r.location.full_name, r.quantity, r.reserved, r.available, r.value)
            for r in stock_report(stock.company)]
    assert rows == [("HK/Stock", D("5"), 0, D("5"), D("15.00")), ("WH/Stock/A01", D("6"), D("1"), D("5"), D("12.00"))]
    then = [(r.location.full_name, r.quantity, r.value) for r in stock_report(stock.company, date=yesterday)]
    assert then == [("WH/Stock/A01", D("10"), D("20.00"))]
    assert [r.location for r in stock_report(stock.company, location=hankou.view_location)] == [
        hankou.stock_location]


def test_history_lists_done_moves_newest_first(stock):
    product, other = stock.product(), stock.product()
    first = stock.receive(product, "2", "1.00")
    stock.receive(other, "2", "1.00")
    last = stock.deliver(product, "1")
    stock.picking(Picking.Kind.DELIVERY, stock.stock, stock.customer, (product, "1"))  # not done

    moves = move_history(stock.company, product=product, location=stock.stock)

    assert [m.picking for m in moves] == [last, first]


def test_a_transfer_to_another_warehouse_through_transit_keeps_the_goods_on_hand(stock):
    hankou = warehouse_create(actor=stock.actor, company=stock.company, code="HK", name="汉口仓")
    transit = stock.supplier.__class__.objects.get(company=stock.company, kind="transit")
    product = stock.product()
    stock.receive(product, "6", "5.00")

    out = stock.picking(Picking.Kind.INTERNAL, stock.stock, transit, (product, "6"))
    picking_validate(actor=stock.actor, picking=out)

    assert on_hand(stock.company, product) == D("6") and on_hand(stock.company, product, stock.stock) == 0
    assert stock_value(stock.company, location=transit) == D("30.00")
    back_in = stock.picking(Picking.Kind.INTERNAL, transit, hankou.stock_location, (product, "6"))
    picking_validate(actor=stock.actor, picking=back_in)
    assert on_hand(stock.company, product, hankou.view_location) == D("6") and stock.balance("1405") == D("30.00")
