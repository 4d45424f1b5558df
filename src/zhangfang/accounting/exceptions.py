"""Named business errors of the ledger; each carries a stable code and a translated message."""

from django.utils.translation import gettext_lazy as _

from zhangfang.core.errors import BusinessError, InvalidTransition, ValidationFailed


class ChartTemplateUnknown(ValidationFailed):
    code = "chart_template_unknown"
    default_message = _("There is no chart-of-accounts template called %(template)s.")


class AccountNotPostable(ValidationFailed):
    code = "account_not_postable"
    default_message = _("Account %(account)s cannot be posted to: %(reason)s")


class AccountHasEntries(BusinessError):
    code = "account_has_entries"
    status = 409
    default_message = _("Account %(account)s already has journal lines; it cannot get sub-accounts.")


class EntryLineInvalid(ValidationFailed):
    code = "entry_line_invalid"
    default_message = _("Line %(line)s: %(reason)s")


class EntryTooFewLines(ValidationFailed):
    code = "entry_too_few_lines"
    default_message = _("A journal entry needs at least two lines.")


class EntryUnbalanced(ValidationFailed):
    code = "entry_unbalanced"
    default_message = _("The entry does not balance: debit %(debit)s, credit %(credit)s.")


class EntryNotDraft(InvalidTransition):
    code = "entry_not_draft"
    default_message = _("Entry %(entry)s is %(status)s; posted entries are final and are corrected by a reversal.")


class EntryTransitionNotAllowed(InvalidTransition):
    code = "entry_transition_not_allowed"
    default_message = _("Entry %(entry)s is %(status)s; it cannot be %(action)s.")


class PeriodTransitionNotAllowed(InvalidTransition):
    code = "period_transition_not_allowed"
    default_message = _("Period %(period)s is already %(status)s.")


class PeriodClosed(BusinessError):
    code = "period_closed"
    status = 409
    default_message = _("Period %(period)s is closed; nothing can be posted dated %(date)s.")


class PeriodLocked(BusinessError):
    code = "period_locked"
    status = 409
    default_message = _("The books are locked up to %(lock_date)s; nothing can be posted dated %(date)s.")


class PeriodReasonRequired(ValidationFailed):
    code = "period_reason_required"
    default_message = _("Say why the period is reopened; the reason is kept in the audit trail.")


class JournalPrefixTaken(BusinessError):
    code = "journal_prefix_taken"
    status = 409
    default_message = _("Another journal of this company already numbers its entries with %(prefix)s.")
