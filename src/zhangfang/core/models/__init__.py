"""Core data every module shares: companies, people, partners, money, units, audit and approvals.

Split by subject; import from ``zhangfang.core.models`` as from one module.
"""

from zhangfang.core.models.approvals import *  # noqa: F403
from zhangfang.core.models.approvals import __all__ as _approvals
from zhangfang.core.models.base import *  # noqa: F403
from zhangfang.core.models.base import __all__ as _base

__all__ = [*_base, *_approvals]
