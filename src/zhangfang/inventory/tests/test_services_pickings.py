"""Transfers: reservation all or nothing, backorders, negative stock, lots and serial numbers."""

from decimal import Decimal

import pytest

from zhangfang.core.errors import PermissionDenied
from zhangfang.inventory.exceptions import (
    LotRequired,
    NotEnoughStock,
    NothingToValidate,
    PickingTransitionNotAllowed,
    QuantityAboveDemand,
    ReturnInvalid,
    SerialQuantityInvalid,
    StockLineInvalid,
)
from zhangfang.inventory.models import Picking, StockMove, StockQuant
from zhangfang.inventory.selectors.stock import available, lot_trace, on_hand, stock_value
from zhangfang.inventory.services.pickings import (
    picking_cancel,
    picking_confirm,
    picking_create,
    picking_reserve,
    picking_return,
    picking_shipping_set,
    picking_unreserve,
    picking_update,
    picking_validate,
)
from zhangfang.inventory.services.products import lot_create

D = Decimal
Kind, Status = Picking.Kind, Picking.Status


def delivery(stock, *lines):
    return stock.picking(Kind.DELIVERY, stock.stock, stock.customer, *lines)


def quant(product, location):
    return StockQuant.objects.get(product=product, location=location, lot=None)


def test_receipt_numbers_follow_the_kind_and_year(stock):
    product = stock.product()

    first = stock.picking(Kind.RECEIPT, stock.supplier, stock.stock, (product, "1", "1.00"))
    second = delivery(stock, (product, "1"))

    assert first.number == f"IN-{stock.today.year}-0001"
    assert second.number == f"OUT-{stock.today.year}-0001"
    assert first.status == Status.DRAFT and first.moves.get().status == StockMove.Status.DRAFT


def test_bad_lines_are_refused_by_line_and_field(stock):
    product = stock.product()
    service = stock.product(kind="service")

    with pytest.raises(StockLineInvalid) as missing_cost:
        stock.picking(Kind.RECEIPT, stock.supplier, stock.stock, (product, "1"))
    with pytest.raises(StockLineInvalid) as float_quantity:
        picking_create(actor=stock.actor, company=stock.company, kind=Kind.RECEIPT, source=stock.supplier,
                       destination=stock.stock, scheduled_date=stock.today,
                       lines=[{"product": product, "quantity": 1.5, "unit_cost": D("1")}])
    with pytest.raises(StockLineInvalid) as not_stocked:
        delivery(stock, (product, "1"), (service, "1"))

    assert missing_cost.value.fields == {"lines.1.unit_cost": ["goods received from a supplier need their unit cost."]}
    assert list(float_quantity.value.fields) == ["lines.1.quantity"]
    assert list(not_stocked.value.fields) == ["lines.2.product"]
    assert not Picking.objects.exists()


def test_reservation_is_all_or_nothing(stock):
    bolts, nuts = stock.product(), stock.product()
    stock.receive(bolts, "10", "1.00")
    stock.receive(nuts, "3", "1.00")
    picking = delivery(stock, (bolts, "4"), (nuts, "5"))

    with pytest.raises(NotEnoughStock) as short:
        picking_reserve(actor=stock.actor, picking=picking)

    assert str(short.value) == f"Not enough {nuts} at WH/Stock: 5 requested, 3 available."
    picking.refresh_from_db()
    assert picking.status == Status.DRAFT
    assert quant(bolts, stock.stock).reserved == 0 and available(stock.company, bolts) == D("10")
    assert set(picking.moves.values_list("reserved_quantity", flat=True)) == {0}


def test_reserved_goods_are_not_available_to_others(stock):
    product = stock.product()
    stock.receive(product, "5", "1.00")
    first, second = delivery(stock, (product, "4")), delivery(stock, (product, "2"))

    picking_reserve(actor=stock.actor, picking=first)
    with pytest.raises(NotEnoughStock, match="2 requested, 1 available"):
        picking_reserve(actor=stock.actor, picking=second)
    with pytest.raises(NotEnoughStock, match="2 requested, 1 available"):
        picking_validate(actor=stock.actor, picking=second)  # validating unreserved takes no one's reservation

    assert available(stock.company, product) == D("1") and on_hand(stock.company, product) == D("5")
    picking_unreserve(actor=stock.actor, picking=first)
    picking_reserve(actor=stock.actor, picking=second)
    assert available(stock.company, product) == D("3")


def test_partial_validation_leaves_a_backorder(stock):
    product, other = stock.product(), stock.product()
    picking = stock.picking(Kind.RECEIPT, stock.supplier, stock.stock, (product, "10", "2.00"), (other, "4", "3.00"))
    move, other_move = picking.moves.order_by("pk")

    done, backorder = picking_validate(actor=stock.actor, picking=picking, quantities={move.pk: D("6"),
                                                                                     other_move.pk: D("0")})

    assert done.status == Status.DONE and done.done_by == stock.actor
    assert backorder.backorder_of == done and backorder.status == Status.CONFIRMED
    assert list(done.moves.values_list("product", "quantity", "value")) == [(product.pk, D("6"), D("12.00"))]
    rest = sorted(backorder.moves.values_list("product", "quantity", "split_from"))
    assert rest == sorted([(product.pk, D("4"), move.pk), (other.pk, D("4"), None)])
    other_move.refresh_from_db()
    assert other_move.picking == backorder  # the undone move itself went to the backorder

    again, none = picking_validate(actor=stock.actor, picking=backorder)
    assert none is None
    assert on_hand(stock.company, product) == D("10") and stock.balance("1405") == D("32.00")


def test_partial_delivery_releases_the_rest_of_the_reservation(stock):
    product = stock.product()
    stock.receive(product, "10", "1.00")
    picking = delivery(stock, (product, "8"))
    picking_reserve(actor=stock.actor, picking=picking)

    _done, backorder = picking_validate(actor=stock.actor, picking=picking,
                                        quantities={picking.moves.get().pk: D("5")})

    assert quant(product, stock.stock).quantity == D("5") and quant(product, stock.stock).reserved == 0
    assert backorder.moves.get().reserved_quantity == 0


def test_validation_checks_done_quantities(stock):
    product = stock.product()
    stock.receive(product, "10", "1.00")
    picking = delivery(stock, (product, "2"))
    move = picking.moves.get()

    with pytest.raises(QuantityAboveDemand):
        picking_validate(actor=stock.actor, picking=picking, quantities={move.pk: D("3")})
    with pytest.raises(NothingToValidate):
        picking_validate(actor=stock.actor, picking=picking, quantities={move.pk: D("0")})
    picking_validate(actor=stock.actor, picking=picking, quantities={move.pk: D("3")}, allow_over=True)

    assert on_hand(stock.company, product) == D("7")
    with pytest.raises(PickingTransitionNotAllowed):
        picking_cancel(actor=stock.actor, picking=picking)


def test_negative_stock_is_refused_and_nothing_changes(stock):
    product = stock.product()
    stock.receive(product, "3", "5.00")
    picking = delivery(stock, (product, "5"))

    with pytest.raises(NotEnoughStock, match="5 requested, 3 available"):
        picking_validate(actor=stock.actor, picking=picking)

    picking.refresh_from_db()
    assert picking.status == Status.DRAFT
    assert on_hand(stock.company, product) == D("3") and stock.balance("1405") == D("15.00")


def test_allowed_negative_stock_is_settled_at_the_next_receipt_cost(stock):
    stock.company.allow_negative_stock = True
    stock.company.save()
    product = stock.product()
    stock.receive(product, "3", "5.00")

    out = stock.deliver(product, "5").moves.get()  # 3 at 5.00 and 2 more at the last cost
    assert (out.value, on_hand(stock.company, product), stock.balance("1405")) == (D("25.00"), D("-2"), D("-10.00"))

    stock.receive(product, "4", "6.00")  # 2 fill the hole; they really cost 6.00, not 5.00

    assert on_hand(stock.company, product) == D("2")
    assert stock_value(stock.company, product=product) == stock.balance("1405") == D("12.00")
    assert stock.balance("6401") == D("27.00")
    product.refresh_from_db()
    assert product.average_cost == D("6.000000")


def test_fifo_negative_stock_fills_the_hole_from_the_next_layer(stock):
    stock.company.allow_negative_stock = True
    stock.company.save()
    product = stock.product("fifo")

    stock.deliver(product, "2")  # no layer yet: at the purchase price 0
    stock.receive(product, "5", "4.00")

    layer = product.layers.filter(quantity__gt=0).get()
    assert (layer.remaining_quantity, layer.remaining_value) == (D("3"), D("12.00"))
    assert stock.balance("1405") == D("12.00") and stock.balance("6401") == D("8.00")


def test_lot_tracked_goods_need_a_lot_and_are_traced(stock):
    product = stock.product(tracking="lot")
    lot = lot_create(actor=stock.actor, company=stock.company, product=product, name="L2026-01")
    picking = stock.picking(Kind.RECEIPT, stock.supplier, stock.stock, (product, "10", "3.00"))

    with pytest.raises(LotRequired):
        picking_validate(actor=stock.actor, picking=picking)
    picking_validate(actor=stock.actor, picking=picking, lots={picking.moves.get().pk: lot})
    out = delivery(stock, (product, "4"))
    picking_reserve(actor=stock.actor, picking=out)  # reserved without a lot: any lot of the product
    picking_validate(actor=stock.actor, picking=out, lots={out.moves.get().pk: lot})

    assert on_hand(stock.company, product, lot=lot) == D("6")
    assert [(m.picking.number, m.quantity) for m in lot_trace(lot)] == [(picking.number, D("10")),
                                                                        (out.number, D("4"))]
    assert set(StockQuant.objects.filter(product=product).values_list("reserved", flat=True)) == {0}


def test_serial_numbers_split_a_receipt_one_unit_each_and_stay_unique(stock):
    product = stock.product(tracking="serial")
    serials = [lot_create(actor=stock.actor, company=stock.company, product=product, name=f"SN{n}")
               for n in range(3)]
    picking = stock.picking(Kind.RECEIPT, stock.supplier, stock.stock, (product, "3", "100.00"))
    move = picking.moves.get()

    picking_validate(actor=stock.actor, picking=picking, lots={move.pk: serials})

    assert sorted(picking.moves.values_list("lot__name", "quantity", "split_from")) == [
        ("SN0", D("1"), None), ("SN1", D("1"), move.pk), ("SN2", D("1"), move.pk)]
    again = stock.picking(Kind.RECEIPT, stock.supplier, stock.stock, (product, "1", "100.00", serials[0]))
    with pytest.raises(SerialQuantityInvalid):
        picking_validate(actor=stock.actor, picking=again)
    assert on_hand(stock.company, product) == D("3")


def test_returns_cannot_exceed_what_was_done(stock):
    product = stock.product()
    receipt = stock.receive(product, "5", "2.00")
    move = receipt.moves.get()
    picking_return(actor=stock.actor, picking=receipt, lines=[{"move": move, "quantity": D("3")}])

    with pytest.raises(ReturnInvalid):
        picking_return(actor=stock.actor, picking=receipt, lines=[{"move": move, "quantity": D("3")}])


def test_cancel_releases_the_reservation(stock):
    product = stock.product()
    stock.receive(product, "5", "1.00")
    picking = delivery(stock, (product, "5"))
    picking_confirm(actor=stock.actor, picking=picking)
    picking_reserve(actor=stock.actor, picking=picking)

    picking_cancel(actor=stock.actor, picking=picking)

    assert available(stock.company, product) == D("5")
    assert set(picking.moves.values_list("status", flat=True)) == {StockMove.Status.CANCELLED}


def test_only_drafts_are_edited_and_their_lines_replaced(stock):
    product, other = stock.product(), stock.product()
    picking = delivery(stock, (product, "1"))

    picking_update(actor=stock.actor, picking=picking, origin="SO-2026-0007",
                   lines=[{"product": other, "quantity": D("2")}])

    assert list(picking.moves.values_list("product", "quantity", "origin")) == [(other.pk, D("2"), "SO-2026-0007")]
    picking_confirm(actor=stock.actor, picking=picking)
    with pytest.raises(PickingTransitionNotAllowed):
        picking_update(actor=stock.actor, picking=picking, notes="too late")


def test_shipping_details_are_kept(stock):
    product = stock.product()
    picking = delivery(stock, (product, "1"))

    picking_shipping_set(actor=stock.actor, picking=picking, carrier="顺丰速运", tracking_number="SF1234567890")

    picking.refresh_from_db()
    assert (picking.carrier, picking.tracking_number) == ("顺丰速运", "SF1234567890")


def test_transfers_need_inventory_rights_unless_the_caller_checked_its_own(stock, make_user):
    product = stock.product()
    buyer = make_user("buyer")

    lines = [{"product": product, "quantity": D("1"), "unit_cost": D("1.00")}]

    with pytest.raises(PermissionDenied):
        picking_create(actor=buyer, company=stock.company, kind=Kind.RECEIPT, source=stock.supplier,
                       destination=stock.stock, scheduled_date=stock.today, lines=lines)
    picking = picking_create(actor=buyer, company=stock.company, kind=Kind.RECEIPT, source=stock.supplier,
                             destination=stock.stock, scheduled_date=stock.today, lines=lines, authorised=True)
    with pytest.raises(PermissionDenied):
        picking_validate(actor=buyer, picking=picking)
    picking_validate(actor=make_user("warehouse"), picking=picking)
    assert on_hand(stock.company, product) == D("1")
