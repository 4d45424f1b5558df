"""``Idempotency-Key`` on API POSTs: a repeated key answers the first result again
and creates nothing twice — also when both requests arrive at the same moment."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja.utils import check_csrf

from zhangfang.api.errors import problem
from zhangfang.core.models import IdempotencyKey
from zhangfang.core.services.tokens import api_token_authenticate

API_PREFIX = "/api/v1/"
HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[!-~]{1,255}$"  # 1 to 255 visible ASCII characters
_KEY = re.compile(KEY_PATTERN)


def _user(request):
    """The user the API will act for, or None when it will refuse the request anyway."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token = api_token_authenticate(header[7:].strip())
        return token.user if token else None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or check_csrf(request) is not None:
        return None
    return user


def _replay(record: IdempotencyKey, fingerprint: str) -> HttpResponse:
    if record.fingerprint != fingerprint:
        return problem(422, "idempotency_key_reused",
                       _("This Idempotency-Key was already used for a different request."))
    response = HttpResponse(record.body, status=record.status_code, content_type=record.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or HEADER not in request.headers or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        user = _user(request)
        if user is None:  # let the API refuse it in its usual way
            return self.get_response(request)
        key = request.headers[HEADER]
        if not _KEY.match(key):
            return problem(400, "bad_idempotency_key",
                           _("The Idempotency-Key must be 1 to 255 visible ASCII characters."))
        fingerprint = hashlib.sha256(request.get_full_path().encode() + b"\n" + request.body).hexdigest()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.filter(user=user, key=key).first()
                if record is not None:
                    return _replay(record, fingerprint)
                response = self.get_response(request)
                # Only a success is kept: a refused request (bad input, no right, conflict)
                # created nothing and may be corrected and sent again under the same key.
                if 200 <= response.status_code < 300 and not getattr(response, "streaming", False):
                    IdempotencyKey.objects.create(
                        user=user, key=key, fingerprint=fingerprint, status_code=response.status_code,
                        content_type=response.get("Content-Type", "application/json"),
                        body=response.content.decode(),
                    )
                return response
        except IntegrityError:
            # A concurrent request with the same key committed first; ours was rolled back.
            record = IdempotencyKey.objects.get(user=user, key=key)
            return _replay(record, fingerprint)
