"""Purchase requisitions: what a department needs, by when, approved before anyone asks
suppliers for prices (SCM-2). Replenishment proposes them from reorder rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import CompanyScoped
from zhangfang.inventory.models import QUANTITY, UNIT_COST

MONEY = {"max_digits": 18, "decimal_places": 2}


class PurchaseRequisition(CompanyScoped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ORDERED = "ordered", _("Ordered")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.AWAITING_APPROVAL, Status.APPROVED, Status.CANCELLED},
        Status.AWAITING_APPROVAL: {Status.APPROVED, Status.REJECTED, Status.DRAFT},
        Status.REJECTED: {Status.DRAFT, Status.CANCELLED},
        Status.APPROVED: {Status.ORDERED, Status.CANCELLED},
        Status.ORDERED: set(),
        Status.CANCELLED: set(),
    }
    OPEN = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED)

    number = models.CharField(_("number"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    department = models.CharField(_("department"), max_length=40, blank=True)
    # What raised it: a person's need, or "reorder rule" when replenishment proposed it.
    origin = models.CharField(_("source"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Estimated from supplier prices or the product's purchase price, in base currency; what approval weighs.
    amount_estimated = models.DecimalField(_("estimated amount"), default=0, **MONEY)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("purchase requisition")
        verbose_name_plural = _("purchase requisitions")
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="requisition_company_number")]
        indexes = [models.Index(fields=["company", "status"], name="requisition_company_status")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("purchasing_requisition_detail", args=[self.pk])


class PurchaseRequisitionLine(models.Model):
    requisition = models.ForeignKey(PurchaseRequisition, on_delete=models.CASCADE, related_name="lines",
                                    verbose_name=_("requisition"))
    product = models.ForeignKey("inventory.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    uom = models.ForeignKey("core.Uom", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    needed_by = models.DateField(_("needed by"))
    # The supplier the price list prefers; the buyer may ask others for quotations.
    supplier = models.ForeignKey("core.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("preferred supplier"))
    estimated_price = models.DecimalField(_("estimated unit price"), default=0, **UNIT_COST)

    class Meta:
        ordering = ["requisition", "id"]
        verbose_name = _("requisition line")
        verbose_name_plural = _("requisition lines")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="requisitionline_quantity_positive")]

    def __str__(self):
        return f"{self.product} × {self.quantity.normalize():f}"
