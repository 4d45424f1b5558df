"""Payments received and made, and the reconciliation that matches receivable or payable
lines against each other (FIN-4): a payment against one or several invoices, partially."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models.invoices import RATE
from zhangfang.accounting.models.ledger import MONEY, Journal, JournalEntry, JournalEntryLine
from zhangfang.core.models import CompanyScoped


class Payment(CompanyScoped):
    """Registered and posted in one step; a mistaken payment is cancelled by its reversal."""

    class Kind(models.TextChoices):
        INBOUND = "inbound", _("Received")
        OUTBOUND = "outbound", _("Paid")

    class Status(models.TextChoices):
        POSTED = "posted", _("Posted")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {Status.POSTED: {Status.CANCELLED}, Status.CANCELLED: set()}

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.POSTED)
    partner = models.ForeignKey("core.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="+", verbose_name=_("journal"))
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.ForeignKey("core.Currency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    rate = models.DecimalField(_("exchange rate"), default=1, **RATE)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="payment",
                                 verbose_name=_("journal entry"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="payment_rate_positive"),
        ]

    def __str__(self):
        return self.entry.number if self.entry_id else str(self.pk)


class Reconciliation(CompanyScoped):
    """``amount`` (base currency) of a debit line settled by a credit line on the same
    reconcilable account and partner. Deleting it (unreconcile) is audited by the service."""

    debit_line = models.ForeignKey(JournalEntryLine, on_delete=models.PROTECT, related_name="matched_credits",
                                   verbose_name=_("debit line"))
    credit_line = models.ForeignKey(JournalEntryLine, on_delete=models.PROTECT, related_name="matched_debits",
                                    verbose_name=_("credit line"))
    amount = models.DecimalField(_("amount"), **MONEY)
    amount_currency = models.DecimalField(_("amount in currency"), null=True, blank=True, **MONEY)
    # The entry booking the realised exchange difference of this match, if any.
    exchange_entry = models.ForeignKey(JournalEntry, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("exchange difference entry"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("matched by"))
    created_at = models.DateTimeField(_("matched at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="reconciliation_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.debit_line_id} ↔ {self.credit_line_id}: {self.amount}"
