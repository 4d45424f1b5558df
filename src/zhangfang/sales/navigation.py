"""The sales section of the menu."""

from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    from zhangfang.web.navigation import Item, Section, register

    register(Section("sales", _("Sales"), "cart-check", module="sales", order=40, items=[
        Item(_("Quotations"), "sales_quotation_list", "sales.view_salesorder", "file-earmark-text"),
        Item(_("Sales orders"), "sales_order_list", "sales.view_salesorder", "cart-check"),
        Item(_("Deliveries to do"), "sales_delivery_list", "inventory.view_picking", "truck"),
        Item(_("Price lists"), "sales_pricelist_list", "sales.view_pricelist", "tags"),
        Item(_("Sales settings"), "sales_settings", "sales.change_salessettings", "sliders"),
    ]))
