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
