"""The inventory pages, one module per subject. Thin: a selector or a service per request."""

from django.utils.translation import gettext_lazy as _

PRODUCTS = _("Products")
CATEGORIES = _("Product categories")
WAREHOUSES = _("Warehouses")
LOCATIONS = _("Locations")
LOTS = _("Lots / serial numbers")
TRANSFERS = _("Transfers")

