"""Settings from the environment: generated secrets, request ids, the Redis switch."""

import json
import os
import stat
import subprocess
import sys

from zhangfang import config


def test_a_missing_secret_is_generated_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHANGFANG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ZHANGFANG_FIELD_KEY", raising=False)
    first = config.secret("FIELD_KEY", config.new_aes_key)
    second = config.secret("FIELD_KEY", config.new_aes_key)
    path = tmp_path / "keys" / "field_key"
    assert first == second == path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700


def test_a_secret_from_the_environment_wins_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHANGFANG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZHANGFANG_SECRET_KEY", "from-the-environment")
    assert config.secret("SECRET_KEY", config.new_django_key) == "from-the-environment"
    assert not (tmp_path / "keys" / "secret_key").exists()


def _settings_in_subprocess(tmp_path, **env) -> dict:
    code = ("import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps({'debug': settings.DEBUG, 'q': sorted(settings.Q_CLUSTER), "
            "'cache': settings.CACHES['default']['BACKEND'], 'engine': settings.DATABASES['default']['ENGINE'], "
            "'mode': settings.DATABASES['default'].get('OPTIONS', {}).get('transaction_mode')}))")
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhangfang.settings", "ZHANGFANG_DATA_DIR": str(tmp_path),
                **env}
    full_env.pop("ZHANGFANG_DATABASE_URL", None)
    full_env.pop("ZHANGFANG_DEBUG", None)
    out = subprocess.run([sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_defaults_are_sqlite_with_immediate_transactions_orm_broker_and_debug_off(tmp_path):
    seen = _settings_in_subprocess(tmp_path)
    assert seen["debug"] is False
    assert seen["engine"] == "django.db.backends.sqlite3" and seen["mode"] == "IMMEDIATE"
    assert "orm" in seen["q"] and "redis" not in seen["q"]


def test_a_redis_url_switches_cache_and_job_broker_to_redis(tmp_path):
    seen = _settings_in_subprocess(tmp_path, ZHANGFANG_REDIS_URL="redis://127.0.0.1:6379/5")
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert "redis" in seen["q"] and "orm" not in seen["q"]


def test_every_response_carries_a_request_id(client):
    given = client.get("/healthz", HTTP_X_REQUEST_ID="trace-42")
    made = client.get("/healthz", HTTP_X_REQUEST_ID="bad id; drop table")
    assert given["X-Request-ID"] == "trace-42"
    assert len(made["X-Request-ID"]) == 32 and made["X-Request-ID"] != "bad id; drop table"
