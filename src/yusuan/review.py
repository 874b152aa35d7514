"""Reviewing many files at once (a fiscal bureau's day): folders and ZIP archives unpacked into
the files they hold, narrative/tables parts of one disclosure joined, one row per disclosure
(unit, year, kind, counts), and one workbook of all findings.

The web app's batch view and ``yusuan check DIR|FILES…`` share this module. The web app reads
and checks each file in its worker processes; the command reads in process
(:func:`open_batch`).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from yusuan.check.findings import CheckReport
from yusuan.errors import YusuanError
from yusuan.vocab import KIND_NAMES, SCOPE_NAMES

if TYPE_CHECKING:
    from yusuan.blocks import Document
    from yusuan.check.findings import DocumentReport
    from yusuan.model import Disclosure

K = TypeVar("K", bound=Hashable)

SUFFIXES = (".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt")  # what the web app takes
# On one's own machine also what LibreOffice converts, and the canonical JSON.
LOCAL_SUFFIXES = (
    *SUFFIXES, ".text", ".json", ".doc", ".wps", ".xls", ".et", ".rtf", ".odt", ".ods", ".ofd"
)  # fmt: skip
MAX_FILES = 200  # one batch


@dataclass
class Skipped:
    name: str
    reason: str  # Chinese


@dataclass
class Unpacked:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _wanted(name: str, suffixes: tuple[str, ...] = SUFFIXES) -> bool:
    base = PurePosixPath(name).name
    return (
        bool(base)
        and not base.startswith((".", "~$"))
        and "__MACOSX" not in name
        and base.lower().endswith(suffixes)
    )


NAME_BYTES = 200  # of a file name's stem: file systems allow 255 bytes, a CJK character is 3


def safe_name(name: str | None) -> str:
    """A file's own name, fit to write: without any directory, control characters or leading
    dots, its stem cut to :data:`NAME_BYTES` bytes of UTF-8 (the suffix kept)."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    base = base.strip().lstrip(".")
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix.encode()) > 16:  # no suffix, or none worth keeping
        stem, dot, suffix = base, "", ""
    cut = stem.encode()[:NAME_BYTES].decode("utf-8", "ignore").strip()
    return (cut + dot + suffix if cut else "") or "upload"


def _zip_name(raw: str) -> str:
    """A member's name: ZIPs made on Chinese Windows store GBK names without the UTF-8 flag."""
    try:
        return raw.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def unpack(
    sources: Iterable[Path],
    into: Path,
    max_bytes: int = 50 * 1024 * 1024,
    max_files: int = MAX_FILES,
    suffixes: tuple[str, ...] = SUFFIXES,
    max_total: int | None = None,
) -> Unpacked:
    """The files to check among ``sources``: files as they are, folders searched (recursively),
    ZIP archives unpacked into ``into`` (one level; names without their folders, never outside
    ``into``). Members of an unsupported type, over ``max_bytes``, past ``max_files``, or past
    ``max_total`` bytes unpacked in all are listed as skipped with the reason."""
    from yusuan.readers.detect import open_zip

    out = Unpacked()
    left = max_total  # bytes still to unpack

    def add(path: Path, name: str) -> None:
        if len(out.files) >= max_files:
            out.skipped.append(Skipped(name, f"超过一次最多 {max_files} 个文件"))
        else:
            out.files.append(path)

    for src in sources:
        if src.is_dir():
            for p in sorted(src.rglob("*")):
                if any(part.startswith(".") for part in p.relative_to(src).parts[:-1]):
                    continue  # hidden folders (.git, .cache …)
                if p.is_file() and _wanted(p.name, suffixes):
                    add(p, str(p.relative_to(src)))
                elif p.is_file() and p.suffix.lower() == ".zip":
                    nested = unpack(
                        [p], into, max_bytes, max_files - len(out.files), suffixes, left
                    )
                    out.files += nested.files
                    out.skipped += nested.skipped
                    if left is not None:
                        left -= sum(f.stat().st_size for f in nested.files)
            continue
        if not zipfile.is_zipfile(src) or src.suffix.lower() in (".docx", ".xlsx"):
            add(src, src.name)
            continue
        try:
            zf = open_zip(src)
        except YusuanError as e:  # named as given, never by a (temporary) folder
            out.skipped.append(Skipped(src.name, e.naming(src).zh))
            continue
        with zf:
            if any(n.filename in ("[Content_Types].xml", "mimetype") for n in zf.infolist()):
                add(src, src.name)  # an Office or ODF document, not an archive of files
                continue
            folder = into / f"{src.stem}-文件"
            for info in zf.infolist():
                name = _zip_name(info.filename) if not info.flag_bits & 0x800 else info.filename
                if info.is_dir():
                    continue
                if not _wanted(name, suffixes):
                    if not name.endswith("/") and "__MACOSX" not in name:
                        out.skipped.append(Skipped(name, "不支持的文件类型"))
                    continue
                if info.file_size > max_bytes:
                    out.skipped.append(Skipped(name, f"文件过大（上限 {max_bytes >> 20} MB）"))
                    continue
                if len(out.files) >= max_files:
                    out.skipped.append(Skipped(name, f"超过一次最多 {max_files} 个文件"))
                    continue
                if left is not None:
                    if info.file_size > left:
                        out.skipped.append(Skipped(name, "超过批量上传总大小上限"))
                        continue
                    left -= info.file_size
                folder.mkdir(parents=True, exist_ok=True)
                target = _free(folder / safe_name(name))
                with zf.open(info) as data, target.open("wb") as f:
                    while chunk := data.read(1 << 20):
                        f.write(chunk)
                out.files.append(target)
    return out


def _free(path: Path) -> Path:
    n = 2
    stem, suffix = path.stem, path.suffix
    while path.exists():
        path = path.with_name(f"{stem}-{n}{suffix}")
        n += 1
    return path


def join_parts(items: Sequence[tuple[K, object]]) -> list[list[K]]:
    """Keys grouped as disclosures: a narrative-only and a tables-only file of the same unit,
    year and kind become one group; every other file is a group of its own."""
    from yusuan.pipeline import pair_parts

    return pair_parts(items)  # type: ignore[arg-type]


@dataclass
class Entry:
    """One disclosure of a batch read in process: its file(s), or why it could not be read."""

    files: list[Path]
    disclosure: Disclosure | None = None
    error: BaseException | None = None  # a YusuanError for bad input; anything else is a bug
    document: Document | None = None  # its blocks, when asked for (None for JSON, workbooks)
    order: int = 0  # where its first file is among the batch's files

    @property
    def joined(self) -> bool:
        return len(self.files) > 1


@dataclass
class Batch:
    """A batch being read (:func:`open_batch`): its files, those skipped, and one entry per
    disclosure, read as they are iterated."""

    files: list[Path]
    skipped: list[Skipped]
    entries: Iterator[Entry]


def open_batch(
    sources: Iterable[Path],
    into: Path,
    *,
    step: Callable[[Path, int, int], None] | None = None,
    max_files: int = 10_000,
    blocks: bool = False,
) -> Batch:
    """Read files, folders and ZIP archives (unpacked into ``into``) as a batch: one entry per
    disclosure, each read when the entries are iterated (a bureau's hundreds never in memory at
    once). A narrative-only and a tables-only file of the same unit, year and kind are joined
    into one (as ``--merge`` would, without reading them again): such parts wait for their
    partner and come last, every other file in the order the files came. ``step(path, n,
    total)`` is called before each file is read; with ``blocks`` each entry keeps the blocks it
    was read from (to quote them beside findings)."""
    unpacked = unpack(sources, into, 1 << 31, max_files, LOCAL_SUFFIXES)
    return Batch(unpacked.files, unpacked.skipped, _entries(unpacked.files, step, blocks))


def _entries(
    files: list[Path], step: Callable[[Path, int, int], None] | None, blocks: bool
) -> Iterator[Entry]:
    from yusuan.pipeline import Opened, is_part, open_input, open_parts, pair_parts

    parts: dict[int, Opened] = {}  # only these are kept: they may be joined
    for n, path in enumerate(files):
        if step:
            step(path, n, len(files))
        try:
            o = open_input(path)
        except Exception as e:  # the caller words it: bad input or a bug
            yield Entry([path], error=e, order=n)
            continue
        if o.document is not None and is_part(o.disclosure):  # JSON has no blocks to join
            parts[n] = o
        else:
            yield Entry([path], o.disclosure, document=o.document if blocks else None, order=n)
    for group in pair_parts([(n, o.disclosure) for n, o in parts.items()]):
        docs = [parts[k].document for k in group]
        o = parts[group[0]] if len(group) == 1 else open_parts([d for d in docs if d])
        for k in group:
            del parts[k]
        paths = [files[k] for k in group]
        yield Entry(paths, o.disclosure, document=o.document if blocks else None, order=min(group))


def summary_of(d: Disclosure, report: DocumentReport) -> dict[str, Any]:
    """What a batch row says of a checked disclosure (the web worker's summary holds it too):
    unit, year, kind, scope and the findings counted by severity."""
    return {
        "unit": d.unit.name,
        "year": d.year,
        "kind": d.kind,
        "scope": d.scope,
        "counts": {s: report.count(s) for s in ("error", "warning", "info")},
    }


def row_of(files: Sequence[str], d: Disclosure, report: DocumentReport) -> Row:
    """The batch summary's row for a checked disclosure."""
    return Row.of(files, summary_of(d, report))


@dataclass
class Row:
    """One disclosure of a batch (one file, or the files of one disclosure)."""

    files: list[str]
    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    scope: str | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    failed: str | None = None  # why it could not be checked (Chinese)

    @classmethod
    def of(cls, files: Sequence[str], summary: Mapping[str, Any], failed: str | None = None) -> Row:
        """A row from a check's summary (:func:`summary_of`), or for a file that failed."""
        counts = summary.get("counts", {})
        return cls(
            files=list(files),
            unit=summary.get("unit"),
            year=summary.get("year"),
            kind=summary.get("kind"),
            scope=summary.get("scope"),
            errors=counts.get("error", 0),
            warnings=counts.get("warning", 0),
            infos=counts.get("info", 0),
            failed=failed,
        )

    @property
    def kind_zh(self) -> str:
        scope = SCOPE_NAMES.get(self.scope or "", "")
        return scope + KIND_NAMES.get(self.kind or "", "") if self.kind else ""


def findings_workbook(rows: Sequence[Row], report: CheckReport) -> bytes:
    """One Excel workbook: 文件汇总 (a row per disclosure), then every finding of every file
    (in report order) and the rule coverage, as ``yusuan check -f xlsx`` writes them."""
    import io

    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from yusuan.check import report as rep

    wb = load_workbook(io.BytesIO(rep.to_xlsx(report)))
    ws = wb.create_sheet("文件汇总", 0)
    ws.append(["文件", "单位", "年度", "类型", "错误", "警告", "提示", "说明"])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
    for r in rows:
        ws.append(
            rep.text_cells(
                ws,
                [
                    " + ".join(r.files),
                    r.unit or "",
                    r.year or "",
                    r.kind_zh,
                    None if r.failed else r.errors,
                    None if r.failed else r.warnings,
                    None if r.failed else r.infos,
                    f"无法检查：{r.failed}"
                    if r.failed
                    else ("合并检查" if len(r.files) > 1 else ""),
                ],
            )
        )
    for col, width in zip("ABCDEFGH", (44, 30, 7, 10, 7, 7, 7, 40), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
