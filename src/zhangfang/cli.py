"""The ``zhangfang`` command (ARCHITECTURE.md: "Interfaces that stay stable")."""

import argparse
import json
import os
import signal
import subprocess
import sys
import time

HELP = {
    "init": "Create or upgrade the database, the first company and the administrator (idempotent).",
    "demo": "init, plus a demo company with partners, rates and one log-in per job role (idempotent).",
    "serve": "Serve the web UI, the API and a background worker on this machine.",
    "worker": "Run only the background worker and scheduler (for scale-out).",
    "check": "Run every integrity check; exit 1 when any fails.",
    "manage": "Run any Django management command, e.g. `zhangfang manage migrate`.",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhangfang.settings")
    import django

    django.setup()


def cmd_init(args) -> int:
    _setup()
    from zhangfang.core.bootstrap import initialise

    result = initialise(company_name=args.company_name, admin_password=os.environ.get("ZHANGFANG_ADMIN_PASSWORD"))
    print(result)
    return 0


def cmd_demo(args) -> int:
    _setup()
    from zhangfang.core.bootstrap import initialise
    from zhangfang.core.demo import DEMO_PASSWORD, build_demo

    initialise(company_name=None, admin_password=os.environ.get("ZHANGFANG_ADMIN_PASSWORD", DEMO_PASSWORD),
               quiet=True)
    print(build_demo())
    return 0


def cmd_check(args) -> int:
    _setup()
    from django.db import connection

    from zhangfang.core.integrity import run_all

    connection.ensure_connection()  # no database is an error (exit 2), not a failed check
    results = run_all()
    if args.json:
        print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            print(f"{'OK  ' if r.ok else 'FAIL'}  {r.code:<28} {r.title}  ({r.seconds:.2f}s)")
            for finding in r.findings:
                print(f"        - {finding}")
            if r.hint:
                print(f"        → {r.hint}")
        failed = sum(not r.ok for r in results)
        print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if any(not r.ok for r in results) else 0


def cmd_worker(args) -> int:
    _setup()
    from django.core.management import call_command

    from zhangfang.ops.tasks import ensure_schedules

    ensure_schedules()
    call_command("qcluster")
    return 0


def cmd_serve(args) -> int:
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    run_dir = settings.DATA_DIR / "run"
    run_dir.mkdir(exist_ok=True)
    web = subprocess.Popen([  # noqa: S603 — fixed argument list, no shell
        sys.executable, "-m", "gunicorn", "zhangfang.wsgi:application",
        "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers), "--threads", "4",
        "--worker-class", "gthread", "--timeout", "120", "--graceful-timeout", "20",
        "--config", "python:zhangfang.gunicorn_conf",
    ])
    children = {"web": web}
    if not args.no_worker:
        children["worker"] = subprocess.Popen([sys.executable, "-m", "zhangfang", "worker"])  # noqa: S603
    for name, proc in children.items():
        (run_dir / f"{name}.pid").write_text(str(proc.pid))
    print(f"Zhangfang is serving on http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)

    def stop(*_ignored):
        for proc in children.values():
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(proc.poll() is None for proc in children.values()):
            time.sleep(0.5)
    finally:
        stop()
        for proc in children.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    clean = (0, -signal.SIGTERM)
    return 0 if all(proc.returncode in clean for proc in children.values()) else 1


def cmd_manage(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhangfang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhangfang manage", *args.rest])
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="zhangfang",
        description="Zhangfang (账房): an open-source ERP with operations built in. "
        "Data lives in $ZHANGFANG_DATA_DIR (default ./var).",
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("init", help=HELP["init"], description=HELP["init"])
    p.add_argument("--company-name", default=None, help="name of the first company (default: 我的公司)")
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("demo", help=HELP["demo"], description=HELP["demo"])
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("serve", help=HELP["serve"], description=HELP["serve"])
    p.add_argument("--host", default=os.environ.get("ZHANGFANG_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("ZHANGFANG_PORT", "8000")))
    p.add_argument("--workers", type=int, default=int(os.environ.get("ZHANGFANG_WEB_WORKERS", "2")),
                   help="web server processes (default 2)")
    p.add_argument("--no-worker", action="store_true", help="do not start the background worker")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("worker", help=HELP["worker"], description=HELP["worker"])
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("check", help=HELP["check"], description=HELP["check"])
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("manage", help=HELP["manage"], description=HELP["manage"], add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return root


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        code = args.func(args)
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # one clear line, not a traceback
        from zhangfang.core.errors import BusinessError

        kind = "" if isinstance(exc, BusinessError) else f"{exc.__class__.__name__}: "
        first_line = (str(exc).strip().splitlines() or [""])[0]
        print(f"zhangfang: error: {kind}{first_line}", file=sys.stderr)
        code = 2
    sys.exit(code)
