"""The in-app notifications inbox."""

from django.db import transaction
from django.utils import timezone

from zhangfang.core.errors import NotFound
from zhangfang.core.models import Notification


def notify(*, user, title: str, body: str = "", url: str = "", company=None) -> Notification:
    """Tell one user something; written in the caller's transaction."""
    return Notification.objects.create(user=user, company=company, title=str(title)[:200],
                                       body=str(body), url=url[:300])


def notification_mark_read(*, actor, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of the actor's notifications read; returns how many."""
    with transaction.atomic():
        unread = Notification.objects.filter(user=actor, read_at__isnull=True)
        if notification_id is not None:
            if not Notification.objects.filter(user=actor, pk=notification_id).exists():
                raise NotFound()
            unread = unread.filter(pk=notification_id)
        return unread.update(read_at=timezone.now())
