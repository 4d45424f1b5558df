"""The company's sales settings: the default invoice policy of new orders and whether
confirming an order checks the customer's credit limit."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.models import Company
from zhangfang.sales.exceptions import SalesFieldInvalid
from zhangfang.sales.models import InvoicePolicy, SalesSettings


def sales_settings(company: Company) -> SalesSettings:
    settings, _created = SalesSettings.objects.get_or_create(company=company)
    return settings


def sales_settings_update(*, actor, company: Company, invoice_policy: str | None = None,
                          credit_check: bool | None = None) -> SalesSettings:
    permissions.require(actor, company, "sales.change_salessettings")
    if invoice_policy is not None and invoice_policy not in InvoicePolicy.values:
        raise SalesFieldInvalid(field=_("Invoice policy"), reason=_("choose ordered or delivered quantities."),
                                fields={"invoice_policy": [str(_("Choose ordered or delivered quantities."))]})
    with transaction.atomic():
        settings = SalesSettings.objects.select_for_update().get(pk=sales_settings(company).pk)
        before = audit.snapshot(settings)
        if invoice_policy is not None:
            settings.invoice_policy = invoice_policy
        if credit_check is not None:
            settings.credit_check = bool(credit_check)
        settings.save()
        after = audit.snapshot(settings)
        if after != before:
            audit.record(actor=actor, action="update", obj=settings, before=before, after=after, company=company)
    return settings
