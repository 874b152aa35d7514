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


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> DocumentReport:
        """:func:`yusuan.api.check`: the call goes where that one sends it, to
        :func:`yusuan.check.engine.run`, arguments and all (this package cannot import the API,
        a later stage)."""
        from yusuan.check.engine import run

        return run(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
