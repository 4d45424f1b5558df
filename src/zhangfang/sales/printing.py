"""Printed documents of sales (RPT-2): the customer invoice, the delivery note and the picking
list, as A4 PDFs with Chinese text (ReportLab's CID font STSong-Light: no font file ships, the
reader's viewer supplies the glyphs). STSong-Light has no no-break space or middle dot, so the
texts here avoid them."""

import functools
import io
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhangfang.accounting.models import Invoice
from zhangfang.inventory.models import Picking

FONT = "STSong-Light"
WIDTH = A4[0] - 30 * mm
DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUPS = ["", "万", "亿", "万亿"]


def amount_in_words(amount: Decimal) -> str:
    """人民币大写: 1234.56 → 壹仟贰佰叁拾肆元伍角陆分, as written on Chinese invoices and cheques."""
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "负" if amount < 0 else ""
    cents = int(abs(amount) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = _integer_words(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return sign + (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return sign + words


def _integer_words(number: int) -> str:
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    words, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            zero_pending = bool(words)
            continue
        if words and (zero_pending or group < 1000):
            words += "零"
        words += _group_words(group) + GROUPS[index]
        zero_pending = False
    return words


def _group_words(group: int) -> str:
    """A number below 10,000 in capital numerals, with one 零 for each run of inner zeros."""
    words, zero = "", False
    for position in range(3, -1, -1):
        digit = group // 10 ** position % 10
        if digit:
            if zero and words:
                words += "零"
            words += DIGITS[digit] + UNITS[position]
            zero = False
        else:
            zero = True
    return words


@functools.cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {"title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1),
            "company": ParagraphStyle("company", fontName=font, fontSize=11, leading=15, alignment=1),
            "text": ParagraphStyle("text", fontName=font, fontSize=9, leading=12),
            "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11)}


def _p(text, style) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)), style)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:,.4f}".rstrip("0")


def _info_table(pairs: list[tuple[str, str]], styles) -> Table:
    """Two columns of label: value pairs, side by side."""
    half = (len(pairs) + 1) // 2
    left, right = pairs[:half], pairs[half:] + [("", "")] * (half * 2 - len(pairs))
    rows = [[_p(a, styles["text"]), _p(b, styles["text"]), _p(c, styles["text"]), _p(d, styles["text"])]
            for (a, b), (c, d) in zip(left, right, strict=True)]
    table = Table(rows, colWidths=[WIDTH * w for w in (0.14, 0.36, 0.14, 0.36)])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TEXTCOLOR", (0, 0), (0, -1), colors.grey),
                               ("TEXTCOLOR", (2, 0), (2, -1), colors.grey), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _lines_table(header: list[str], rows: list[list], widths: list[float], numeric: set[int],
                 footer: list[list] = ()) -> Table:
    styles = _styles()
    data = [header] + [[cell if i in numeric else _p(cell, styles["cell"]) for i, cell in enumerate(row)]
                       for row in rows] + [list(row) for row in footer]
    table = Table(data, repeatRows=1, colWidths=[WIDTH * w / sum(widths) for w in widths])
    style = [("FONT", (0, 0), (-1, -1), _font(), 8.5), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
             ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in sorted(numeric)]
    if footer:
        style.append(("BACKGROUND", (0, len(data) - len(footer)), (-1, -1), colors.HexColor("#f3f5f8")))
    table.setStyle(TableStyle(style))
    return table


def _build(*, title: str, company, number: str, story: list) -> bytes:
    styles = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=f"{title} {number}", author=str(company))
    doc.build([_p(company.legal_name or company.name, styles["company"]), _p(title, styles["title"]),
               Spacer(1, 3 * mm), *story])
    return out.getvalue()


def _address(partner) -> str:
    return " ".join(part for part in (partner.province, partner.city, partner.street) if part)


# --- the customer invoice ---------------------------------------------------------------

def invoice_pdf(invoice: Invoice, *, order_number: str = "") -> tuple[str, bytes]:
    """(file name, PDF) of a posted customer invoice or credit note."""
    styles = _styles()
    company, partner, currency = invoice.company, invoice.partner, invoice.currency.code
    title = _("Customer credit note") if invoice.is_credit_note else _("Customer invoice")
    info = [(_("Number"), invoice.number), (_("Invoice date"), invoice.date.isoformat()),
            (_("Due date"), invoice.due_date.isoformat()), (_("Currency"), currency),
            (_("Customer"), partner.name), (_("Tax ID"), partner.tax_id), (_("Address"), _address(partner)),
            (_("Reference"), invoice.reference)]
    if order_number:
        info.append((_("Sales order"), order_number))
    if invoice.credit_note_of_id:
        info.append((_("Credits"), str(invoice.credit_note_of)))
    lines = list(invoice.lines.select_related("tax").order_by("pk"))
    rows = [[str(n), line.description, _quantity(line.quantity), f"{line.unit_price:,.2f}",
             f"{line.discount.normalize():f}%" if line.discount else "", line.tax.name if line.tax else "",
             _money(line.amount_untaxed), _money(line.amount_tax), _money(line.amount_total)]
            for n, line in enumerate(lines, start=1)]
    footer = [["", _("Total"), "", "", "", "", _money(invoice.amount_untaxed), _money(invoice.amount_tax),
               _money(invoice.amount_total)]]
    table = _lines_table([_("No."), _("Description"), _("Quantity"), _("Unit price"), _("Discount"), _("Tax"),
                          _("Untaxed"), _("Tax"), _("Total")], rows, [0.4, 3.2, 0.9, 1.1, 0.8, 1.1, 1.2, 1.0, 1.2],
                         numeric={2, 3, 4, 6, 7, 8}, footer=footer)
    words = amount_in_words(invoice.amount_total) if currency == "CNY" else ""
    summary = [(_("Total"), f"{currency} {_money(invoice.amount_total)}"),
               (_("Amount due"), f"{currency} {_money(invoice.amount_residual)}")]
    if words:
        summary.insert(1, (_("In words"), words))
    seller = [(_("Seller"), company.legal_name or company.name), (_("Tax ID"), company.tax_id)]
    story = [_info_table(info, styles), Spacer(1, 4 * mm), table, Spacer(1, 3 * mm), _info_table(summary, styles),
             Spacer(1, 6 * mm), _info_table(seller, styles)]
    pdf = _build(title=title, company=company, number=invoice.number, story=story)
    return f"invoice-{invoice.number or invoice.pk}.pdf", pdf


# --- the delivery note and the picking list ---------------------------------------------

def picking_pdf(picking: Picking, moves, *, order=None, picking_list: bool = False) -> tuple[str, bytes]:
    """(file name, PDF) of a delivery: the delivery note the customer signs, or (``picking_list``)
    the list the warehouse picks from, with the location of each line."""
    styles = _styles()
    partner = picking.partner
    title = _("Picking list") if picking_list else _("Delivery note")
    info = [(_("Number"), picking.number), (_("Date"), (picking.done_date or picking.scheduled_date).isoformat()),
            (_("Sales order"), order.number if order else picking.origin),
            (_("Customer reference"), order.reference if order else ""),
            (_("Customer"), partner.name if partner else ""), (_("Address"), _address(partner) if partner else ""),
            (_("Phone"), partner.phone if partner else ""), (_("Carrier"), picking.carrier),
            (_("Tracking number"), picking.tracking_number), (_("Ship from"), str(picking.source))]
    rows = []
    for n, move in enumerate(moves, start=1):
        product = move.product
        row = [str(n), product.code, product.name, _quantity(move.quantity), product.uom.symbol or product.uom.name]
        if picking_list:
            row[3:3] = [str(move.source), move.lot.name if move.lot_id else ""]
        rows.append(row)
    if picking_list:
        header = [_("No."), _("Product code"), _("Product"), _("Location"), _("Lot"), _("Quantity"), _("Unit")]
        widths, numeric = [0.4, 1.2, 3.0, 1.8, 1.0, 0.9, 0.6], {5}
    else:
        header = [_("No."), _("Product code"), _("Product"), _("Quantity"), _("Unit")]
        widths, numeric = [0.4, 1.4, 4.4, 1.0, 0.7], {3}
    story = [_info_table(info, styles), Spacer(1, 4 * mm), _lines_table(header, rows, widths, numeric)]
    if not picking_list:
        signatures = [(_("Shipped by"), "______________"), (_("Received by (signature and date)"), "______________")]
        story += [Spacer(1, 12 * mm), _info_table(signatures, styles)]
    pdf = _build(title=title, company=picking.company, number=picking.number, story=story)
    prefix = "picking-list" if picking_list else "delivery-note"
    return f"{prefix}-{picking.number}.pdf", pdf
