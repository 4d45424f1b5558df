"""Building blocks of every PDF the apps print (documents such as invoices and orders, and the
accounting reports): A4 pages in ReportLab's CID font STSong-Light, so no font file ships and the
reader's viewer supplies the glyphs. STSong-Light has no no-break space or middle dot: texts avoid
them, indent by style and separate by spaces."""

import functools
import io
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN  # the text width of a portrait page
SHADE = colors.HexColor("#f3f5f8")  # totals and headings
DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUPS = ["", "万", "亿", "万亿"]


@functools.cache
def font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@functools.cache
def style(size: float = 9, *, align: int = TA_LEFT, indent: float = 0) -> ParagraphStyle:
    return ParagraphStyle(f"zf-{size}-{align}-{indent}", fontName=font(), fontSize=size, leading=size * 1.35,
                          alignment=align, leftIndent=indent)


def paragraph(text, size: float = 9, *, align: int = TA_LEFT, indent: float = 0) -> Paragraph:
    """Text that wraps; markup characters in it are shown, not interpreted."""
    return Paragraph(escape("" if text is None else str(text)), style(size, align=align, indent=indent))


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def quantity(value: Decimal) -> str:
    """Up to 4 places, no trailing zeros: 1,200 and 2.5."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def address(partner) -> str:
    return " ".join(part for part in (partner.province, partner.city, partner.street) if part)


def info_table(pairs: list[tuple[str, str]], *, width: float = WIDTH) -> Table:
    """Label: value pairs in two columns side by side, the labels grey."""
    half = (len(pairs) + 1) // 2
    left, right = pairs[:half], pairs[half:] + [("", "")] * (half * 2 - len(pairs))
    rows = [[paragraph(a), paragraph(b), paragraph(c), paragraph(d)] for (a, b), (c, d) in zip(left, right,
                                                                                             strict=True)]
    table = Table(rows, colWidths=[width * w for w in (0.14, 0.36, 0.14, 0.36)])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TEXTCOLOR", (0, 0), (0, -1), colors.grey),
                               ("TEXTCOLOR", (2, 0), (2, -1), colors.grey), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def lines_table(header: list[list[str]], rows: list[list], *, widths: list[float], numeric: set[int],
                shaded: set[int] = frozenset(), spans=(), size: float = 8.5, width: float = WIDTH) -> Table:
    """A ruled table, its header rows shaded, centred and repeated on every page. In the ``numeric``
    columns strings stay plain so that they right-align; elsewhere they wrap as paragraphs (pass a
    Paragraph to style one yourself). ``shaded``: indexes into ``rows`` of totals or headings;
    ``spans``: header cells merged, as (col, row, end col, end row)."""
    heads = len(header)
    data = [list(row) for row in header]
    data += [[paragraph(cell, size) if isinstance(cell, str) and i not in numeric else cell
              for i, cell in enumerate(row)] for row in rows]
    style = [("FONT", (0, 0), (-1, -1), font(), size), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
             ("BACKGROUND", (0, 0), (-1, heads - 1), colors.whitesmoke), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (0, 0), (-1, heads - 1), "CENTER")]
    style += [("SPAN", (col, row), (end_col, end_row)) for col, row, end_col, end_row in spans]
    style += [("ALIGN", (i, heads), (i, -1), "RIGHT") for i in sorted(numeric)]
    style += [("BACKGROUND", (0, heads + i), (-1, heads + i), SHADE) for i in sorted(shaded)]
    table = Table(data, repeatRows=heads, colWidths=[width * w / sum(widths) for w in widths])
    table.setStyle(TableStyle(style))
    return table


def build(story: list[Flowable], *, title: str, author: str, pagesize=A4, margin: float = MARGIN) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
                      bottomMargin=margin, title=title, author=author).build(story)
    return out.getvalue()


def document(story: list[Flowable], *, title: str, company, number: str) -> bytes:
    """A printed document: the company's name and the document's title above the story."""
    name = company.legal_name or company.name
    head = [paragraph(name, 11, align=TA_CENTER), paragraph(title, 16, align=TA_CENTER), Spacer(1, 3 * mm)]
    return build(head + story, title=f"{title} {number}", author=str(company))


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
