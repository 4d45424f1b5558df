"""Integrity checks the ledger contributes to ``zhangfang check`` (CHK-1)."""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Abs, Coalesce, Round
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting import chain
from zhangfang.accounting.models import (
    MONEY,
    Account,
    AccountBalance,
    Invoice,
    Journal,
    JournalEntry,
    JournalEntryLine,
    Reconciliation,
)
from zhangfang.core.integrity import register
from zhangfang.core.models import SequenceCounter
from zhangfang.core.services.sequences import format_number

ZERO = Decimal("0.00")
LIMIT = 20
MONEY_FIELD = DecimalField(**MONEY)


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


@register("accounting.entries_balance", _("Every posted journal entry balances"),
          hint=_("Compare the entry with its audit trail; a posted entry is only ever corrected by a reversal."))
def entries_balance():
    rows = (JournalEntryLine.objects.filter(entry__status__in=JournalEntry.IN_LEDGER)
            .values("entry_id", "entry__number").annotate(debit=Sum("debit"), credit=Sum("credit"))
            .annotate(difference=Round(F("debit") - F("credit"), 2))  # SQLite sums decimals as floats
            .exclude(difference=0).order_by("entry_id")[:LIMIT])
    findings = [f"entry {row['entry__number']} (id {row['entry_id']}): "
                f"debit {_money(row['debit'])} ≠ credit {_money(row['credit'])}" for row in rows]
    few = (JournalEntry.objects.filter(status__in=JournalEntry.IN_LEDGER)
           .annotate(count=Sum(Case(When(lines__isnull=False, then=1), default=0))).filter(count__lt=2)
           .order_by("pk")[:LIMIT])
    findings += [f"entry {entry.number} (id {entry.pk}) has fewer than two lines" for entry in few]
    return findings


@register("accounting.balances_match_lines", _("Maintained account balances equal the posted lines"),
          hint=_("Find who wrote the balance or line outside the services; rebuild balances only after that."))
def balances_match_lines():
    partner = Case(When(account__subtype__in=Account.PARTNER_SUBTYPES, then=F("partner_id")), default=None)
    from_lines = (JournalEntryLine.objects.filter(entry__status__in=JournalEntry.IN_LEDGER)
                  .annotate(key_partner=partner)
                  .values("entry__company_id", "account_id", "entry__period_id", "key_partner")
                  .annotate(debit=Sum("debit"), credit=Sum("credit")).order_by())
    expected = {(r["entry__company_id"], r["account_id"], r["entry__period_id"], r["key_partner"]):
                (r["debit"], r["credit"]) for r in from_lines}
    kept = {(r["company_id"], r["account_id"], r["period_id"], r["partner_id"]): (r["debit"], r["credit"])
            for r in AccountBalance.objects.values("company_id", "account_id", "period_id", "partner_id",
                                                   "debit", "credit")}
    findings = []
    for key in sorted(set(expected) | set(kept), key=lambda k: tuple(part or 0 for part in k)):
        want, have = expected.get(key, (ZERO, ZERO)), kept.get(key, (ZERO, ZERO))
        if want != have:
            company_id, account_id, period_id, partner_id = key
            findings.append(f"company {company_id} account {account_id} period {period_id} partner {partner_id}: "
                            f"balance {_money(have[0])}/{_money(have[1])}, "
                            f"lines {_money(want[0])}/{_money(want[1])}")
            if len(findings) >= LIMIT:
                break
    return findings


@register("accounting.entry_chain", _("Posted journal entries' hash chain verifies"),
          hint=_("A posted entry was changed behind the services' back: restore it from the last verified "
                 "backup and investigate who changed it."))
def entry_chain():
    findings = []
    for company_id in (JournalEntry.objects.filter(chain_seq__isnull=False)
                       .values_list("company_id", flat=True).distinct().order_by()):
        findings += chain.verify_chain(company_id)
    return findings


@register("accounting.journal_numbers", _("Journal entry numbers have no gaps"),
          hint=_("Find the entry that should carry the missing number in the audit trail."))
def journal_numbers():
    """Every number a journal's counter handed out is carried by exactly one posted entry."""
    codes = {journal.sequence_id: journal for journal in Journal.objects.select_related("sequence")}
    findings = []
    for counter in SequenceCounter.objects.filter(sequence_id__in=codes).select_related("sequence"):
        journal = codes[counter.sequence_id]
        expected = {format_number(counter.sequence, counter.period, n) for n in range(1, counter.last_number + 1)}
        used = set(JournalEntry.objects.filter(journal=journal, number__in=expected, status__in=JournalEntry.IN_LEDGER)
                   .values_list("number", flat=True))
        missing = sorted(expected - used)
        if missing:
            findings.append(f"{journal.prefix} {counter.period}: missing {', '.join(missing[:10])}")
    return findings


@register("accounting.invoices_match_entries",
          _("Every posted invoice's total is on its journal entry, and that entry balances"),
          hint=_("Compare the invoice with its journal entry and both audit trails; neither may change once "
                 "posted."))
def invoices_match_entries():
    """The receivable/payable line of each posted invoice's entry carries the invoice total
    (in the invoice's currency, signed by its side) and the entry's debits equal its credits."""
    Kind = Invoice.Kind
    lines = JournalEntryLine.objects.filter(entry_id=OuterRef("entry_id")).order_by().values("entry_id")
    on_partner_line = (lines.filter(account_id=OuterRef("account_id"), partner_id=OuterRef("partner_id"))
                       .annotate(total=Sum(Coalesce("amount_currency", F("debit") - F("credit")))).values("total"))
    imbalance = lines.annotate(total=Sum(F("debit") - F("credit"))).values("total")
    expected = Case(When(kind__in=(Kind.CUSTOMER_INVOICE, Kind.SUPPLIER_CREDIT), then=F("amount_total")),
                    default=-F("amount_total"), output_field=MONEY_FIELD)
    rows = (Invoice.objects.filter(status__in=(Invoice.Status.POSTED, Invoice.Status.CANCELLED))
            .annotate(on_entry=Subquery(on_partner_line, output_field=MONEY_FIELD),
                      imbalance=Round(Subquery(imbalance, output_field=MONEY_FIELD), 2))  # SQLite sums as floats
            .annotate(difference=Round(F("on_entry") - expected, 2))
            .filter(Q(entry__isnull=True) | Q(difference__isnull=True) | ~Q(difference=0) | ~Q(imbalance=0))
            .select_related("entry").order_by("pk")[:LIMIT])
    findings = []
    for invoice in rows:
        if invoice.entry is None:
            findings.append(f"invoice {invoice.number} (id {invoice.pk}) is posted without a journal entry")
            continue
        if invoice.difference is None or invoice.difference:
            on_entry = "missing" if invoice.on_entry is None else _money(abs(invoice.on_entry))
            findings.append(f"invoice {invoice.number} (id {invoice.pk}): total {_money(invoice.amount_total)}, "
                            f"receivable/payable line of entry {invoice.entry.number}: {on_entry}")
        if invoice.imbalance:
            findings.append(f"invoice {invoice.number} (id {invoice.pk}): entry {invoice.entry.number} "
                            f"does not balance by {_money(invoice.imbalance)}")
    return findings


@register("accounting.open_amounts_match", _("Open amounts of receivable and payable lines agree with their matches"),
          hint=_("Find in the audit trail who changed the line, match or invoice outside the services; then unmatch "
                 "the line and match it again, which recomputes its open amount."))
def open_amounts_match():
    """A line's open amount is its amount less its reconciliations (nothing is open off
    reconcilable accounts), and a posted invoice's amount due is what its line has open."""
    def matched(side):
        rows = (Reconciliation.objects.filter(**{side: OuterRef("pk")}).order_by().values(side)
                .annotate(total=Sum("amount")).values("total"))
        return Coalesce(Subquery(rows, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)

    expected = Case(When(account__reconcilable=True,
                         then=F("debit") - F("credit") - matched("debit_line") + matched("credit_line")),
                    default=Value(ZERO), output_field=MONEY_FIELD)
    lines = (JournalEntryLine.objects.filter(Q(account__reconcilable=True) | ~Q(residual=0),
                                             entry__status__in=JournalEntry.IN_LEDGER)
             .annotate(expected=expected).annotate(difference=Round(F("residual") - F("expected"), 2))
             .exclude(difference=0).select_related("entry").order_by("pk")[:LIMIT])
    findings = [f"line {line.pk} of entry {line.entry.number}: open {_money(line.residual)}, "
                f"its matches leave {_money(line.expected)}" for line in lines]
    open_lines = (JournalEntryLine.objects.filter(entry_id=OuterRef("entry_id"), account_id=OuterRef("account_id"))
                  .order_by().values("entry_id"))
    in_base = Subquery(open_lines.annotate(total=Sum("residual")).values("total"), output_field=MONEY_FIELD)
    in_currency = Subquery(open_lines.annotate(total=Sum("residual_currency")).values("total"),
                           output_field=MONEY_FIELD)
    due = Abs(Case(When(currency_id=F("company__base_currency_id"), then=in_base),
                   default=Coalesce(in_currency, in_base), output_field=MONEY_FIELD))
    invoices = (Invoice.objects.filter(status__in=(Invoice.Status.POSTED, Invoice.Status.CANCELLED),
                                       entry__isnull=False)
                .annotate(due=due).annotate(difference=Round(F("amount_residual") - F("due"), 2))
                .filter(Q(due__isnull=True) | ~Q(difference=0)).order_by("pk")[:LIMIT])
    findings += [f"invoice {invoice.number} (id {invoice.pk}): amount due {_money(invoice.amount_residual)}, "
                 f"its line has {_money(invoice.due)} open" for invoice in invoices]
    return findings
