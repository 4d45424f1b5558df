from ninja import Schema


class FieldError(Schema):
    field: str
    pointer: str
    detail: str


class Problem(Schema):
    """RFC 9457 problem details, with the field errors as an extension member."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] = []


# Error answers every operation may give; documented so clients and fuzzers know them.
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 503: Problem}
