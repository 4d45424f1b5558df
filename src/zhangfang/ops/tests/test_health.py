"""Liveness and readiness: /healthz never touches the database; /readyz answers 503
with the reason when the database, the migrations or the worker heartbeat is wrong."""

import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.utils import timezone

from zhangfang.ops.models import Heartbeat
from zhangfang.ops.tasks import SCHEDULER, heartbeat


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access in this request raises.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_before_the_worker_ever_beat(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"] == {"ok": True, "pending": 0}
    assert body["checks"]["worker"]["ok"] is False


@pytest.mark.django_db
def test_readyz_is_200_with_a_fresh_heartbeat(client):
    heartbeat()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["ok"] is True


@pytest.mark.django_db
def test_readyz_is_503_once_the_heartbeat_is_older_than_the_limit(client, settings):
    settings.HEARTBEAT_MAX_AGE = 180
    stale = timezone.now() - datetime.timedelta(seconds=181)
    Heartbeat.objects.create(name=SCHEDULER, beat_at=stale)
    response = client.get("/readyz")
    worker = response.json()["checks"]["worker"]
    assert response.status_code == 503
    assert worker["ok"] is False and worker["age_s"] >= 181


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _readyz(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, {}


def _wait_for(port: int, status: int, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        code, body = _readyz(port)
        if code == status:
            return body
        time.sleep(0.3)
    raise AssertionError(f"/readyz did not answer {status} within {seconds}s (last: {code} {body})")


@pytest.mark.django_db
def test_real_worker_keeps_readyz_green_and_stopping_it_turns_readyz_503(tmp_path):
    """Real processes: `zhangfang serve --no-worker` and `zhangfang worker` on one SQLite file."""
    if connection.vendor != "sqlite":
        pytest.skip("runs its own SQLite installation; once per suite is enough")
    env = {**os.environ, "ZHANGFANG_DATA_DIR": str(tmp_path), "ZHANGFANG_HEARTBEAT_MAX_AGE": "5",
           "ZHANGFANG_ADMIN_PASSWORD": "Admin-Pass-2026", "ZHANGFANG_WORKERS": "1"}
    env.pop("ZHANGFANG_DATABASE_URL", None)
    zhangfang = [sys.executable, "-m", "zhangfang"]
    subprocess.run([*zhangfang, "init"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    log, web_log = open(tmp_path / "worker.log", "w"), open(tmp_path / "serve.log", "w")  # noqa: SIM115
    web = subprocess.Popen([*zhangfang, "serve", "--port", str(port), "--no-worker", "--workers", "1"],
                           env=env, stdout=web_log, stderr=subprocess.STDOUT)
    worker = subprocess.Popen([*zhangfang, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        body = _wait_for(port, 200, seconds=90)  # the scheduler runs the heartbeat job within ~30 s
        assert body["checks"]["worker"]["ok"] is True
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        body = _wait_for(port, 503, seconds=15)
        assert body["checks"]["worker"]["ok"] is False
        assert body["checks"]["database"]["ok"] is True
    finally:
        for proc in (worker, web):
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
        log.close()
        web_log.close()
    # gunicorn's own lines are JSON like the application's (one shipper reads them all)
    lines = (tmp_path / "serve.log").read_text().splitlines()
    gunicorn = [json.loads(line) for line in lines if '"gunicorn.error"' in line]
    assert any("Listening at" in line["event"] for line in gunicorn)
    assert not [line for line in lines if "[INFO]" in line]
