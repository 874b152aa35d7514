"""Errors shown to users: one line, Chinese first, then English."""


class YusuanError(Exception):
    """An error caused by the input, not by a bug; the CLI prints it without a traceback."""

    exit_code = 2

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class UnreadableDocument(YusuanError):
    """The file is empty, binary, truncated, or not a budget disclosure."""
