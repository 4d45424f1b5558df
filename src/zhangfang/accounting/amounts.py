"""Reading an amount, rate or quantity handed to a service: a Decimal with at most
``places`` decimal places, never a float (a float has already lost precision)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _


class NotAnAmount(ValueError):
    """``reason`` says, translated, what is wrong; the caller names the field."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def decimal_in(value, *, places: int, below: Decimal = Decimal(10) ** 16) -> Decimal:
    if isinstance(value, float | bool):
        raise NotAnAmount(_("use a decimal number, not a float."))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise NotAnAmount(_("%(value)s is not a number.") % {"value": value}) from exc
    quantum = Decimal(1).scaleb(-places)
    if not number.is_finite() or number != number.quantize(quantum) or abs(number) >= below:
        raise NotAnAmount(_("enter a number with at most %(places)s decimal places.") % {"places": places})
    return number.quantize(quantum)
