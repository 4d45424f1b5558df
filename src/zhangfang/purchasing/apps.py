from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasingConfig(AppConfig):
    name = "zhangfang.purchasing"
    label = "purchasing"
    verbose_name = _("Purchasing")
    depends_on: list[str] = ["core", "accounting", "inventory"]

    def ready(self):
        from zhangfang.core.checks import SEQUENCE_USERS
        from zhangfang.core.demo import DEMO_BUILDERS
        from zhangfang.purchasing.navigation import register_navigation
        from zhangfang.purchasing.services import orders, requisitions, rfqs

        SEQUENCE_USERS[requisitions.SEQUENCE] = ("purchasing.PurchaseRequisition", "number")
        SEQUENCE_USERS[rfqs.SEQUENCE] = ("purchasing.RequestForQuotation", "number")
        SEQUENCE_USERS[orders.SEQUENCE] = ("purchasing.PurchaseOrder", "number")
        DEMO_BUILDERS.append(_demo)
        register_navigation()
        _register_approvals()
        _register_posting_hooks()


def _register_posting_hooks():
    """A purchase order's bill is matched before it posts and followed up after, whichever
    page or approval posts it."""
    from zhangfang.accounting.services import invoices
    from zhangfang.purchasing.services.bills import bill_match_check, bill_posted

    invoices.BEFORE_POST.append(bill_match_check)
    invoices.AFTER_POST.append(bill_posted)


def _register_approvals():
    """Requisitions (by amount and department), orders above the threshold and bills that
    differ from their order go through the approval engine."""
    from django.urls import reverse

    from zhangfang.core.approvals.documents import DocumentType, register
    from zhangfang.purchasing.services import bills, orders, requisitions

    register(DocumentType(requisitions.DOCUMENT_TYPE, _("Purchase requisition"),
                          on_decided=requisitions.purchase_requisition_approval_decided,
                          url=lambda object_id: reverse("purchasing_requisition_detail", args=[object_id])))
    register(DocumentType(orders.DOCUMENT_TYPE, _("Purchase order"),
                          on_decided=orders.purchase_order_approval_decided,
                          url=lambda object_id: reverse("purchasing_order_detail", args=[object_id])))
    register(DocumentType(bills.DOCUMENT_TYPE, _("Supplier bill differing from its purchase order"),
                          on_decided=bills.bill_match_approval_decided,
                          url=lambda object_id: reverse("purchasing_bill_match", args=[object_id])))


def _demo(*, company, admin):
    from zhangfang.purchasing.demo import build

    build(company=company, admin=admin)
