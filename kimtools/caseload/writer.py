"""Writes a caseload in the exchange format: the canonical form other tools can read."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from kimtools.caseload.schema import TABLES
from kimtools.files import atomic_write


def _as_text(frame: pd.DataFrame, table_name: str) -> pd.DataFrame:
    """Dates in ISO notation, missing values as empty cells, everything else as given.

    Text cells pass through untouched, so tests can write deliberately broken values."""
    table = TABLES[table_name]
    out = pd.DataFrame(index=frame.index)
    for column in table.columns:
        if column.name not in frame.columns:
            continue
        values = frame[column.name]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d")
        elif column.kind == "date":
            values = values.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
        out[column.name] = values.astype("object").where(values.notna(), "")
    return out


def write_caseload(tables: dict[str, pd.DataFrame], target: str | os.PathLike,
                   fmt: str = "csv") -> Path:
    """Write the five tables as a folder of UTF-8 CSVs or as one .xlsx workbook.

    Written to a temporary place first and moved in at the end, so a failure never leaves
    half a caseload behind.
    """
    target = Path(target)
    missing = [name for name in TABLES if name not in tables]
    if missing:
        raise ValueError(f"Tabellen fehlen: {', '.join(missing)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        staging = Path(tempfile.mkdtemp(prefix=".caseload-", dir=target.parent))
        try:
            for name in TABLES:
                _as_text(tables[name], name).to_csv(staging / f"{name}.csv", index=False,
                                                    encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target
    if fmt == "xlsx":
        def workbook(stream) -> None:
            with pd.ExcelWriter(stream, engine="openpyxl") as writer:
                for name in TABLES:
                    frame = tables[name].copy()
                    for column in TABLES[name].columns:
                        values = frame.get(column.name)
                        if values is not None and pd.api.types.is_datetime64_any_dtype(values):
                            frame[column.name] = values.dt.date
                    frame.to_excel(writer, sheet_name=name, index=False)

        return atomic_write(target, workbook)
    raise ValueError(f"Unbekanntes Format {fmt!r}: erwartet csv oder xlsx")
