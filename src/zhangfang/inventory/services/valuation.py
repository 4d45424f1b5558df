"""Stock valuation (SCM-6): what a done move adds to or takes from stock, as valuation
layers, and the journal amounts that keep the stock accounts equal to the layers.

Callers hold the product's row lock (moves.StockBatch). Every layer's value is rounded to
the cent here and the journal lines are summed from exactly those values, so the stock
value (the sum of layers) always equals the stock accounts' balance.

- Moving average: receipts recompute ``product.average_cost`` = (stock value + receipt
  value) / new quantity; issues leave at that cost, and the issue that empties the stock
  takes whatever value is left, so no value stays behind without quantity.
- FIFO: receipts are layers whose ``remaining_quantity``/``remaining_value`` issues consume,
  oldest first; the last unit of a layer takes the layer's remaining value.
- Negative stock (only where the company allows it) leaves at the last known cost; the
  receipt that fills the hole settles the difference to its own cost against cost of sales.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from zhangfang.accounting.models import Account
from zhangfang.inventory.exceptions import StockAccountsMissing
from zhangfang.inventory.models import Location, Product, ProductCategory, StockMove, StockQuant, ValuationLayer

CENT = Decimal("0.01")
COST = Decimal("0.000001")
ZERO = Decimal("0")
Kind = Location.Kind
FIFO = ProductCategory.Valuation.FIFO
# Where the other side of a valued move is booked, by the kind of the non-stock location.
COUNTER_ACCOUNTS = {Kind.SUPPLIER: "input_account", Kind.CUSTOMER: "output_account", Kind.LOSS: "loss_account",
                    Kind.PRODUCTION: "expense_account"}


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def unit(amount: Decimal) -> Decimal:
    return amount.quantize(COST, rounding=ROUND_HALF_UP)


@dataclass
class Posting:
    """One journal amount of a move: positive debits ``account``, negative credits it."""

    account: Account
    product: Product
    amount: Decimal


def account(product: Product, field: str) -> Account:
    category = product.category
    found = getattr(category, field)
    if found is None:
        raise StockAccountsMissing(category=str(category), account=ProductCategory._meta.get_field(field).verbose_name)
    return found


def stock_state(product: Product) -> tuple[Decimal, Decimal]:
    """The product's quantity on hand in all stocked locations and its stock value."""
    quantity = StockQuant.objects.filter(product=product, location__kind__in=Location.STOCKED).aggregate(
        total=Sum("quantity"))["total"]
    value = ValuationLayer.objects.filter(product=product).aggregate(total=Sum("value"))["total"]
    return Decimal(quantity or 0), money(Decimal(value or 0))  # SQLite sums decimals as floats


def _fifo_open(product: Product):
    return ValuationLayer.objects.filter(product=product, remaining_quantity__gt=0).order_by("date", "pk")


def current_cost(product: Product) -> Decimal:
    """The cost a unit leaves stock at now without consuming anything: the moving average,
    or for FIFO the average of what is left in the layers; the purchase price before any receipt."""
    if product.category.valuation == FIFO:
        left = _fifo_open(product).aggregate(quantity=Sum("remaining_quantity"), value=Sum("remaining_value"))
        if left["quantity"]:
            return unit(Decimal(left["value"] or 0) / Decimal(left["quantity"]))
        last = (ValuationLayer.objects.filter(product=product, quantity__gt=0).order_by("-date", "-pk")
                .values_list("unit_cost", flat=True).first())
        return last if last is not None else product.purchase_price
    return product.average_cost or product.purchase_price


def value_in(*, product: Product, move: StockMove, quantity: Decimal, unit_cost: Decimal,
             counter: Account) -> tuple[list[ValuationLayer], list[Posting], Decimal]:
    """Bring ``quantity`` at ``unit_cost`` into stock: (layers, postings, value added)."""
    on_hand, value = stock_state(product)
    stock = account(product, "stock_account")
    amount = money(quantity * unit_cost)
    layer = ValuationLayer(company_id=product.company_id, move=move, product=product, date=move.date,
                           quantity=quantity, unit_cost=unit_cost, value=amount, description=str(move.picking or ""))
    layers, postings = [layer], [Posting(stock, product, amount), Posting(counter, product, -amount)]
    after = on_hand + quantity
    target = value + amount  # stock value once the receipt is in
    if on_hand < 0:
        # The receipt fills a hole of units issued at an older cost: what was issued is settled
        # at this receipt's cost; the part of the hole still open keeps its cost.
        hole = -on_hand
        target = money(after * unit_cost) if after >= 0 else money(value * -after / hole)
        correction = target - value - amount
        if correction:
            layers.append(ValuationLayer(
                company_id=product.company_id, move=move, product=product, date=move.date, quantity=ZERO,
                unit_cost=ZERO, value=correction,
                description=_("Negative stock settled at the cost of %s") % (move.picking or move)))
            output = account(product, "output_account")
            postings += [Posting(stock, product, correction), Posting(output, product, -correction)]
    if product.category.valuation == FIFO:
        layer.remaining_quantity = max(after, ZERO) if on_hand < 0 else quantity
        layer.remaining_value = (target if after > 0 else ZERO) if on_hand < 0 else amount
    elif after > 0:
        product.average_cost = unit_cost if on_hand <= 0 else unit((value + amount) / after)
        product.save(update_fields=["average_cost"])
    return layers, postings, sum((layer.value for layer in layers), ZERO)


def value_out(*, product: Product, move: StockMove, quantity: Decimal,
              prefer: ValuationLayer | None = None) -> tuple[ValuationLayer, Decimal]:
    """Take ``quantity`` out of stock at cost: (the outgoing layer, value taken ≥ 0).
    ``prefer``: a FIFO layer consumed first (a return to the supplier takes back its own receipt)."""
    on_hand, value = stock_state(product)
    fallback = current_cost(product)
    if product.category.valuation == FIFO:
        taken, need = ZERO, quantity
        layers = list(_fifo_open(product))
        if prefer is not None:
            layers.sort(key=lambda layer: layer.pk != prefer.pk)
        for layer in layers:
            take = min(need, layer.remaining_quantity)
            amount = (layer.remaining_value if take == layer.remaining_quantity
                      else min(money(take * layer.unit_cost), layer.remaining_value))
            layer.remaining_quantity -= take
            layer.remaining_value -= amount
            layer.save(update_fields=["remaining_quantity", "remaining_value"])
            taken, need, fallback = taken + amount, need - take, layer.unit_cost
            if not need:
                break
        taken += money(need * fallback)  # beyond the layers: negative stock at the last cost
    elif on_hand > 0 and quantity >= on_hand:
        taken = value + money((quantity - on_hand) * fallback)  # the last unit takes what is left
    else:
        taken = money(quantity * fallback)
    layer = ValuationLayer(company_id=product.company_id, move=move, product=product, date=move.date,
                           quantity=-quantity, unit_cost=unit(taken / quantity), value=-taken,
                           description=str(move.picking or ""))
    return layer, taken


def move_value(move: StockMove, product: Product) -> tuple[list[ValuationLayer], list[Posting], Decimal, Decimal]:
    """Value a move about to be done: (layers, postings, move value, unit cost). Stock that
    only changes place keeps its value and books nothing."""
    source, destination = move.source, move.destination
    if not product.is_valued or source.is_stocked == destination.is_stocked:
        cost = current_cost(product) if product.is_valued else ZERO
        return [], [], money(move.quantity * cost), cost
    returned = move.returned_move
    if destination.is_stocked:
        if returned is not None and returned.unit_cost is not None:
            cost = returned.unit_cost
        else:
            cost = move.unit_cost if move.unit_cost is not None else current_cost(product)
        counter = account(product, COUNTER_ACCOUNTS[source.kind])
        layers, postings, value = value_in(product=product, move=move, quantity=move.quantity, unit_cost=cost,
                                           counter=counter)
        return layers, postings, value, cost
    prefer = None
    if returned is not None and product.category.valuation == FIFO:
        prefer = returned.layers.filter(quantity__gt=0).order_by("pk").first()
    layer, value = value_out(product=product, move=move, quantity=move.quantity, prefer=prefer)
    stock = account(product, "stock_account")
    postings = [Posting(stock, product, -value)]
    if destination.kind == Kind.SUPPLIER and returned is not None and returned.unit_cost is not None:
        # Goods received not invoiced is cleared at what the receipt booked; any change in
        # the stock's cost since then is a purchase price difference.
        cleared = money(move.quantity * returned.unit_cost)
        postings.append(Posting(account(product, "input_account"), product, cleared))
        if value != cleared:
            postings.append(Posting(account(product, "price_difference_account"), product, value - cleared))
    else:
        postings.append(Posting(account(product, COUNTER_ACCOUNTS[destination.kind]), product, value))
    return [layer], postings, value, layer.unit_cost
