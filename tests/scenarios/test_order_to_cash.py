"""Order to cash: one order of centrifugal pumps in November 2026, from quotation to the money in
the bank, run once with the pumps valued at moving average and once at FIFO. PRC chart, CNY.

 1. Nov  2  10 pumps received at 600.00: Dr 1405 stock 6,000.00 / Cr 2209 goods received not invoiced.
 2. Nov  4  10 more at 660.00: Dr 1405 6,600.00 / Cr 2209. Stock 20 pumps worth 12,600.00
            (moving average 630.00 a pump; FIFO layers 10 × 600.00 and 10 × 660.00).
 3. Nov  5  Quotation SO-2026-0001 to 武汉客户: 16 pumps at 1,000.00 less 5 %, invoiced on delivery:
            untaxed 16 × 950.00 = 15,200.00, VAT 13 % 1,976.00, total 17,176.00. Confirmed: the
            delivery order of 16 is reserved (20 on hand).
 4. Nov  6  12 leave with 顺丰速运 (tracking SF1130000001); 4 wait on a backorder.
            Cost of sales   average 12 × 630.00 = 7,560.00     FIFO 10 × 600.00 + 2 × 660.00 = 7,320.00
            (Dr 6401 / Cr 1405). Invoiced on delivery: 12 × 950.00 = 11,400.00 + VAT 1,482.00
            = 12,882.00 (Dr 1122 / Cr 6001, Cr 222102).
 5. Nov  9  The backorder's 4 leave:  average 4 × 630.00 = 2,520.00     FIFO 4 × 660.00 = 2,640.00.
            Invoiced: 4 × 950.00 = 3,800.00 + VAT 494.00 = 4,294.00.
 6. Nov 12  3 pumps come back damaged, from the Nov 9 delivery, at the cost they left at:
            average 3 × 630.00 = 1,890.00     FIFO 3 × 660.00 = 1,980.00   (Dr 1405 / Cr 6401).
            Credit note against the Nov 9 invoice: 3 × 950.00 = 2,850.00 + VAT 370.50 = 3,220.50
            (Dr 6001, Dr 222102 / Cr 1122), settling that invoice down to 1,073.50.
 7. Nov 16  The customer pays what is due: 12,882.00 + 1,073.50 = 13,955.50 (Dr 1002 / Cr 1122)
            = 17,176.00 invoiced − 3,220.50 credited. The order is paid.
 8. Nov 30  Stocktake: 7 pumps on the books (20 − 16 + 3), 6 on the shelf. The one lost goes to
            1901 at current cost: average 630.00, FIFO 660.00 (the oldest layer left is Nov 4's).

Balances at Nov 30                         moving average          FIFO
    1405 stock (6 pumps)                 Dr   3,780.00        Dr   3,960.00
         6,000 + 6,600 − 12 out − 4 out + 3 back − 1 lost
    6401 cost of sales                   Dr   8,190.00        Dr   7,980.00
         (7,560 + 2,520 − 1,890)               (7,320 + 2,640 − 1,980)
    1901 inventory loss                  Dr     630.00        Dr     660.00
    1002 bank                            Dr  13,955.50        Dr  13,955.50
    1122 receivable                           0.00                 0.00
    2209 goods received not invoiced     Cr  12,600.00        Cr  12,600.00
    6001 revenue (15,200 − 2,850)        Cr  12,350.00        Cr  12,350.00
    222102 output VAT (1,976 − 370.50)   Cr   1,605.50        Cr   1,605.50
    totals                        Dr = Cr 26,555.50           Dr = Cr 26,555.50
Gross margin 12,350.00 − cost of sales: 4,160.00 (average) and 4,370.00 (FIFO); the 210.00
between them sits in the stock (3,960 − 3,780) and the loss (660 − 630).
"""

import datetime
from decimal import Decimal as D

import pytest

from zhangfang.accounting.models import Invoice
from zhangfang.inventory.models import Picking
from zhangfang.inventory.selectors.stock import on_hand, stock_value
from zhangfang.inventory.services.counts import (
    stock_count_create,
    stock_count_line_set,
    stock_count_start,
    stock_count_validate,
)
from zhangfang.sales.selectors import order_invoices, order_pickings, payment_state
from zhangfang.sales.services.deliveries import sales_order_deliver
from zhangfang.sales.services.invoicing import sales_order_invoice, sales_order_payment_register
from zhangfang.sales.services.orders import sales_order_confirm, sales_order_send
from zhangfang.sales.services.returns import sales_order_return
from zhangfang.sales.tests.shop import Shop

NOV = {day: datetime.date(2026, 11, day) for day in (2, 4, 5, 6, 9, 12, 16, 30)}
CODES = ("1405", "6401", "1901", "1002", "1122", "2209", "6001", "222102")
FIGURES = {  # cost out Nov 6, out Nov 9, back Nov 12, lost Nov 30; balances at Nov 30 in CODES order
    "average": {"first": D("7560.00"), "second": D("2520.00"), "back": D("1890.00"), "lost": D("630.00"),
                "balances": ["3780.00", "8190.00", "630.00", "13955.50", "0.00", "-12600.00", "-12350.00",
                             "-1605.50"]},
    "fifo": {"first": D("7320.00"), "second": D("2640.00"), "back": D("1980.00"), "lost": D("660.00"),
             "balances": ["3960.00", "7980.00", "660.00", "13955.50", "0.00", "-12600.00", "-12350.00",
                          "-1605.50"]},
}


def balances(shop) -> list[D]:
    return [shop.balance(code) for code in CODES]


@pytest.mark.parametrize("valuation", ["average", "fifo"])
def test_order_to_cash(admin, company, valuation):
    figures = FIGURES[valuation]
    shop = Shop(admin, company)
    pump = shop.product(valuation, name="离心泵 IS80", price="1000.00")

    # 1–2. goods in
    shop.receive(pump, "10", "600.00", date=NOV[2])
    shop.receive(pump, "10", "660.00", date=NOV[4])
    assert stock_value(company, product=pump) == D("12600.00")

    # 3. quoted, sent, confirmed; the delivery is reserved
    order = shop.order((pump, "16", {"discount": D("5")}), date=NOV[5], invoice_policy="delivery",
                       reference="CG-2026-118")
    sales_order_send(actor=admin, order=order)
    order = sales_order_confirm(actor=admin, order=order)
    assert (order.number, order.amount_untaxed, order.amount_tax, order.amount_total) == (
        "SO-2026-0001", D("15200.00"), D("1976.00"), D("17176.00"))
    (delivery,) = order_pickings(order)
    assert delivery.status == Picking.Status.RESERVED
    line = order.lines.get()

    # 4. 12 go, 4 wait; invoiced on delivery
    done, backorder = sales_order_deliver(actor=admin, order=order, quantities={line.pk: D("12")}, date=NOV[6],
                                          carrier="顺丰速运", tracking_number="SF1130000001")
    assert (done.tracking_number, backorder.moves.get().quantity, backorder.status) == (
        "SF1130000001", D("4"), "reserved")
    assert done.moves.get().value == figures["first"]
    first = sales_order_invoice(actor=admin, order=order, date=NOV[6])
    assert (first.amount_untaxed, first.amount_tax, first.amount_total) == (
        D("11400.00"), D("1482.00"), D("12882.00"))
    assert shop.balance("6401") == figures["first"]

    # 5. the backorder goes and is invoiced; all delivered and invoiced: done
    second_delivery, rest = sales_order_deliver(actor=admin, order=order, date=NOV[9])
    assert rest is None and second_delivery == backorder
    assert second_delivery.moves.get().value == figures["second"]
    second = sales_order_invoice(actor=admin, order=order, date=NOV[9])
    assert second.amount_total == D("4294.00")
    order.refresh_from_db()
    assert order.status == "done"

    # 6. 3 back from the Nov 9 delivery, credited against the Nov 9 invoice
    returned = sales_order_return(actor=admin, order=order, quantities={line.pk: D("3")}, date=NOV[12],
                                  reason="运输破损")
    (back,) = returned.pickings
    (note,) = returned.credit_notes
    assert (back.return_of, back.moves.get().value) == (backorder, figures["back"])
    assert (note.credit_note_of, note.amount_untaxed, note.amount_tax, note.amount_total) == (
        second, D("2850.00"), D("370.50"), D("3220.50"))
    second.refresh_from_db()
    assert second.amount_residual == D("1073.50")
    line.refresh_from_db()
    assert (line.delivered_quantity, line.returned_quantity, line.invoiced_quantity) == (D("13"), D("3"), D("13"))
    assert shop.balance("6401") == figures["first"] + figures["second"] - figures["back"]

    # 7. paid
    payment = sales_order_payment_register(actor=admin, order=order, journal=shop.bank, date=NOV[16])
    assert payment.amount == D("13955.50")
    assert payment_state(order) == Invoice.PaymentState.PAID
    assert {invoice.payment_state for invoice in order_invoices(order) if invoice.kind == "out_invoice"} == {"paid"}

    # 8. the stocktake finds 6 of 7
    count = stock_count_create(actor=admin, company=company, location=shop.stock, date=NOV[30])
    count = stock_count_start(actor=admin, count=count)
    (counted,) = count.lines.all()
    assert counted.expected == D("7")
    stock_count_line_set(actor=admin, line=counted, counted=D("6"))
    stock_count_validate(actor=admin, count=count, date=NOV[30])

    assert on_hand(company, pump) == D("6")
    assert shop.balance("1901") == figures["lost"]
    assert balances(shop) == [D(amount) for amount in figures["balances"]]
    assert stock_value(company, product=pump) == shop.balance("1405")
    assert sum(balances(shop)) == 0
