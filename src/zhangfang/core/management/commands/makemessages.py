"""``makemessages`` that also extracts ``N_("...")``, the project's alias of gettext_noop."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
