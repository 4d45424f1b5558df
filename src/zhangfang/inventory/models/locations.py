"""Warehouses and their location trees, plus the virtual locations goods come from and
go to (supplier, customer, inventory loss, production) so that every change of stock is
a move from one location to another (SCM-4)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import CompanyScoped


class Warehouse(CompanyScoped):
    code = models.SlugField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Filled by warehouse_create: the root of the warehouse's tree, where goods are kept,
    # and where receipts wait for quality inspection when the company asks for it.
    view_location = models.ForeignKey("Location", null=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("root location"))
    stock_location = models.ForeignKey("Location", null=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("stock location"))
    quality_location = models.ForeignKey("Location", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("quality hold location"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "code"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="warehouse_company_code_unique")]

    def __str__(self):
        return self.name


class Location(CompanyScoped):
    class Kind(models.TextChoices):
        VIEW = "view", _("View (groups locations)")
        INTERNAL = "internal", _("Internal")
        SUPPLIER = "supplier", _("Supplier")
        CUSTOMER = "customer", _("Customer")
        LOSS = "loss", _("Inventory loss")
        PRODUCTION = "production", _("Production")
        TRANSIT = "transit", _("Transit")

    # Stock on hand is counted only in these; the others are where goods come from or go.
    # Goods in transit between warehouses are still the company's, on hand and valued.
    STOCKED = (Kind.INTERNAL, Kind.TRANSIT)

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("parent location"))
    # "WH/Stock/Shelf 1": kept by the service so that a subtree is one prefix query.
    full_name = models.CharField(_("full name"), max_length=300)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.INTERNAL)
    warehouse = models.ForeignKey(Warehouse, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="locations", verbose_name=_("warehouse"))
    barcode = models.CharField(_("barcode"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "full_name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(fields=["company", "full_name"], name="location_company_full_name_unique"),
            models.UniqueConstraint(fields=["company", "barcode"], condition=~Q(barcode=""),
                                    name="location_company_barcode_unique"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_stocked(self) -> bool:
        return self.kind in self.STOCKED
