"""A manual voucher as a clerk keys it: save the draft and, when asked, post it too."""

import datetime

from django.db import transaction

from zhangfang.accounting.models import Journal, JournalEntry
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post, journal_entry_update
from zhangfang.core.models import Company


def voucher_save(*, actor, company: Company, journal: Journal, date: datetime.date, lines: list[dict],
                 reference: str = "", narration: str = "", entry: JournalEntry | None = None,
                 post: bool = False) -> JournalEntry:
    """Create a draft (or replace ``entry``'s date, texts and lines) and post it when ``post``.

    One transaction: when posting is refused (unbalanced, closed period) nothing is saved, so
    the clerk corrects the voucher on screen and the stored draft stays as it was."""
    with transaction.atomic():
        if entry is None:
            entry = journal_entry_create(actor=actor, company=company, journal=journal, date=date, lines=lines,
                                         reference=reference, narration=narration)
        else:
            entry = journal_entry_update(actor=actor, entry=entry, date=date, reference=reference,
                                         narration=narration, lines=lines)
        if post:
            entry = journal_entry_post(actor=actor, entry=entry)
    return entry
