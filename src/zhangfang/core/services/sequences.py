"""Gapless numbering. The counter row is locked until the caller's transaction ends,
so a number is either used by a committed document or never handed out."""

import datetime

from django.db import IntegrityError, transaction

from zhangfang.core.models import Company, Sequence, SequenceCounter


def _period(sequence: Sequence, on_date: datetime.date) -> str:
    if sequence.reset == Sequence.Reset.MONTHLY:
        return f"{on_date:%Y-%m}"
    if sequence.reset == Sequence.Reset.YEARLY:
        return f"{on_date:%Y}"
    return ""


def format_number(sequence: Sequence, period: str, number: int) -> str:
    parts = [sequence.prefix, period, f"{number:0{sequence.padding}d}"]
    return "-".join(part for part in parts if part)


def sequence_ensure(*, company: Company, code: str, prefix: str, reset: str = Sequence.Reset.YEARLY,
                    padding: int = 4) -> Sequence:
    sequence, _created = Sequence.objects.get_or_create(
        company=company, code=code, defaults={"prefix": prefix, "reset": reset, "padding": padding}
    )
    return sequence


def sequence_next(*, company: Company, code: str, on_date: datetime.date) -> str:
    """The next number of sequence ``code``; call inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_next must run inside the transaction that uses the number")
    sequence = Sequence.objects.get(company=company, code=code)
    period = _period(sequence, on_date)
    counter = SequenceCounter.objects.select_for_update().filter(sequence=sequence, period=period).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = SequenceCounter.objects.create(sequence=sequence, period=period)
        except IntegrityError:  # another transaction created it first; wait for its lock
            counter = SequenceCounter.objects.select_for_update().get(sequence=sequence, period=period)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_number(sequence, period, counter.last_number)
