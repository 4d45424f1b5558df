"""Reads of invoices and bills, and the VAT report (FIN-5)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Sum, Value, When
from django.db.models.functions import Round

from zhangfang.accounting.models import ZERO, Invoice, InvoiceLine, Tax
from zhangfang.core.models import Company

# Cancelled invoices stay in the VAT report: their credit notes take them out again.
REPORTED = (Invoice.Status.POSTED, Invoice.Status.CANCELLED)
MONEY = DecimalField(max_digits=18, decimal_places=2)


def invoices(company: Company, kind: str | None = None):
    """A company's invoices, bills and credit notes, newest first; ``kind`` narrows them."""
    rows = Invoice.objects.filter(company=company).select_related("partner", "currency", "journal")
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-date", "-id")


def invoice_detail(*, company: Company, pk: int) -> Invoice:
    return (invoices(company).select_related("account", "entry", "credit_note_of", "created_by", "posted_by",
                                             "cancelled_by").get(pk=pk))


def invoice_lines(*, invoice: Invoice):
    return invoice.lines.select_related("account", "tax", "cost_centre").order_by("pk")


@dataclass(frozen=True)
class VatRow:
    tax_id: int
    name: str
    rate: Decimal
    exempt: bool
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class VatReport:
    date_from: datetime.date
    date_to: datetime.date
    output: list[VatRow]  # 销项: customer invoices less customer credit notes
    input: list[VatRow]  # 进项: supplier bills less supplier credit notes
    output_base: Decimal
    output_tax: Decimal
    input_base: Decimal
    input_tax: Decimal

    @property
    def payable(self) -> Decimal:
        """应纳税额: output tax less input tax; negative is input tax carried forward."""
        return self.output_tax - self.input_tax


def _signed_in_base(field: str, places: int):
    """A line amount in the base currency, rounded per line exactly as posting converts it,
    negative on credit notes."""
    sign = Case(When(invoice__kind__in=Invoice.CREDIT_KINDS, then=Value(-1)), default=Value(1))
    return Sum(sign * Round(F(field) * F("invoice__rate"), places), output_field=MONEY)


def vat_report(*, company: Company, date_from: datetime.date, date_to: datetime.date) -> VatReport:
    """Taxable base and tax per tax of the posted documents dated in [date_from, date_to],
    in the base currency. The tax totals equal what those documents posted to the VAT accounts."""
    places = company.base_currency.decimal_places
    rows = (InvoiceLine.objects
            .filter(invoice__company=company, invoice__status__in=REPORTED, invoice__date__gte=date_from,
                    invoice__date__lte=date_to, tax__isnull=False)
            .values("tax_id", "tax__name", "tax__scope", "tax__rate", "tax__exempt")
            .annotate(base=_signed_in_base("amount_untaxed", places), tax=_signed_in_base("amount_tax", places))
            .order_by("tax__scope", "-tax__rate", "tax__exempt", "tax__name"))
    sides: dict[str, list[VatRow]] = {Tax.Scope.SALE: [], Tax.Scope.PURCHASE: []}
    for row in rows:
        sides[row["tax__scope"]].append(VatRow(tax_id=row["tax_id"], name=row["tax__name"], rate=row["tax__rate"],
                                               exempt=row["tax__exempt"], base=row["base"], tax=row["tax"]))
    output, input_ = sides[Tax.Scope.SALE], sides[Tax.Scope.PURCHASE]
    return VatReport(date_from=date_from, date_to=date_to, output=output, input=input_,
                     output_base=sum((r.base for r in output), ZERO), output_tax=sum((r.tax for r in output), ZERO),
                     input_base=sum((r.base for r in input_), ZERO), input_tax=sum((r.tax for r in input_), ZERO))
