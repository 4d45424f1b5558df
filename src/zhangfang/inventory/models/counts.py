"""Stocktakes (盘点) and cycle counts (SCM-5): the quantities expected when counting
starts, what was counted, and the adjustment move that books each difference."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import CompanyScoped
from zhangfang.inventory.models.locations import Location
from zhangfang.inventory.models.products import QUANTITY, Product, ProductCategory
from zhangfang.inventory.models.stock import Lot, Picking, StockMove


class StockCount(CompanyScoped):
    class Kind(models.TextChoices):
        FULL = "full", _("Full stocktake")
        CYCLE = "cycle", _("Cycle count")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_PROGRESS = "in_progress", _("Counting")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.IN_PROGRESS, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.DONE, Status.CANCELLED},
        Status.DONE: set(),
        Status.CANCELLED: set(),
    }

    number = models.CharField(_("number"), max_length=30)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.FULL)
    # Everything in this location and below it is counted, optionally only one category.
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("location"))
    category = models.ForeignKey(ProductCategory, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("product category"))
    # Blind counts hide the expected quantities from the counters (the UI honours it).
    blind = models.BooleanField(_("blind count"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    date = models.DateField(_("date"))
    picking = models.ForeignKey(Picking, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("adjustment"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("validated by"))
    done_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="stock_count_company_number_unique")]
        permissions = [("validate_stockcount", _("Can validate stock counts"))]

    def __str__(self):
        return self.number


class StockCountLine(models.Model):
    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("stock count"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+", verbose_name=_("product"))
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("lot / serial number"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("location"))
    expected = models.DecimalField(_("expected"), **QUANTITY)
    counted = models.DecimalField(_("counted"), null=True, blank=True, **QUANTITY)
    difference = models.DecimalField(_("difference"), null=True, blank=True, **QUANTITY)
    move = models.ForeignKey(StockMove, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("adjustment move"))

    class Meta:
        ordering = ["count", "location__full_name", "product__code", "id"]
        verbose_name = _("stock count line")
        verbose_name_plural = _("stock count lines")
        constraints = [
            models.UniqueConstraint(fields=["count", "product", "location", "lot"], condition=Q(lot__isnull=False),
                                    name="count_line_product_location_lot_unique"),
            models.UniqueConstraint(fields=["count", "product", "location"], condition=Q(lot__isnull=True),
                                    name="count_line_product_location_unique"),
            models.CheckConstraint(condition=Q(counted__isnull=True) | Q(counted__gte=0),
                                   name="count_line_counted_not_negative"),
        ]

    def __str__(self):
        return f"{self.count} {self.product} @ {self.location}"
