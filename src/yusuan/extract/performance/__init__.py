"""Performance targets (绩效目标): the department's goals and every project's target table.

Everything is recognised by content, never by position or file. One module per job:

* ``titles``: headings and titles — what starts a project, what ends the part;
* ``grouping``: the tables (and text between them) that print one project;
* ``project``: one project's label cells, read pairwise; ``plans``: its spending plan;
* ``indicators``: the 一级/二级/三级指标 block of project and department tables;
* ``department``: the department's target table and its narrative (总体绩效目标, 分项绩效目标,
  保障措施);
* ``text``: the text helpers they share. The words (title form, label cells) are in
  ``yusuan.vocab.performance``.
"""

from __future__ import annotations

from yusuan.blocks import Block, Table
from yusuan.extract.performance.department import (
    narrative_paragraphs,
    read_department_table,
    read_narrative,
)
from yusuan.extract.performance.grouping import group_projects
from yusuan.extract.performance.indicators import Values
from yusuan.extract.performance.project import read_project
from yusuan.extract.performance.text import money_unit_in
from yusuan.extract.sections import Section
from yusuan.model import Performance

__all__ = ["extract_performance"]


def extract_performance(
    blocks: list[Block], sections: list[Section]
) -> tuple[Performance, list[Table]]:
    """The department's targets and one project per target table, with the tables read."""
    perf = Performance()
    dep = perf.department
    read_narrative(narrative_paragraphs(sections, blocks), dep)
    groups, departments = group_projects(blocks)
    used: list[Table] = []
    # Value cells repeat within a document (=100%, ≥95%, 合理): one model per distinct text,
    # shared by the indicators of this document's result only.
    values: Values = {}
    for table in departments:
        unit = money_unit_in([c.text for c in table.rows[0]])
        read_department_table(table, dep, unit, values)
        used.append(table)
    for group in groups:
        if not group.features & {"goal", "indicators"}:
            continue  # a 项目名称 column in some other table (政府采购预算表 …)
        project = read_project(group, values)
        if project is not None:
            perf.projects.append(project)
            used.extend(group.tables)
    return perf, used
