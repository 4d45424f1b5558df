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


class EntryOwnedByDocument(InvalidTransition):
    code = "entry_owned_by_document"
    default_message = _("Entry %(entry)s was posted by a document (%(origin)s); correct it there: a credit note "
                        "for an invoice, a cancellation for a payment, a return for goods.")


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


# --- invoices and bills (FIN-4) -------------------------------------------------------

class InvoiceFieldInvalid(ValidationFailed):
    code = "invoice_field_invalid"
    default_message = _("%(field)s: %(reason)s")


class InvoiceLineInvalid(ValidationFailed):
    code = "invoice_line_invalid"
    default_message = _("Line %(line)s: %(reason)s")


class InvoiceNotDraft(InvalidTransition):
    code = "invoice_not_draft"
    default_message = _("%(invoice)s is %(status)s; only drafts can be changed or deleted.")


class InvoiceAwaitingApproval(InvalidTransition):
    code = "invoice_awaiting_approval"
    default_message = _("%(invoice)s is waiting for approval; it is posted when it is approved.")


class InvoiceTransitionNotAllowed(InvalidTransition):
    code = "invoice_transition_not_allowed"
    default_message = _("%(invoice)s is %(status)s; it cannot be %(action)s.")


class InvoiceTotalZero(ValidationFailed):
    code = "invoice_total_zero"
    default_message = _("%(invoice)s has a zero total; there is nothing to post.")


class TaxAccountMissing(ValidationFailed):
    code = "tax_account_missing"
    default_message = _("Tax %(tax)s has no account to post to; set its account first.")


# --- closing the books ----------------------------------------------------------------

class FiscalYearEarlierOpen(BusinessError):
    code = "fiscal_year_earlier_open"
    status = 409
    default_message = _("Fiscal year %(earlier)s is still open; years are closed in order.")


class FiscalYearHasDrafts(BusinessError):
    code = "fiscal_year_has_drafts"
    status = 409
    default_message = _("%(count)s draft entries are dated in %(year)s; post or delete them before closing the year.")


class ClosingAccountMissing(ValidationFailed):
    code = "closing_account_missing"
    default_message = _("Set the %(account)s in the accounting settings before closing the year.")


class ClosingJournalMissing(ValidationFailed):
    code = "closing_journal_missing"
    default_message = _("The company has no active general journal to post the closing entries in.")


class LockDateReasonRequired(ValidationFailed):
    code = "lock_date_reason_required"
    default_message = _("Say why the lock date moves back; the reason is kept in the audit trail.")


class ReconcileLinesInvalid(ValidationFailed):
    code = "reconcile_lines_invalid"
    default_message = _("These lines cannot be matched: %(reason)s")


class ExchangeSetupMissing(BusinessError):
    code = "exchange_setup_missing"
    status = 409
    default_message = _("Exchange differences need the exchange gain and loss accounts in the accounting settings "
                        "and an active general journal.")


class PaymentJournalInvalid(ValidationFailed):
    code = "payment_journal_invalid"
    default_message = _("Journal %(journal)s cannot take payments: %(reason)s")


class PaymentAmountInvalid(ValidationFailed):
    code = "payment_amount_invalid"
    default_message = _("%(field)s: %(reason)s")


class PaymentAllocationInvalid(ValidationFailed):
    code = "payment_allocation_invalid"
    default_message = _("Invoice %(invoice)s cannot take this payment: %(reason)s")


class PaymentOverAllocated(ValidationFailed):
    code = "payment_over_allocated"
    default_message = _("The allocations total %(allocated)s, more than the payment of %(amount)s.")


class PaymentTransitionNotAllowed(InvalidTransition):
    code = "payment_transition_not_allowed"
    default_message = _("Payment %(payment)s is %(status)s; it cannot be cancelled.")
