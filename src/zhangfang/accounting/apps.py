from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountingConfig(AppConfig):
    name = "zhangfang.accounting"
    label = "accounting"
    verbose_name = _("Finance")
    depends_on: list[str] = ["core"]

    def ready(self):
        from zhangfang.accounting import checks  # noqa: F401  (registers integrity checks)

        _register_navigation()


def _register_navigation():
    from zhangfang.web.navigation import Item, Section, register

    register(Section("accounting", _("Finance"), "journal-bookmark", module="accounting", items=[
        Item(_("Journal entries"), "accounting_entry_list", "accounting.view_journalentry", "journal-text"),
        Item(_("Trial balance"), "accounting_trial_balance", "accounting.view_accountbalance", "table"),
    ]))
