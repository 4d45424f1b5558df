"""Reorder rules (SCM-7): keep a product between a minimum and a maximum at a warehouse."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import CompanyScoped
from zhangfang.inventory.models.locations import Warehouse
from zhangfang.inventory.models.products import QUANTITY, Product


class ReorderRule(CompanyScoped):
    """When the forecast (on hand + incoming − outgoing) falls below ``minimum``, order up
    to ``maximum`` in whole ``multiple``s (the supplier's pack size), ``lead_days`` ahead."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="reorder_rules",
                                verbose_name=_("product"))
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="reorder_rules",
                                  verbose_name=_("warehouse"))
    minimum = models.DecimalField(_("minimum"), **QUANTITY)
    maximum = models.DecimalField(_("maximum"), **QUANTITY)
    multiple = models.DecimalField(_("order in multiples of"), default=Decimal("1"), **QUANTITY)
    lead_days = models.PositiveIntegerField(_("lead time (days)"), default=0)
    supplier = models.ForeignKey("core.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("supplier"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "warehouse", "product"]
        verbose_name = _("reorder rule")
        verbose_name_plural = _("reorder rules")
        constraints = [
            models.UniqueConstraint(fields=["product", "warehouse"], name="reorder_rule_product_warehouse_unique"),
            models.CheckConstraint(condition=Q(minimum__gte=0) & Q(maximum__gte=F("minimum")) & Q(multiple__gte=0),
                                   name="reorder_rule_quantities_valid"),
        ]

    def __str__(self):
        return f"{self.product} @ {self.warehouse}: {self.minimum}–{self.maximum}"
