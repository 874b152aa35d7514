"""yusuan (预算): read, check, store and publish Chinese government budget disclosures.

The Python API (:mod:`yusuan.api`)::

    import yusuan
    d = yusuan.open("预算.pdf")     # → Disclosure (any supported file, canonical JSON, workbook)
    r = yusuan.check(d)             # → DocumentReport
    yusuan.load(None, ["公开文件/"])  # read, check and store in the default database

Nothing is imported until used, so ``import yusuan`` (and the command's start-up) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check", "load", "open"]

if TYPE_CHECKING:
    from yusuan.api import load, open


def __getattr__(name: str) -> Any:
    if name in ("open", "load"):
        from yusuan import api

        return getattr(api, name)
    if name == "check":  # the subpackage, callable as the API's check (see check/__init__.py)
        import yusuan.check

        return yusuan.check
    raise AttributeError(f"module 'yusuan' has no attribute {name!r}")
