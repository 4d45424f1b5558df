"""Named business errors of sales; each carries a stable code and a translated message."""

from django.utils.translation import gettext_lazy as _

from zhangfang.core.errors import BusinessError, InvalidTransition, ValidationFailed


class SalesFieldInvalid(ValidationFailed):
    code = "sales_field_invalid"
    default_message = _("%(field)s: %(reason)s")


class SalesLineInvalid(ValidationFailed):
    code = "sales_line_invalid"
    default_message = _("Line %(line)s: %(reason)s")


class SalesOrderTransitionNotAllowed(InvalidTransition):
    code = "sales_order_transition_not_allowed"
    default_message = _("%(order)s is %(status)s; it cannot be %(action)s.")


class CreditLimitExceeded(BusinessError):
    code = "credit_limit_exceeded"
    status = 409
    default_message = _("%(partner)s would owe %(exposure)s, over the credit limit of %(limit)s; "
                        "ask for approval to confirm this order.")


class NothingToInvoice(BusinessError):
    code = "nothing_to_invoice"
    status = 409
    default_message = _("%(order)s has nothing left to invoice.")


class NothingToDeliver(BusinessError):
    code = "nothing_to_deliver"
    status = 409
    default_message = _("%(order)s has no delivery waiting.")


class ReturnQuantityInvalid(ValidationFailed):
    code = "return_quantity_invalid"
    default_message = _("Line %(line)s: %(reason)s")


class PaymentNotNeeded(BusinessError):
    code = "sales_payment_not_needed"
    status = 409
    default_message = _("%(order)s has no invoice left to pay.")
