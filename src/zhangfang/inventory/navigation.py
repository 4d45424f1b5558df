"""The inventory section of the menu."""

from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    from zhangfang.web.navigation import Item, Section, register

    register(Section("inventory", _("Inventory"), "boxes", module="inventory", order=55, items=[
        Item(_("Products"), "inventory_product_list", "inventory.view_product", "box-seam"),
        Item(_("Receipts"), "inventory_receipt_list", "inventory.view_picking", "box-arrow-in-down"),
        Item(_("Deliveries"), "inventory_delivery_list", "inventory.view_picking", "truck"),
        Item(_("Internal transfers"), "inventory_internal_list", "inventory.view_picking", "arrow-left-right"),
        Item(_("All transfers"), "inventory_picking_list", "inventory.view_picking", "list-ul"),
        Item(_("Stock counts"), "inventory_count_list", "inventory.view_stockcount", "clipboard-check"),
        Item(_("Replenishment"), "inventory_replenishment", "inventory.view_reorderrule", "cart-plus"),
    ]))
    register(Section("inventory_reports", _("Inventory reports"), "clipboard-data", module="inventory", order=56,
                     items=[
        Item(_("Stock on hand"), "inventory_stock", "inventory.view_stockquant", "stack"),
        Item(_("Stock valuation"), "inventory_valuation", "inventory.view_valuationlayer", "cash-stack"),
        Item(_("Moves history"), "inventory_move_list", "inventory.view_stockmove", "clock-history"),
        Item(_("Lots / serial numbers"), "inventory_lot_list", "inventory.view_lot", "upc-scan"),
    ]))
    register(Section("inventory_setup", _("Inventory set-up"), "sliders", module="inventory", order=57, items=[
        Item(_("Product categories"), "inventory_category_list", "inventory.view_productcategory", "tags"),
        Item(_("Warehouses"), "inventory_warehouse_list", "inventory.view_warehouse", "building"),
        Item(_("Locations"), "inventory_location_list", "inventory.view_location", "diagram-3"),
        Item(_("Reorder rules"), "inventory_reorder_rule_list", "inventory.view_reorderrule", "arrow-repeat"),
    ]))
