"""Purchasing models, one module per subject; import them from here."""

from zhangfang.purchasing.models.orders import (
    PurchaseBill,
    PurchaseBillLine,
    PurchaseMove,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchasePriceDifference,
    PurchaseReceipt,
)
from zhangfang.purchasing.models.prices import SupplierPrice
from zhangfang.purchasing.models.requisitions import PurchaseRequisition, PurchaseRequisitionLine
from zhangfang.purchasing.models.rfqs import RequestForQuotation, RequestForQuotationLine
from zhangfang.purchasing.models.settings import PurchasingSettings

__all__ = [
    "PurchaseBill", "PurchaseBillLine", "PurchaseMove", "PurchaseOrder", "PurchaseOrderLine",
    "PurchasePriceDifference", "PurchaseReceipt", "PurchaseRequisition", "PurchaseRequisitionLine",
    "PurchasingSettings", "RequestForQuotation", "RequestForQuotationLine", "SupplierPrice",
]
