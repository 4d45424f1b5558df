from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhangfang import __version__
from zhangfang.ops.health import readiness


@never_cache
@require_safe
def healthz(request):
    """Liveness: the process answers. Touches no database on purpose."""
    return JsonResponse({"status": "ok", "version": __version__})


@never_cache
@require_safe
def readyz(request):
    ready, checks = readiness()
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status=200 if ready else 503)
