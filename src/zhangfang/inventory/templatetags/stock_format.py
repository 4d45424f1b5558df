"""How quantities read on the inventory pages: thousands separated, no trailing zeros."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def qty(value) -> str:
    """``Decimal("1234.5000")`` → ``1,234.5``; quantities are stored with four places."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):,.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@register.filter
def money(value) -> str:
    return "" if value is None or value == "" else f"{Decimal(value):,.2f}"


@register.filter
def cost(value) -> str:
    """A unit cost (six places stored) without trailing zeros but with at least two places."""
    if value is None or value == "":
        return ""
    whole, _dot, places = f"{Decimal(value):,.6f}".partition(".")
    return f"{whole}.{places.rstrip('0').ljust(2, '0')}"
