"""Read queries for core data, always scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from zhangfang.core import permissions
from zhangfang.core.errors import NotFound
from zhangfang.core.models import (
    ApiToken,
    AuditRecord,
    Company,
    Currency,
    ExchangeRate,
    Membership,
    Notification,
    Partner,
    Role,
    Uom,
    User,
)


def visible(queryset: QuerySet, user, company: Company | None = None) -> QuerySet:
    """Rows of ``company`` (or of all the user's companies) the user may view."""
    model = queryset.model
    perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
    ids = [company.pk] if company is not None else permissions.company_ids(user)
    ids = [cid for cid in ids if permissions.has_perm(user, cid, perm)]
    return queryset.filter(company_id__in=ids)


def get_visible(queryset: QuerySet, user, pk, company: Company | None = None):
    """One row the user may view, else NotFound — never a hint that it exists elsewhere."""
    try:
        return visible(queryset, user, company).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def partner_list(*, user, company: Company | None = None, search: str = "") -> QuerySet:
    qs = visible(Partner.objects.select_related("company", "currency"), user, company)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search) | Q(tax_id__icontains=search)
                       | Q(phone__icontains=search) | Q(email__icontains=search))
    return qs


def partner_detail(*, user, pk, company: Company | None = None) -> Partner:
    qs = Partner.objects.select_related("company", "currency").prefetch_related(
        "contacts", "addresses", "bank_accounts"
    )
    return get_visible(qs, user, pk, company)


def currency_list(*, user) -> QuerySet:
    if not any(permissions.has_perm(user, cid, "core.view_currency") for cid in permissions.company_ids(user)):
        return Currency.objects.none()
    return Currency.objects.all()


def exchange_rate_list(*, user, company: Company | None = None) -> QuerySet:
    return visible(ExchangeRate.objects.select_related("currency", "company"), user, company)


def uom_list(*, user, company: Company | None = None) -> QuerySet:
    return visible(Uom.objects.select_related("category", "company"), user, company)


def user_list(*, user, company: Company) -> QuerySet:
    if not permissions.has_perm(user, company, "core.view_user"):
        return User.objects.none()
    return (
        User.objects.filter(memberships__company=company)
        .prefetch_related("memberships__roles")
        .order_by("username")
    )


def user_roles(*, user: User, company: Company) -> list[Role]:
    membership = Membership.objects.filter(user=user, company=company).prefetch_related("roles").first()
    return list(membership.roles.all()) if membership else []


def role_list(*, user, company: Company) -> QuerySet:
    if not permissions.has_perm(user, company, "core.view_role"):
        return Role.objects.none()
    return Role.objects.annotate(permission_count=Count("permissions")).order_by("name")


def my_tokens(*, user) -> QuerySet:
    return ApiToken.objects.filter(user=user)


def unread_notifications(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def user_companies(*, user) -> QuerySet:
    return Company.objects.filter(pk__in=permissions.company_ids(user))


def audit_list(*, user, company: Company) -> QuerySet:
    """The company's audit trail, newest first, for those who may view it (MON-5, DATA-2)."""
    if not permissions.has_perm(user, company, "core.view_auditrecord"):
        return AuditRecord.objects.none()
    return AuditRecord.objects.filter(company=company).select_related("actor").order_by("-seq")
