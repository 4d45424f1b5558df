"""Inventory models, one module per subject; import them from here."""

from zhangfang.inventory.models.counts import StockCount, StockCountLine
from zhangfang.inventory.models.locations import Location, Warehouse
from zhangfang.inventory.models.products import QUANTITY, UNIT_COST, Product, ProductCategory
from zhangfang.inventory.models.replenishment import ReorderRule
from zhangfang.inventory.models.stock import MONEY, Lot, Picking, StockMove, StockQuant, ValuationLayer

__all__ = [
    "MONEY", "QUANTITY", "UNIT_COST", "Location", "Lot", "Picking", "Product", "ProductCategory", "ReorderRule",
    "StockCount", "StockCountLine", "StockMove", "StockQuant", "ValuationLayer", "Warehouse",
]
