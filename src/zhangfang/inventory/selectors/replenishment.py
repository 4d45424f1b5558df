"""Replenishment proposals (SCM-7): which products fall below their reorder rule's minimum
at a warehouse, how much to order and by when. Purchasing turns them into requisitions."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from zhangfang.core.models import Company, Partner
from zhangfang.inventory.models import Location, Product, ReorderRule, StockMove, StockQuant, Warehouse
from zhangfang.inventory.services.warehouses import subtree

QUANTUM = Decimal("0.0001")
# Moves that are demand or supply already agreed: confirmed and reserved, not drafts.
PLANNED = (StockMove.Status.CONFIRMED, StockMove.Status.RESERVED)


@dataclass(frozen=True)
class ReplenishmentNeed:
    rule: ReorderRule
    product: Product
    warehouse: Warehouse
    supplier: Partner | None
    on_hand: Decimal
    incoming: Decimal  # planned moves into the warehouse from outside it
    outgoing: Decimal  # planned moves out of it
    forecast: Decimal  # on_hand + incoming − outgoing, below the rule's minimum
    quantity: Decimal  # to order, in the stock unit: up to the maximum, rounded up to the multiple
    need_date: datetime.date  # when the planned moves first take the stock below the minimum
    order_by: datetime.date  # need_date − lead days, but not before today
    arrival: datetime.date  # order_by + lead days


def _order_quantity(rule: ReorderRule, forecast: Decimal) -> Decimal:
    quantity = rule.maximum - forecast
    if rule.multiple > 0:
        quantity = math.ceil(quantity / rule.multiple) * rule.multiple
    return quantity.quantize(QUANTUM)


def _need_date(rule: ReorderRule, on_hand: Decimal, events: list, on_date: datetime.date) -> datetime.date:
    """The first day the projected stock (planned moves in date order, overdue ones today)
    is below the minimum."""
    by_day: dict[datetime.date, Decimal] = defaultdict(Decimal, {on_date: Decimal(0)})
    for day, change in events:
        by_day[max(day, on_date)] += change
    projected = on_hand
    for day in sorted(by_day):
        projected += by_day[day]
        if projected < rule.minimum:
            return day
    return on_date


def replenishment_needs(company: Company, on_date: datetime.date | None = None) -> list[ReplenishmentNeed]:
    """Active rules whose forecast is below their minimum, by warehouse and product code."""
    on_date = on_date or timezone.localdate()
    rules = list(ReorderRule.objects.filter(company=company, active=True, product__active=True)
                 .select_related("product", "product__uom", "warehouse__view_location", "supplier")
                 .order_by("warehouse__code", "product__code"))
    by_warehouse: dict[int, list[ReorderRule]] = defaultdict(list)
    for rule in rules:
        by_warehouse[rule.warehouse_id].append(rule)
    needs = []
    for warehouse_rules in by_warehouse.values():
        warehouse = warehouse_rules[0].warehouse
        root = warehouse.view_location
        product_ids = [rule.product_id for rule in warehouse_rules]
        on_hand = dict(StockQuant.objects.filter(subtree(root), product_id__in=product_ids,
                                                 location__kind__in=Location.STOCKED)
                       .values("product_id").annotate(total=Sum("quantity")).values_list("product_id", "total")
                       .order_by())
        planned = StockMove.objects.filter(company=company, product_id__in=product_ids, status__in=PLANNED)
        into, out_of = subtree(root, "destination"), subtree(root, "source")
        events = defaultdict(list)
        for product_id, day, quantity in planned.filter(into).exclude(out_of).values_list("product_id", "date",
                                                                                         "quantity"):
            events[product_id].append((day, quantity))
        for product_id, day, quantity in planned.filter(out_of).exclude(into).values_list("product_id", "date",
                                                                                         "quantity"):
            events[product_id].append((day, -quantity))
        for rule in warehouse_rules:
            stock = Decimal(on_hand.get(rule.product_id) or 0).quantize(QUANTUM)  # SQLite sums as floats
            moves = events[rule.product_id]
            incoming = sum((q for _d, q in moves if q > 0), Decimal(0))
            outgoing = -sum((q for _d, q in moves if q < 0), Decimal(0))
            forecast = stock + incoming - outgoing
            if forecast >= rule.minimum:
                continue
            need_date = _need_date(rule, stock, moves, on_date)
            order_by = max(on_date, need_date - datetime.timedelta(days=rule.lead_days))
            needs.append(ReplenishmentNeed(
                rule=rule, product=rule.product, warehouse=warehouse, supplier=rule.supplier, on_hand=stock,
                incoming=incoming, outgoing=outgoing, forecast=forecast, quantity=_order_quantity(rule, forecast),
                need_date=need_date, order_by=order_by, arrival=order_by + datetime.timedelta(days=rule.lead_days)))
    return needs
