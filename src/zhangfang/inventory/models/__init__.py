"""Inventory models, one module per subject; import them from here."""

from zhangfang.inventory.models.locations import Location, Warehouse
from zhangfang.inventory.models.products import QUANTITY, UNIT_COST, Product, ProductCategory
from zhangfang.inventory.models.stock import Lot, Picking, StockMove, StockQuant, ValuationLayer

__all__ = [
    "QUANTITY", "UNIT_COST", "Location", "Lot", "Picking", "Product", "ProductCategory", "StockMove", "StockQuant",
    "ValuationLayer", "Warehouse",
]
