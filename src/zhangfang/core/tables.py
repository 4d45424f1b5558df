import django_tables2 as tables
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import AuditRecord, Currency, ExchangeRate, Partner, Role, Uom, User

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class PartnerTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    kind = tables.Column(_("Type"), accessor="pk", orderable=False, exclude_from_export=True)
    credit_limit = tables.Column(attrs=NUM)

    class Meta:
        model = Partner
        fields = ("code", "name", "kind", "tax_id", "city", "phone", "currency", "credit_limit", "active")
        sequence = ("code", "name", "kind")

    def render_kind(self, record):
        kinds = [str(_("Customer"))] if record.is_customer else []
        if record.is_supplier:
            kinds.append(str(_("Supplier")))
        return " · ".join(kinds) or "—"

    def render_credit_limit(self, value):
        return f"{value:,.2f}"

    def value_credit_limit(self, value):
        return value


class CurrencyTable(tables.Table):
    code = tables.Column(linkify=("currency_edit", {"code": tables.A("code")}))

    class Meta:
        model = Currency
        fields = ("code", "name", "symbol", "decimal_places", "active")


class ExchangeRateTable(tables.Table):
    date = tables.Column(linkify=("rate_edit", {"pk": tables.A("pk")}))
    rate = tables.Column(attrs=NUM)

    class Meta:
        model = ExchangeRate
        fields = ("date", "currency", "rate")

    def render_rate(self, value):
        return f"{value.normalize():f}"


class UomTable(tables.Table):
    name = tables.Column(linkify=("uom_edit", {"pk": tables.A("pk")}))
    ratio = tables.Column(attrs=NUM)
    rounding = tables.Column(attrs=NUM)

    class Meta:
        model = Uom
        fields = ("category", "name", "symbol", "ratio", "rounding", "is_reference", "active")

    def render_ratio(self, value):
        return f"{value.normalize():f}"

    def render_rounding(self, value):
        return f"{value.normalize():f}"


class UserTable(tables.Table):
    username = tables.Column(linkify=("user_edit", {"pk": tables.A("pk")}))
    roles = tables.Column(_("Roles"), accessor="pk", orderable=False)

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "roles", "is_active", "last_login")

    def __init__(self, *args, company=None, **kwargs):
        self.company = company
        super().__init__(*args, **kwargs)

    def render_roles(self, record):
        for membership in record.memberships.all():
            if membership.company_id == self.company.pk:
                return ", ".join(str(role) for role in membership.roles.all()) or "—"
        return "—"

    value_roles = render_roles


class RoleTable(tables.Table):
    name = tables.Column(linkify=("role_detail", {"pk": tables.A("pk")}))
    permission_count = tables.Column(_("Permissions"), attrs=NUM)

    class Meta:
        model = Role
        fields = ("name", "code", "description", "permission_count", "is_system")

    def render_description(self, record):
        return _(record.description) if record.is_system else record.description


class AuditTable(tables.Table):
    seq = tables.Column("#", linkify=("audit_detail", {"pk": tables.A("pk")}), attrs=NUM)
    created_at = tables.DateTimeColumn(format="Y-m-d H:i:s")
    actor = tables.Column(_("User"))
    action = tables.Column(_("Action"), accessor="action_label", order_by="action")
    request_id = tables.Column(_("Request ID"))

    class Meta:
        model = AuditRecord
        fields = ("seq", "created_at", "actor", "action", "object_type", "object_repr", "request_id")

    def render_object_type(self, value):
        try:
            return apps.get_model(value)._meta.verbose_name
        except LookupError:
            return value
