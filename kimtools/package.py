"""The conference package, version 1 (DESIGN §5): the only artefact that crosses the boundary.

Plain UTF-8 JSON and CSV a data-protection officer can read. Every column is listed here; none
can hold a raw identifier (ids are keyed pseudonyms, dates are days since first contact).
Everything downstream (dashboard, findings, minutes) reads packages through `load_package`
and never imports the raw-caseload reader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kimtools.files import atomic_write

SCHEMA = "kimtools-konferenzpaket"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"

# Column → kind, in file order. Days are counted from the case's first contact (day 0).
COLUMNS: dict[str, dict[str, str]] = {
    "cases": {
        "case": "text", "label": "text", "municipality": "text", "provider": "text",
        "status": "text", "days_open": "int", "age": "text", "gender": "text",
        "origin": "text", "arrival": "text", "household_size": "text",
        "residence_status": "text", "languages": "text", "fields": "text",
    },
    "persons": {
        "person": "text", "case": "text", "label": "text", "role": "text", "age": "text",
        "gender": "text",
    },
    "events": {
        "case": "text", "event": "text", "day": "int", "phase": "text", "kind": "text",
        "field": "text", "institution": "text", "note": "text",
    },
    "obstacles": {
        "case": "text", "obstacle": "text", "field": "text", "institution": "text",
        "category": "text", "description": "text", "since_day": "int", "resolved_day": "int",
    },
    "goals": {
        "case": "text", "goal": "text", "field": "text", "description": "text",
        "agreed_day": "int", "due_day": "int", "status": "text",
    },
}

# Manifest fields that are the package's own metadata, not data of a raw record. They hold a
# month ("2026-11"), never a day: a day of creation minus a case's days since first contact
# would give the day the case was opened.
METADATA_FIELDS = ("created", "approved_at")
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember")


def month_stamp(when: dt.datetime | dt.date) -> str:
    """The month a package was made or approved, as the manifest stores it: "2026-11"."""
    return f"{when.year:04d}-{when.month:02d}"


def month_text(stamp: object, missing: str = "unbekannt") -> str:
    """ "2026-11" as people read it: "November 2026" (older packages' full timestamps too)."""
    value = str(stamp or "")
    try:
        year, month = int(value[:4]), int(value[5:7])
    except ValueError:
        return missing
    if value[4:5] != "-" or not 1 <= month <= 12:
        return missing
    return f"{MONTHS_DE[month - 1]} {year}"


class PackageError(Exception):
    """A package that cannot be read: wrong schema, version, or a damaged file."""


@dataclass
class ConferencePackage:
    manifest: dict
    cases: pd.DataFrame
    persons: pd.DataFrame
    events: pd.DataFrame
    obstacles: pd.DataFrame
    goals: pd.DataFrame
    path: Path | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in COLUMNS}

    @property
    def approved(self) -> bool:
        return bool(self.manifest.get("approval"))

    def case_ids(self) -> list[str]:
        return self.cases["case"].tolist()


def render_files(package: ConferencePackage) -> dict[str, bytes]:
    """Every file of the package as bytes, so a gate can scan exactly what will be written."""
    files: dict[str, bytes] = {}
    for name, columns in COLUMNS.items():
        frame = package.tables()[name]
        missing = [c for c in columns if c not in frame.columns]
        extra = [c for c in frame.columns if c not in columns]
        if missing or extra:
            raise PackageError(f"Tabelle {name}: Spalten passen nicht zum Paketformat "
                               f"(fehlend {missing}, zu viel {extra}).")
        buffer = io.StringIO()
        frame[list(columns)].to_csv(buffer, index=False, lineterminator="\n")
        files[f"{name}.csv"] = buffer.getvalue().encode("utf-8")
    manifest = dict(package.manifest)
    manifest["schema"] = SCHEMA
    manifest["schema_version"] = SCHEMA_VERSION
    manifest["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    files[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    return files


def write_files(files: dict[str, bytes], out: Path) -> Path:
    """Write rendered files as a folder or, for a .zip target, one archive; all or nothing."""
    out = Path(out)
    if out.exists():
        raise PackageError(f"{out} existiert bereits; ein Paket wird nie überschrieben.")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".zip":
        def archive(stream) -> None:
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as zipped:
                for name, data in files.items():
                    zipped.writestr(name, data)

        return atomic_write(out, archive)
    staging_dir = Path(tempfile.mkdtemp(prefix=".paket-", dir=out.parent))
    try:
        for name, data in files.items():
            (staging_dir / name).write_bytes(data)
        staging_dir.rename(out)
    except BaseException:
        shutil.rmtree(staging_dir, ignore_errors=True)
        raise
    return out


def _read_members(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return {Path(n).name: archive.read(n) for n in archive.namelist()
                    if not n.endswith("/")}
    raise PackageError(f"{path} ist weder ein Paketordner noch eine ZIP-Datei.")


def load_package(path: str | os.PathLike) -> ConferencePackage:
    """Read a package, refusing schemas and versions this version does not understand."""
    path = Path(path)
    if not path.exists():
        raise PackageError(f"Paket nicht gefunden: {path}")
    members = _read_members(path)
    if MANIFEST not in members:
        raise PackageError(f"{path}: {MANIFEST} fehlt – kein kimtools-Konferenzpaket.")
    try:
        manifest = json.loads(members[MANIFEST].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{path}: {MANIFEST} ist nicht lesbar ({exc}).") from exc
    if manifest.get("schema") != SCHEMA:
        raise PackageError(f"{path}: kein kimtools-Konferenzpaket (Schema "
                           f"{manifest.get('schema')!r}).")
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise PackageError(f"{path}: Paketversion {version!r} wird nicht unterstützt "
                           f"(diese Version liest Version {SCHEMA_VERSION}); bitte kimtools "
                           "aktualisieren oder das Paket neu erstellen.")
    tables = {}
    for name, columns in COLUMNS.items():
        file = f"{name}.csv"
        if file not in members:
            raise PackageError(f"{path}: {file} fehlt.")
        expected = manifest.get("files", {}).get(file)
        if expected and hashlib.sha256(members[file]).hexdigest() != expected:
            raise PackageError(f"{path}: {file} wurde nach der Freigabe verändert "
                               "(Prüfsumme stimmt nicht).")
        frame = pd.read_csv(io.BytesIO(members[file]), dtype=str, keep_default_na=False)
        if list(frame.columns) != list(columns):
            raise PackageError(f"{path}: {file} hat nicht die Spalten des Paketformats.")
        for column, kind in columns.items():
            frame[column] = frame[column].replace("", pd.NA)
            frame[column] = (pd.to_numeric(frame[column]).astype("Int64") if kind == "int"
                             else frame[column].astype("string"))
        tables[name] = frame
    return ConferencePackage(manifest=manifest, path=path, **tables)
