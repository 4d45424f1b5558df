"""Printed documents of sales (RPT-2): the customer invoice, the delivery note and the picking
list, as A4 PDFs built from the shared pieces in zhangfang.web.pdf."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from zhangfang.accounting.models import Invoice
from zhangfang.inventory.models import Picking
from zhangfang.web.pdf import address, amount_in_words, document, info_table, lines_table, money, quantity


def invoice_pdf(invoice: Invoice, *, order_number: str = "") -> tuple[str, bytes]:
    """(file name, PDF) of a posted customer invoice or credit note."""
    company, partner, currency = invoice.company, invoice.partner, invoice.currency.code
    title = _("Customer credit note") if invoice.is_credit_note else _("Customer invoice")
    info = [(_("Number"), invoice.number), (_("Invoice date"), invoice.date.isoformat()),
            (_("Due date"), invoice.due_date.isoformat()), (_("Currency"), currency),
            (_("Customer"), partner.name), (_("Tax ID"), partner.tax_id), (_("Address"), address(partner)),
            (_("Reference"), invoice.reference)]
    if order_number:
        info.append((_("Sales order"), order_number))
    if invoice.credit_note_of_id:
        info.append((_("Credits"), str(invoice.credit_note_of)))
    lines = list(invoice.lines.select_related("tax").order_by("pk"))
    rows = [[str(n), line.description, quantity(line.quantity), money(line.unit_price),
             f"{line.discount.normalize():f}%" if line.discount else "", line.tax.name if line.tax else "",
             money(line.amount_untaxed), money(line.amount_tax), money(line.amount_total)]
            for n, line in enumerate(lines, start=1)]
    rows.append(["", _("Total"), "", "", "", "", money(invoice.amount_untaxed), money(invoice.amount_tax),
                 money(invoice.amount_total)])
    table = lines_table([[_("No."), _("Description"), _("Quantity"), _("Unit price"), _("Discount"), _("Tax"),
                          _("Untaxed"), _("Tax"), _("Total")]], rows,
                        widths=[0.4, 3.2, 0.9, 1.1, 0.8, 1.1, 1.2, 1.0, 1.2], numeric={2, 3, 4, 6, 7, 8},
                        shaded={len(rows) - 1})
    summary = [(_("Total"), f"{currency} {money(invoice.amount_total)}"),
               (_("Amount due"), f"{currency} {money(invoice.amount_residual)}")]
    if currency == "CNY":
        summary.insert(1, (_("In words"), amount_in_words(invoice.amount_total)))
    seller = [(_("Seller"), company.legal_name or company.name), (_("Tax ID"), company.tax_id)]
    story = [info_table(info), Spacer(1, 4 * mm), table, Spacer(1, 3 * mm), info_table(summary),
             Spacer(1, 6 * mm), info_table(seller)]
    pdf = document(story, title=title, company=company, number=invoice.number)
    return f"invoice-{invoice.number or invoice.pk}.pdf", pdf


def picking_pdf(picking: Picking, moves, *, order=None, picking_list: bool = False) -> tuple[str, bytes]:
    """(file name, PDF) of a delivery: the delivery note the customer signs, or (``picking_list``)
    the list the warehouse picks from, with the location of each line."""
    partner = picking.partner
    title = _("Picking list") if picking_list else _("Delivery note")
    info = [(_("Number"), picking.number), (_("Date"), (picking.done_date or picking.scheduled_date).isoformat()),
            (_("Sales order"), order.number if order else picking.origin),
            (_("Customer reference"), order.reference if order else ""),
            (_("Customer"), partner.name if partner else ""), (_("Address"), address(partner) if partner else ""),
            (_("Phone"), partner.phone if partner else ""), (_("Carrier"), picking.carrier),
            (_("Tracking number"), picking.tracking_number), (_("Ship from"), str(picking.source))]
    rows = []
    for n, move in enumerate(moves, start=1):
        product = move.product
        row = [str(n), product.code, product.name, quantity(move.quantity), product.uom.name]
        if picking_list:
            row[3:3] = [str(move.source), move.lot.name if move.lot_id else ""]
        rows.append(row)
    if picking_list:
        header = [_("No."), _("Product code"), _("Product"), _("Location"), _("Lot"), _("Quantity"), _("Unit")]
        widths, numeric = [0.4, 1.2, 3.0, 1.8, 1.0, 0.9, 0.6], {5}
    else:
        header = [_("No."), _("Product code"), _("Product"), _("Quantity"), _("Unit")]
        widths, numeric = [0.4, 1.4, 4.4, 1.0, 0.7], {3}
    story = [info_table(info), Spacer(1, 4 * mm), lines_table([header], rows, widths=widths, numeric=numeric)]
    if not picking_list:
        signatures = [(_("Shipped by"), "______________"), (_("Received by (signature and date)"), "______________")]
        story += [Spacer(1, 12 * mm), info_table(signatures)]
    pdf = document(story, title=title, company=picking.company, number=picking.number)
    prefix = "picking-list" if picking_list else "delivery-note"
    return f"{prefix}-{picking.number}.pdf", pdf
