"""Lists answer ``{"items": [...], "count": N}`` with bounded ``limit``/``offset``."""

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10**9  # beyond any real list; keeps OFFSET inside the database's integer range


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request, **params):
        # A total order, so that pages neither repeat nor skip rows that sort alike.
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
        return super().paginate_queryset(queryset.order_by(*ordering, "pk"), pagination, request, **params)
