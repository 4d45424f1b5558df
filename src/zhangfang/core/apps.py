from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhangfang.core"
    label = "core"
    verbose_name = _("Core")
    depends_on: list[str] = []

    def ready(self):
        from zhangfang.core import checks  # noqa: F401  (registers integrity checks)
        from zhangfang.core.seed import seed_reference_data

        post_migrate.connect(seed_reference_data, dispatch_uid="zhangfang.core.seed")
        from axes.signals import user_locked_out

        from zhangfang.core.services.security import on_lockout

        user_locked_out.connect(on_lockout, dispatch_uid="zhangfang.core.lockout")
        _register_navigation()


def _register_navigation():
    from zhangfang.web.navigation import Item, Section, register

    register(Section("master", _("Master data"), "database", order=10, items=[
        Item(_("Partners"), "partner_list", "core.view_partner", "people"),
        Item(_("Exchange rates"), "rate_list", "core.view_exchangerate", "currency-exchange"),
        Item(_("Currencies"), "currency_list", "core.view_currency", "cash-coin"),
        Item(_("Units of measure"), "uom_list", "core.view_uom", "rulers"),
    ]))
    register(Section("approvals", _("Approvals"), "check2-square", order=80, items=[
        Item(_("My approvals"), "approval_inbox", "core.view_approvalrequest", "inbox"),
        Item(_("Approval rules"), "approval_rule_list", "core.change_approvalrule", "diagram-3"),
    ]))
    register(Section("settings", _("Settings"), "gear", order=90, items=[
        Item(_("Company"), "company_settings", "core.change_company", "building-gear"),
        Item(_("Users"), "user_list", "core.view_user", "person-badge"),
        Item(_("Roles"), "role_list", "core.view_role", "shield-check"),
        Item(_("Audit trail"), "audit_list", "core.view_auditrecord", "journal-text"),
    ]))
