"""Input types: what the schema documents is exactly what the API accepts, else a 422."""

from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StrictInt, model_validator

# PostgreSQL cannot store NUL; the schema says so, so clients and fuzzers know.
NO_NUL = r"^[^\x00]*$"
CURRENCY_CODE = r"^[A-Za-z]{3}$"
# Largest id a query may carry (BIGINT); larger ones can name no row.
MAX_ID = 2**63 - 1


def _check_text(value: Any, path: str, problems: list[str]) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            problems.append(f"{path}: NUL characters are not allowed")
        else:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(f"{path}: not valid Unicode text")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(item, f"{path}.{key}" if path else str(key), problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, f"{path}.{index}", problems)


def _document_no_nul(schema: dict) -> None:
    """Give every free-text string property the NUL-free pattern the validator enforces."""
    for prop in schema.get("properties", {}).values():
        for variant in [prop, *prop.get("anyOf", [])]:
            if variant.get("type") == "string" and not {"pattern", "format", "enum"} & variant.keys():
                variant["pattern"] = NO_NUL


class InputSchema(Schema):
    model_config = ConfigDict(json_schema_extra=_document_no_nul)

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        problems: list[str] = []
        _check_text(data, "", problems)
        if problems:
            raise ValueError("; ".join(problems))
        return data


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
    """A non-negative (or positive) decimal sent as a JSON integer or a string such as "12.50".

    JSON numbers with a fraction are refused: a float has already lost precision.
    """
    whole_digits = max_digits - places
    integer = Annotated[StrictInt, Field(ge=1 if positive else 0, le=10**whole_digits - 1)]
    text = Annotated[str, Field(pattern=_decimal_pattern(whole_digits, places, positive))]
    return Annotated[integer | text, AfterValidator(Decimal)]
