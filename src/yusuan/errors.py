"""Errors shown to users: one line, Chinese first, then English."""

from __future__ import annotations

import os


class YusuanError(Exception):
    """An error caused by the input, not by a bug; the CLI prints it without a traceback."""

    exit_code = 2

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def naming(self, path: os.PathLike[str] | str) -> YusuanError:
        """The same error naming ``path`` by its file name only: what a server or a temporary
        folder holds is nobody's business (an upload is named as uploaded)."""
        full, name = str(path), os.path.basename(path)
        return YusuanError(self.zh.replace(full, name), self.en.replace(full, name))


class UnreadableDocument(YusuanError):
    """The file is empty, binary, truncated, or not a budget disclosure."""


def error_id(e: BaseException) -> str:
    """A short id for an internal error: the same bug gives the same id, so reports of it can
    be told apart from others without a traceback (type and the innermost frames' places)."""
    import hashlib
    import traceback
    from pathlib import Path

    frames = traceback.extract_tb(e.__traceback__)[-3:]
    where = ";".join(f"{Path(f.filename).name}:{f.name}:{f.lineno}" for f in frames)
    return hashlib.sha1(f"{type(e).__name__}|{where}".encode()).hexdigest()[:8]
