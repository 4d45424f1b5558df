"""Where Zhangfang keeps its files and secrets, read from the environment.

Secrets that are not given in the environment are generated once into the data
directory with mode 0600, so a fresh machine needs nothing set by hand.
"""

import base64
import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    path = Path(os.environ.get("ZHANGFANG_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret(name: str, make) -> str:
    """The value of ZHANGFANG_<NAME>, else the generated file keys/<name>."""
    value = os.environ.get(f"ZHANGFANG_{name.upper()}")
    if value:
        return value
    keys = data_dir() / "keys"
    keys.mkdir(mode=0o700, exist_ok=True)
    path = keys / name.lower()
    try:
        # O_EXCL: two processes starting together must not both write a key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        value = make()
        handle.write(value)
    return value


def new_django_key() -> str:
    return secrets.token_urlsafe(50)


def new_aes_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
