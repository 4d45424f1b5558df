from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "zhangfang.inventory"
    label = "inventory"
    verbose_name = _("Inventory")
    depends_on: list[str] = ["core", "accounting"]

    def ready(self):
        from zhangfang.core.demo import DEMO_BUILDERS
        from zhangfang.inventory import checks  # noqa: F401  (registers integrity checks)
        from zhangfang.inventory.navigation import register_navigation

        DEMO_BUILDERS.append(_demo)
        register_navigation()


def _demo(*, company, admin):
    from zhangfang.inventory.demo import build

    build(company=company, admin=admin)
