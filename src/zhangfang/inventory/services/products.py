"""Products, categories, variants and lots (SCM-1). Quantities are kept in the product's
stock unit; the purchase and sale units must measure the same thing so they convert."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from zhangfang.accounting.amounts import NotAnAmount, decimal_in
from zhangfang.accounting.models import Account, Tax
from zhangfang.core import audit, permissions
from zhangfang.core.models import Company, Uom
from zhangfang.core.services.records import save_checked, validate
from zhangfang.inventory.exceptions import CategoryHasStock, ProductHasMoves, StockFieldInvalid, field_error
from zhangfang.inventory.models import Lot, Product, ProductCategory, StockQuant, ValuationLayer

ACCOUNT_FIELDS = ("stock_account", "input_account", "output_account", "loss_account", "price_difference_account",
                  "income_account", "expense_account")
CATEGORY_FIELDS = ("name", "parent", "valuation", "active", *ACCOUNT_FIELDS)
PRODUCT_FIELDS = ("code", "name", "category", "uom", "kind", "purchase_uom", "sale_uom", "barcode", "tracking",
                  "sale_price", "purchase_price", "sale_tax", "purchase_tax", "variant_of", "attributes",
                  "description", "weight_kg", "active")
PRICE_FIELDS = ("sale_price", "purchase_price")


def _unknown(fields, allowed) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise field_error(StockFieldInvalid, unknown[0], _("this field cannot be set here."))


def _same_company(company: Company, field: str, obj, model) -> None:
    if obj is not None and (not isinstance(obj, model) or obj.company_id != company.pk):
        raise field_error(StockFieldInvalid, field, _("choose one of this company's records."))


def _stock_left(products) -> Product | None:
    """The first of ``products`` that still has quantity on hand or stock value."""
    ids = [p.pk for p in products]
    quantities = dict(StockQuant.objects.filter(product_id__in=ids).values("product_id")
                      .annotate(total=Sum("quantity")).values_list("product_id", "total").order_by())
    values = dict(ValuationLayer.objects.filter(product_id__in=ids).values("product_id")
                  .annotate(total=Sum("value")).values_list("product_id", "total").order_by())
    for product in products:
        if quantities.get(product.pk) or values.get(product.pk):
            return product
    return None


# --- categories ---------------------------------------------------------------------

def _clean_category(company: Company, data: dict, category: ProductCategory | None = None) -> None:
    _unknown(data, CATEGORY_FIELDS)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise field_error(StockFieldInvalid, "name", _("enter a name."))
        taken = ProductCategory.objects.filter(company=company, name=data["name"])
        if category is not None:
            taken = taken.exclude(pk=category.pk)
        if taken.exists():
            raise field_error(StockFieldInvalid, "name", _("another category has this name."))
    if data.get("valuation", ProductCategory.Valuation.AVERAGE) not in ProductCategory.Valuation.values:
        raise field_error(StockFieldInvalid, "valuation", _("choose moving average or FIFO."))
    parent = data.get("parent")
    _same_company(company, "parent", parent, ProductCategory)
    if parent is not None and category is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == category.pk:
                raise field_error(StockFieldInvalid, "parent", _("a category cannot sit inside itself."))
            ancestor = ancestor.parent
    for field in ACCOUNT_FIELDS:
        _same_company(company, field, data.get(field), Account)


def product_category_create(*, actor, company: Company, name: str, valuation: str = "average",
                            parent: ProductCategory | None = None, **accounts) -> ProductCategory:
    """A category; accounts not given are taken from the parent, else from the company's first
    category (the default one inventory_setup creates)."""
    permissions.require(actor, company, "inventory.add_productcategory")
    data = {"name": name, "valuation": valuation, "parent": parent, **accounts}
    _clean_category(company, data)
    model = parent or ProductCategory.objects.filter(company=company).order_by("pk").first()
    for field in ACCOUNT_FIELDS:
        if field not in data and model is not None:
            data[field] = getattr(model, field)
    with transaction.atomic():
        category = ProductCategory(company=company, **data)
        validate(category)
        save_checked(category)
        audit.record(actor=actor, action="create", obj=category, after=audit.snapshot(category))
    return category


def product_category_update(*, actor, category: ProductCategory, **fields) -> ProductCategory:
    """Change a category. Its stock account and valuation method stay while any of its
    products holds stock, because the stock value sits in that account under that method."""
    company = category.company
    permissions.require(actor, company, "inventory.change_productcategory")
    _clean_category(company, fields, category)
    with transaction.atomic():
        category = ProductCategory.objects.select_for_update().get(pk=category.pk)
        before = audit.snapshot(category)
        if any(field in fields and fields[field] != getattr(category, field)
               for field in ("stock_account", "valuation")):
            holder = _stock_left(list(category.products.all()))
            if holder is not None:
                raise CategoryHasStock(product=str(holder))
        for field, value in fields.items():
            setattr(category, field, value)
        validate(category)
        after = audit.snapshot(category)
        if after != before:
            save_checked(category)
            audit.record(actor=actor, action="update", obj=category, before=before, after=after)
    return category


# --- products -----------------------------------------------------------------------

def _clean_product(company: Company, data: dict, product: Product | None = None) -> None:
    """Check and normalise ``data`` in place; ``product`` is the row being changed, if any."""
    _unknown(data, PRODUCT_FIELDS)
    for field in ("code", "name"):
        if field in data:
            data[field] = (data[field] or "").strip()
            if not data[field]:
                raise field_error(StockFieldInvalid, field, _("this field is required."))
    others = Product.objects.filter(company=company).exclude(pk=getattr(product, "pk", None))
    if "code" in data and others.filter(code=data["code"]).exists():
        raise field_error(StockFieldInvalid, "code", _("another product has code %s.") % data["code"])
    if data.get("barcode"):
        data["barcode"] = data["barcode"].strip()
        if others.filter(barcode=data["barcode"]).exists():
            raise field_error(StockFieldInvalid, "barcode", _("another product has this barcode."))
    for field, model in (("category", ProductCategory), ("uom", Uom), ("purchase_uom", Uom), ("sale_uom", Uom),
                         ("sale_tax", Tax), ("purchase_tax", Tax), ("variant_of", Product)):
        _same_company(company, field, data.get(field), model)
    for field in PRICE_FIELDS:
        if field in data:
            try:
                data[field] = decimal_in(data[field], places=6)
            except NotAnAmount as exc:
                raise field_error(StockFieldInvalid, field, exc.reason) from exc
            if data[field] < 0:
                raise field_error(StockFieldInvalid, field, _("a price cannot be negative."))

    def value(field):
        return data[field] if field in data else getattr(product, field, None)

    uom = value("uom")
    for field in ("purchase_uom", "sale_uom"):
        other = value(field)
        if other is not None and uom is not None and other.category_id != uom.category_id:
            raise field_error(StockFieldInvalid, field, _("%(unit)s does not convert to the stock unit %(stock)s.")
                              % {"unit": other, "stock": uom})
    if value("kind") not in Product.Kind.values:
        raise field_error(StockFieldInvalid, "kind", _("choose goods, consumable or service."))
    if value("tracking") not in Product.Tracking.values:
        raise field_error(StockFieldInvalid, "tracking", _("choose no tracking, lot or serial number."))
    if value("kind") == Product.Kind.SERVICE and value("tracking") != Product.Tracking.NONE:
        raise field_error(StockFieldInvalid, "tracking", _("services are not stocked, so they are not tracked."))
    for field, scope in (("sale_tax", Tax.Scope.SALE), ("purchase_tax", Tax.Scope.PURCHASE)):
        tax = data.get(field)
        if tax is not None and tax.scope != scope:
            raise field_error(StockFieldInvalid, field, _("%s is not a tax of this kind.") % tax)
    parent = data.get("variant_of")
    if parent is not None:
        if parent.variant_of_id is not None:
            raise field_error(StockFieldInvalid, "variant_of", _("choose the main product, not another variant."))
        if product is not None and (parent.pk == product.pk or product.variants.exists()):
            raise field_error(StockFieldInvalid, "variant_of", _("a product with variants cannot be a variant."))
    attributes = data.get("attributes")
    if attributes is not None and (not isinstance(attributes, dict)
                                   or not all(isinstance(v, str) for v in [*attributes, *attributes.values()])):
        raise field_error(StockFieldInvalid, "attributes", _("give attributes as names and values, e.g. colour: red."))


def product_create(*, actor, company: Company, code: str, name: str, category: ProductCategory, uom: Uom,
                   kind: str = "goods", purchase_uom: Uom | None = None, sale_uom: Uom | None = None,
                   barcode: str = "", tracking: str = "none", sale_price=Decimal("0"), purchase_price=Decimal("0"),
                   sale_tax: Tax | None = None, purchase_tax: Tax | None = None, variant_of: Product | None = None,
                   attributes: dict | None = None, description: str = "") -> Product:
    permissions.require(actor, company, "inventory.add_product")
    data = {"code": code, "name": name, "category": category, "uom": uom, "kind": kind,
            "purchase_uom": purchase_uom, "sale_uom": sale_uom, "barcode": barcode or "", "tracking": tracking,
            "sale_price": sale_price, "purchase_price": purchase_price, "sale_tax": sale_tax,
            "purchase_tax": purchase_tax, "variant_of": variant_of, "attributes": attributes or {},
            "description": description}
    for field in ("category", "uom"):
        if data[field] is None:
            raise field_error(StockFieldInvalid, field, _("this field is required."))
    _clean_product(company, data)
    with transaction.atomic():
        product = Product(company=company, **data)
        validate(product)
        save_checked(product)
        audit.record(actor=actor, action="create", obj=product, after=audit.snapshot(product))
    return product


def product_update(*, actor, product: Product, **fields) -> Product:
    """Change a product. Stock unit, tracking and (between valuations) category stay while it has stock."""
    company = product.company
    permissions.require(actor, company, "inventory.change_product")
    for field in ("category", "uom"):
        if field in fields and fields[field] is None:
            raise field_error(StockFieldInvalid, field, _("this field is required."))
    _clean_product(company, fields, product)
    with transaction.atomic():
        product = Product.objects.select_for_update().select_related("category").get(pk=product.pk)
        before = audit.snapshot(product)
        if (("uom" in fields and fields["uom"].pk != product.uom_id)
                or ("tracking" in fields and fields["tracking"] != product.tracking)) and product.moves.exists():
            raise ProductHasMoves(product=str(product))
        category = fields.get("category")
        if (category is not None and (category.stock_account_id, category.valuation)
                != (product.category.stock_account_id, product.category.valuation) and _stock_left([product])):
            raise CategoryHasStock(product=str(product))
        for field, value in fields.items():
            setattr(product, field, value)
        validate(product)
        after = audit.snapshot(product)
        if after != before:
            save_checked(product)
            audit.record(actor=actor, action="update", obj=product, before=before, after=after)
    return product


# --- lots and serial numbers ------------------------------------------------------------

def lot_create(*, actor, company: Company, product: Product, name: str,
               expiry_date: datetime.date | None = None) -> Lot:
    permissions.require(actor, company, "inventory.add_lot")
    _same_company(company, "product", product, Product)
    name = (name or "").strip()
    if not name:
        raise field_error(StockFieldInvalid, "name", _("enter the lot or serial number."))
    if product.tracking == Product.Tracking.NONE:
        raise field_error(StockFieldInvalid, "product", _("%s is not tracked by lot or serial number.") % product)
    if Lot.objects.filter(product=product, name=name).exists():
        raise field_error(StockFieldInvalid, "name", _("%(product)s already has lot %(lot)s.")
                          % {"product": product, "lot": name})
    with transaction.atomic():
        lot = Lot(company=company, product=product, name=name, expiry_date=expiry_date)
        save_checked(lot)
        audit.record(actor=actor, action="create", obj=lot, after=audit.snapshot(lot))
    return lot
