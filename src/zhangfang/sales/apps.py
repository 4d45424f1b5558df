from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "zhangfang.sales"
    label = "sales"
    verbose_name = _("Sales")
    depends_on: list[str] = ["core", "accounting", "inventory"]

    def ready(self):
        from zhangfang.core.checks import SEQUENCE_USERS
        from zhangfang.core.demo import DEMO_BUILDERS
        from zhangfang.sales.navigation import register_navigation
        from zhangfang.sales.services.orders import SEQUENCE

        SEQUENCE_USERS[SEQUENCE] = ("sales.SalesOrder", "number")
        DEMO_BUILDERS.append(_demo)
        register_navigation()
        _register_approvals()


def _register_approvals():
    """Orders that would take a customer over their credit limit wait for the approval engine."""
    from django.urls import reverse

    from zhangfang.core.approvals.documents import DocumentType, register
    from zhangfang.sales.services.orders import DOCUMENT_TYPE, sales_order_approval_decided

    register(DocumentType(DOCUMENT_TYPE, _("Sales order over the credit limit"),
                          on_decided=sales_order_approval_decided,
                          url=lambda object_id: reverse("sales_order_detail", args=[object_id])))


def _demo(*, company, admin):
    from zhangfang.sales.demo import build

    build(company=company, admin=admin)
