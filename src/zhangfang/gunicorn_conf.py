"""Gunicorn settings for ``zhangfang serve``: its own log lines (start, workers, errors) go
through the same JSON formatter as the application's, so one log shipper reads them all."""

from zhangfang.logs import configure

_logging = configure()
# Requests are logged by the application (logger "zhangfang.access", with the request id);
# gunicorn's access log would repeat them.
logconfig_dict = {
    **_logging,
    "loggers": {
        **_logging["loggers"],
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
    },
}
