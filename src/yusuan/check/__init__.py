"""Checking: the rule registry (``registry``, one module per family under ``rules/``), the engine
with its coverage ledger, findings and the report renderers.

``yusuan.check(d)`` is the Python API's check (:func:`yusuan.api.check`). This package has the
same name, so the package itself is made callable: ``yusuan.check`` is one object whichever was
imported first, and ``yusuan.check.engine`` and the rest import as usual.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yusuan.check.findings import DocumentReport
    from yusuan.model import Disclosure


class _CallablePackage(types.ModuleType):
    def __call__(
        self, disclosure: Disclosure, history: object | None = None, **options: Any
    ) -> DocumentReport:
        from yusuan.check.engine import run

        return run(disclosure, history, **options)


sys.modules[__name__].__class__ = _CallablePackage
