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


def _demo(*, company, admin):
    """The demo company keeps its books on the PRC enterprise chart."""
    from zhangfang.accounting.services.accounts import chart_load, journal_defaults_ensure

    chart_load(actor=admin, company=company, template="prc")
    journal_defaults_ensure(actor=admin, company=company)


def _register_navigation():
    from zhangfang.web.navigation import Item, Section, register

    register(Section("accounting", _("Finance"), "journal-bookmark", module="accounting", items=[
        Item(_("Journal entries"), "accounting_entry_list", "accounting.view_journalentry", "journal-text"),
        Item(_("Trial balance"), "accounting_trial_balance", "accounting.view_accountbalance", "table"),
    ]))
