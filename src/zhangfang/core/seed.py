"""Reference data every installation has. Runs after each migrate and is idempotent."""

from django.apps import apps
from django.db import transaction

CURRENCIES = [
    ("CNY", "人民币 Chinese Yuan", "¥", 2),
    ("USD", "美元 US Dollar", "$", 2),
    ("EUR", "欧元 Euro", "€", 2),
    ("JPY", "日元 Japanese Yen", "¥", 0),
    ("HKD", "港币 Hong Kong Dollar", "HK$", 2),
    ("GBP", "英镑 Pound Sterling", "£", 2),
    ("KRW", "韩元 Korean Won", "₩", 0),
]


def seed_reference_data(sender=None, **kwargs):
    # Permissions are created app by app after migrate; wait for the last app so
    # that the role patterns see every permission.
    if sender is not None and sender is not list(apps.get_app_configs())[-1]:
        return
    from django.contrib.auth.models import Permission

    from zhangfang.core.models import Currency, Role
    from zhangfang.core.permissions import matching_permissions
    from zhangfang.core.roles import AUDIT_READERS, SYSTEM_ROLES, TWO_FACTOR_ROLES

    with transaction.atomic():
        every_permission = list(Permission.objects.select_related("content_type"))
        for code, name, symbol, places in CURRENCIES:
            Currency.objects.get_or_create(
                code=code, defaults={"name": name, "symbol": symbol, "decimal_places": places}
            )
        for code, name, description, patterns in SYSTEM_ROLES:
            role, _created = Role.objects.update_or_create(
                code=code, defaults={"name": name, "description": description, "is_system": True},
                create_defaults={"name": name, "description": description, "is_system": True,
                                 "requires_2fa": code in TWO_FACTOR_ROLES},
            )
            if code not in AUDIT_READERS:
                patterns = [*patterns, "!core.view_auditrecord"]
            role.permissions.set(matching_permissions(patterns, among=every_permission))
