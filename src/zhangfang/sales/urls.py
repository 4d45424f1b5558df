from django.urls import path

from zhangfang.sales.views import deliveries, orders, setup

urlpatterns = [
    path("quotations/", orders.QuotationList.as_view(), name="sales_quotation_list"),
    path("orders/", orders.OrderList.as_view(), name="sales_order_list"),
    path("orders/new/", orders.OrderCreate.as_view(), name="sales_order_create"),
    path("orders/<int:pk>/", orders.OrderDetail.as_view(), name="sales_order_detail"),
    path("orders/<int:pk>/edit/", orders.OrderEdit.as_view(), name="sales_order_edit"),
    path("orders/<int:pk>/payment/", orders.OrderPayment.as_view(), name="sales_order_payment"),
    path("orders/<int:pk>/return/", orders.OrderReturn.as_view(), name="sales_order_return"),
    path("orders/<int:pk>/<slug:action>/", orders.OrderAction.as_view(), name="sales_order_action"),
    path("deliveries/", deliveries.DeliveryList.as_view(), name="sales_delivery_list"),
    path("deliveries/<int:pk>/", deliveries.DeliveryDetail.as_view(), name="sales_delivery_detail"),
    path("deliveries/<int:pk>/reserve/", deliveries.DeliveryReserve.as_view(), name="sales_delivery_reserve"),
    path("deliveries/<int:pk>/pdf", deliveries.DeliveryPdf.as_view(), name="sales_delivery_pdf"),
    path("deliveries/<int:pk>/picking-list.pdf", deliveries.PickingListPdf.as_view(),
         name="sales_picking_list_pdf"),
    path("invoices/<int:pk>/pdf", setup.InvoicePdf.as_view(), name="sales_invoice_pdf"),
    path("price-lists/", setup.PriceListList.as_view(), name="sales_pricelist_list"),
    path("price-lists/new/", setup.PriceListCreate.as_view(), name="sales_pricelist_create"),
    path("price-lists/<int:pk>/", setup.PriceListEdit.as_view(), name="sales_pricelist_detail"),
    path("settings/", setup.SettingsPage.as_view(), name="sales_settings"),
]
