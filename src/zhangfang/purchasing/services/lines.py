"""Reading the product lines of requisitions, quotations and orders."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import Company, Uom
from zhangfang.inventory.models import Product
from zhangfang.purchasing.services.inputs import line_error, number, owned


def purchase_unit(product: Product) -> Uom:
    return product.purchase_uom or product.uom


def product_check(company: Company, line: int, data: dict, fields: tuple, *, services: bool = True) -> Product:
    """The line's product, after refusing fields the line does not have."""
    unknown = set(data) - set(fields)
    if unknown:
        raise line_error(line, sorted(unknown)[0], _("unknown fields %(names)s.") % {"names": sorted(unknown)})
    product = data.get("product")
    if not owned(product, Product, company):
        raise line_error(line, "product", _("choose an active product of this company."))
    if not services and product.kind == Product.Kind.SERVICE:
        raise line_error(line, "product", _("services are ordered, not requested from stock."))
    return product


def quantity_and_unit(line: int, data: dict, product: Product) -> tuple[Decimal, Uom]:
    """A positive quantity of at most 4 places, in a unit of the product's unit category
    (default: its purchase unit)."""
    quantity = number(data.get("quantity"), line=line, name="quantity", places=4, positive=True)
    uom = data.get("uom") or purchase_unit(product)
    if not isinstance(uom, Uom) or uom.category_id != product.uom.category_id or not uom.active:
        raise line_error(line, "uom", _("choose a unit that measures %(product)s like its stock unit does.")
                         % {"product": product})
    return quantity, uom


def description(line: int, data: dict, product: Product, *, limit: int = 200) -> str:
    text = (data.get("description") or "").strip() or product.name
    if len(text) > limit:
        raise line_error(line, "description", _("describe the line in at most %(limit)s characters.")
                         % {"limit": limit})
    return text


def money(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)
