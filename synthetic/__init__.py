"""Synthetic KIM caseloads: realistic enough for case managers to recognise their work, with a
ground truth of every identifier planted in the free text, so that the pseudonymiser's text
scrubbing can be measured instead of eyeballed.

A caseload is deterministic for (seed, as_of): the same pair gives byte-identical files.

Ground truth (``SyntheticCaseload.truth`` and ``truth.json``): one dict per planted identifier,
``{"table", "row_id", "column", "case_id", "start", "end", "text", "type", "person_id",
"form"}`` with ``text == <cell>[start:end]`` (Python string offsets). Types: ``person`` (a name
form of a household member; ``person_id`` names them), ``name`` (third party), ``phone``,
``email``, ``iban``, ``passport``, ``file_number``, ``address``, ``date``. A span covers the
name or number only: titles and labels (``Frau``, ``Dr.``, ``Az.``, ``IBAN``, ``Tel.``) stay
outside; a genitive suffix (``Ahmads``, ``Yılmaz'``) is inside. ``form`` says how it is written:
for persons ``full``, ``title``, ``given``, ``family`` ("Familie X"), ``genitive``, ``upper``,
``ascii``, ``hyphen_variant``; for the other types the notation (e.g. ``dmy``, ``iso``,
``long`` for dates, ``mobile``/``landline``/``intl``/``foreign`` for phones, ``abh``/``bg``/
``bamf``/``court``/... for file numbers).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from kimtools.caseload.writer import write_caseload
from synthetic.generator import Generator

TRUTH_FORMAT = "kimtools-synthetic-truth"
TRUTH_VERSION = 1


@dataclass
class SyntheticCaseload:
    """The five tables (canonical columns, dates as datetime64) and the ground truth."""

    tables: dict[str, pd.DataFrame]
    truth: list[dict]
    seed: int
    as_of: date
    district: str


def generate_caseload(cases: int, seed: int, as_of: date | None = None,
                      single_town: bool = False) -> SyntheticCaseload:
    """Draw a caseload of `cases` cases in one NRW district (chosen by the seed).

    All dates lie on or before `as_of` (default: today) except goals' due dates. With
    `single_town`, every case is with one provider in one town of the district, as a KIM
    provider of a small town holds them (30–150 clients): the hardest caseload for privacy.
    """
    if cases < 0:
        raise ValueError("cases must not be negative")
    as_of = as_of or date.today()
    generator = Generator(seed, as_of, single_town)
    tables, truth = generator.run(cases)
    return SyntheticCaseload(tables, truth, seed, as_of, generator.district.name)


def truth_document(caseload: SyntheticCaseload) -> dict:
    """The content of truth.json."""
    return {"format": TRUTH_FORMAT, "version": TRUTH_VERSION, "seed": caseload.seed,
            "as_of": caseload.as_of.isoformat(), "cases": len(caseload.tables["cases"]),
            "identifiers": caseload.truth}


def _write_truth(caseload: SyntheticCaseload, path: Path) -> None:
    """One identifier per line: diffable, and still one JSON document. Written atomically."""
    head = truth_document(caseload)
    identifiers = head.pop("identifiers")
    lines = [json.dumps(entry, ensure_ascii=False) for entry in identifiers]
    header = json.dumps(head, ensure_ascii=False)[:-1]
    body = ",\n  ".join(lines)
    text = f'{header}, "identifiers": [\n  {body}\n]}}\n' if lines else (
        f'{header}, "identifiers": []}}\n')
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # mode as the CSVs (umask)
    try:
        with open(staging, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(staging, path)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def write_synthetic_caseload(out: Path | str, cases: int, seed: int, fmt: str = "csv",
                             as_of: date | None = None, single_town: bool = False) -> Path:
    """Generate and write a caseload with its truth.json; returns the caseload's path.

    csv: `out` is the folder of the five CSVs, truth.json inside it. xlsx: `out` is the
    workbook (out/caseload.xlsx if `out` has no .xlsx suffix), truth.json beside it.
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"Unbekanntes Format {fmt!r}: erwartet csv oder xlsx")
    out = Path(out)
    caseload = generate_caseload(cases, seed, as_of, single_town)
    if fmt == "xlsx" and out.suffix.lower() != ".xlsx":
        out = out / "caseload.xlsx"
    target = write_caseload(caseload.tables, out, fmt)
    _write_truth(caseload, (target if fmt == "csv" else target.parent) / "truth.json")
    return target


__all__ = ["SyntheticCaseload", "generate_caseload", "truth_document",
           "write_synthetic_caseload"]
