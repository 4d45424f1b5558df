"""Supplier price lists (SCM-3)."""

from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import Company
from zhangfang.core.services.records import record_create, record_delete, record_update
from zhangfang.inventory.models import Product
from zhangfang.purchasing.models import SupplierPrice
from zhangfang.purchasing.services.inputs import field_error, owned, supplier_check

FIELDS = {"supplier", "product", "supplier_code", "min_quantity", "price", "currency", "lead_days", "valid_from",
          "valid_to", "active"}


def _check(company: Company, data: dict) -> None:
    unknown = set(data) - FIELDS
    if unknown:
        raise field_error(sorted(unknown)[0], _("this field cannot be set."))
    if "supplier" in data:
        supplier_check(company, data["supplier"])
    if "product" in data and not owned(data["product"], Product, company):
        raise field_error("product", _("choose an active product of this company."))


def supplier_price_create(*, actor, company: Company, supplier, product, price, currency=None, **fields
                          ) -> SupplierPrice:
    """A price from ``min_quantity`` up (default 0), in ``currency`` (default the supplier's, else the company's)."""
    data = {"supplier": supplier, "product": product, "price": price,
            "currency": currency or getattr(supplier, "currency", None) or company.base_currency, **fields}
    _check(company, data)
    return record_create(actor=actor, model=SupplierPrice, company=company, data=data)


def supplier_price_update(*, actor, supplier_price: SupplierPrice, **fields) -> SupplierPrice:
    _check(supplier_price.company, fields)
    return record_update(actor=actor, obj=supplier_price, data=fields)


def supplier_price_delete(*, actor, supplier_price: SupplierPrice) -> None:
    record_delete(actor=actor, obj=supplier_price)
