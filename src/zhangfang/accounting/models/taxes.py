"""Value-added tax rates (增值税): 13 %, 9 %, 6 %, 0 % and exempt, for sales and purchases."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models.ledger import Account
from zhangfang.core.models import CompanyScoped


class Tax(CompanyScoped):
    class Scope(models.TextChoices):
        SALE = "sale", _("Sales (output tax)")
        PURCHASE = "purchase", _("Purchases (input tax)")

    name = models.CharField(_("name"), max_length=60)
    scope = models.CharField(_("used on"), max_length=10, choices=Scope.choices)
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    # Prices entered with this tax already contain it (含税价).
    price_include = models.BooleanField(_("price includes tax"), default=False)
    # 免税: no tax and reported apart from the 0 % rate (零税率).
    exempt = models.BooleanField(_("exempt"), default=False)
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("tax account"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "scope", "-rate", "name"]
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        constraints = [
            models.UniqueConstraint(fields=["company", "scope", "name"], name="tax_company_scope_name_unique"),
            models.CheckConstraint(condition=Q(rate__gte=0) & Q(rate__lt=100), name="tax_rate_range"),
            models.CheckConstraint(condition=Q(exempt=False) | Q(rate=0), name="tax_exempt_zero"),
        ]

    def __str__(self):
        return self.name
