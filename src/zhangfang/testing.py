"""Helpers shared by tests across apps (not imported by the product)."""

import threading

from django.db import connections


def race(work, args_list, *, timeout: float = 60) -> tuple[list, list[Exception]]:
    """Run ``work(*args)`` for each args tuple in its own thread and database connection,
    all released together by a barrier; returns (results, errors) in completion order.

    Threads cannot fail a test themselves, so errors are collected for the caller to assert."""
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def run(args):
        try:
            barrier.wait(timeout=timeout)
            results.append(work(*args))
        except Exception as exc:  # noqa: BLE001  (reported to the caller)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(args,)) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
