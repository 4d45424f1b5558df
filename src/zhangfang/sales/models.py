"""Sales (SCM-8, SCM-9): price lists, quotations that become sales orders, and the links from
an order to the deliveries (inventory pickings and moves) and invoices (accounting) made for it.

A quotation and an order are one document, ``SalesOrder``: draft (a quotation) → sent →
confirmed (a sale) → done, with a stop at awaiting_approval when confirming it would take the
customer over their credit limit. Quantities on order lines are in the line's sale unit."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import AUDIT_ACTIONS, CompanyScoped

QUANTITY = {"max_digits": 18, "decimal_places": 4}
PRICE = {"max_digits": 20, "decimal_places": 6}
MONEY = {"max_digits": 18, "decimal_places": 2}
ZERO = Decimal("0")


class InvoicePolicy(models.TextChoices):
    ORDER = "order", _("Ordered quantities")
    DELIVERY = "delivery", _("Delivered quantities")


class SalesSettings(models.Model):
    """Per company; created with the defaults on first use."""

    company = models.OneToOneField("core.Company", on_delete=models.PROTECT, related_name="sales_settings")
    invoice_policy = models.CharField(_("invoice policy"), max_length=10, choices=InvoicePolicy.choices,
                                      default=InvoicePolicy.ORDER,
                                      help_text=_("What a new order invoices: what was ordered or what was delivered."))
    credit_check = models.BooleanField(_("check credit limits"), default=True,
                                       help_text=_("Confirming an order that takes a customer over their credit "
                                                   "limit needs approval."))

    class Meta:
        verbose_name = _("sales settings")
        verbose_name_plural = _("sales settings")

    def __str__(self):
        return str(self.company)


class PriceList(CompanyScoped):
    name = models.CharField(_("name"), max_length=100)
    currency = models.ForeignKey("core.Currency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "name"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="pricelist_company_name_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sales_pricelist_detail", args=[self.pk])


class PriceListItem(models.Model):
    """A product's price from a quantity on, within optional dates. Prices and quantities are
    per the product's sale unit."""

    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="items",
                                   verbose_name=_("price list"))
    product = models.ForeignKey("inventory.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    min_quantity = models.DecimalField(_("from quantity"), default=ZERO, **QUANTITY)
    price = models.DecimalField(_("price"), **PRICE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["price_list", "product", "min_quantity", "id"]
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        constraints = [
            models.CheckConstraint(condition=Q(min_quantity__gte=0) & Q(price__gte=0), name="pricelistitem_positive"),
            models.CheckConstraint(condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True)
                                   | Q(valid_to__gte=F("valid_from")), name="pricelistitem_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.product} ≥ {self.min_quantity}: {self.price}"


class PartnerPriceList(models.Model):
    """The price list a customer buys at (core.Partner belongs to core, so the link lives here)."""

    partner = models.OneToOneField("core.Partner", on_delete=models.CASCADE, related_name="sales_price_list")
    price_list = models.ForeignKey(PriceList, on_delete=models.PROTECT, related_name="partners",
                                   verbose_name=_("price list"))

    class Meta:
        verbose_name = _("customer price list")
        verbose_name_plural = _("customer price lists")

    def __str__(self):
        return f"{self.partner}: {self.price_list}"


class SalesOrder(CompanyScoped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Quotation")
        SENT = "sent", _("Quotation sent")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting credit approval")
        CONFIRMED = "confirmed", _("Sales order")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    QUOTATIONS = (Status.DRAFT, Status.SENT, Status.AWAITING_APPROVAL)
    ORDERS = (Status.CONFIRMED, Status.DONE)
    EDITABLE = (Status.DRAFT, Status.SENT)
    TRANSITIONS = {
        Status.DRAFT: {Status.SENT, Status.AWAITING_APPROVAL, Status.CONFIRMED, Status.CANCELLED},
        Status.SENT: {Status.AWAITING_APPROVAL, Status.CONFIRMED, Status.CANCELLED},
        Status.AWAITING_APPROVAL: {Status.DRAFT, Status.CONFIRMED},
        Status.CONFIRMED: {Status.DONE, Status.CANCELLED},
        Status.DONE: set(),
        Status.CANCELLED: set(),
    }

    number = models.CharField(_("number"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    partner = models.ForeignKey("core.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("customer"))
    date = models.DateField(_("order date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    currency = models.ForeignKey("core.Currency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    price_list = models.ForeignKey(PriceList, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("price list"))
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("warehouse"))
    invoice_policy = models.CharField(_("invoice policy"), max_length=10, choices=InvoicePolicy.choices)
    salesperson = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("salesperson"))
    reference = models.CharField(_("customer reference"), max_length=60, blank=True,
                                 help_text=_("The customer's purchase order number."))
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    amount_untaxed = models.DecimalField(_("untaxed amount"), default=ZERO, **MONEY)
    amount_tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    amount_total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        permissions = [("confirm_salesorder", _("Can confirm sales orders"))]
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="salesorder_company_number_unique")]
        indexes = [models.Index(fields=["company", "status", "date"], name="salesorder_company_status_date")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("sales_order_detail", args=[self.pk])

    @property
    def is_quotation(self) -> bool:
        return self.status in self.QUOTATIONS


class SalesOrderLine(models.Model):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    product = models.ForeignKey("inventory.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    uom = models.ForeignKey("core.Uom", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    unit_price = models.DecimalField(_("unit price"), **PRICE)
    discount = models.DecimalField(_("discount (%)"), max_digits=5, decimal_places=2, default=ZERO)
    tax = models.ForeignKey("accounting.Tax", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("tax"))
    amount_untaxed = models.DecimalField(_("untaxed amount"), default=ZERO, **MONEY)
    amount_tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    amount_total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    # Kept by the delivery, return and invoice services, in the line's unit: delivered is what
    # left the warehouse less what came back; invoiced is invoiced less credited.
    delivered_quantity = models.DecimalField(_("delivered"), default=ZERO, **QUANTITY)
    returned_quantity = models.DecimalField(_("returned"), default=ZERO, **QUANTITY)
    invoiced_quantity = models.DecimalField(_("invoiced"), default=ZERO, **QUANTITY)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("sales order line")
        verbose_name_plural = _("sales order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="salesorderline_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="salesorderline_price_not_negative"),
            models.CheckConstraint(condition=Q(discount__gte=0) & Q(discount__lte=100),
                                   name="salesorderline_discount_range"),
            models.CheckConstraint(condition=Q(delivered_quantity__gte=0) & Q(returned_quantity__gte=0)
                                   & Q(invoiced_quantity__gte=0), name="salesorderline_progress_not_negative"),
        ]

    def __str__(self):
        return self.description


class SalesOrderPicking(models.Model):
    """A delivery (or its backorder, or a customer return) made for an order."""

    order = models.ForeignKey(SalesOrder, on_delete=models.PROTECT, related_name="picking_links")
    picking = models.OneToOneField("inventory.Picking", on_delete=models.PROTECT, related_name="sales_link")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("sales delivery")
        verbose_name_plural = _("sales deliveries")

    def __str__(self):
        return f"{self.order} → {self.picking}"


class SalesOrderLineMove(models.Model):
    """The stock move that delivers (or returns) part of an order line."""

    line = models.ForeignKey(SalesOrderLine, on_delete=models.PROTECT, related_name="move_links")
    move = models.OneToOneField("inventory.StockMove", on_delete=models.PROTECT, related_name="sales_link")

    class Meta:
        ordering = ["line", "id"]

    def __str__(self):
        return f"{self.line} → {self.move}"


class SalesOrderInvoice(models.Model):
    """A customer invoice or credit note made for an order."""

    order = models.ForeignKey(SalesOrder, on_delete=models.PROTECT, related_name="invoice_links")
    invoice = models.OneToOneField("accounting.Invoice", on_delete=models.PROTECT, related_name="sales_link")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("sales invoice")
        verbose_name_plural = _("sales invoices")

    def __str__(self):
        return f"{self.order} → {self.invoice}"


class SalesOrderLineInvoiceLine(models.Model):
    """The invoice (or credit note) line that bills (or credits) part of an order line."""

    line = models.ForeignKey(SalesOrderLine, on_delete=models.PROTECT, related_name="invoice_line_links")
    invoice_line = models.OneToOneField("accounting.InvoiceLine", on_delete=models.PROTECT,
                                        related_name="sales_link")

    class Meta:
        ordering = ["line", "id"]

    def __str__(self):
        return f"{self.line} → {self.invoice_line}"


# How the history tab names what the sales services did (others' labels are left alone).
for _action, _label in {"send": _("sent to the customer"), "confirm": _("confirmed"),
                        "return_to_draft": _("back to quotation"), "reserve": _("stock reserved"),
                        "deliver": _("delivered"), "return": _("goods returned"), "invoice": _("invoiced"),
                        "done": _("done")}.items():
    AUDIT_ACTIONS.setdefault(_action, _label)
