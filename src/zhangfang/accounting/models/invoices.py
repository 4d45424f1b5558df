"""Customer invoices, supplier bills and their credit notes (FIN-4). Posting one writes its
journal entry; what is still owed is the open amount of its receivable or payable line."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models.ledger import MONEY, ZERO, Account, CostCentre, Journal, JournalEntry
from zhangfang.accounting.models.taxes import Tax
from zhangfang.core.models import CompanyScoped

RATE = {"max_digits": 20, "decimal_places": 10}


class Invoice(CompanyScoped):
    class Kind(models.TextChoices):
        CUSTOMER_INVOICE = "out_invoice", _("Customer invoice")
        CUSTOMER_CREDIT = "out_refund", _("Customer credit note")
        SUPPLIER_BILL = "in_invoice", _("Supplier bill")
        SUPPLIER_CREDIT = "in_refund", _("Supplier credit note")

    SALES_KINDS = (Kind.CUSTOMER_INVOICE, Kind.CUSTOMER_CREDIT)
    CREDIT_KINDS = (Kind.CUSTOMER_CREDIT, Kind.SUPPLIER_CREDIT)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        POSTED = "posted", _("Posted")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.AWAITING_APPROVAL, Status.POSTED},
        Status.AWAITING_APPROVAL: {Status.DRAFT, Status.POSTED},
        Status.POSTED: {Status.CANCELLED},
        Status.CANCELLED: set(),
    }

    class PaymentState(models.TextChoices):
        NOT_PAID = "not_paid", _("Not paid")
        PARTIAL = "partial", _("Partially paid")
        PAID = "paid", _("Paid")
        CREDITED = "credited", _("Credited")  # cancelled by a credit note, nothing was paid

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    payment_state = models.CharField(_("payment"), max_length=10, choices=PaymentState.choices,
                                     default=PaymentState.NOT_PAID)
    number = models.CharField(_("number"), max_length=40, blank=True)
    partner = models.ForeignKey("core.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="+", verbose_name=_("journal"))
    currency = models.ForeignKey("core.Currency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    # Base-currency units per unit of ``currency``, fixed when the document is posted.
    rate = models.DecimalField(_("exchange rate"), default=1, **RATE)
    reference = models.CharField(_("reference"), max_length=60, blank=True,
                                 help_text=_("The supplier's invoice number, or the customer's order reference."))
    narration = models.CharField(_("note"), max_length=200, blank=True)
    # The receivable or payable account the total goes to.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("receivable/payable account"))
    amount_untaxed = models.DecimalField(_("untaxed amount"), default=ZERO, **MONEY)
    amount_tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    amount_total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    amount_residual = models.DecimalField(_("amount due"), default=ZERO, **MONEY)
    credit_note_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="credit_notes", verbose_name=_("credits invoice"))
    entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="invoice", verbose_name=_("journal entry"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("posted by"))
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        permissions = [("post_invoice", _("Can post and cancel invoices and bills"))]
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], condition=~Q(number=""),
                                    name="invoice_company_number_unique"),
            models.CheckConstraint(condition=Q(due_date__gte=models.F("date")), name="invoice_due_after_date"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="invoice_rate_positive"),
        ]
        indexes = [models.Index(fields=["company", "kind", "status", "date"])]

    def __str__(self):
        return self.number or str(_("Draft %(kind)s %(id)s") % {"kind": self.get_kind_display(), "id": self.pk})

    @property
    def is_sale(self) -> bool:
        return self.kind in self.SALES_KINDS

    @property
    def is_credit_note(self) -> bool:
        return self.kind in self.CREDIT_KINDS


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice"))
    description = models.CharField(_("description"), max_length=200)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("account"))
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=4, default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=18, decimal_places=6)
    discount = models.DecimalField(_("discount (%)"), max_digits=5, decimal_places=2, default=ZERO)
    tax = models.ForeignKey(Tax, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("tax rate"))
    cost_centre = models.ForeignKey(CostCentre, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("cost centre"))
    # Computed by the tax core when the invoice is saved, in the invoice currency.
    amount_untaxed = models.DecimalField(_("untaxed amount"), default=ZERO, **MONEY)
    amount_tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    amount_total = models.DecimalField(_("total"), default=ZERO, **MONEY)

    class Meta:
        ordering = ["invoice", "id"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="invoiceline_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="invoiceline_price_non_negative"),
            models.CheckConstraint(condition=Q(discount__gte=0) & Q(discount__lte=100),
                                   name="invoiceline_discount_range"),
        ]

    def __str__(self):
        return self.description
