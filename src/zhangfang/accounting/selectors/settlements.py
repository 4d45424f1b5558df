"""Reads for the payment pages and for what settled a document (FIN-4): payments, the open
invoices a payment may pay, and the entries matched against an entry's lines."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Sum

from zhangfang.accounting.models import Invoice, JournalEntry, Payment, Reconciliation
from zhangfang.accounting.selectors.arap import KINDS
from zhangfang.core.models import Company, Partner


def payments(company: Company):
    """A company's payments, newest first."""
    return (Payment.objects.filter(company=company)
            .select_related("partner", "journal", "currency", "entry").order_by("-date", "-id"))


def payment_detail(*, company: Company, pk: int) -> Payment:
    return payments(company).select_related("created_by", "cancelled_by").get(pk=pk)


def open_invoices(*, company: Company, partner: Partner, kinds):
    """The partner's posted documents of ``kinds`` with something still due, earliest due first."""
    return (Invoice.objects.filter(company=company, partner=partner, status=Invoice.Status.POSTED,
                                   kind__in=kinds, amount_residual__gt=0)
            .select_related("currency").order_by("due_date", "pk"))


@dataclass(frozen=True)
class Settlement:
    """Another entry matched against the lines of the one asked about, with what it settled
    in base currency and, for a match in a foreign currency, in that currency."""

    entry: JournalEntry
    amount: Decimal
    amount_currency: Decimal | None

    @property
    def payment(self) -> Payment | None:
        return getattr(self.entry, "payment", None)

    @property
    def invoice(self) -> Invoice | None:
        return getattr(self.entry, "invoice", None)


def settlements(*, entry_id: int | None) -> list[Settlement]:
    """The entries whose lines are matched with ``entry_id``'s lines, oldest first."""
    if entry_id is None:
        return []
    totals: dict[int, list] = {}
    for own, other in (("debit_line", "credit_line"), ("credit_line", "debit_line")):
        rows = (Reconciliation.objects.filter(**{f"{own}__entry_id": entry_id})
                .exclude(**{f"{other}__entry_id": entry_id})
                .values(other_entry=F(f"{other}__entry_id"))
                .annotate(amount=Sum("amount"), amount_currency=Sum("amount_currency")).order_by())
        for row in rows:
            total = totals.setdefault(row["other_entry"], [Decimal(0), None])
            total[0] += row["amount"]
            if row["amount_currency"] is not None:
                total[1] = (total[1] or Decimal(0)) + row["amount_currency"]
    entries = (JournalEntry.objects.filter(pk__in=totals).select_related("payment", "invoice")
               .order_by("date", "pk"))
    return [Settlement(entry=entry, amount=totals[entry.pk][0], amount_currency=totals[entry.pk][1])
            for entry in entries]


def partner_matches(*, company: Company, partner: Partner, kind: str):
    """The latest reconciliations of the partner's receivable (or payable) lines."""
    return (Reconciliation.objects
            .filter(company=company, debit_line__partner=partner, debit_line__account__subtype=KINDS[kind],
                    debit_line__account__reconcilable=True)
            .select_related("debit_line__entry", "credit_line__entry", "exchange_entry")
            .order_by("-created_at", "-pk")[:100])

