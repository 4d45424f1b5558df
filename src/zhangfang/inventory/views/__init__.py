"""The inventory pages, one module per subject. Thin: a selector or a service per request."""

from django.utils.translation import gettext_lazy as _

from zhangfang.core.errors import NotFound

PRODUCTS = _("Products")
CATEGORIES = _("Product categories")
WAREHOUSES = _("Warehouses")
LOCATIONS = _("Locations")
LOTS = _("Lots / serial numbers")
TRANSFERS = _("Transfers")


def owned(queryset, pk):
    """One row of the current company's, else 404 — never a hint that it exists elsewhere."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj
