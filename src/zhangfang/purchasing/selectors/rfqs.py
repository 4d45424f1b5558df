"""Comparing the quotations of one requisition: per line, each supplier's price, lead time and
total, the cheapest (in base currency) and the fastest flagged."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zhangfang.core.errors import RateMissing
from zhangfang.core.services.currencies import rate_on
from zhangfang.purchasing.matching import Offer, best_offers
from zhangfang.purchasing.models import PurchaseRequisition, RequestForQuotation, RequestForQuotationLine


@dataclass
class Quote:
    rfq: RequestForQuotation
    line: RequestForQuotationLine
    total: Decimal | None  # in the RFQ's currency
    total_base: Decimal | None
    cheapest: bool = False
    fastest: bool = False


@dataclass
class ComparedLine:
    requisition_line: object
    quotes: list[Quote] = field(default_factory=list)


def rfq_comparison(requisition: PurchaseRequisition) -> tuple[list[RequestForQuotation], list[ComparedLine]]:
    """The requisition's quotations (not cancelled) and, per requisition line, one quote per RFQ in
    the same order; a quote without a price has no total and no flag."""
    company = requisition.company
    today = timezone.localdate()
    quantum = company.base_currency.quantum
    rfqs = list(requisition.rfqs.exclude(status=RequestForQuotation.Status.CANCELLED)
                .select_related("supplier", "currency").order_by("pk"))
    rates = {}
    for rfq in rfqs:
        try:
            rates[rfq.pk] = rate_on(company=company, currency=rfq.currency, on_date=today)
        except RateMissing:
            rates[rfq.pk] = None
    by_source: dict[tuple[int, int], RequestForQuotationLine] = {
        (line.rfq_id, line.requisition_line_id): line
        for line in RequestForQuotationLine.objects.filter(rfq__in=rfqs).select_related("uom")}
    compared = []
    for source in requisition.lines.select_related("product", "uom").order_by("pk"):
        row = ComparedLine(requisition_line=source)
        for rfq in rfqs:
            line = by_source.get((rfq.pk, source.pk))
            if line is None:
                continue
            total = None if line.price is None else (line.price * line.quantity).quantize(
                rfq.currency.quantum, rounding=ROUND_HALF_UP)
            base = None if total is None or rates[rfq.pk] is None else (total * rates[rfq.pk]).quantize(
                quantum, rounding=ROUND_HALF_UP)
            row.quotes.append(Quote(rfq=rfq, line=line, total=total, total_base=base))
        cheapest, fastest = best_offers([
            Offer(key=quote.line.pk, total=quote.total_base, lead_days=quote.line.lead_days) for quote in row.quotes])
        for quote in row.quotes:
            quote.cheapest, quote.fastest = quote.line.pk in cheapest, quote.line.pk in fastest
        compared.append(row)
    return rfqs, compared
