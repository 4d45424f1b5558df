"""Input types: what the schema documents is exactly what the API accepts, else a 422."""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Strict, WithJsonSchema, field_validator, model_validator

# PostgreSQL cannot store NUL; the schema says so, so clients and fuzzers know.
NO_NUL = r"^[^\x00]*$"
CURRENCY_CODE = r"^[A-Za-z]{3}$"
# Largest id a query may carry (BIGINT); larger ones can name no row.
MAX_ID = 2**63 - 1


def _text_problem(value: Any) -> str | None:
    """Why the database cannot store this text, if it cannot."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return "NUL characters are not allowed"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "not valid Unicode text"
    return None


def _document_no_nul(schema: dict) -> None:
    """Give every free-text string property the NUL-free pattern the validator enforces."""
    for prop in schema.get("properties", {}).values():
        for variant in [prop, *prop.get("anyOf", [])]:
            if variant.get("type") == "string" and not {"pattern", "format", "enum"} & variant.keys():
                variant["pattern"] = NO_NUL


class InputSchema(Schema):
    """A request body: a JSON object with text the database can store."""

    # Strict: `0` is not false and `"5"` is not 5, as the schema says.
    model_config = ConfigDict(strict=True, json_schema_extra=_document_no_nul)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, data: Any, handler, info) -> Any:
        # Replaces ninja's validator of the same name, which reads any object through
        # getattr: a body of `[]` or `"x"` would pass as an empty PATCH.
        if not isinstance(data, dict):
            raise ValueError("Send a JSON object.")
        # In JSON a number with a zero fraction is an integer: 30.0 is 30.
        return handler({key: int(value) if isinstance(value, float) and value.is_integer() else value
                        for key, value in data.items()})

    @field_validator("*")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        for item in value if isinstance(value, list) else [value]:
            if problem := _text_problem(item):
                raise ValueError(problem)
        return value


def _decimal_pattern(whole_digits: int, places: int, positive: bool) -> str:
    """Plain decimal notation in ASCII digits, no sign or exponent, at most ``places`` decimals."""
    fraction = rf"(\.[0-9]{{1,{places}}})?"
    at_least_one = rf"[1-9][0-9]{{0,{whole_digits - 1}}}{fraction}"
    if not positive:
        return rf"^(0{fraction}|{at_least_one})$"
    # below one: some decimal digit is not zero
    below_one = "|".join(rf"0\.0{{{zeros}}}[1-9][0-9]{{0,{places - 1 - zeros}}}" for zeros in range(places))
    return rf"^({at_least_one}|{below_one})$"


def DecimalIn(*, max_digits: int, places: int, positive: bool = False):  # noqa: N802 - a type factory
    """A non-negative (or positive) decimal: a string such as "12.50", or a whole JSON number.

    A JSON number with a fraction is refused, since as a float it has already lost precision;
    whole numbers are taken up to 2**53, the largest a JSON parser keeps exact everywhere.
    """
    whole_digits = max_digits - places
    lowest, highest = (1 if positive else 0), min(10**whole_digits - 1, 2**53)
    pattern = _decimal_pattern(whole_digits, places, positive)
    text = re.compile(pattern)

    def parse(value: Any) -> Decimal:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if not lowest <= value <= highest:
                raise ValueError(f"Whole numbers must be from {lowest} to {highest}; send larger ones as a string.")
            return Decimal(value)
        if isinstance(value, str) and text.match(value):
            return Decimal(value)
        raise ValueError(f'Send a decimal number as a string such as "12.50" with at most {places} decimals, '
                         f"at most {whole_digits} digits before the point"
                         + (", greater than 0." if positive else "."))

    json_schema = {"anyOf": [{"type": "integer", "minimum": lowest, "maximum": highest},
                             {"type": "string", "pattern": pattern}]}
    return Annotated[Decimal, BeforeValidator(parse), WithJsonSchema(json_schema)]


def _iso_date(value: Any) -> datetime.date:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("Send a date as YYYY-MM-DD.")


# A calendar date as JSON text "YYYY-MM-DD" (strict models would take only date objects).
DateIn = Annotated[datetime.date, Strict(False), BeforeValidator(_iso_date),
                   WithJsonSchema({"type": "string", "format": "date"})]
