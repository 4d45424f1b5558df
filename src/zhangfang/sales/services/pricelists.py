"""Price lists, their items, which customer buys at which list, and the price an order line gets."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Currency, Partner, Uom
from zhangfang.core.services.units import convert
from zhangfang.inventory.models import Product
from zhangfang.sales.exceptions import SalesFieldInvalid, SalesLineInvalid
from zhangfang.sales.models import PartnerPriceList, PriceList, PriceListItem
from zhangfang.sales.pricing import PriceItem, pick_price

ITEM_FIELDS = ("product", "min_quantity", "price", "valid_from", "valid_to")


def _field_error(name: str, label, reason) -> SalesFieldInvalid:
    return SalesFieldInvalid(field=label, reason=reason, fields={name: [str(reason)]})


def _item_error(line: int, name: str, reason) -> SalesLineInvalid:
    return SalesLineInvalid(line=line, reason=reason, fields={f"items.{line}.{name}": [str(reason)]})


def _items(company: Company, items: list[dict]) -> list[PriceListItem]:
    rows = []
    for number, data in enumerate(items, start=1):
        unknown = set(data) - set(ITEM_FIELDS)
        if unknown:
            raise _item_error(number, sorted(unknown)[0], _("unknown field."))
        product = data.get("product")
        if not isinstance(product, Product) or product.company_id != company.pk:
            raise _item_error(number, "product", _("choose a product of this company."))
        try:
            price = decimal_in(data.get("price"), places=6, below=Decimal(10) ** 12)
            min_quantity = decimal_in(data.get("min_quantity") or 0, places=4, below=Decimal(10) ** 12)
        except NotAnAmount as exc:
            raise _item_error(number, "price", exc.reason) from exc
        if price < 0 or min_quantity < 0:
            raise _item_error(number, "price", _("prices and quantities cannot be negative."))
        valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            raise _item_error(number, "valid_to", _("the end is before the start."))
        rows.append(PriceListItem(product=product, min_quantity=min_quantity, price=price, valid_from=valid_from,
                                  valid_to=valid_to))
    return rows


def _snapshot(price_list: PriceList) -> dict:
    return {**audit.snapshot(price_list), "prices": [  # not "items": templates would read it as dict.items
        {k: v for k, v in audit.snapshot(item).items() if k not in ("id", "price_list")}
        for item in price_list.items.order_by("pk")]}


def _name(company: Company, name: str, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise _field_error("name", _("Name"), _("give the price list a name of at most 100 characters."))
    if PriceList.objects.filter(company=company, name=name).exclude(pk=exclude).exists():
        raise _field_error("name", _("Name"), _("another price list has this name."))
    return name


def price_list_create(*, actor, company: Company, name: str, currency: Currency | None = None,
                      items: list[dict] = ()) -> PriceList:
    """A price list in ``currency`` (default: the company's); ``items``: dicts of product, price,
    min_quantity (0), valid_from, valid_to — per the product's sale unit."""
    permissions.require(actor, company, "sales.add_pricelist")
    with transaction.atomic():
        price_list = PriceList.objects.create(company=company, name=_name(company, name),
                                              currency=currency or company.base_currency)
        rows = _items(company, list(items))
        for row in rows:
            row.price_list = price_list
        PriceListItem.objects.bulk_create(rows)
        audit.record(actor=actor, action="create", obj=price_list, after=_snapshot(price_list))
    return price_list


def price_list_update(*, actor, price_list: PriceList, name: str | None = None, currency: Currency | None = None,
                      active: bool | None = None, items: list[dict] | None = None) -> PriceList:
    """Change the header; ``items``, when given, replace all items. Orders already priced keep their prices."""
    permissions.require(actor, price_list.company, "sales.change_pricelist")
    with transaction.atomic():
        price_list = PriceList.objects.select_for_update().get(pk=price_list.pk)
        before = _snapshot(price_list)
        if name is not None:
            price_list.name = _name(price_list.company, name, exclude=price_list.pk)
        if currency is not None:
            price_list.currency = currency
        if active is not None:
            price_list.active = bool(active)
        price_list.save()
        if items is not None:
            rows = _items(price_list.company, list(items))
            price_list.items.all().delete()
            for row in rows:
                row.price_list = price_list
            PriceListItem.objects.bulk_create(rows)
        after = _snapshot(price_list)
        if after != before:
            audit.record(actor=actor, action="update", obj=price_list, before=before, after=after)
    return price_list


def partner_price_list_set(*, actor, partner: Partner, price_list: PriceList | None) -> None:
    """The price list ``partner`` buys at; None: the products' own sale prices."""
    permissions.require(actor, partner.company, "sales.change_pricelist")
    if price_list is not None and price_list.company_id != partner.company_id:
        raise _field_error("price_list", _("Price list"), _("choose a price list of this company."))
    with transaction.atomic():
        current = PartnerPriceList.objects.select_for_update().filter(partner=partner).first()
        before = current and audit.snapshot(current)
        if price_list is None:
            if current is not None:
                current.delete()
                audit.record(actor=actor, action="delete", obj=current, before=before, company=partner.company)
            return
        link, _created = PartnerPriceList.objects.update_or_create(partner=partner,
                                                                   defaults={"price_list": price_list})
        audit.record(actor=actor, action="update" if current else "create", obj=link, before=before,
                     after=audit.snapshot(link), company=partner.company)


def partner_price_list(partner: Partner) -> PriceList | None:
    link = PartnerPriceList.objects.filter(partner=partner, price_list__active=True).select_related(
        "price_list").first()
    return link and link.price_list


def sale_unit(product: Product) -> Uom:
    return product.sale_uom or product.uom


def line_price(*, product: Product, quantity: Decimal, uom: Uom, price_list: PriceList | None,
               currency: Currency, on_date: datetime.date) -> Decimal | None:
    """The unit price per ``uom`` of ``quantity``: the price list's, else the product's sale
    price when the order is in the company's currency (both per the product's sale unit,
    scaled to ``uom``); None when neither applies."""
    unit = sale_unit(product)
    price = None
    if price_list is not None:
        in_unit = convert(quantity, uom, unit) if uom.pk != unit.pk else quantity
        items = [PriceItem(min_quantity=i.min_quantity, price=i.price, valid_from=i.valid_from, valid_to=i.valid_to)
                 for i in price_list.items.filter(product=product)]
        price = pick_price(items, quantity=in_unit, on_date=on_date)
    if price is None:
        if currency.pk != product.company.base_currency_id:
            return None
        price = product.sale_price
    if uom.pk != unit.pk:
        price = price * uom.ratio / unit.ratio
    return price.quantize(Decimal("0.000001"))
