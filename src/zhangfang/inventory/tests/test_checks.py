"""Integrity checks: clean stock passes; each tampering is reported once, by name."""

from django.db import connection

from zhangfang.core.integrity import run_all
from zhangfang.inventory import checks
from zhangfang.inventory.models import StockQuant, ValuationLayer


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def trade(stock, valuation="average"):
    product = stock.product(valuation)
    receipt = stock.receive(product, "10", "5.00")
    stock.deliver(product, "4")
    return product, receipt.moves.get()


def test_clean_stock_passes_both_checks(stock):
    trade(stock, "average")
    trade(stock, "fifo")

    results = {r.code: r for r in run_all() if r.code.startswith("inventory.")}

    assert set(results) == {"inventory.quants_match_moves", "inventory.valuation_matches_ledger"}
    assert all(r.ok for r in results.values()), [r.findings for r in results.values()]


def test_a_changed_done_move_is_reported_against_its_quant(stock):
    product, receipt = trade(stock)

    sql("UPDATE inventory_stockmove SET quantity = %s WHERE id = %s", "12", receipt.pk)

    assert checks.quants_match_moves() == [
        f"{product.code} at WH/Stock (product id {product.pk}, location id {stock.stock.pk}): on hand 6, "
        "the done moves give 8; see its move history"]
    assert checks.valuation_matches_ledger() == []


def test_a_changed_reservation_is_reported(stock):
    product, _receipt = trade(stock)
    quant = StockQuant.objects.get(product=product)

    sql("UPDATE inventory_stockquant SET reserved = %s WHERE id = %s", "2", quant.pk)

    assert checks.quants_match_moves() == [
        f"{product.code} at WH/Stock (product id {product.pk}, location id {stock.stock.pk}): reserved 2, "
        "open moves hold 0; see its move history"]


def test_a_changed_layer_value_is_reported_against_the_stock_account(stock):
    _product, receipt = trade(stock)
    layer = ValuationLayer.objects.get(move=receipt)

    sql("UPDATE inventory_valuationlayer SET value = %s WHERE id = %s", "49.00", layer.pk)

    assert checks.valuation_matches_ledger() == [
        f"company {stock.company.pk} account 1405: stock value 29.00, ledger balance 30.00; difference 1.00"]
    assert checks.quants_match_moves() == []


def test_a_manual_entry_on_the_stock_account_is_reported(stock):
    trade(stock)

    stock.post(stock.today, ("1405", "100.00", ""), ("1002", "", "100.00"))

    assert checks.valuation_matches_ledger() == [
        f"company {stock.company.pk} account 1405: stock value 30.00, ledger balance 130.00; difference 100.00"]


def test_fifo_layers_that_no_longer_hold_the_stock_are_reported(stock):
    product, receipt = trade(stock, "fifo")
    layer = ValuationLayer.objects.get(move=receipt)

    sql("UPDATE inventory_valuationlayer SET remaining_quantity = %s WHERE id = %s", "7", layer.pk)

    assert checks.valuation_matches_ledger() == [
        f"{product.code} (product id {product.pk}, FIFO): layers hold 7 worth 30.00, stock is 6 worth 30.00; "
        "see its valuation layers"]
