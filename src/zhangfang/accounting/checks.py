"""Integrity checks the ledger contributes to ``zhangfang check`` (CHK-1)."""

from decimal import Decimal

from django.db.models import Case, F, Sum, When
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting import chain
from zhangfang.accounting.models import Account, AccountBalance, Journal, JournalEntry, JournalEntryLine
from zhangfang.core.integrity import register
from zhangfang.core.models import SequenceCounter
from zhangfang.core.services.sequences import format_number

ZERO = Decimal("0.00")
LIMIT = 20


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
