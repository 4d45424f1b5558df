"""Supplier price lists with quantity breaks, validity and lead times (SCM-3)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import CompanyScoped
from zhangfang.inventory.models import QUANTITY, UNIT_COST


class SupplierPrice(CompanyScoped):
    """What a supplier charges for a product from ``min_quantity`` (in the product's purchase
    unit) upwards, between the validity dates, and how many days it takes to deliver."""

    supplier = models.ForeignKey("core.Partner", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("supplier"))
    product = models.ForeignKey("inventory.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    supplier_code = models.CharField(_("supplier's product code"), max_length=40, blank=True)
    min_quantity = models.DecimalField(_("from quantity"), default=0, **QUANTITY)
    price = models.DecimalField(_("unit price"), **UNIT_COST)
    currency = models.ForeignKey("core.Currency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    lead_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "product", "supplier", "min_quantity"]
        verbose_name = _("supplier price")
        verbose_name_plural = _("supplier prices")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0) & Q(min_quantity__gte=0),
                                   name="supplierprice_not_negative"),
            models.CheckConstraint(condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True)
                                   | Q(valid_to__gte=F("valid_from")), name="supplierprice_valid_range",
                                   violation_error_message=_("The end of validity is before its start.")),
        ]
        indexes = [models.Index(fields=["company", "product", "active"], name="supplierprice_product")]

    def __str__(self):
        return f"{self.supplier} · {self.product} ≥ {self.min_quantity.normalize():f}: {self.price:,.2f}"
