"""Per-company purchasing settings: when orders need approval and how far receipts and bills
may stray from the order before someone has to look."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 18, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2, "default": Decimal("0"),
           "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]}


class PurchasingSettings(models.Model):
    company = models.OneToOneField("core.Company", on_delete=models.PROTECT, related_name="purchasing_settings")
    # Orders above this base-currency total go through the approval engine; none: never.
    order_approval_threshold = models.DecimalField(_("order approval threshold"), null=True, blank=True, **MONEY)
    # How much more than ordered a receipt may bring in, in percent of the ordered quantity.
    over_receipt_tolerance = models.DecimalField(_("over-receipt tolerance (%)"), **PERCENT)
    # 3-way match: how far a bill's net unit price may be from the order's, in percent.
    price_tolerance = models.DecimalField(_("price tolerance (%)"), **PERCENT)
    # 3-way match: how much more than received may be billed, in percent of the received quantity.
    quantity_tolerance = models.DecimalField(_("quantity tolerance (%)"), **PERCENT)
    # Receipts go to the warehouse's quality location first and are released after inspection.
    use_quality_hold = models.BooleanField(_("quality inspection of receipts"), default=False)

    class Meta:
        verbose_name = _("purchasing settings")
        verbose_name_plural = _("purchasing settings")

    def __str__(self):
        return str(self.company)
