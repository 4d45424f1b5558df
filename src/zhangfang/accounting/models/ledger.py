"""The general ledger: chart of accounts, journals, entries (凭证), fiscal periods, cost
centres and the balances maintained at posting. Invariants that need no other rows live
here as constraints; everything else is checked by the services and by checks.py."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhangfang.core.models import CompanyScoped

ZERO = Decimal("0.00")
MONEY = {"max_digits": 18, "decimal_places": 2}


class Account(CompanyScoped):
    """One account of the chart; a tree through ``parent``. Only leaves take postings."""

    class Type(models.TextChoices):
        ASSET = "asset", _("Asset")
        LIABILITY = "liability", _("Liability")
        EQUITY = "equity", _("Equity")
        INCOME = "income", _("Income")
        EXPENSE = "expense", _("Expense")

    class Subtype(models.TextChoices):
        CASH = "cash", _("Cash")
        BANK = "bank", _("Bank")
        RECEIVABLE = "receivable", _("Receivable")
        PAYABLE = "payable", _("Payable")
        STOCK = "stock", _("Stock")
        FIXED_ASSET = "fixed_asset", _("Fixed asset")
        DEPRECIATION = "depreciation", _("Accumulated depreciation")
        TAX = "tax", _("Tax")
        CURRENT_PROFIT = "current_profit", _("Current year profit")
        RETAINED = "retained", _("Retained earnings")
        COST_OF_SALES = "cost_of_sales", _("Cost of sales")
        OTHER = "other", _("Other")

    # Balances of these accounts are kept per partner (receivable and payable ledgers).
    PARTNER_SUBTYPES = (Subtype.RECEIVABLE, Subtype.PAYABLE)

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent account"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    subtype = models.CharField(_("sub-type"), max_length=20, choices=Subtype.choices, default=Subtype.OTHER)
    reconcilable = models.BooleanField(_("reconcilable"), default=False)
    currency = models.ForeignKey("core.Currency", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("only in currency"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "code"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="account_company_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def debit_normal(self) -> bool:
        return self.type in (self.Type.ASSET, self.Type.EXPENSE)


class Journal(CompanyScoped):
    """A book of entries with its own gapless numbering, e.g. 记-2026-11-0001."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        SALES = "sales", _("Sales")
        PURCHASE = "purchase", _("Purchase")
        CASH = "cash", _("Cash")
        BANK = "bank", _("Bank")

    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    prefix = models.CharField(_("number prefix"), max_length=10)
    sequence = models.ForeignKey("core.Sequence", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("sequence"))
    # The cash or bank account a cash/bank journal pays from and receives into.
    default_account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("default account"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "code"]
        verbose_name = _("journal")
        verbose_name_plural = _("journals")
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="journal_company_code_unique"),
            models.UniqueConstraint(fields=["company", "prefix"], name="journal_company_prefix_unique"),
        ]

    def __str__(self):
        return f"{self.prefix} {self.name}"


class FiscalYear(CompanyScoped):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("status", "Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=20)
    date_start = models.DateField(_("starts"))
    date_end = models.DateField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["company", "date_start"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        constraints = [
            models.UniqueConstraint(fields=["company", "date_start"], name="fiscalyear_company_start_unique"),
            models.CheckConstraint(condition=Q(date_end__gt=models.F("date_start")), name="fiscalyear_dates"),
        ]

    def __str__(self):
        return self.name


class Period(CompanyScoped):
    """One month of a fiscal year. Closed periods take no postings."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("status", "Open")
        CLOSED = "closed", _("Closed")

    TRANSITIONS = {
        Status.OPEN: {Status.CLOSED},
        Status.CLOSED: {Status.OPEN},
    }

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="periods",
                                    verbose_name=_("fiscal year"))
    name = models.CharField(_("name"), max_length=7)  # "2026-11"
    date_start = models.DateField(_("starts"))
    date_end = models.DateField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["company", "date_start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        permissions = [
            ("close_period", _("Can close periods")),
            ("reopen_period", _("Can reopen closed periods")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["company", "date_start"], name="period_company_start_unique"),
            models.CheckConstraint(condition=Q(date_end__gte=models.F("date_start")), name="period_dates"),
        ]

    def __str__(self):
        return self.name


class JournalEntry(CompanyScoped):
    """A voucher (凭证). Draft until posted; posted entries are final and hash-chained."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        POSTED = "posted", _("Posted")
        REVERSED = "reversed", _("Reversed")

    TRANSITIONS = {
        Status.DRAFT: {Status.POSTED},
        Status.POSTED: {Status.REVERSED},
        Status.REVERSED: set(),
    }
    # Statuses whose lines are in the ledger.
    IN_LEDGER = (Status.POSTED, Status.REVERSED)

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Manual")
        INVOICE = "invoice", _("Invoice")
        PAYMENT = "payment", _("Payment")
        EXCHANGE = "exchange", _("Exchange difference")
        REVALUATION = "revaluation", _("Revaluation")
        CLOSING = "closing", _("Year-end close")
        STOCK = "stock", _("Stock valuation")
        OTHER = "other", _("Other module")

    # Entries these documents post are corrected on the document, never reversed by hand.
    DOCUMENT_ORIGINS = (Origin.INVOICE, Origin.PAYMENT, Origin.STOCK)

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="entries",
                                verbose_name=_("journal"))
    date = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    narration = models.CharField(_("narration"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Where the entry came from; the income statement leaves year-end closing entries out.
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.MANUAL)
    number = models.CharField(_("number"), max_length=40, blank=True)
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.PROTECT, related_name="entries",
                               verbose_name=_("period"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("posted by"))
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    reversal_of = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="reversed_by", verbose_name=_("reverses"))
    chain_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        permissions = [
            ("post_journalentry", _("Can post and reverse journal entries")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], condition=~Q(number=""),
                                    name="journalentry_company_number_unique"),
            models.UniqueConstraint(fields=["company", "chain_seq"], condition=Q(chain_seq__isnull=False),
                                    name="journalentry_company_chain_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(chain_seq__isnull=False) & ~Q(hash="")),
                name="journalentry_posted_numbered",
            ),
        ]
        indexes = [models.Index(fields=["company", "date"])]

    def __str__(self):
        return self.number or str(_("Draft entry %(id)s") % {"id": self.pk})


class JournalEntryLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("entry"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines",
                                verbose_name=_("account"))
    partner = models.ForeignKey("core.Partner", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("partner"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    debit = models.DecimalField(_("debit"), default=ZERO, **MONEY)
    credit = models.DecimalField(_("credit"), default=ZERO, **MONEY)
    currency = models.ForeignKey("core.Currency", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("currency"))
    amount_currency = models.DecimalField(_("amount in currency"), null=True, blank=True, **MONEY)
    cost_centre = models.ForeignKey("CostCentre", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="lines", verbose_name=_("cost centre"))
    date_maturity = models.DateField(_("due date"), null=True, blank=True)
    # Open amount of a line on a reconcilable account, signed like debit - credit; kept by
    # the reconciliation services (not part of the hash chain: it changes as lines are matched).
    residual = models.DecimalField(_("open amount"), default=ZERO, **MONEY)
    residual_currency = models.DecimalField(_("open amount in currency"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["entry", "id"]
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        constraints = [
            models.CheckConstraint(condition=Q(debit__gte=0) & Q(credit__gte=0), name="entryline_non_negative"),
            models.CheckConstraint(condition=Q(debit=0) | Q(credit=0), name="entryline_one_side"),
        ]
        indexes = [
            # Open items (receivables, payables) are found without scanning settled lines.
            models.Index(fields=["account", "partner"], condition=~Q(residual=0), name="entryline_open_items"),
        ]

    def __str__(self):
        return f"{self.account} {self.debit}/{self.credit}"


class CostCentre(CompanyScoped):
    """An analytic dimension on journal lines (FIN-8): department, branch, project."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company", "code"]
        verbose_name = _("cost centre")
        verbose_name_plural = _("cost centres")
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="costcentre_company_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class AccountBalance(CompanyScoped):
    """Posted debit and credit per account and period (and partner for receivables and
    payables), maintained in the posting transaction so reports never scan the lines."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="balances")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="balances")
    partner = models.ForeignKey("core.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    debit = models.DecimalField(_("debit"), default=ZERO, **MONEY)
    credit = models.DecimalField(_("credit"), default=ZERO, **MONEY)

    class Meta:
        verbose_name = _("account balance")
        verbose_name_plural = _("account balances")
        constraints = [
            models.UniqueConstraint(fields=["account", "period"], condition=Q(partner__isnull=True),
                                    name="accountbalance_no_partner_unique"),
            models.UniqueConstraint(fields=["account", "period", "partner"], condition=Q(partner__isnull=False),
                                    name="accountbalance_partner_unique"),
        ]
        indexes = [models.Index(fields=["company", "period"])]

    def __str__(self):
        return f"{self.account_id}/{self.period_id}: {self.debit}/{self.credit}"


class LedgerChainHead(models.Model):
    """The end of a company's posted-entry hash chain; locked while posting."""

    company = models.OneToOneField("core.Company", on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.company_id}: {self.count}"
