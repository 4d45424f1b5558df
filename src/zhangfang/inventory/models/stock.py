"""Stock: lots and serial numbers, transfers (pickings) and their moves, the quantities on
hand and reserved per product, location and lot, and the valuation layers that tie every
done move to the ledger (SCM-4, SCM-6).

A move is draft → confirmed → reserved → done, or cancelled before done. Done moves are
final; a return is a new move the other way that points at the move it returns."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhangfang.core.models import CompanyScoped
from zhangfang.inventory.models.locations import Location
from zhangfang.inventory.models.products import QUANTITY, UNIT_COST, Product

MONEY = {"max_digits": 18, "decimal_places": 2}
ZERO = Decimal("0")


class Lot(CompanyScoped):
    """A lot or serial number of a tracked product; where it went is its done moves."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="lots", verbose_name=_("product"))
    name = models.CharField(_("lot / serial number"), max_length=60)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company", "product", "name"]
        verbose_name = _("lot / serial number")
        verbose_name_plural = _("lots / serial numbers")
        constraints = [models.UniqueConstraint(fields=["product", "name"], name="lot_product_name_unique")]

    def __str__(self):
        return self.name


class Picking(CompanyScoped):
    """A transfer document: a receipt, a delivery order or an internal transfer, holding
    the moves that are validated together. Undone quantities go to a backorder."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        DELIVERY = "delivery", _("Delivery order")
        INTERNAL = "internal", _("Internal transfer")
        RETURN_IN = "return_in", _("Customer return")
        RETURN_OUT = "return_out", _("Return to supplier")
        ADJUSTMENT = "adjustment", _("Inventory adjustment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Waiting")
        RESERVED = "reserved", _("Ready")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.CONFIRMED, Status.RESERVED, Status.DONE, Status.CANCELLED},
        Status.CONFIRMED: {Status.RESERVED, Status.DONE, Status.CANCELLED},
        Status.RESERVED: {Status.CONFIRMED, Status.DONE, Status.CANCELLED},
        Status.DONE: set(),
        Status.CANCELLED: set(),
    }
    OPEN = (Status.DRAFT, Status.CONFIRMED, Status.RESERVED)

    number = models.CharField(_("number"), max_length=30)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    partner = models.ForeignKey("core.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    source = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    destination = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    scheduled_date = models.DateField(_("scheduled date"))
    done_date = models.DateField(_("date done"), null=True, blank=True)
    # The business document this transfer serves, e.g. "PO-2026-0003" or "SO-2026-0012".
    origin = models.CharField(_("source document"), max_length=60, blank=True)
    backorder_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="backorders", verbose_name=_("backorder of"))
    return_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="returns",
                                  verbose_name=_("return of"))
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("validated by"))

    class Meta:
        ordering = ["-scheduled_date", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="picking_company_number_unique")]
        permissions = [("validate_picking", _("Can validate transfers"))]

    def __str__(self):
        return self.number


class StockMove(CompanyScoped):
    """One product's quantity going from one location to another."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Waiting")
        RESERVED = "reserved", _("Reserved")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    picking = models.ForeignKey(Picking, null=True, blank=True, on_delete=models.PROTECT, related_name="moves",
                                verbose_name=_("transfer"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="moves", verbose_name=_("product"))
    # In the product's stock unit.
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    reserved_quantity = models.DecimalField(_("reserved"), default=ZERO, **QUANTITY)
    source = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    destination = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="moves",
                            verbose_name=_("lot / serial number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    date = models.DateField(_("date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # Base-currency cost per stock unit: given for receipts (the purchase price), computed by
    # the valuation for everything else when the move is done.
    unit_cost = models.DecimalField(_("unit cost"), null=True, blank=True, **UNIT_COST)
    value = models.DecimalField(_("value"), null=True, blank=True, **MONEY)
    origin = models.CharField(_("source document"), max_length=60, blank=True)
    returned_move = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="returns", verbose_name=_("return of"))
    # The move this one was split from (a backorder's remainder or one serial number of a
    # receipt); always the first move, so a document line's moves are it and its splits.
    split_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="splits", verbose_name=_("split from"))
    journal_entry = models.ForeignKey("accounting.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("journal entry"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        indexes = [
            models.Index(fields=["company", "product", "status"], name="move_company_product_status"),
            models.Index(fields=["company", "status", "date"], name="move_company_status_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="move_quantity_positive"),
            models.CheckConstraint(condition=Q(reserved_quantity__gte=0) & Q(reserved_quantity__lte=F("quantity")),
                                   name="move_reserved_within_quantity"),
            models.CheckConstraint(condition=~Q(source=F("destination")), name="move_source_not_destination"),
            models.CheckConstraint(condition=~Q(status="done") | (Q(done_at__isnull=False) & Q(value__isnull=False)),
                                   name="move_done_has_value"),
        ]

    def __str__(self):
        return f"{self.product} {self.quantity} {self.source} → {self.destination}"


class StockQuant(CompanyScoped):
    """What is on hand and reserved of one product (and lot) in one internal location.

    Changed only by the stock services, under ``select_for_update``; ``inventory.quants_match_moves``
    checks that it equals the sum of done moves."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="quants", verbose_name=_("product"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="quants",
                                 verbose_name=_("location"))
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="quants",
                            verbose_name=_("lot / serial number"))
    quantity = models.DecimalField(_("on hand"), default=ZERO, **QUANTITY)
    reserved = models.DecimalField(pgettext_lazy("stock", "reserved"), default=ZERO, **QUANTITY)

    class Meta:
        verbose_name = _("stock on hand")
        verbose_name_plural = _("stock on hand")
        constraints = [
            # Two partial constraints because NULL lots are distinct in a plain unique index.
            models.UniqueConstraint(fields=["product", "location", "lot"], condition=Q(lot__isnull=False),
                                    name="quant_product_location_lot_unique"),
            models.UniqueConstraint(fields=["product", "location"], condition=Q(lot__isnull=True),
                                    name="quant_product_location_unique"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="quant_reserved_not_negative"),
        ]

    def __str__(self):
        return f"{self.product} @ {self.location}: {self.quantity}"


class ValuationLayer(CompanyScoped):
    """The value a done move added to or took from stock (SCM-6). Incoming layers of FIFO
    products keep what is left of them in ``remaining_quantity``/``remaining_value``; the
    sum of ``value`` per company equals the balance of the categories' stock accounts."""

    move = models.ForeignKey(StockMove, null=True, blank=True, on_delete=models.PROTECT, related_name="layers",
                             verbose_name=_("stock move"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="layers", verbose_name=_("product"))
    date = models.DateField(_("date"))
    quantity = models.DecimalField(_("quantity"), **QUANTITY)  # + in, - out
    unit_cost = models.DecimalField(_("unit cost"), **UNIT_COST)
    value = models.DecimalField(_("value"), **MONEY)  # + in, - out
    remaining_quantity = models.DecimalField(_("remaining quantity"), default=ZERO, **QUANTITY)
    remaining_value = models.DecimalField(_("remaining value"), default=ZERO, **MONEY)
    description = models.CharField(_("description"), max_length=200, blank=True)
    journal_entry = models.ForeignKey("accounting.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("journal entry"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product", "date", "id"]
        verbose_name = _("valuation layer")
        verbose_name_plural = _("valuation layers")
        indexes = [models.Index(fields=["company", "product", "date"], name="layer_company_product_date")]
        constraints = [
            models.CheckConstraint(condition=Q(remaining_quantity__gte=0), name="layer_remaining_not_negative"),
        ]

    def __str__(self):
        return f"{self.product} {self.quantity} × {self.unit_cost}"
