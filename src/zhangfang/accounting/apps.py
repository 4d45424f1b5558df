from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountingConfig(AppConfig):
    name = "zhangfang.accounting"
    label = "accounting"
    verbose_name = _("Finance")
    depends_on: list[str] = ["core"]

    def ready(self):
        from zhangfang.accounting import checks  # noqa: F401  (registers integrity checks)
        from zhangfang.core.demo import DEMO_BUILDERS

        DEMO_BUILDERS.append(_demo)
        _register_navigation()
        _register_approvals()


def _register_approvals():
    """Supplier bills above the approval threshold wait for the approval engine."""
    from django.urls import reverse

    from zhangfang.accounting.services.invoices import DOCUMENT_TYPE, invoice_approval_decided
    from zhangfang.core.approvals.documents import DocumentType, register

    register(DocumentType(DOCUMENT_TYPE, _("Supplier bill"), on_decided=invoice_approval_decided,
                          url=lambda object_id: reverse("accounting_invoice_detail", args=[object_id])))


def _demo(*, company, admin):
    from zhangfang.accounting.demo import build

    build(company=company, admin=admin)


def _register_navigation():
    from zhangfang.web.navigation import Item, Section, register

    register(Section("accounting", _("Finance"), "journal-bookmark", module="accounting", order=50, items=[
        Item(_("Journal entries"), "accounting_entry_list", "accounting.view_journalentry", "journal-text"),
        Item(_("Customer invoices"), "accounting_invoice_list", "accounting.view_invoice", "receipt"),
        Item(_("Supplier bills"), "accounting_bill_list", "accounting.view_invoice", "receipt-cutoff"),
        Item(_("Payments"), "accounting_payment_list", "accounting.view_payment", "cash-coin"),
    ]))
    register(Section("accounting_reports", _("Finance reports"), "graph-up", module="accounting", order=51, items=[
        Item(_("Trial balance"), "accounting_trial_balance", "accounting.view_accountbalance", "table"),
        Item(_("Account detail"), "accounting_account_detail", "accounting.view_accountbalance", "list-columns"),
        Item(_("Balance sheet"), "accounting_balance_sheet", "accounting.view_accountbalance", "bank"),
        Item(_("Income statement"), "accounting_income_statement", "accounting.view_accountbalance", "graph-up"),
        Item(_("Cash flow statement"), "accounting_cash_flow", "accounting.view_accountbalance", "cash-stack"),
        Item(_("Aging"), "accounting_aging", "accounting.view_invoice", "hourglass-split"),
        Item(_("VAT report"), "accounting_vat_report", "accounting.view_invoice", "percent"),
    ]))
    register(Section("accounting_setup", _("Finance set-up"), "sliders", module="accounting", order=52, items=[
        Item(_("Chart of accounts"), "accounting_account_list", "accounting.view_account", "diagram-3"),
        Item(_("Journals"), "accounting_journal_list", "accounting.view_journal", "book"),
        Item(_("Taxes"), "accounting_tax_list", "accounting.view_tax", "percent"),
        Item(_("Cost centres"), "accounting_cost_centre_list", "accounting.view_costcentre", "bullseye"),
        Item(_("Periods"), "accounting_period_list", "accounting.view_period", "calendar3"),
        Item(_("Accounting settings"), "accounting_settings", "accounting.change_accountingsettings", "sliders"),
    ]))
