"""Receivables and payables (FIN-4): open items and their aging, summed in SQL.

A line's open amount on a date is its amount less the reconciliations with lines dated by
then, so an aging for a past date shows the books as they stood. Amounts are signed as the
ledger reads them: receivables debit minus credit, payables credit minus debit (what we owe
is positive); an advance shows as a negative amount."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import MONEY, ZERO, Account, JournalEntry, JournalEntryLine, Reconciliation
from zhangfang.accounting.selectors.ledger import trial_balance
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Company, Partner

KINDS = {"receivable": Account.Subtype.RECEIVABLE, "payable": Account.Subtype.PAYABLE}
BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "days_over_90")
AMOUNT = DecimalField(**MONEY)


def _subtype(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationFailed(fields={"kind": [str(_("Choose receivable or payable."))]})
    return KINDS[kind]


def _matched(side: str, other: str, as_of: datetime.date) -> Subquery:
    """Sum of the line's reconciliations on ``side`` whose other line is dated by ``as_of``."""
    rows = (Reconciliation.objects.filter(**{side: OuterRef("pk"), f"{other}__entry__date__lte": as_of})
            .values(side).annotate(total=Sum("amount")).values("total"))
    return Coalesce(Subquery(rows, output_field=AMOUNT), Value(ZERO), output_field=AMOUNT)


def open_items(*, company: Company, partner: Partner | None = None, kind: str = "receivable",
               as_of: datetime.date | None = None):
    """Open receivable (or payable) lines, each annotated with ``open_amount`` (signed as the
    module docstring says) and ``due`` (its due date), earliest due first."""
    lines = (JournalEntryLine.objects
             .filter(entry__company=company, entry__status__in=JournalEntry.IN_LEDGER, account__reconcilable=True,
                     account__subtype=_subtype(kind))
             .select_related("entry", "account", "partner", "currency"))
    if partner is not None:
        lines = lines.filter(partner=partner)
    if as_of is None:
        signed = F("residual")
        lines = lines.exclude(residual=0)
    else:
        later = Reconciliation.objects.filter(
            Q(debit_line=OuterRef("pk"), credit_line__entry__date__gt=as_of)
            | Q(credit_line=OuterRef("pk"), debit_line__entry__date__gt=as_of))
        signed = (F("debit") - F("credit") - _matched("debit_line", "credit_line", as_of)
                  + _matched("credit_line", "debit_line", as_of))
        # Only lines open now or matched after as_of can have been open then.
        lines = lines.filter(Q(entry__date__lte=as_of) & (~Q(residual=0) | Exists(later)))
    sign = 1 if kind == "receivable" else -1
    lines = lines.annotate(open_amount=sign * signed, due=Coalesce("date_maturity", "entry__date"))
    if as_of is not None:
        lines = lines.exclude(open_amount=0)
    return lines.order_by("due", "pk")


@dataclass
class AgingRow:
    partner_id: int | None
    partner_name: str
    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    days_over_90: Decimal
    total: Decimal


@dataclass
class Aging:
    kind: str
    as_of: datetime.date
    rows: list[AgingRow] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    control_balance: Decimal = ZERO

    @property
    def agrees(self) -> bool:
        """The open items add up to the balance of the control accounts."""
        return self.totals["total"] == self.control_balance


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def aging(*, company: Company, kind: str, as_of: datetime.date) -> Aging:
    """账龄分析: per partner, what is open on ``as_of`` by days past due — not yet due, 1–30,
    31–60, 61–90, over 90 — with totals and the control accounts' balance they must equal."""
    def days(n: int) -> datetime.date:
        return as_of - datetime.timedelta(days=n)

    limits = {"current": Q(due__gte=as_of), "days_1_30": Q(due__lt=as_of, due__gte=days(30)),
              "days_31_60": Q(due__lt=days(30), due__gte=days(60)),
              "days_61_90": Q(due__lt=days(60), due__gte=days(90)), "days_over_90": Q(due__lt=days(90))}
    buckets = {name: Sum(Case(When(condition, then="open_amount"), default=Value(ZERO), output_field=AMOUNT))
               for name, condition in limits.items()}
    rows = (open_items(company=company, kind=kind, as_of=as_of).select_related(None)
            .values("partner_id", "partner__name").annotate(**buckets, total=Sum("open_amount"))
            .order_by("partner__name", "partner_id"))
    report = Aging(kind=kind, as_of=as_of, totals=dict.fromkeys((*BUCKETS, "total"), ZERO),
                   control_balance=control_balance(company=company, kind=kind, as_of=as_of))
    for row in rows:
        amounts = {name: _money(row[name]) for name in (*BUCKETS, "total")}
        if not any(amounts.values()):
            continue
        report.rows.append(AgingRow(partner_id=row["partner_id"], partner_name=row["partner__name"] or "",
                                    **amounts))
        for name, amount in amounts.items():
            report.totals[name] += amount
    return report


def control_balance(*, company: Company, kind: str, as_of: datetime.date) -> Decimal:
    """Balance on ``as_of`` of the reconcilable receivable (or payable) accounts, from the
    maintained balances; signed like the open items."""
    subtype = _subtype(kind)
    report = trial_balance(company=company, date_from=as_of, date_to=as_of)
    net = sum((row.closing_debit - row.closing_credit for row in report.rows
               if row.account.reconcilable and row.account.subtype == subtype), ZERO)
    return net if kind == "receivable" else -net
