"""Web settings: arguments of ``create_app`` and ``yusuan serve``, else ``YUSUAN_WEB_*`` variables."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        return default


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _secret() -> str:
    """``YUSUAN_WEB_SECRET``, else one kept beside the user data (so sessions survive restarts)."""
    env = os.environ.get("YUSUAN_WEB_SECRET")
    if env:
        return env
    try:
        from platformdirs import user_data_path

        path = user_data_path("yusuan", appauthor=False) / "web-secret"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(48)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
        return value
    except OSError:
        return secrets.token_urlsafe(48)  # sessions end with the process; nothing else breaks


@dataclass
class Settings:
    db: str | None = None  # store URL; None: --db / $YUSUAN_DB / the user data directory
    secret: str = field(default_factory=_secret)
    # Secure cookies need HTTPS; off by default so that http://127.0.0.1 works.
    secure_cookies: bool = field(default_factory=lambda: _env_bool("YUSUAN_WEB_SECURE", False))
    max_upload: int = field(default_factory=lambda: _env_int("YUSUAN_WEB_MAX_UPLOAD_MB", 50) * MB)
    # What one batch writes, its uploads and the members of its archives together; 0: four
    # uploads' worth (:attr:`batch_limit`).
    max_batch: int = field(default_factory=lambda: _env_int("YUSUAN_WEB_MAX_BATCH_MB", 0) * MB)
    parse_timeout: int = field(default_factory=lambda: _env_int("YUSUAN_WEB_PARSE_TIMEOUT", 60))
    parse_memory: int = field(
        default_factory=lambda: _env_int("YUSUAN_WEB_PARSE_MEMORY_MB", 1536) * MB
    )
    workers: int = field(default_factory=lambda: _env_int("YUSUAN_WEB_WORKERS", 2))
    session_days: int = 7
    job_ttl: int = 3600  # seconds an uploaded file and its report are kept for download
    max_jobs: int = 400  # uploads kept (a batch counts each file)
    upload_dir: Path | None = None  # temporary directory when None
    title: str = "预算公开审查平台"
    demo: bool = False

    @property
    def batch_limit(self) -> int:
        """Bytes one batch may write in all."""
        return self.max_batch or 4 * self.max_upload
