"""First start: database, reference data, the first company and its administrator."""

import secrets

from django.core.management import call_command
from django.db import transaction

from zhangfang.core.models import Company, User
from zhangfang.core.services.companies import company_create
from zhangfang.ops.tasks import ensure_schedules

ADMIN = "admin"


def initialise(*, company_name: str | None, admin_password: str | None, quiet: bool = False) -> str:
    """Idempotent: a second run migrates what is new and changes nothing else."""
    call_command("migrate", interactive=False, verbosity=0)
    ensure_schedules()
    if User.objects.filter(username=ADMIN).exists():
        return "" if quiet else "Zhangfang is initialised; nothing to do."
    password = admin_password or secrets.token_urlsafe(12)
    with transaction.atomic():
        admin = User(username=ADMIN, full_name="系统管理员", is_superuser=True, is_staff=True)
        admin.set_password(password)
        admin.save()
        company = Company.objects.order_by("pk").first() or company_create(
            actor=admin, code="main", name=company_name or "我的公司"
        )
        admin.default_company = company
        admin.save(update_fields=["default_company"])
    if admin_password:
        return f"Administrator '{ADMIN}' created with the password from ZHANGFANG_ADMIN_PASSWORD."
    return (f"Administrator '{ADMIN}' created. Password (shown once, change it after signing in): "
            f"{password}")
