"""Core master data every module shares: companies, people, partners, money, units."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhangfang.core.fields import EncryptedCharField

__all__ = [
    "AUDIT_ACTIONS",
    "ApiToken",
    "Attachment",
    "AuditChainHead",
    "AuditRecord",
    "Company",
    "CompanyScoped",
    "Currency",
    "ExchangeRate",
    "IdempotencyKey",
    "MODULES",
    "MODULE_CODES",
    "Membership",
    "Notification",
    "Partner",
    "PartnerAddress",
    "PartnerBankAccount",
    "PartnerContact",
    "Role",
    "Sequence",
    "SequenceCounter",
    "Uom",
    "UomCategory",
    "User",
]

# Modules a company can switch on one at a time (ARCH-2). Apps register their
# navigation under one of these codes; the core pages are always on.
MODULES = [
    ("accounting", _("Finance")),
    ("inventory", _("Inventory")),
    ("purchasing", _("Purchasing")),
    ("sales", _("Sales")),
    ("manufacturing", _("Manufacturing")),
    ("hr", _("Human resources")),
    ("crm", _("Customers")),
    ("projects", _("Projects")),
    ("reporting", _("Reports")),
    ("ops", _("Operations")),
]
MODULE_CODES = [code for code, _label in MODULES]


class CompanyScoped(models.Model):
    """A business row: it belongs to exactly one company."""

    company = models.ForeignKey("core.Company", on_delete=models.PROTECT, verbose_name=_("company"))

    class Meta:
        abstract = True


class Currency(models.Model):
    """ISO 4217 currency; shared reference data, not owned by a company."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=60)
    symbol = models.CharField(_("symbol"), max_length=8, blank=True)
    decimal_places = models.PositiveSmallIntegerField(
        _("decimal places"), default=2, validators=[MaxValueValidator(4)]
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        constraints = [
            models.CheckConstraint(condition=Q(decimal_places__lte=4), name="currency_places_max_4")
        ]

    def __str__(self):
        return self.code

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimal_places)


class Company(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    tax_id = models.CharField(_("tax ID"), max_length=30, blank=True)
    base_currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("base currency")
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    allow_negative_stock = models.BooleanField(_("allow negative stock"), default=False)
    enabled_modules = models.JSONField(_("enabled modules"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="company_fiscal_month_valid",
            )
        ]

    def __str__(self):
        return self.name

    def module_enabled(self, code: str) -> bool:
        return code in self.enabled_modules


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    default_company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("default company"),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username


class Role(models.Model):
    """A job duty (出纳, 会计, ...) with the permissions that duty needs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    permissions = models.ManyToManyField(Permission, blank=True, verbose_name=_("permissions"))
    is_system = models.BooleanField(_("shipped with Zhangfang"), default=False)
    requires_2fa = models.BooleanField(
        _("requires two-factor sign-in"), default=False,
        help_text=_("Holders must sign in with a one-time code from an authenticator app."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return str(_(self.name)) if self.is_system else self.name


class Membership(CompanyScoped):
    """A user works in a company with some roles; permissions hold per company."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    roles = models.ManyToManyField(Role, blank=True, verbose_name=_("roles"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="membership_user_company_unique")
        ]

    def __str__(self):
        return f"{self.user} @ {self.company}"


class ExchangeRate(CompanyScoped):
    """Units of the company's base currency for one unit of ``currency`` on ``date``."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, verbose_name=_("currency"))
    date = models.DateField(_("date"))
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=10)

    class Meta:
        ordering = ["-date", "currency__code"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "currency", "date"], name="rate_company_currency_date_unique"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"{self.currency} {self.date} {self.rate}"


class UomCategory(CompanyScoped):
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit category")
        verbose_name_plural = _("unit categories")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="uomcategory_company_name_unique")
        ]

    def __str__(self):
        return self.name


class Uom(CompanyScoped):
    """A unit of measure. ``ratio`` is how many reference units one of these is."""

    category = models.ForeignKey(
        UomCategory, on_delete=models.PROTECT, related_name="units", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=40)
    symbol = models.CharField(_("symbol"), max_length=12, blank=True)
    ratio = models.DecimalField(_("ratio to reference unit"), max_digits=20, decimal_places=10)
    rounding = models.DecimalField(
        _("rounding precision"), max_digits=12, decimal_places=6, default=Decimal("0.01")
    )
    is_reference = models.BooleanField(_("reference unit"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category__name", "ratio"]
        verbose_name = _("unit of measure")
        verbose_name_plural = _("units of measure")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="uom_company_name_unique"),
            models.UniqueConstraint(
                fields=["category"], condition=Q(is_reference=True), name="uom_one_reference"
            ),
            models.CheckConstraint(condition=Q(ratio__gt=0), name="uom_ratio_positive"),
            models.CheckConstraint(condition=Q(rounding__gt=0), name="uom_rounding_positive"),
        ]

    def __str__(self):
        return self.name


class Partner(CompanyScoped):
    """A customer, a supplier, or both."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    is_customer = models.BooleanField(_("customer"), default=False)
    is_supplier = models.BooleanField(_("supplier"), default=False)
    tax_id = models.CharField(_("tax ID"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(_("country"), max_length=2, default="CN")
    province = models.CharField(_("province"), max_length=60, blank=True)
    city = models.CharField(_("city"), max_length=60, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("currency")
    )
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    credit_limit = models.DecimalField(
        _("credit limit"), max_digits=18, decimal_places=2, default=Decimal("0.00")
    )
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="partner_company_code_unique"),
            models.CheckConstraint(condition=Q(credit_limit__gte=0), name="partner_credit_limit_gte_0"),
        ]
        indexes = [models.Index(fields=["company", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partner_detail", args=[self.pk])


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class PartnerAddress(models.Model):
    class Kind(models.TextChoices):
        BILLING = "billing", _("Billing")
        DELIVERY = "delivery", _("Delivery")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.DELIVERY)
    province = models.CharField(_("province"), max_length=60, blank=True)
    city = models.CharField(_("city"), max_length=60, blank=True)
    street = models.CharField(_("street"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return " ".join(part for part in (self.province, self.city, self.street) if part)


class PartnerBankAccount(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="bank_accounts")
    bank_name = models.CharField(_("bank"), max_length=100)
    account_name = models.CharField(_("account holder"), max_length=200, blank=True)
    account_number = EncryptedCharField(_("account number"), max_plain_length=40)

    class Meta:
        ordering = ["id"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self):
        return f"{self.bank_name} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        digits = self.account_number or ""
        return "•••• " + digits[-4:] if len(digits) > 4 else digits


class Sequence(CompanyScoped):
    """A gapless document numbering, e.g. ``记-2026-11-0001``."""

    class Reset(models.TextChoices):
        NEVER = "never", _("Never")
        YEARLY = "yearly", _("Every year")
        MONTHLY = "monthly", _("Every month")

    code = models.SlugField(_("code"), max_length=40)
    prefix = models.CharField(_("prefix"), max_length=20)
    padding = models.PositiveSmallIntegerField(_("digits"), default=4)
    reset = models.CharField(_("restart"), max_length=10, choices=Reset.choices, default=Reset.YEARLY)

    class Meta:
        verbose_name = _("sequence")
        verbose_name_plural = _("sequences")
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="sequence_company_code_unique")
        ]

    def __str__(self):
        return f"{self.code} ({self.prefix})"


class SequenceCounter(models.Model):
    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="counters")
    period = models.CharField(max_length=7, blank=True)  # "", "2026" or "2026-11"
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sequence", "period"], name="sequence_counter_unique")
        ]

    def __str__(self):
        return f"{self.sequence_id}/{self.period}: {self.last_number}"


class Attachment(CompanyScoped):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.name


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


AUDIT_ACTIONS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "attach": _("file attached"),
    "revoke": _("revoked"),
    "password_change": _("password changed"),
    "deactivate": _("deactivated"),
    "reactivate": _("reactivated"),
    "2fa_enabled": _("two-factor sign-in on"),
    "2fa_disabled": _("two-factor sign-in off"),
    "2fa_reset": _("two-factor sign-in reset"),
    "recovery_codes_renewed": _("recovery codes renewed"),
    "lockout": _("locked out"),
}


class AuditRecord(models.Model):
    """Append-only change log; each row's hash covers its content and the previous hash."""

    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.PROTECT)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object ID"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"))
    seq = models.PositiveBigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        return str(AUDIT_ACTIONS.get(self.action, self.action))


class AuditChainHead(models.Model):
    """One row, locked while appending, so the chain never forks under concurrency."""

    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.count} records, last {self.last_hash[:12]}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class IdempotencyKey(models.Model):
    """The first answer to a POST carrying an Idempotency-Key, replayed on repeats."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique")
        ]

    def __str__(self):
        return self.key
