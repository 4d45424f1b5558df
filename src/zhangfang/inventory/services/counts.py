"""Stocktakes (盘点) and cycle counts (SCM-5). Starting a count captures what the books
expect in each location; validating it books the differences as one adjustment transfer
to or from the inventory-loss location, valued at current cost (loss: Dr loss, Cr stock;
surplus: Dr stock, Cr loss)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company
from zhangfang.core.services.sequences import sequence_ensure, sequence_next
from zhangfang.inventory.exceptions import (
    StockCountIncomplete,
    StockCountTransitionNotAllowed,
    StockFieldInvalid,
    field_error,
)
from zhangfang.inventory.models import (
    Location,
    Lot,
    Picking,
    Product,
    ProductCategory,
    StockCount,
    StockCountLine,
    StockMove,
    StockQuant,
)
from zhangfang.inventory.services.pickings import picking_insert, picking_validate
from zhangfang.inventory.services.setup import virtual_location
from zhangfang.inventory.services.warehouses import subtree

Status = StockCount.Status
ACTIONS = {Status.IN_PROGRESS: gettext_lazy("started"), Status.DONE: gettext_lazy("validated"),
           Status.CANCELLED: gettext_lazy("cancelled")}


def _lock(count: StockCount) -> StockCount:
    return StockCount.objects.select_for_update(of=("self",)).select_related("company", "location").get(pk=count.pk)


def _check_transition(count: StockCount, target: str) -> None:
    if target not in StockCount.TRANSITIONS[count.status]:
        raise StockCountTransitionNotAllowed(count=count.number, status=count.get_status_display(),
                                             action=ACTIONS[target])


def _require_counting(count: StockCount) -> None:
    if count.status != Status.IN_PROGRESS:
        raise StockCountTransitionNotAllowed(count=count.number, status=count.get_status_display(),
                                             action=_("counted"))


def _categories(category: ProductCategory) -> list[int]:
    """The category and every category below it."""
    ids, level = [category.pk], [category.pk]
    while level:
        level = list(ProductCategory.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids += level
    return ids


def _counted(value) -> Decimal:
    try:
        counted = decimal_in(value, places=4)
    except NotAnAmount as exc:
        raise field_error(StockFieldInvalid, "counted", exc.reason) from exc
    if counted < 0:
        raise field_error(StockFieldInvalid, "counted", _("a counted quantity cannot be negative."))
    return counted


def _snapshot(count: StockCount) -> dict:
    lines = count.lines.order_by("pk").values("id", "product_id", "lot_id", "location_id", "expected", "counted")
    return {**audit.snapshot(count), "lines": [{k: str(v) if v is not None else None for k, v in line.items()}
                                               for line in lines]}


def stock_count_create(*, actor, company: Company, location: Location, kind: str = StockCount.Kind.FULL,
                       category: ProductCategory | None = None, blind: bool = False,
                       date: datetime.date | None = None, notes: str = "") -> StockCount:
    """A draft count of everything in ``location`` and below it (a full stocktake), or of one
    category or sub-location (a cycle count)."""
    permissions.require(actor, company, "inventory.add_stockcount")
    if not isinstance(location, Location) or location.company_id != company.pk:
        raise field_error(StockFieldInvalid, "location", _("choose a location of this company."))
    if location.kind not in (Location.Kind.VIEW, *Location.STOCKED):
        raise field_error(StockFieldInvalid, "location", _("%s holds no stock to count.") % location)
    if kind not in StockCount.Kind.values:
        raise field_error(StockFieldInvalid, "kind", _("choose a full stocktake or a cycle count."))
    if category is not None and category.company_id != company.pk:
        raise field_error(StockFieldInvalid, "category", _("choose a category of this company."))
    date = date or timezone.localdate()
    with transaction.atomic():
        sequence_ensure(company=company, code="stock-count", prefix="PD")
        count = StockCount.objects.create(
            company=company, number=sequence_next(company=company, code="stock-count", on_date=date), kind=kind,
            location=location, category=category, blind=bool(blind), date=date, notes=notes or "",
            created_by=actor)
        audit.record(actor=actor, action="create", obj=count, after=audit.snapshot(count))
    return count


def stock_count_start(*, actor, count: StockCount) -> StockCount:
    """Capture the expected quantity of every product, lot and location counted."""
    permissions.require(actor, count.company, "inventory.change_stockcount")
    with transaction.atomic():
        count = _lock(count)
        _check_transition(count, Status.IN_PROGRESS)
        before = audit.snapshot(count)
        quants = (StockQuant.objects.filter(subtree(count.location), company=count.company,
                                            location__kind__in=Location.STOCKED)
                  .exclude(quantity=0).exclude(product__kind=Product.Kind.SERVICE))
        if count.category_id:
            quants = quants.filter(product__category_id__in=_categories(count.category))
        StockCountLine.objects.bulk_create([
            StockCountLine(count=count, product_id=quant.product_id, lot_id=quant.lot_id,
                           location_id=quant.location_id, expected=quant.quantity)
            for quant in quants.order_by("location__full_name", "product__code", "lot_id")])
        count.status, count.started_at = Status.IN_PROGRESS, timezone.now()
        count.save(update_fields=["status", "started_at"])
        audit.record(actor=actor, action="start", obj=count, before=before, after=_snapshot(count))
    return count


def stock_count_line_set(*, actor, line: StockCountLine, counted: Decimal | None) -> StockCountLine:
    """Record what was found (None clears it)."""
    permissions.require(actor, line.count.company, "inventory.change_stockcount")
    counted = None if counted is None else _counted(counted)
    with transaction.atomic():
        count = _lock(line.count)
        _require_counting(count)
        line = StockCountLine.objects.select_for_update().get(pk=line.pk, count=count)
        before = audit.snapshot(line)
        line.counted = counted
        line.save(update_fields=["counted"])
        audit.record(actor=actor, action="update", obj=line, before=before, after=audit.snapshot(line),
                     company=count.company)
    return line


def stock_count_line_add(*, actor, count: StockCount, product: Product, location: Location, counted: Decimal,
                         lot: Lot | None = None) -> StockCountLine:
    """A line for goods found where the books expect none; its expected quantity is what
    the books hold now."""
    permissions.require(actor, count.company, "inventory.change_stockcount")
    counted = _counted(counted)
    with transaction.atomic():
        count = _lock(count)
        _require_counting(count)
        company = count.company
        if not isinstance(product, Product) or product.company_id != company.pk or not product.is_stocked:
            raise field_error(StockFieldInvalid, "product", _("choose a stocked product of this company."))
        if count.category_id and product.category_id not in _categories(count.category):
            raise field_error(StockFieldInvalid, "product", _("%(product)s is not in %(category)s.")
                              % {"product": product, "category": count.category})
        in_count = (location.pk == count.location_id
                    or location.full_name.startswith(count.location.full_name + "/"))
        if location.company_id != company.pk or not location.is_stocked or not in_count:
            raise field_error(StockFieldInvalid, "location", _("choose a stock location inside %s.") % count.location)
        if lot is not None and lot.product_id != product.pk:
            raise field_error(StockFieldInvalid, "lot", _("the lot belongs to another product."))
        if count.lines.filter(product=product, location=location, lot=lot).exists():
            raise field_error(StockFieldInvalid, "product", _("this product is already on the count there."))
        quant = StockQuant.objects.filter(product=product, location=location, lot=lot).first()
        line = StockCountLine.objects.create(count=count, product=product, location=location, lot=lot,
                                             expected=quant.quantity if quant else Decimal(0), counted=counted)
        audit.record(actor=actor, action="create", obj=line, after=audit.snapshot(line), company=company)
    return line


def stock_count_validate(*, actor, count: StockCount, uncounted_zero: bool = False,
                         date: datetime.date | None = None) -> StockCount:
    """Book every difference (counted − expected) as a move to or from inventory loss, in one
    adjustment transfer with one journal entry. Lines not counted stop validation unless
    ``uncounted_zero`` says they were found empty."""
    permissions.require(actor, count.company, "inventory.validate_stockcount")
    with transaction.atomic():
        count = _lock(count)
        _check_transition(count, Status.DONE)
        before = audit.snapshot(count)
        lines = list(count.lines.select_related("product", "location", "lot").order_by("pk"))
        missing = sum(1 for line in lines if line.counted is None)
        if missing and not uncounted_zero:
            raise StockCountIncomplete(missing=missing, count=count.number)
        loss = virtual_location(count.company, Location.Kind.LOSS)
        changed = []
        for line in lines:
            if line.counted is None:
                line.counted = Decimal(0)
            line.difference = line.counted - line.expected
            if line.difference:
                found = line.difference > 0
                line.move = StockMove(company=count.company, product=line.product, quantity=abs(line.difference),
                                      source=loss if found else line.location,
                                      destination=line.location if found else loss, lot=line.lot)
                changed.append(line)
        date = date or timezone.localdate()
        if changed:
            # Stock locks before the first audit record, as every stock operation takes them.
            list(Product.objects.select_for_update().filter(pk__in={line.product_id for line in changed})
                 .order_by("pk"))
            picking = picking_insert(
                actor=actor, company=count.company, kind=Picking.Kind.ADJUSTMENT, source=count.location,
                destination=loss, scheduled_date=date, moves=[line.move for line in changed], partner=None,
                origin=count.number, notes="")
            count.picking, _none = picking_validate(actor=actor, picking=picking, date=date, authorised=True)
        StockCountLine.objects.bulk_update(lines, ["counted", "difference", "move"])
        count.status, count.done_by, count.done_at = Status.DONE, actor, timezone.now()
        count.save(update_fields=["status", "done_by", "done_at", "picking"])
        audit.record(actor=actor, action="validate", obj=count, before=before, after=_snapshot(count))
    return count


def stock_count_cancel(*, actor, count: StockCount) -> StockCount:
    permissions.require(actor, count.company, "inventory.change_stockcount")
    with transaction.atomic():
        count = _lock(count)
        if count.status == Status.CANCELLED:
            return count
        _check_transition(count, Status.CANCELLED)
        before = audit.snapshot(count)
        count.status = Status.CANCELLED
        count.save(update_fields=["status"])
        audit.record(actor=actor, action="cancel", obj=count, before=before, after=audit.snapshot(count))
    return count
