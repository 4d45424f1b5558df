"""Model fields encrypted at rest with AES-256-GCM (SEC-5).

The stored text is ``v1:`` + base64(nonce || ciphertext+tag). The associated data
binds a value to its table and column, so a ciphertext copied into another column
does not decrypt.
"""

import base64
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

PREFIX = "v1:"


@lru_cache(maxsize=4)
def _cipher(key: str) -> AESGCM:
    raw = base64.b64decode(key)
    if len(raw) != 32:
        raise ValueError("ZHANGFANG_FIELD_KEY must be 32 bytes, base64-encoded")
    return AESGCM(raw)


def encrypt(plaintext: str, context: str) -> str:
    nonce = os.urandom(12)
    sealed = _cipher(settings.FIELD_KEY).encrypt(nonce, plaintext.encode(), context.encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(stored: str, context: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    blob = base64.b64decode(stored[len(PREFIX) :])
    return _cipher(settings.FIELD_KEY).decrypt(blob[:12], blob[12:], context.encode()).decode()


class EncryptedCharField(models.TextField):
    """Holds a short secret such as a bank account or ID number; not searchable."""

    def __init__(self, *args, max_plain_length: int = 64, **kwargs):
        self.max_plain_length = max_plain_length
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self):
        # The column is TEXT (ciphertext is longer); the limit applies to the plain value.
        return [*super().validators, MaxLengthValidator(self.max_plain_length)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_plain_length"] = self.max_plain_length
        return name, path, args, kwargs

    def _context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value, self._context())

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value, self._context())

    def formfield(self, **kwargs):
        from django import forms

        # Skip TextField's textarea: these are one-line values.
        defaults = {"form_class": forms.CharField, "max_length": self.max_plain_length}
        return models.Field.formfield(self, **{**defaults, **kwargs})
