"""The web app: ``yusuan serve`` (FastAPI + Jinja2 pages in Chinese, JSON API under /api/v1)."""

from yusuan.web.app import create_app
from yusuan.web.settings import Settings

__all__ = ["Settings", "create_app"]
