"""``makemessages`` that also extracts the project's gettext aliases: ``N_`` (gettext_noop)
and ``_lazy`` (gettext_lazy, where ``_`` is already gettext)."""

from django.core.management.commands import makemessages

ALIASES = ["N_", "_lazy"]


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, *(f"--keyword={name}" for name in ALIASES)]
