"""The integrity-check registry (CHK-1). Each app's checks.py registers its checks;
``zhangfang check`` and the scheduled job run them all."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Check:
    code: str
    title: object  # lazy translated string
    run: Callable[[], list[str]]  # returns findings; empty means clean
    hint: object = ""


@dataclass
class CheckResult:
    code: str
    title: str
    ok: bool
    findings: list[str] = field(default_factory=list)
    hint: str = ""
    seconds: float = 0.0


REGISTRY: dict[str, Check] = {}


def register(code: str, title, hint=""):
    def decorate(func):
        REGISTRY[code] = Check(code=code, title=title, run=func, hint=hint)
        return func

    return decorate


def run_all(codes: list[str] | None = None) -> list[CheckResult]:
    results = []
    for code, check in sorted(REGISTRY.items()):
        if codes and code not in codes:
            continue
        started = time.monotonic()
        try:
            findings = list(check.run())
        except Exception as exc:  # a check that crashes is itself a finding
            findings = [str(_("The check could not run: %s")) % exc]
        results.append(CheckResult(code=code, title=str(check.title), ok=not findings, findings=findings,
                                   hint=str(check.hint) if findings else "",
                                   seconds=round(time.monotonic() - started, 3)))
    return results
