"""Products, their categories (which carry the accounts and the valuation method) and
variants (SCM-1). Quantities are kept in the product's stock unit; purchase and sale
units convert to it through ``core.services.units.convert``."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import CompanyScoped

QUANTITY = {"max_digits": 18, "decimal_places": 4}
UNIT_COST = {"max_digits": 20, "decimal_places": 6}
ZERO_QTY = Decimal("0.0000")


def _account(label):
    return models.ForeignKey("accounting.Account", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=label)


class ProductCategory(CompanyScoped):
    """Groups products and says how their stock is valued and posted (SCM-6)."""

    class Valuation(models.TextChoices):
        AVERAGE = "average", _("Moving average")
        FIFO = "fifo", _("First in, first out")

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("parent category"))
    valuation = models.CharField(_("valuation method"), max_length=10, choices=Valuation.choices,
                                 default=Valuation.AVERAGE)
    # Perpetual inventory: a receipt debits stock and credits goods received not invoiced;
    # a delivery credits stock and debits cost of sales; counts and scrap go to inventory loss.
    stock_account = _account(_("stock account"))
    input_account = _account(_("goods received not invoiced account"))
    output_account = _account(_("cost of sales account"))
    loss_account = _account(_("inventory loss account"))
    price_difference_account = _account(_("purchase price difference account"))
    income_account = _account(_("income account"))
    expense_account = _account(_("expense account"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "name"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="product_category_company_name_unique"),
        ]

    def __str__(self):
        return self.name


class Product(CompanyScoped):
    """Something bought, stocked or sold. Goods are stocked and valued; consumables are
    stocked but expensed on receipt; services are never stocked."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("Stocked goods")
        CONSUMABLE = "consumable", _("Consumable")
        SERVICE = "service", _("Service")

    class Tracking(models.TextChoices):
        NONE = "none", _("No tracking")
        LOT = "lot", _("By lot")
        SERIAL = "serial", _("By serial number")

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.GOODS)
    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("category"))
    uom = models.ForeignKey("core.Uom", on_delete=models.PROTECT, related_name="+", verbose_name=_("stock unit"))
    purchase_uom = models.ForeignKey("core.Uom", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("purchase unit"))
    sale_uom = models.ForeignKey("core.Uom", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("sale unit"))
    barcode = models.CharField(_("barcode"), max_length=40, blank=True)
    tracking = models.CharField(_("tracking"), max_length=10, choices=Tracking.choices, default=Tracking.NONE)
    # A variant points at the product it is a variant of and names what differs.
    variant_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="variants",
                                   verbose_name=_("variant of"))
    attributes = models.JSONField(_("variant attributes"), default=dict, blank=True)
    sale_price = models.DecimalField(_("sale price"), default=Decimal("0"), **UNIT_COST)
    purchase_price = models.DecimalField(_("purchase price"), default=Decimal("0"), **UNIT_COST)
    sale_tax = models.ForeignKey("accounting.Tax", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("sales tax"))
    purchase_tax = models.ForeignKey("accounting.Tax", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("purchase tax"))
    # Moving-average unit cost in base currency, kept by the valuation service under the
    # product's row lock; FIFO products keep their cost in the valuation layers.
    average_cost = models.DecimalField(_("average cost"), default=Decimal("0"), **UNIT_COST)
    weight_kg = models.DecimalField(_("weight (kg)"), null=True, blank=True, max_digits=12, decimal_places=3)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="product_company_code_unique"),
            models.UniqueConstraint(fields=["company", "barcode"], condition=~Q(barcode=""),
                                    name="product_company_barcode_unique"),
            models.CheckConstraint(condition=Q(sale_price__gte=0) & Q(purchase_price__gte=0) & Q(average_cost__gte=0),
                                   name="product_prices_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_stocked(self) -> bool:
        return self.kind != self.Kind.SERVICE

    @property
    def is_valued(self) -> bool:
        """Only goods carry stock value; consumables are expensed when bought."""
        return self.kind == self.Kind.GOODS
