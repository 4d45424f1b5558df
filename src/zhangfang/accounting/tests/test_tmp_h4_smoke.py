import datetime
from django.urls import reverse
from zhangfang.accounting.tests.trade import Trade
from zhangfang.accounting.models import Invoice


def test_pages(books, signed_in):
    t = Trade(books)
    inv = t.invoice(datetime.date(2026, 11, 3), "100.00")
    bill = t.bill(datetime.date(2026, 11, 3), "80.00")
    pay = t.receive(datetime.date(2026, 11, 4), "60.00", (inv, "60.00"))
    c = signed_in(books.actor)
    urls = [reverse("accounting_invoice_create"), reverse("accounting_bill_create"),
            reverse("accounting_invoice_list") + "?q=销&status=posted&payment_state=partial&kind=out_invoice",
            reverse("accounting_bill_list"), reverse("accounting_invoice_detail", args=[inv.pk]),
            reverse("accounting_invoice_detail", args=[bill.pk]),
            reverse("accounting_invoice_credit_note", args=[inv.pk]),
            reverse("accounting_payment_list"), reverse("accounting_payment_create"),
            reverse("accounting_payment_create") + f"?partner={t.customer.pk}&kind=inbound&currency=CNY",
            reverse("accounting_payment_detail", args=[pay.pk]),
            reverse("accounting_open_items", args=[t.customer.pk]),
            reverse("accounting_open_items", args=[t.supplier.pk]),
            reverse("accounting_aging") + "?kind=payable", reverse("accounting_vat_report"),
            reverse("accounting_vat_report") + "?format=xlsx", reverse("accounting_aging") + "?format=pdf",
            reverse("accounting_invoice_list") + "?_export=xlsx"]
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)
        if "format" not in url and "_export" not in url:
            open("/tmp/h4-page-" + url.strip("/").replace("/", "_").replace("?", "_")[:60] + ".html", "w").write(r.content.decode())
    r = c.post(reverse("accounting_invoice_credit_note", args=[inv.pk]), {"date": "2026-11-10", "reason": "x", "partial": "1"})
    note = Invoice.objects.get(credit_note_of=inv)
    assert r["Location"] == reverse("accounting_invoice_edit", args=[note.pk])
    r = c.get(r["Location"])
    assert r.status_code == 200
    open("/tmp/h4-page-note-edit.html", "w").write(r.content.decode())
