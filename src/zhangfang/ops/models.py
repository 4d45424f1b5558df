from django.db import models


class Heartbeat(models.Model):
    """The last time a background component proved it is alive (MON-3, MON-6)."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()
    host = models.CharField(max_length=100, blank=True)
    pid = models.PositiveIntegerField(null=True)

    def __str__(self):
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
