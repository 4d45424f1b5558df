"""The REST API at /api/v1 (ARCH-3). Each app contributes a Router."""

from django.urls import path, re_path
from ninja import NinjaAPI
from ninja.parser import Parser

from zhangfang import __version__
from zhangfang.api import errors
from zhangfang.api.auth import AUTH
from zhangfang.api.idempotency import HEADER, KEY_PATTERN

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": "Send the same key again to repeat a create safely: the first success is answered "
    "again (with `Idempotent-Replayed: true`) and nothing is created twice.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": KEY_PATTERN},
}
REPLAYED = {
    "Idempotent-Replayed": {
        "description": "Present when this is the stored answer to an earlier request with the same key.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


class StrictQueryParser(Parser):
    """A query parameter given twice (`?offset=1&offset=2`) is refused, not silently the last one."""

    def parse_querydict(self, data, list_fields, request):
        return {key: data.getlist(key) if key in list_fields or len(data.getlist(key)) > 1 else data[key]
                for key in data}


class ZhangfangAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for method, operation in item.items():
                for status, response in operation.get("responses", {}).items():
                    # Error answers are problem+json (RFC 9457), not plain JSON.
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {"application/problem+json": response["content"]["application/json"]}
                    elif method == "post" and 200 <= int(status) < 300:
                        response["headers"] = REPLAYED
                if method == "post":
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
        schema["components"].setdefault("securitySchemes", {})
        return schema

    def _get_urls(self):
        # The bare root and any other path under /api/v1/ are problem+json 404s too,
        # not the web UI's HTML page.
        urls = [url for url in super()._get_urls() if getattr(url, "name", None) != "api-root"]
        return [*urls, path("", errors.unknown_path, name="api-root"),
                re_path(r"^.*$", errors.unknown_path, name="unknown-path")]


api = ZhangfangAPI(
    title="Zhangfang API",
    version=__version__,
    description="REST API of Zhangfang (账房). Authenticate with `Authorization: Bearer <token>` "
    "(create one under your profile) or the browser session with CSRF.",
    auth=AUTH,
    parser=StrictQueryParser(),
    urls_namespace="api",
)
errors.install(api)


def _mount_routers():
    from zhangfang.accounting.api import router as accounting_router
    from zhangfang.accounting.api_documents import router as documents_router
    from zhangfang.core.api import router as core_router
    from zhangfang.inventory.api import router as inventory_router
    from zhangfang.purchasing.api import router as purchasing_router
    from zhangfang.sales.api import router as sales_router

    api.add_router("/", core_router)
    api.add_router("/accounting", accounting_router)
    api.add_router("/accounting", documents_router)
    api.add_router("/inventory", inventory_router)
    api.add_router("/purchasing", purchasing_router)
    api.add_router("/sales", sales_router)


_mount_routers()
