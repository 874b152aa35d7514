"""``yusuan export``: one file per entity (CSV, Parquet or XLSX) and a Frictionless
``datapackage.json`` describing them (fields, types, primary and foreign keys).

Rows are streamed in batches, so exporting a large store does not hold it in memory. A
:class:`Selection` (region, unit, year, kind, current versions only) exports part of the store:
the chosen disclosures with everything that belongs to them, their documents and their units,
so every foreign key in the package still resolves.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, Select, or_, select
from sqlalchemy.orm import Session

from yusuan import __version__
from yusuan.store import schema as s

ENTITIES: tuple[type[s.Base], ...] = (
    s.Document,
    s.Unit,
    s.Disclosure,
    s.OrganisationRow,
    s.Figure,
    s.ThreePublic,
    s.BudgetTable,
    s.TableRow,
    s.TableCell,
    s.Project,
    s.Indicator,
    s.ProcurementItem,
    s.AssetItem,
    s.FindingRow,
    s.UnitCost,
)
FORMATS = ("csv", "parquet", "xlsx")
BATCH = 5000
XLSX_MAX_ROWS = 1_048_575  # a sheet's limit, less the header


def _field_type(col: Any) -> str:
    t = col.type
    if isinstance(t, s.Money):
        return "number"
    if isinstance(t, Integer):
        return "integer"
    if isinstance(t, Boolean):
        return "boolean"
    if isinstance(t, DateTime):
        return "datetime"
    if isinstance(t, JSON):
        return "array" if col.name in _ARRAYS else "object"
    return "string"


_ARRAYS = {"columns", "keys", "spending_plan", "locations", "coverage"}


def _schema(model: type[s.Base]) -> dict[str, Any]:
    table = model.__table__
    fields = []
    for col in table.columns:
        f: dict[str, Any] = {"name": col.name, "type": _field_type(col)}
        if col.comment:
            f["description"] = col.comment
        if not col.nullable and not col.primary_key:
            f["constraints"] = {"required": True}
        if f["type"] == "datetime":
            f["format"] = "any"
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": ["id"]}
    fks = []
    for fk in table.foreign_keys:
        fks.append(
            {
                "fields": [fk.parent.name],
                "reference": {"resource": fk.column.table.name, "fields": [fk.column.name]},
            }
        )
    if fks:
        schema["foreignKeys"] = sorted(fks, key=lambda x: x["fields"][0])
    return schema


def _cell(v: Any, fmt: str) -> Any:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f") if fmt != "xlsx" else float(v)
    if isinstance(v, datetime):
        v = _utc(v)
        return v.isoformat() + "Z" if fmt == "csv" else v
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool) and fmt == "csv":
        return "true" if v else "false"
    return v


def _utc(v: datetime) -> datetime:
    """Naive UTC: SQLite gives naive datetimes, PostgreSQL aware ones; export the same text."""
    return v.astimezone(UTC).replace(tzinfo=None) if v.tzinfo else v


@dataclass(frozen=True, slots=True)
class Selection:
    """Which disclosures to export; the filters mean what they mean for ``yusuan ls``."""

    region: str | None = None
    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    current: bool = False  # only the current version of each unit, year and kind

    def everything(self) -> bool:
        return self == Selection()

    def disclosure_ids(self) -> Select[Any]:
        from yusuan.store.queries import disclosure_filters

        q = select(s.Disclosure.id).outerjoin(s.Unit, s.Unit.id == s.Disclosure.unit_id)
        return q.where(
            *disclosure_filters(
                region=self.region,
                unit=self.unit,
                year=self.year,
                kind=self.kind,
                current=self.current,
            )
        )


def _rows(session: Session, model: type[s.Base], sel: Selection) -> Iterator[Any]:
    cols = list(model.__table__.columns)
    q = select(*(getattr(model, c.key) for c in cols)).order_by(model.id)  # type: ignore[attr-defined]
    if not sel.everything():
        ids = sel.disclosure_ids()
        if model is s.Disclosure:
            q = q.where(s.Disclosure.id.in_(ids))
        elif model is s.Document:  # their documents, and the files that are parts of them
            q = q.where(
                or_(
                    s.Document.id.in_(
                        select(s.Disclosure.document_id).where(s.Disclosure.id.in_(ids))
                    ),
                    s.Document.disclosure_id.in_(ids),
                )
            )
        elif model is s.Unit:
            q = q.where(s.Unit.id.in_(select(s.Disclosure.unit_id).where(s.Disclosure.id.in_(ids))))
        else:
            q = q.where(model.disclosure_id.in_(ids))  # type: ignore[attr-defined]
    yield from session.execute(q.execution_options(yield_per=BATCH))


def _write_csv(path: Path, names: list[str], rows: Iterator[Any]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for r in rows:
            w.writerow(["" if v is None else _cell(v, "csv") for v in r])
            n += 1
    return n


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    return {
        "integer": pa.int64(),
        "number": pa.decimal128(38, 10),
        "boolean": pa.bool_(),
        "datetime": pa.timestamp("us", tz="UTC"),
    }.get(kind, pa.string())


def _write_parquet(path: Path, fields: list[dict[str, Any]], rows: Iterator[Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    schema = pa.schema([(f["name"], _arrow_type(f["type"])) for f in fields])
    q = Decimal("1e-10")
    n = 0
    with pq.ParquetWriter(path, schema) as w:
        batch: list[Any] = []

        def flush() -> None:
            cols: list[Any] = list(zip(*batch, strict=True)) if batch else [[] for _ in fields]
            arrays = []
            for f, col in zip(fields, cols, strict=True):
                values: list[Any] = list(col)
                if f["type"] == "number":
                    values = [None if v is None else v.quantize(q) for v in values]
                elif f["type"] in ("object", "array"):
                    values = [
                        None if v is None else json.dumps(v, ensure_ascii=False) for v in values
                    ]
                arrays.append(pa.array(values, type=_arrow_type(f["type"])))
            w.write_table(pa.Table.from_arrays(arrays, schema=schema))

        for r in rows:
            batch.append(tuple(r))
            n += 1
            if len(batch) >= BATCH:
                flush()
                batch = []
        if batch or n == 0:
            flush()
    return n


def _write_xlsx(path: Path, name: str, names: list[str], rows: Iterator[Any]) -> int:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(name[:31])
    ws.append(names)
    n = 0
    for r in rows:
        if n >= XLSX_MAX_ROWS:
            raise ValueError(f"{name}: more rows than one sheet holds; export to csv or parquet")
        ws.append([_cell(v, "xlsx") for v in r])
        n += 1
    wb.save(path)
    return n


def export(
    session: Session, target: Path, fmt: str = "csv", selection: Selection | None = None
) -> dict[str, Any]:
    """Write every entity into ``target`` and return the data package descriptor written."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    sel = selection or Selection()
    target.mkdir(parents=True, exist_ok=True)
    resources = []
    for model in ENTITIES:
        name = model.__tablename__
        schema = _schema(model)
        names = [f["name"] for f in schema["fields"]]
        path = target / f"{name}.{fmt}"
        rows = _rows(session, model, sel)
        if fmt == "csv":
            n = _write_csv(path, names, rows)
        elif fmt == "parquet":
            n = _write_parquet(path, schema["fields"], rows)
        else:
            n = _write_xlsx(path, name, names, rows)
        res: dict[str, Any] = {
            "name": name,
            "path": path.name,
            "profile": "tabular-data-resource",
            "format": fmt,
            "mediatype": {
                "csv": "text/csv",
                "parquet": "application/vnd.apache.parquet",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }[fmt],
            "schema": schema,
            "title": (model.__doc__ or name).strip().splitlines()[0],
        }
        if fmt == "csv":
            res["encoding"] = "utf-8"
            res["dialect"] = {"delimiter": ",", "header": True}
        res["count"] = n
        resources.append(res)
    package = {
        "profile": "tabular-data-package",
        "name": "yusuan-disclosures",
        "title": "预算信息公开数据 / budget disclosures read by yusuan",
        "description": "Amounts are in 万元 (10,000 yuan); each figure's printed text is in the *_raw "
        "column beside it and its place in the source document in *_source.",
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "version": __version__,
        "resources": resources,
    }
    (target / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return package
