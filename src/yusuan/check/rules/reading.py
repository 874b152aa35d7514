"""R: what could not be read. A damaged page, sheet or part is left out and the rest of the file
is read; every check then knows less than the file holds, and the reviewer must be told."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.check.context import Context
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import not_applicable, rule


@rule(
    "R001",
    "warning",
    "文件有部分内容未能读取",
    what="文件中有页面、工作表或部件已损坏，未能读取；其余部分照常读取和检查。",
    why="未读取的部分里的数字不参加任何检查：检查通过不代表这些部分没有问题。",
    example="一份 PDF 的第 12 页已损坏：“第12页已损坏，无法读取”，其余 30 页照常检查。",
    fix="取得完好的原始文件（重新下载或向发布单位索取）后再检查。",
)
def unreadable_parts(ctx: Context) -> Iterator[Finding]:
    lost = [(u, u.reason) for u in ctx.d.unparsed if u.reason]
    if not lost:
        raise not_applicable("文件各部分均已读取")
    for u, reason in lost:
        yield ctx.finding(
            reason,
            locations=[Location.at(u.source, text=reason)],
            section="文件读取",
            suggestion="取得完好的原始文件后再检查。",
        )
