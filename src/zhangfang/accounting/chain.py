"""The per-company hash chain over posted entries (SEC-7). Each posted entry's hash covers
its header, its lines and the previous entry's hash; ``verify_chain`` names the first entry
that no longer matches, so an edit behind the services' back is found."""

import hashlib
import json
from decimal import Decimal

from django.db import IntegrityError, transaction

from zhangfang.accounting.models import JournalEntry, JournalEntryLine, LedgerChainHead

GENESIS = "0" * 64
CENT = Decimal("0.01")


def _money(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT))


def entry_fields(entry: JournalEntry, lines: list[JournalEntryLine]) -> dict:
    return {
        "seq": entry.chain_seq,
        "company": entry.company_id,
        "journal": entry.journal_id,
        "number": entry.number,
        "date": entry.date.isoformat(),
        "reference": entry.reference,
        "narration": entry.narration,
        "posted_by": entry.posted_by_id,
        "posted_at": entry.posted_at.isoformat() if entry.posted_at else None,
        "reversal_of": entry.reversal_of_id,
        "origin": entry.origin,
        "lines": [
            [line.account_id, line.partner_id, _money(line.debit), _money(line.credit), line.description,
             line.currency_id, _money(line.amount_currency), line.cost_centre_id,
             line.date_maturity.isoformat() if line.date_maturity else None]
            for line in sorted(lines, key=lambda line: line.pk)
        ],
    }


def digest(prev_hash: str, fields: dict) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(prev_hash.encode() + canonical.encode()).hexdigest()


def head_locked(company_id: int) -> LedgerChainHead:
    """The company's chain head, locked until the caller's transaction ends."""
    head = LedgerChainHead.objects.select_for_update().filter(company_id=company_id).first()
    if head is None:
        try:
            with transaction.atomic():
                LedgerChainHead.objects.create(company_id=company_id, last_hash=GENESIS)
        except IntegrityError:
            pass  # another transaction created it first; wait for its lock
        head = LedgerChainHead.objects.select_for_update().get(company_id=company_id)
    return head


def append(entry: JournalEntry, lines: list[JournalEntryLine]) -> None:
    """Give ``entry`` the next link of its company's chain (caller saves the entry)."""
    head = head_locked(entry.company_id)
    entry.chain_seq, entry.prev_hash = head.count + 1, head.last_hash
    entry.hash = digest(entry.prev_hash, entry_fields(entry, lines))
    head.count, head.last_hash = entry.chain_seq, entry.hash
    head.save(update_fields=["count", "last_hash"])


def verify_chain(company_id: int, batch: int = 1000) -> list[str]:
    """Problems in one company's chain, first break first; empty when it verifies."""
    prev_hash, expected = GENESIS, 1
    entries = (JournalEntry.objects.filter(company_id=company_id, chain_seq__isnull=False)
               .order_by("chain_seq").prefetch_related("lines"))
    for entry in entries.iterator(chunk_size=batch):
        label = f"entry {entry.number or entry.pk} (id {entry.pk})"
        if entry.chain_seq != expected:
            return [f"company {company_id}: chain link {expected} is missing (next found: {label})"]
        if entry.prev_hash != prev_hash:
            return [f"company {company_id}: {label} does not follow the previous posted entry"]
        if digest(entry.prev_hash, entry_fields(entry, list(entry.lines.all()))) != entry.hash:
            return [f"company {company_id}: {label} was altered after it was posted"]
        prev_hash, expected = entry.hash, expected + 1
    head = LedgerChainHead.objects.filter(company_id=company_id).first()
    count = head.count if head else 0
    if count != expected - 1 or (head and head.last_hash != prev_hash):
        return [f"company {company_id}: the chain ends at link {expected - 1} but {count} entries were posted"]
    return []
