"""The web app: ``yusuan serve`` (FastAPI + Jinja2 pages in Chinese, JSON API under /api/v1).

Imported lazily: the checking workers import :mod:`yusuan.web.worker`, never the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yusuan.web.app import create_app
    from yusuan.web.settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from yusuan.web.app import create_app

        return create_app
    if name == "Settings":
        from yusuan.web.settings import Settings

        return Settings
    raise AttributeError(f"module 'yusuan.web' has no attribute {name!r}")
