"""Statements and books as files: XLSX (numbers stay numbers) and PDF (A4, built from the
shared pieces in zhangfang.web.pdf).

Each report first becomes a Sheet — title, company, period, header rows, rows of cells —
and one writer per format turns any Sheet into bytes."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from zhangfang.accounting.selectors.arap import Aging
from zhangfang.accounting.selectors.invoices import VatReport
from zhangfang.accounting.selectors.ledger import AccountDetail, TrialBalance
from zhangfang.accounting.selectors.statements import Statement
from zhangfang.web.pdf import build, lines_table, money, paragraph

MONEY_FORMAT = "#,##0.00"
MARGIN = 12 * mm  # reports run wide: more of the page for their columns


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


def _text(value) -> str:
    if isinstance(value, Decimal):
        return money(value)
    return "" if value is None else str(value)


def pdf(report, *, company) -> tuple[str, bytes]:
    """(file name, PDF bytes): A4, the header rows repeated on every page, amounts right-aligned."""
    sheet = sheet_of(report, company)
    columns = len(sheet.header[0])
    size = landscape(A4) if columns > 4 else A4
    # Amounts stay plain strings so that they right-align; the first column is indented by its level.
    rows = [[paragraph(_text(value), 8, indent=10 * min(row.indent, 3)) if i == 0 else _text(value)
             for i, value in enumerate(row.cells)] for row in sheet.rows]
    numeric = {i for row in sheet.rows for i, value in enumerate(row.cells) if isinstance(value, Decimal)}
    table = lines_table([[_text(value) for value in header] for header in sheet.header], rows,
                        widths=sheet.widths or [3, *[1] * (columns - 1)], numeric=numeric,
                        shaded={n for n, row in enumerate(sheet.rows) if row.bold}, spans=sheet.spans, size=8,
                        width=size[0] - 2 * MARGIN)
    story = [paragraph(sheet.title, 15, align=TA_CENTER),
             paragraph(f"{sheet.company}    {sheet.period}", align=TA_CENTER), Spacer(1, 4 * mm), table]
    return f"{sheet.name}.pdf", build(story, title=sheet.title, author=sheet.company, pagesize=size, margin=MARGIN)
