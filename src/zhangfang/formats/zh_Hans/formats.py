"""Chinese number format as accounts are kept: thousands grouped by three with commas
(1,234,567.89). Django's own zh_Hans leaves numbers ungrouped; the rest is Django's."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
