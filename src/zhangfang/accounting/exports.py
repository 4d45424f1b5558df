"""Statements and books as files: XLSX (numbers stay numbers) and PDF (A4, ReportLab with
its CID font STSong-Light, so no font file ships; the reader's viewer supplies the glyphs).

Each report first becomes a Sheet — title, company, period, header rows, rows of cells —
and one writer per format turns any Sheet into bytes."""

import functools
import io
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhangfang.accounting.selectors.arap import Aging
from zhangfang.accounting.selectors.invoices import VatReport
from zhangfang.accounting.selectors.ledger import AccountDetail, TrialBalance
from zhangfang.accounting.selectors.statements import Statement

FONT = "STSong-Light"
MONEY_FORMAT = "#,##0.00"


@dataclass
class Row:
    cells: list  # str or Decimal (None: empty)
    bold: bool = False
    indent: int = 0


@dataclass
class Sheet:
    title: str
    company: str
    period: str
    header: list[list[str]]
    rows: list[Row] = field(default_factory=list)
    name: str = "report"  # file name without extension
    widths: list[float] = field(default_factory=list)  # relative column widths; default: the first wide
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # header cells merged: col, row, col, row


def _statement_sheet(report: Statement, company) -> Sheet:
    if report.date_from is None:
        period = _("As of %(date)s") % {"date": report.date_to.isoformat()}
    else:
        period = _period(report.date_from, report.date_to)
    sheet = Sheet(str(report.title), str(company), period, [[_("Item"), *map(str, report.columns)]],
                  name=report.kind.replace("_", "-"))
    for line in report.lines:
        cells = [""] * len(report.columns) if line.heading else line.amounts
        sheet.rows.append(Row([str(line.label), *cells], bold=line.heading or line.is_total, indent=line.level))
    return sheet


def _trial_balance_sheet(report: TrialBalance, company) -> Sheet:
    debit, credit = _("Debit"), _("Credit")
    sheet = Sheet(_("Trial balance"), str(company), _period(report.date_from, report.date_to), [
        [_("Account"), _("Opening balance"), "", _("Period"), "", _("Closing balance"), ""],
        ["", debit, credit, debit, credit, debit, credit],
    ], name="trial-balance", spans=[(0, 0, 0, 1), (1, 0, 2, 0), (3, 0, 4, 0), (5, 0, 6, 0)])
    for row in report.rows:
        sheet.rows.append(Row([str(row.account), *row.amounts], bold=row.group, indent=row.level))
    t = report.totals
    sheet.rows.append(Row([_("Total"), t["opening_debit"], t["opening_credit"], t["debit"], t["credit"],
                           t["closing_debit"], t["closing_credit"]], bold=True))
    return sheet


def _detail_sheet(detail: AccountDetail, company) -> Sheet:
    accounts = ", ".join(str(account) for account in detail.accounts)
    sheet = Sheet(f"{_('Account detail')} {accounts}", str(company), _period(detail.date_from, detail.date_to),
                  [[_("Date"), _("Entry"), _("Account"), _("Description"), _("Partner"), _("Debit"), _("Credit"),
                    _("Balance")]], name="account-detail", widths=[1.2, 1.6, 0.9, 3, 1.8, 1.4, 1.4, 1.5])
    if detail.opening is not None:
        sheet.rows.append(Row(["", "", "", _("Opening balance"), "", None, None, detail.opening], bold=True))
    for line in detail.lines:
        sheet.rows.append(Row([line.date.isoformat(), line.entry_number, line.account.code, line.text, line.partner,
                               line.debit or None, line.credit or None, line.balance]))
    closing = detail.closing if detail.closing is not None else detail.net
    sheet.rows.append(Row(["", "", "", _("Total"), "", detail.debit, detail.credit, closing], bold=True))
    return sheet


def _period(date_from, date_to) -> str:
    return _("%(start)s to %(end)s") % {"start": date_from.isoformat(), "end": date_to.isoformat()}


def _aging_sheet(report: Aging, company) -> Sheet:
    title = _("Receivables aging") if report.kind == "receivable" else _("Payables aging")
    labels = [_("Not yet due"), _("1–30 days"), _("31–60 days"), _("61–90 days"), _("Over 90 days"), _("Total")]
    sheet = Sheet(title, str(company), _("As of %(date)s") % {"date": report.as_of.isoformat()},
                  [[_("Partner"), *labels]], name=f"{report.kind}-aging")
    names = ("current", "days_1_30", "days_31_60", "days_61_90", "days_over_90", "total")
    for row in report.rows:
        sheet.rows.append(Row([row.partner_name, *(getattr(row, name) for name in names)]))
    sheet.rows.append(Row([_("Total"), *(report.totals[name] for name in names)], bold=True))
    sheet.rows.append(Row([_("Control account balance"), None, None, None, None, None, report.control_balance]))
    return sheet


def _vat_sheet(report: VatReport, company) -> Sheet:
    sheet = Sheet(_("VAT report"), str(company), _period(report.date_from, report.date_to),
                  [[_("Tax"), _("Taxable base"), _("Tax")]], name="vat-report")
    for heading, rows, base, tax in ((_("Output tax"), report.output, report.output_base, report.output_tax),
                                     (_("Input tax"), report.input, report.input_base, report.input_tax)):
        sheet.rows.append(Row([heading, None, None], bold=True))
        sheet.rows.extend(Row([row.name, row.base, row.tax], indent=1) for row in rows)
        sheet.rows.append(Row([_("Total"), base, tax], bold=True, indent=1))
    sheet.rows.append(Row([_("VAT payable"), None, report.payable], bold=True))
    return sheet


SHEETS = {Statement: _statement_sheet, TrialBalance: _trial_balance_sheet, AccountDetail: _detail_sheet,
          Aging: _aging_sheet, VatReport: _vat_sheet}


def sheet_of(report, company) -> Sheet:
    return SHEETS[type(report)](report, company)


def xlsx(report, *, company) -> tuple[str, bytes]:
    """(file name, workbook bytes) of a statement, trial balance or account detail."""
    sheet = sheet_of(report, company)
    book = Workbook()
    ws = book.active
    ws.title = sheet.name[:31]
    ws.append([sheet.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([sheet.company])
    ws.append([sheet.period])
    ws.append([])
    top = ws.max_row + 1
    for header in sheet.header:
        ws.append(header)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    for col, row, end_col, end_row in sheet.spans:
        ws.merge_cells(start_row=top + row, start_column=col + 1, end_row=top + end_row, end_column=end_col + 1)
    for row in sheet.rows:
        ws.append(row.cells)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT
            if row.bold:
                cell.font = Font(bold=True)
        ws.cell(ws.max_row, 1).alignment = Alignment(indent=row.indent)
    ws.column_dimensions["A"].width = 40
    for letter in "BCDEFGH":
        ws.column_dimensions[letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return f"{sheet.name}.xlsx", out.getvalue()


@functools.cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _text(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def pdf(report, *, company) -> tuple[str, bytes]:
    """(file name, PDF bytes): A4, the header rows repeated on every page, amounts right-aligned."""
    sheet = sheet_of(report, company)
    font = _font()
    columns = len(sheet.header[0])
    size = landscape(A4) if columns > 4 else A4
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=sheet.title, author=sheet.company)
    # STSong-Light has no glyph for a no-break space or a middle dot: indent by style, separate by spaces.
    cells = [ParagraphStyle(f"cell{level}", fontName=font, fontSize=8, leading=10, leftIndent=10 * level)
             for level in range(4)]
    heads = len(sheet.header)
    data = [[_text(value) for value in header] for header in sheet.header]
    style = [("FONT", (0, 0), (-1, -1), font, 8), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
             ("BACKGROUND", (0, 0), (-1, heads - 1), colors.whitesmoke), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (1, 0), (-1, heads - 1), "CENTER")]
    style += [("SPAN", (col, row), (end_col, end_row)) for col, row, end_col, end_row in sheet.spans]
    for row in sheet.rows:
        # Text wraps in a paragraph; amounts stay plain strings so that ALIGN can right-align them.
        data.append([_text(value) if isinstance(value, Decimal)
                     else Paragraph(escape(_text(value)), cells[min(row.indent, 3) if i == 0 else 0])
                     for i, value in enumerate(row.cells)])
        if row.bold:
            style.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#f3f5f8")))
    numeric = {i for row in sheet.rows for i, value in enumerate(row.cells) if isinstance(value, Decimal)}
    style += [("ALIGN", (i, heads), (i, -1), "RIGHT") for i in sorted(numeric)]
    weights = sheet.widths or [3, *[1] * (columns - 1)]
    width = size[0] - 24 * mm
    table = Table(data, repeatRows=heads, colWidths=[width * w / sum(weights) for w in weights])
    table.setStyle(TableStyle(style))
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=20, alignment=1)
    info = ParagraphStyle("info", fontName=font, fontSize=9, leading=12, alignment=1)
    doc.build([Paragraph(escape(sheet.title), title), Paragraph(escape(f"{sheet.company}    {sheet.period}"), info),
               Spacer(1, 4 * mm), table])
    return f"{sheet.name}.pdf", out.getvalue()
