"""Zhangfang (账房): an open-source ERP with operations built in."""

__version__ = "0.1.0"
