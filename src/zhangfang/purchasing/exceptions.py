"""Named business errors of purchasing; each carries a stable code and a translated message."""

from django.utils.translation import gettext_lazy as _

from zhangfang.core.errors import Conflict, InvalidTransition, ValidationFailed


class PurchaseFieldInvalid(ValidationFailed):
    code = "purchase_field_invalid"
    default_message = _("%(field)s: %(reason)s")


class PurchaseLineInvalid(ValidationFailed):
    code = "purchase_line_invalid"
    default_message = _("Line %(line)s: %(reason)s")


class PurchaseTransitionNotAllowed(InvalidTransition):
    code = "purchase_transition_not_allowed"
    default_message = _("%(document)s is %(status)s; it cannot be %(action)s.")


class QuotationIncomplete(ValidationFailed):
    code = "quotation_incomplete"
    default_message = _("%(rfq)s has no quoted price for %(product)s; enter the supplier's answer first.")


class OverReceipt(Conflict):
    code = "purchase_over_receipt"
    default_message = _("%(product)s: receiving %(quantity)s brings %(received)s of %(ordered)s ordered, more than "
                        "the over-receipt tolerance of %(tolerance)s%% allows.")


class NothingToReceive(Conflict):
    code = "purchase_nothing_to_receive"
    default_message = _("%(order)s has nothing left to receive.")


class ReturnTooLarge(ValidationFailed):
    code = "purchase_return_too_large"
    default_message = _("%(product)s: only %(available)s of this transfer can still be returned, not %(quantity)s.")


class BillQuantityInvalid(ValidationFailed):
    code = "purchase_bill_quantity_invalid"
    default_message = _("%(product)s: %(reason)s")


class BillMismatch(Conflict):
    code = "purchase_bill_mismatch"
    default_message = _("%(bill)s does not match its purchase order and receipts: %(differences)s. Ask for approval "
                        "of the difference before posting it.")


class BillLinesChanged(Conflict):
    code = "purchase_bill_lines_changed"
    default_message = _("The lines of %(bill)s were changed outside the purchase order; delete the draft and bill "
                        "the order again.")


class CategoryAccountMissing(ValidationFailed):
    code = "purchase_category_account_missing"
    default_message = _("Product category %(category)s has no %(account)s; set it first.")


class BillAlreadyMatches(ValidationFailed):
    code = "purchase_bill_matches"
    default_message = _("%(bill)s matches its order and receipts; there is no difference to approve. Post it.")
