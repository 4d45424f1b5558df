"""Business errors: a stable code, a translated message, and optional field errors.

Services raise these; the API turns them into RFC 9457 problem+json (api/errors.py)
and the web UI into form messages (web/forms.py). Anything else is a bug.
"""

from django.utils.translation import gettext_lazy as _


class BusinessError(Exception):
    code = "business_error"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, fields: dict | None = None, **params):
        self.message = message or self.default_message
        self.params = params
        self.fields = fields or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class ValidationFailed(BusinessError):
    code = "validation_failed"
    status = 422
    default_message = _("Some fields are not valid.")


class PermissionDenied(BusinessError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(BusinessError):
    code = "not_found"
    status = 404
    default_message = _("The record does not exist or is not visible to you.")


class Conflict(BusinessError):
    code = "conflict"
    status = 409
    default_message = _("The record was changed by someone else; reload and try again.")


class InvalidTransition(BusinessError):
    code = "invalid_transition"
    status = 409
    default_message = _("This action is not allowed in the document's current state.")


class IdempotencyKeyReused(BusinessError):
    code = "idempotency_key_reused"
    status = 422
    default_message = _("This Idempotency-Key was already used for a different request.")


class RateMissing(Conflict):
    """A foreign-currency document needs the rate of its date; the user can enter it."""

    code = "rate_missing"
    default_message = _("There is no %(currency)s exchange rate on or before %(date)s; enter one under "
                        "Exchange rates first.")
