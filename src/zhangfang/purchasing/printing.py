"""The printed purchase order (RPT-2): an A4 PDF with Chinese text in ReportLab's CID font
STSong-Light (no font file ships; the reader's viewer supplies the glyphs). STSong-Light has no
no-break space or middle dot, so the texts here avoid them."""

import functools
import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhangfang.purchasing.models import PurchaseOrder

FONT = "STSong-Light"
WIDTH = A4[0] - 30 * mm


@functools.cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _style(name: str, size: float, align: int = 0) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=_font(), fontSize=size, leading=size * 1.35, alignment=align)


def _p(text, style) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)), style)


def _quantity(value: Decimal) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _pairs(pairs: list[tuple[str, str]]) -> Table:
    """Label: value pairs in two columns side by side."""
    text = _style("text", 9)
    half = (len(pairs) + 1) // 2
    left, right = pairs[:half], pairs[half:] + [("", "")] * (half * 2 - len(pairs))
    table = Table([[_p(a, text), _p(b, text), _p(c, text), _p(d, text)] for (a, b), (c, d) in zip(left, right,
                                                                                                   strict=True)],
                  colWidths=[WIDTH * w for w in (0.14, 0.36, 0.14, 0.36)])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TEXTCOLOR", (0, 0), (0, -1), colors.grey),
                               ("TEXTCOLOR", (2, 0), (2, -1), colors.grey), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def order_pdf(order: PurchaseOrder) -> tuple[str, bytes]:
    """(file name, PDF) of a purchase order as sent to the supplier."""
    company, supplier, currency = order.company, order.supplier, order.currency.code
    cell = _style("cell", 8.5)
    address = " ".join(part for part in (supplier.province, supplier.city, supplier.street) if part)
    info = [(_("Number"), order.number), (_("Order date"), order.order_date.isoformat()),
            (_("Expected delivery"), order.expected_date.isoformat()), (_("Currency"), currency),
            (_("Supplier"), supplier.name), (_("Tax ID"), supplier.tax_id), (_("Address"), address),
            (_("Phone"), supplier.phone), (_("Deliver to"), f"{order.warehouse.name} {order.warehouse.address}"),
            (_("Your reference"), order.reference)]
    lines = list(order.lines.select_related("product", "uom", "tax").order_by("pk"))
    header = [_("No."), _("Product"), _("Description"), _("Quantity"), _("Unit"), _("Unit price"), _("Tax"),
              _("Untaxed"), _("Total")]
    rows = [[str(n), _p(line.product.code, cell), _p(line.description, cell), _quantity(line.quantity),
             _p(line.uom.name, cell), f"{line.unit_price:,.2f}", _p(line.tax.name if line.tax else "", cell),
             f"{line.amount_untaxed:,.2f}", f"{line.amount_total:,.2f}"] for n, line in enumerate(lines, start=1)]
    totals = ["", _("Total"), "", "", "", "", f"{order.amount_tax:,.2f}", f"{order.amount_untaxed:,.2f}",
              f"{order.amount_total:,.2f}"]
    widths = [0.4, 1.3, 2.6, 0.9, 0.6, 1.0, 0.9, 1.2, 1.2]
    table = Table([header, *rows, totals], repeatRows=1, colWidths=[WIDTH * w / sum(widths) for w in widths])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), _font(), 8.5), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke), ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (3, 1), (3, -1), "RIGHT"),
        ("ALIGN", (5, 1), (-1, -1), "RIGHT"), ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f5f8"))]))
    buyer = [(_("Buyer"), company.legal_name or company.name), (_("Tax ID"), company.tax_id),
             (_("Confirmed by"), str(order.confirmed_by or "")), (_("Supplier's signature"), "")]
    story = [_p(company.legal_name or company.name, _style("company", 11, align=1)),
             _p(_("Purchase order"), _style("title", 16, align=1)), Spacer(1, 3 * mm), _pairs(info),
             Spacer(1, 4 * mm), table, Spacer(1, 3 * mm)]
    if order.notes:
        story += [_p(order.notes, _style("notes", 9)), Spacer(1, 3 * mm)]
    story += [Spacer(1, 6 * mm), _pairs(buyer)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
                      bottomMargin=14 * mm, title=f"{_('Purchase order')} {order.number}",
                      author=str(company)).build(story)
    return f"purchase-order-{order.number}.pdf", out.getvalue()
