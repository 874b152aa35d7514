"""Legacy and foreign formats (.doc, .xls, .wps, .rtf, .odt, .ods) through LibreOffice.

``soffice --headless --convert-to`` turns them into DOCX/XLSX, which the normal readers then
read; without LibreOffice the user gets a message saying how to enable it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from yusuan.errors import UnreadableDocument

TIMEOUT = float(os.environ.get("YUSUAN_CONVERT_TIMEOUT", "120"))

# What each input becomes, and the extension LibreOffice needs to pick its import filter.
TARGETS = {
    "doc": ("docx", ".doc"),
    "rtf": ("docx", ".rtf"),
    "odt": ("docx", ".odt"),
    "xls": ("xlsx", ".xls"),
    "ods": ("xlsx", ".ods"),
}


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(path: Path, kind: str, name: str) -> tuple[Path, tempfile.TemporaryDirectory[str]]:
    """Convert ``path`` (content type ``kind``) to DOCX/XLSX in a temporary directory.

    Returns the converted file and the directory holding it; the caller cleans it up.
    """
    target, ext = TARGETS[kind]
    exe = soffice()
    if exe is None:
        raise UnreadableDocument(
            f"{name} 格式需要 LibreOffice 转换；请安装 LibreOffice（如 apt-get install "
            f"libreoffice-writer-nogui libreoffice-calc-nogui），或先另存为 {target.upper()}：{path}",
            f"{name} files need LibreOffice to convert them; install it (e.g. apt-get install "
            f"libreoffice-writer-nogui libreoffice-calc-nogui) or save the file as "
            f"{target.upper()} first: {path}",
        )
    tmp = tempfile.TemporaryDirectory(prefix="yusuan-convert-")
    work = Path(tmp.name)
    src = work / ("input" + ext)  # content decided the format; the name only picks the filter
    shutil.copyfile(path, src)
    profile = work / "profile"
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",  # own profile: no lock clash with a desktop
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(work / "out"),
        str(src),
    ]
    try:
        subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        tmp.cleanup()
        raise UnreadableDocument(
            f"LibreOffice 转换超时（{TIMEOUT:.0f} 秒）：{path}",
            f"LibreOffice conversion timed out after {TIMEOUT:.0f} s: {path}",
        ) from None
    out = work / "out" / ("input." + target)
    if not out.exists() or out.stat().st_size == 0:
        tmp.cleanup()
        raise UnreadableDocument(
            f"LibreOffice 无法转换此 {name} 文件（可能已损坏）：{path}",
            f"LibreOffice could not convert this {name} file (damaged?): {path}",
        )
    return out, tmp
