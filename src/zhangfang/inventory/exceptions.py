"""Named business errors of inventory; each carries a stable code and a translated message."""

from django.utils.translation import gettext_lazy as _

from zhangfang.core.errors import BusinessError, InvalidTransition, ValidationFailed


def field_error(error_class, field: str, reason, **params):
    """``error_class`` with ``reason`` shown next to ``field`` in forms and API answers."""
    text = str(reason)
    return error_class(field=field, reason=text, fields={field: [text[:1].upper() + text[1:]]}, **params)


class InventoryNotSetUp(BusinessError):
    code = "inventory_not_set_up"
    status = 409
    default_message = _("Inventory is not set up for this company: the %(what)s is missing. "
                        "Run the inventory set-up first.")


class StockAccountsMissing(ValidationFailed):
    code = "stock_accounts_missing"
    default_message = _("Category %(category)s has no %(account)s; set it on the category before moving its stock.")


class ChartNotLoaded(BusinessError):
    code = "chart_not_loaded"
    status = 409
    default_message = _("Load the chart of accounts and its journals first: %(what)s is missing.")


class StockFieldInvalid(ValidationFailed):
    code = "stock_field_invalid"
    default_message = _("%(field)s: %(reason)s")


class StockLineInvalid(ValidationFailed):
    code = "stock_line_invalid"
    default_message = _("Line %(line)s: %(reason)s")


class CategoryHasStock(BusinessError):
    code = "category_has_stock"
    status = 409
    default_message = _("%(product)s still has stock or stock value; its stock account and valuation method "
                        "cannot change until it is empty.")


class ProductHasMoves(BusinessError):
    code = "product_has_moves"
    status = 409
    default_message = _("%(product)s already has stock moves; its stock unit and tracking cannot change.")


class NotEnoughStock(BusinessError):
    code = "not_enough_stock"
    status = 409
    default_message = _("Not enough %(product)s at %(location)s: %(requested)s requested, %(available)s available.")


class PickingTransitionNotAllowed(InvalidTransition):
    code = "picking_transition_not_allowed"
    default_message = _("%(picking)s is %(status)s; it cannot be %(action)s.")


class NothingToValidate(ValidationFailed):
    code = "nothing_to_validate"
    default_message = _("%(picking)s has no quantity done; enter at least one done quantity.")


class QuantityAboveDemand(ValidationFailed):
    code = "quantity_above_demand"
    default_message = _("%(product)s: %(done)s done is more than the %(planned)s planned.")


class LotRequired(ValidationFailed):
    code = "lot_required"
    default_message = _("%(product)s is tracked by lot or serial number; give the lot of each move.")


class SerialQuantityInvalid(ValidationFailed):
    code = "serial_quantity_invalid"
    default_message = _("%(product)s is tracked by serial number: each serial number %(lot)s moves exactly one "
                        "unit, and is in stock at most once.")


class ReturnInvalid(ValidationFailed):
    code = "return_invalid"
    default_message = _("Line %(line)s cannot be returned: %(reason)s")


class StockCountTransitionNotAllowed(InvalidTransition):
    code = "stock_count_transition_not_allowed"
    default_message = _("Stock count %(count)s is %(status)s; it cannot be %(action)s.")


class StockCountIncomplete(ValidationFailed):
    code = "stock_count_incomplete"
    default_message = _("%(missing)s lines of stock count %(count)s are not counted yet; count them or treat "
                        "uncounted lines as zero.")
