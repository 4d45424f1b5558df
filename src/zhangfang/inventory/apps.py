from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "zhangfang.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from zhangfang.inventory.navigation import register_navigation

        register_navigation()
