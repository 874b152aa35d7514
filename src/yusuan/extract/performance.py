"""Performance targets (绩效目标): placeholder until the performance extractor lands."""

from __future__ import annotations

from yusuan.blocks import Block, Table
from yusuan.extract.sections import Section
from yusuan.model import Performance


def extract_performance(
    blocks: list[Block], sections: list[Section]
) -> tuple[Performance, list[Table]]:
    return Performance(), []
