"""The purchasing section of the menu."""

from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    from zhangfang.web.navigation import Item, Section, register

    register(Section("purchasing", _("Purchasing"), "bag", module="purchasing", order=45, items=[
        Item(_("Requisitions"), "purchasing_requisition_list", "purchasing.view_purchaserequisition", "card-checklist"),
        Item(_("Requests for quotation"), "purchasing_rfq_list", "purchasing.view_requestforquotation",
             "chat-square-quote"),
        Item(_("Purchase orders"), "purchasing_order_list", "purchasing.view_purchaseorder", "bag-check"),
        Item(_("Supplier prices"), "purchasing_price_list", "purchasing.view_supplierprice", "tags"),
        Item(_("Supplier rating"), "purchasing_supplier_rating", "purchasing.view_purchaseorder", "star-half"),
        Item(_("Purchasing settings"), "purchasing_settings", "purchasing.change_purchasingsettings", "sliders"),
    ]))
