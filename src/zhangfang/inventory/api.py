"""REST endpoints under /api/v1/inventory."""

from ninja import Router

router = Router(tags=["inventory"])
