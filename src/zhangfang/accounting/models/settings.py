"""Per-company accounting settings: lock date, approval threshold and default accounts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models.ledger import MONEY, Account


def _account(label):
    return models.ForeignKey(Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=label)


class AccountingSettings(models.Model):
    """Filled by ``chart_load`` from the template's defaults; changed by the finance manager."""

    company = models.OneToOneField("core.Company", on_delete=models.PROTECT, related_name="accounting_settings")
    # Nothing dated on or before the lock date can be posted, whoever asks (FIN-3).
    lock_date = models.DateField(_("lock date"), null=True, blank=True)
    # Supplier bills above this base-currency total go through the approval engine.
    bill_approval_threshold = models.DecimalField(_("bill approval threshold"), null=True, blank=True, **MONEY)
    receivable_account = _account(_("receivable account"))
    payable_account = _account(_("payable account"))
    income_account = _account(_("default income account"))
    expense_account = _account(_("default expense account"))
    fx_gain_account = _account(_("exchange gain account"))
    fx_loss_account = _account(_("exchange loss account"))
    current_profit_account = _account(_("current year profit account"))
    retained_earnings_account = _account(_("retained earnings account"))

    class Meta:
        verbose_name = _("accounting settings")
        verbose_name_plural = _("accounting settings")

    def __str__(self):
        return str(self.company)
