"""Purchasing pages under /purchasing/."""

from django.urls import path

from zhangfang.purchasing.views import orders, requisitions, rfqs, setup

urlpatterns = [
    path("requisitions/", requisitions.RequisitionList.as_view(), name="purchasing_requisition_list"),
    path("requisitions/new/", requisitions.RequisitionCreate.as_view(), name="purchasing_requisition_create"),
    path("requisitions/<int:pk>/", requisitions.RequisitionDetail.as_view(), name="purchasing_requisition_detail"),
    path("requisitions/<int:pk>/edit/", requisitions.RequisitionEdit.as_view(), name="purchasing_requisition_edit"),
    path("requisitions/<int:pk>/ask/", requisitions.RequisitionRfqs.as_view(), name="purchasing_requisition_rfqs"),
    path("requisitions/<int:pk>/compare/", requisitions.RequisitionCompare.as_view(),
         name="purchasing_requisition_compare"),
    path("requisitions/<int:pk>/<slug:action>/", requisitions.RequisitionAction.as_view(),
         name="purchasing_requisition_action"),
    path("rfqs/", rfqs.RfqList.as_view(), name="purchasing_rfq_list"),
    path("rfqs/<int:pk>/", rfqs.RfqDetail.as_view(), name="purchasing_rfq_detail"),
    path("rfqs/<int:pk>/quote/", rfqs.RfqQuote.as_view(), name="purchasing_rfq_quote"),
    path("rfqs/<int:pk>/<slug:action>/", rfqs.RfqAction.as_view(), name="purchasing_rfq_action"),
    path("orders/", orders.OrderList.as_view(), name="purchasing_order_list"),
    path("orders/new/", orders.OrderCreate.as_view(), name="purchasing_order_create"),
    path("orders/<int:pk>/", orders.OrderDetail.as_view(), name="purchasing_order_detail"),
    path("orders/<int:pk>/edit/", orders.OrderEdit.as_view(), name="purchasing_order_edit"),
    path("orders/<int:pk>/receive/", orders.OrderReceive.as_view(), name="purchasing_order_receive"),
    path("orders/<int:pk>/return/", orders.OrderReturn.as_view(), name="purchasing_order_return"),
    path("orders/<int:pk>/bill/", orders.OrderBill.as_view(), name="purchasing_order_bill"),
    path("orders/<int:pk>/pdf/", orders.OrderPdf.as_view(), name="purchasing_order_pdf"),
    path("orders/<int:pk>/<slug:action>/", orders.OrderAction.as_view(), name="purchasing_order_action"),
    path("receipts/<int:picking_id>/inspect/", orders.ReceiptInspect.as_view(), name="purchasing_receipt_inspect"),
    path("bills/<int:pk>/", orders.BillMatch.as_view(), name="purchasing_bill_match"),
    path("bills/<int:pk>/<slug:action>/", orders.BillAction.as_view(), name="purchasing_bill_action"),
    path("prices/", setup.PriceList.as_view(), name="purchasing_price_list"),
    path("prices/new/", setup.PriceCreate.as_view(), name="purchasing_price_create"),
    path("prices/<int:pk>/", setup.PriceEdit.as_view(), name="purchasing_price_edit"),
    path("rating/", setup.RatingPage.as_view(), name="purchasing_supplier_rating"),
    path("settings/", setup.SettingsPage.as_view(), name="purchasing_settings"),
]
