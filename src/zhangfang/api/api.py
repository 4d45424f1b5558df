"""The REST API at /api/v1 (ARCH-3). Each app contributes a Router."""

from ninja import NinjaAPI

from zhangfang import __version__
from zhangfang.api import errors
from zhangfang.api.auth import AUTH


class ZhangfangAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Error answers are problem+json (RFC 9457), not plain JSON.
        for path in schema["paths"].values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {"application/problem+json": response["content"]["application/json"]}
        schema["components"].setdefault("securitySchemes", {})
        return schema


api = ZhangfangAPI(
    title="Zhangfang API",
    version=__version__,
    description="REST API of Zhangfang (账房). Authenticate with `Authorization: Bearer <token>` "
    "(create one under your profile) or the browser session with CSRF.",
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)


def _mount_routers():
    from zhangfang.core.api import router as core_router

    api.add_router("/", core_router)


_mount_routers()
