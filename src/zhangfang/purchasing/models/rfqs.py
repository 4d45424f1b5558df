"""Requests for quotation: the same need asked of several suppliers, their answers entered
and compared, the best one awarded as a purchase order (SCM-2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import CompanyScoped
from zhangfang.inventory.models import QUANTITY, UNIT_COST


class RequestForQuotation(CompanyScoped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        QUOTED = "quoted", _("Quoted")
        AWARDED = "awarded", _("Awarded")
        DECLINED = "declined", _("Not chosen")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.SENT, Status.QUOTED, Status.CANCELLED},
        Status.SENT: {Status.QUOTED, Status.CANCELLED},
        Status.QUOTED: {Status.QUOTED, Status.AWARDED, Status.DECLINED, Status.CANCELLED},
        Status.AWARDED: set(),
        Status.DECLINED: set(),
        Status.CANCELLED: set(),
    }
    OPEN = (Status.DRAFT, Status.SENT, Status.QUOTED)

    number = models.CharField(_("number"), max_length=30)
    # The RFQs of one requisition are compared with each other.
    requisition = models.ForeignKey("purchasing.PurchaseRequisition", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="rfqs", verbose_name=_("requisition"))
    supplier = models.ForeignKey("core.Partner", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("supplier"))
    currency = models.ForeignKey("core.Currency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    date = models.DateField(_("date"))
    reply_by = models.DateField(_("reply by"), null=True, blank=True)
    quote_reference = models.CharField(_("supplier's quotation number"), max_length=60, blank=True)
    valid_until = models.DateField(_("quotation valid until"), null=True, blank=True)
    order = models.ForeignKey("purchasing.PurchaseOrder", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="rfqs", verbose_name=_("purchase order"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("request for quotation")
        verbose_name_plural = _("requests for quotation")
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="rfq_company_number")]
        indexes = [models.Index(fields=["company", "status"], name="rfq_company_status")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("purchasing_rfq_detail", args=[self.pk])


class RequestForQuotationLine(models.Model):
    rfq = models.ForeignKey(RequestForQuotation, on_delete=models.CASCADE, related_name="lines",
                            verbose_name=_("request for quotation"))
    requisition_line = models.ForeignKey("purchasing.PurchaseRequisitionLine", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="rfq_lines",
                                         verbose_name=_("requisition line"))
    product = models.ForeignKey("inventory.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    uom = models.ForeignKey("core.Uom", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    # The supplier's answer, in the RFQ's currency per unit, excluding tax.
    price = models.DecimalField(_("quoted unit price"), null=True, blank=True, **UNIT_COST)
    lead_days = models.PositiveSmallIntegerField(_("lead time (days)"), null=True, blank=True)

    class Meta:
        ordering = ["rfq", "id"]
        verbose_name = _("quotation line")
        verbose_name_plural = _("quotation lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="rfqline_quantity_positive"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gte=0),
                                   name="rfqline_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.product} × {self.quantity.normalize():f}"
