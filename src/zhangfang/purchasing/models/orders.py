"""Purchase orders and what followed them: the receipts and returns in the warehouse
(inventory pickings) and the supplier bills and credit notes (accounting invoices), linked
here so that inventory and accounting need not know about purchasing (SCM-2)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import AUDIT_ACTIONS, CompanyScoped
from zhangfang.inventory.models import QUANTITY, UNIT_COST

MONEY = {"max_digits": 18, "decimal_places": 2}
ZERO = Decimal("0")

AUDIT_ACTIONS.setdefault("confirm", _("confirmed"))
AUDIT_ACTIONS.setdefault("close", _("closed"))
AUDIT_ACTIONS.setdefault("award", _("awarded"))
AUDIT_ACTIONS.setdefault("receive", _("goods received"))
AUDIT_ACTIONS.setdefault("return_to_draft", _("back to draft"))


class PurchaseOrder(CompanyScoped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        CONFIRMED = "confirmed", _("Confirmed")
        PARTIALLY_RECEIVED = "partially_received", _("Partially received")
        RECEIVED = "received", _("Received")
        BILLED = "billed", _("Billed")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    # The user's transitions; receipts and bills move the order between the confirmed states.
    TRANSITIONS = {
        Status.DRAFT: {Status.AWAITING_APPROVAL, Status.CONFIRMED, Status.CANCELLED},
        Status.AWAITING_APPROVAL: {Status.CONFIRMED, Status.DRAFT},
        Status.CONFIRMED: {Status.CLOSED, Status.CANCELLED},
        Status.PARTIALLY_RECEIVED: {Status.CLOSED},
        Status.RECEIVED: {Status.CLOSED},
        Status.BILLED: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.CANCELLED: set(),
    }
    # Confirmed with the supplier: goods may be received and bills entered.
    RUNNING = (Status.CONFIRMED, Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.BILLED)

    number = models.CharField(_("number"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    supplier = models.ForeignKey("core.Partner", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("supplier"))
    currency = models.ForeignKey("core.Currency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("currency"))
    order_date = models.DateField(_("order date"))
    expected_date = models.DateField(_("expected delivery"))
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("deliver to"))
    department = models.CharField(_("department"), max_length=40, blank=True)
    reference = models.CharField(_("supplier reference"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    requisition = models.ForeignKey("purchasing.PurchaseRequisition", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="orders", verbose_name=_("requisition"))
    amount_untaxed = models.DecimalField(_("untaxed amount"), default=ZERO, **MONEY)
    amount_tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    amount_total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("closed or cancelled by"))
    closed_at = models.DateTimeField(_("closed or cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-order_date", "-id"]
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        permissions = [("confirm_purchaseorder", _("Can confirm purchase orders")),
                       ("receive_purchaseorder", _("Can receive and return goods of purchase orders"))]
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], name="purchaseorder_company_number"),
            models.CheckConstraint(condition=Q(expected_date__gte=models.F("order_date")),
                                   name="purchaseorder_expected_after_order",
                                   violation_error_message=_("The expected delivery is before the order date.")),
        ]
        indexes = [models.Index(fields=["company", "status", "order_date"], name="purchaseorder_status_date")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("purchasing_order_detail", args=[self.pk])


class PurchaseOrderLine(models.Model):
    """Quantities in the line's unit (the product's purchase unit by default); the stock
    moves carry them converted to the product's stock unit."""

    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("purchase order"))
    product = models.ForeignKey("inventory.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    uom = models.ForeignKey("core.Uom", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    unit_price = models.DecimalField(_("unit price"), **UNIT_COST)
    tax = models.ForeignKey("accounting.Tax", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("tax rate"))
    amount_untaxed = models.DecimalField(_("untaxed amount"), default=ZERO, **MONEY)
    amount_tax = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    amount_total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    requisition_line = models.ForeignKey("purchasing.PurchaseRequisitionLine", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="order_lines",
                                         verbose_name=_("requisition line"))
    # Kept by the receipt, return and bill services, in the line's unit: received net of
    # returns; returned as rejected; billed net of credit notes.
    received_quantity = models.DecimalField(_("received"), default=ZERO, **QUANTITY)
    rejected_quantity = models.DecimalField(_("rejected"), default=ZERO, **QUANTITY)
    billed_quantity = models.DecimalField(_("billed"), default=ZERO, **QUANTITY)
    # Base currency booked so far from goods received not invoiced to the price difference account.
    price_difference = models.DecimalField(_("price difference booked"), default=ZERO, **MONEY)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="purchaseorderline_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="purchaseorderline_price_not_negative"),
        ]

    def __str__(self):
        return self.description

    @property
    def to_receive(self) -> Decimal:
        return max(self.quantity - self.received_quantity, ZERO)


class PurchaseReceipt(CompanyScoped):
    """A warehouse transfer made for a purchase order."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        RELEASE = "release", _("Release from quality hold")
        RETURN = "return", _("Return to supplier")

    order = models.ForeignKey(PurchaseOrder, on_delete=models.PROTECT, related_name="receipts",
                              verbose_name=_("purchase order"))
    picking = models.OneToOneField("inventory.Picking", on_delete=models.PROTECT, related_name="purchase_receipt",
                                   verbose_name=_("transfer"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.RECEIPT)
    # A return because the goods failed inspection or were faulty: counts against the supplier's rating.
    rejected = models.BooleanField(_("rejected as faulty"), default=False)
    # A receipt into the quality location, not yet inspected (released or rejected).
    awaiting_inspection = models.BooleanField(_("awaiting inspection"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("purchase receipt")
        verbose_name_plural = _("purchase receipts")

    def __str__(self):
        return str(self.picking_id)


class PurchaseMove(models.Model):
    """Which order line a stock move of a purchase transfer serves."""

    order_line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT, related_name="moves",
                                   verbose_name=_("purchase order line"))
    move = models.OneToOneField("inventory.StockMove", on_delete=models.PROTECT, related_name="purchase_link",
                                verbose_name=_("stock move"))

    class Meta:
        verbose_name = _("purchase move")
        verbose_name_plural = _("purchase moves")

    def __str__(self):
        return f"{self.order_line_id} ← {self.move_id}"


class PurchaseBill(CompanyScoped):
    """A supplier bill or credit note entered against a purchase order, and its 3-way match."""

    class Match(models.TextChoices):
        MATCHED = "matched", _("Matches order and receipts")
        MISMATCH = "mismatch", _("Differs from order or receipts")
        AWAITING_APPROVAL = "awaiting_approval", _("Difference awaiting approval")
        APPROVED = "approved", _("Difference approved")
        REJECTED = "rejected", _("Difference rejected")

    order = models.ForeignKey(PurchaseOrder, on_delete=models.PROTECT, related_name="bills",
                              verbose_name=_("purchase order"))
    invoice = models.OneToOneField("accounting.Invoice", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("bill"))
    match = models.CharField(_("3-way match"), max_length=20, choices=Match.choices, default=Match.MATCHED)
    # The differences found at the last check, for the bill's page and the approver.
    differences = models.JSONField(_("differences"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("purchase bill")
        verbose_name_plural = _("purchase bills")

    def __str__(self):
        return str(self.invoice_id)


class PurchaseBillLine(models.Model):
    bill = models.ForeignKey(PurchaseBill, on_delete=models.CASCADE, related_name="lines", verbose_name=_("bill"))
    order_line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT, related_name="bill_lines",
                                   verbose_name=_("purchase order line"))
    # Null when the bill's lines were rewritten outside purchasing: the bill no longer matches.
    invoice_line = models.OneToOneField("accounting.InvoiceLine", null=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name=_("bill line"))
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit_price = models.DecimalField(_("unit price"), **UNIT_COST)

    class Meta:
        ordering = ["bill", "id"]
        verbose_name = _("purchase bill line")
        verbose_name_plural = _("purchase bill lines")

    def __str__(self):
        return f"{self.order_line_id} × {self.quantity.normalize():f}"


class PurchasePriceDifference(CompanyScoped):
    """An entry moving the difference between billed and received value from goods received
    not invoiced to the price difference account."""

    order = models.ForeignKey(PurchaseOrder, on_delete=models.PROTECT, related_name="price_differences",
                              verbose_name=_("purchase order"))
    entry = models.OneToOneField("accounting.JournalEntry", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("journal entry"))
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)  # + more billed than received value

    class Meta:
        ordering = ["order", "date", "id"]
        verbose_name = _("purchase price difference")
        verbose_name_plural = _("purchase price differences")

    def __str__(self):
        return f"{self.order_id} {self.amount}"
