from django.urls import include, path

from zhangfang.api.api import api
from zhangfang.ops import views as ops_views

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("approvals/", include("zhangfang.core.urls_approvals")),
    path("accounting/", include("zhangfang.accounting.urls")),
    path("inventory/", include("zhangfang.inventory.urls")),
    path("purchasing/", include("zhangfang.purchasing.urls")),
    path("sales/", include("zhangfang.sales.urls")),
    path("", include("zhangfang.core.urls")),
]
