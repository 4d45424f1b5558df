"""Invoices, bills, credit notes, payments, open items, aging and the VAT report."""

from django.urls import path

from zhangfang.accounting.views import arap, invoices, payments

urlpatterns = [
    path("invoices/", invoices.InvoiceList.as_view(), name="accounting_invoice_list"),
    path("invoices/new/", invoices.InvoiceCreate.as_view(), name="accounting_invoice_create"),
    path("invoices/preview/", invoices.InvoicePreview.as_view(), name="accounting_invoice_preview"),
    path("bills/", invoices.BillList.as_view(), name="accounting_bill_list"),
    path("bills/new/", invoices.BillCreate.as_view(), name="accounting_bill_create"),
    path("invoices/<int:pk>/", invoices.InvoiceDetail.as_view(), name="accounting_invoice_detail"),
    path("invoices/<int:pk>/edit/", invoices.InvoiceEdit.as_view(), name="accounting_invoice_edit"),
    path("invoices/<int:pk>/credit-note/", invoices.CreditNoteCreate.as_view(),
         name="accounting_invoice_credit_note"),
    path("invoices/<int:pk>/<slug:action>/", invoices.InvoiceAction.as_view(), name="accounting_invoice_action"),
    path("payments/", payments.PaymentList.as_view(), name="accounting_payment_list"),
    path("payments/new/", payments.PaymentCreate.as_view(), name="accounting_payment_create"),
    path("payments/<int:pk>/", payments.PaymentDetail.as_view(), name="accounting_payment_detail"),
    path("payments/<int:pk>/cancel/", payments.PaymentCancel.as_view(), name="accounting_payment_cancel"),
    path("partners/<int:pk>/open-items/", payments.OpenItems.as_view(), name="accounting_open_items"),
    path("lines/<int:pk>/unreconcile/", payments.LineUnreconcile.as_view(), name="accounting_line_unreconcile"),
    path("aging/", arap.AgingPage.as_view(), name="accounting_aging"),
    path("vat-report/", arap.VatReportPage.as_view(), name="accounting_vat_report"),
]
