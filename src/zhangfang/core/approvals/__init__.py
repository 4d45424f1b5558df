"""The approval engine's parts that are not services: named errors, the registry of
document types business modules connect, and the read queries (RPT-3).

Writes are in ``zhangfang.core.services.approvals``."""
