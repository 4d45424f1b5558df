"""Input schema base: text the database can store, or a 422."""

from typing import Any

from ninja import Schema
from pydantic import model_validator


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


class InputSchema(Schema):
    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        problems: list[str] = []
        _check_text(data, "", problems)
        if problems:
            raise ValueError("; ".join(problems))
        return data
