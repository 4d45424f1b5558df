"""Moving average and FIFO worked by hand: layers, stock value and the ledger balances of
1405 stock, 2209 goods received not invoiced, 6401 cost of sales and 6405 price differences."""

from decimal import Decimal

import pytest

from zhangfang.accounting.models import JournalEntry
from zhangfang.inventory.exceptions import StockAccountsMissing
from zhangfang.inventory.models import Picking, ValuationLayer
from zhangfang.inventory.selectors.stock import on_hand, stock_value
from zhangfang.inventory.services.pickings import picking_return, picking_validate
from zhangfang.inventory.services.products import product_category_update

D = Decimal


def layers(product):
    return [(layer.quantity, layer.value, layer.remaining_quantity, layer.remaining_value)
            for layer in ValuationLayer.objects.filter(product=product).order_by("pk")]


def ledger(stock):
    return {code: stock.balance(code) for code in ("1405", "2209", "6401", "6405")}


def test_average_cost_of_15_out_of_10_at_5_and_10_at_6_is_82_50(stock):
    product = stock.product("average")

    stock.receive(product, "10", "5.00")
    stock.receive(product, "10", "6.00")
    product.refresh_from_db()
    assert product.average_cost == D("5.500000")
    delivery = stock.deliver(product, "15")

    move = delivery.moves.get()
    assert (move.value, move.unit_cost) == (D("82.50"), D("5.500000"))
    assert layers(product) == [(D("10"), D("50.00"), 0, 0), (D("10"), D("60.00"), 0, 0), (D("-15"), D("-82.50"), 0, 0)]
    assert stock_value(stock.company, product=product) == D("27.50")
    assert ledger(stock) == {"1405": D("27.50"), "2209": D("-110.00"), "6401": D("82.50"), "6405": 0}


def test_fifo_cost_of_15_out_of_10_at_5_and_10_at_6_is_80_00(stock):
    product = stock.product("fifo")

    stock.receive(product, "10", "5.00")
    stock.receive(product, "10", "6.00")
    delivery = stock.deliver(product, "15")

    assert delivery.moves.get().value == D("80.00")
    assert layers(product) == [(D("10"), D("50.00"), 0, D("0.00")), (D("10"), D("60.00"), D("5"), D("30.00")),
                               (D("-15"), D("-80.00"), 0, 0)]
    assert stock_value(stock.company, product=product) == D("30.00")
    assert ledger(stock) == {"1405": D("30.00"), "2209": D("-110.00"), "6401": D("80.00"), "6405": 0}


def test_one_validation_books_one_balanced_entry_per_picking(stock):
    first, second = stock.product("average"), stock.product("fifo")
    picking = stock.picking(Picking.Kind.RECEIPT, stock.supplier, stock.stock, (first, "2", "10.00"),
                            (second, "3", "7.00"))

    picking_validate(actor=stock.actor, picking=picking)

    entry = JournalEntry.objects.get(origin="stock")
    assert entry.reference == picking.number
    lines = sorted((line.account.code, line.debit, line.credit) for line in entry.lines.all())
    assert lines == [("1405", D("20.00"), 0), ("1405", D("21.00"), 0), ("2209", 0, D("20.00")),
                     ("2209", 0, D("21.00"))]
    assert set(picking.moves.values_list("journal_entry", flat=True)) == {entry.pk}
    assert set(ValuationLayer.objects.values_list("journal_entry", flat=True)) == {entry.pk}


def test_the_issue_that_empties_average_stock_takes_what_is_left(stock):
    product = stock.product("average")
    stock.receive(product, "3", "10.00")
    stock.receive(product, "3", "10.01")  # 60.03 for 6: 10.005 each

    first = stock.deliver(product, "1").moves.get()
    last = stock.deliver(product, "5").moves.get()

    assert first.value == D("10.01")  # 10.005 rounded half-up
    assert last.value == D("50.02")  # not 5 × 10.005 = 50.03: nothing is left behind
    assert stock_value(stock.company, product=product) == 0
    assert stock.balance("1405") == 0


def test_the_last_unit_of_a_fifo_layer_takes_its_remaining_value(stock):
    product = stock.product("fifo")
    stock.receive(product, "3", "3.333333")  # 9.999999 → 10.00

    values = [stock.deliver(product, "1").moves.get().value for _ in range(3)]

    assert values == [D("3.33"), D("3.33"), D("3.34")]
    assert stock.balance("1405") == 0
    assert stock.balance("6401") == D("10.00")


@pytest.mark.parametrize(("valuation", "returned_value", "value_after"), [("average", "27.50", "55.00"),
                                                                         ("fifo", "26.67", "56.67")])
def test_a_customer_return_comes_back_at_the_delivery_cost(stock, valuation, returned_value, value_after):
    product = stock.product(valuation)
    stock.receive(product, "10", "5.00")
    stock.receive(product, "10", "6.00")
    delivery = stock.deliver(product, "15")  # average 5.50 a unit; FIFO 80.00 / 15 = 5.333333

    back = picking_return(actor=stock.actor, picking=delivery, lines=[{"move": delivery.moves.get(),
                                                                       "quantity": D("5")}])
    picking_validate(actor=stock.actor, picking=back)

    assert back.kind == Picking.Kind.RETURN_IN and back.return_of == delivery
    assert back.moves.get().value == D(returned_value)
    assert on_hand(stock.company, product) == D("10")
    assert stock_value(stock.company, product=product) == D(value_after)
    assert stock.balance("1405") == D(value_after)
    assert stock.balance("6401") == D("110.00") - D(value_after)


def test_a_fifo_return_to_the_supplier_takes_back_its_own_receipt(stock):
    product = stock.product("fifo")
    stock.receive(product, "10", "5.00")
    second = stock.receive(product, "10", "6.00")

    back = picking_return(actor=stock.actor, picking=second, lines=[{"move": second.moves.get(), "quantity": D("4")}])
    picking_validate(actor=stock.actor, picking=back)

    assert back.kind == Picking.Kind.RETURN_OUT
    assert back.moves.get().value == D("24.00")
    assert layers(product)[1] == (D("10"), D("60.00"), D("6"), D("36.00"))
    assert ledger(stock) == {"1405": D("86.00"), "2209": D("-86.00"), "6401": 0, "6405": 0}


def test_an_average_return_to_the_supplier_clears_grni_at_receipt_cost(stock):
    product = stock.product("average")
    stock.receive(product, "10", "5.00")
    second = stock.receive(product, "10", "6.00")  # average 5.50

    back = picking_return(actor=stock.actor, picking=second, lines=[{"move": second.moves.get(), "quantity": D("4")}])
    picking_validate(actor=stock.actor, picking=back)

    # Stock leaves at 4 × 5.50 = 22.00; the receipt booked 4 × 6.00 = 24.00 to GRNI.
    assert back.moves.get().value == D("22.00")
    assert ledger(stock) == {"1405": D("88.00"), "2209": D("-86.00"), "6401": 0, "6405": D("-2.00")}
    product.refresh_from_db()
    assert product.average_cost == D("5.500000")


def test_internal_transfers_move_value_between_locations_without_an_entry(stock):
    product = stock.product("average")
    stock.receive(product, "10", "4.00")
    shelf = stock.warehouse.quality_location

    picking = stock.picking(Picking.Kind.INTERNAL, stock.stock, shelf, (product, "3"))
    picking_validate(actor=stock.actor, picking=picking)

    assert JournalEntry.objects.count() == 1
    assert stock_value(stock.company, location=shelf) == D("12.00")
    assert stock_value(stock.company, location=stock.stock) == D("28.00")
    assert stock_value(stock.company, location=stock.warehouse.view_location) == D("40.00")


def test_consumables_move_quantities_only(stock):
    product = stock.product("average", kind="consumable")

    stock.receive(product, "5", "2.00")

    assert on_hand(stock.company, product) == D("5")
    assert not ValuationLayer.objects.exists() and not JournalEntry.objects.exists()


def test_a_category_without_a_stock_account_is_refused_by_name(stock):
    product = stock.product("average")
    product_category_update(actor=stock.actor, category=product.category, stock_account=None)

    with pytest.raises(StockAccountsMissing, match="stock account"):
        stock.receive(product, "1", "1.00")
    assert on_hand(stock.company, product) == 0
