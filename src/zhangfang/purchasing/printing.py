"""The printed purchase order (RPT-2): an A4 PDF built from the shared pieces in zhangfang.web.pdf."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from zhangfang.purchasing.models import PurchaseOrder
from zhangfang.web.pdf import address, document, info_table, lines_table, money, paragraph, quantity


def order_pdf(order: PurchaseOrder) -> tuple[str, bytes]:
    """(file name, PDF) of a purchase order as sent to the supplier."""
    company, supplier, currency = order.company, order.supplier, order.currency.code
    info = [(_("Number"), order.number), (_("Order date"), order.order_date.isoformat()),
            (_("Expected delivery"), order.expected_date.isoformat()), (_("Currency"), currency),
            (_("Supplier"), supplier.name), (_("Tax ID"), supplier.tax_id), (_("Address"), address(supplier)),
            (_("Phone"), supplier.phone), (_("Deliver to"), f"{order.warehouse.name} {order.warehouse.address}"),
            (_("Your reference"), order.reference)]
    lines = list(order.lines.select_related("product", "uom", "tax").order_by("pk"))
    rows = [[str(n), line.product.code, line.description, quantity(line.quantity), line.uom.name,
             money(line.unit_price), line.tax.name if line.tax else "", money(line.amount_untaxed),
             money(line.amount_tax), money(line.amount_total)] for n, line in enumerate(lines, start=1)]
    rows.append(["", _("Total"), "", "", "", "", "", money(order.amount_untaxed), money(order.amount_tax),
                 money(order.amount_total)])
    table = lines_table([[_("No."), _("Product"), _("Description"), _("Quantity"), _("Unit"), _("Unit price"),
                          _("Tax"), _("Untaxed"), _("Tax"), _("Total")]], rows,
                        widths=[0.4, 1.2, 2.0, 0.9, 0.8, 1.0, 1.1, 1.1, 0.9, 1.1], numeric={3, 5, 7, 8, 9},
                        shaded={len(rows) - 1})
    buyer = [(_("Buyer"), company.legal_name or company.name), (_("Tax ID"), company.tax_id),
             (_("Confirmed by"), str(order.confirmed_by or "")), (_("Supplier's signature"), "")]
    story = [info_table(info), Spacer(1, 4 * mm), table, Spacer(1, 3 * mm)]
    if order.notes:
        story += [paragraph(order.notes), Spacer(1, 3 * mm)]
    story += [Spacer(1, 6 * mm), info_table(buyer)]
    pdf = document(story, title=_("Purchase order"), company=company, number=order.number)
    return f"purchase-order-{order.number}.pdf", pdf
