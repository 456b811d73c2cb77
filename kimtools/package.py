"""The conference package, version 2 (DESIGN §5): the only artefact that crosses the boundary.

Plain UTF-8 JSON and CSV a data-protection officer can read. Every column is listed here; none
can hold a raw identifier (ids are keyed pseudonyms, dates are days since first contact).
Everything downstream (dashboard, findings, minutes) reads packages through `load_package`
and never imports the raw-caseload reader.

Integrity: the manifest lists the SHA-256 of every member and carries the provider's public
key; an Ed25519 signature over the whole manifest (approval included) binds them. The reader
verifies it before it parses a table, refuses symlinks, members the format does not name and
sizes beyond the limits below, and type-checks every value. Whether the signing key belongs to
the provider it claims is the coordination office's trust list (`kimtools.trust`).
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kimtools.files import atomic_write, neutralise_formula

SCHEMA = "kimtools-konferenzpaket"
SCHEMA_VERSION = 2
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


# Limits a package of a few cases stays far below: a larger member is refused before it is read.
MAX_MEMBER_BYTES = 16 * 1024 * 1024
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRIES = 64
MAX_DAYS = 100_000  # about 270 years: any day count beyond is not a value but damage
MEMBERS = (MANIFEST, *(f"{name}.csv" for name in COLUMNS))
SIGNATURE_ALGORITHM = "Ed25519"
_SIGNED_PREFIX = b"kimtools-konferenzpaket/2\n"
_INT = re.compile(r"-?[0-9]{1,9}")


class PackageError(Exception):
    """A package that cannot be read: wrong schema, version, or a damaged file."""


class PackageIntegrityError(PackageError):
    """A package whose content does not match its signature or the format: refused as a whole."""


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

    @property
    def fingerprint(self) -> str:
        """Fingerprint of the provider key that signed the package ("" before signing)."""
        return str((self.manifest.get("signer") or {}).get("fingerprint", ""))

    @property
    def providers(self) -> list[str]:
        """The providers whose cases the package presents, as the trust list names them."""
        return sorted({str(p) for p in self.cases["provider"].dropna() if str(p).strip()})

    def case_ids(self) -> list[str]:
        return self.cases["case"].tolist()


# -- signing --------------------------------------------------------------------------------

def key_fingerprint(public_key: bytes) -> str:
    """What people compare on the phone: 32 hex digits of the public key's SHA-256, in groups."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 32, 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed ("abcd 1234…", with or without dashes) in the stored form."""
    digits = re.sub(r"[^0-9A-Fa-f]", "", str(text)).upper()
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def public_key_bytes(signing_key: Ed25519PrivateKey) -> bytes:
    return signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _signed_bytes(manifest: dict) -> bytes:
    """The exact bytes the signature covers: every manifest field except the signature."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return _SIGNED_PREFIX + json.dumps(body, sort_keys=True, ensure_ascii=False,
                                       separators=(",", ":"), allow_nan=False).encode("utf-8")


def sign_manifest(manifest: dict, signing_key: Ed25519PrivateKey) -> dict:
    """The manifest with the signer's public key and an Ed25519 signature over all of it."""
    public = public_key_bytes(signing_key)
    signed = {k: v for k, v in manifest.items() if k != "signature"}
    signed["signer"] = {"algorithm": SIGNATURE_ALGORITHM,
                        "public_key": base64.b64encode(public).decode("ascii"),
                        "fingerprint": key_fingerprint(public)}
    signed["signature"] = base64.b64encode(signing_key.sign(_signed_bytes(signed))
                                           ).decode("ascii")
    return signed


# -- writing --------------------------------------------------------------------------------

def _formula_like(text: str) -> bool:
    """True when a spreadsheet could read the cell as a formula, also behind blanks or a
    full-width sign: the rule of the register's exports."""
    return neutralise_formula(text) != text


def cell_out(value: object) -> object:
    """A text cell as the package CSV holds it: formula starts (and an apostrophe already in
    front) get one apostrophe more, which `cell_in` takes away again."""
    if isinstance(value, str) and (value.startswith("'") or _formula_like(value)):
        return "'" + value
    return value


def cell_in(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def render_files(package: ConferencePackage,
                 signing_key: Ed25519PrivateKey) -> dict[str, bytes]:
    """Every file of the package as bytes, signed, so a gate can scan exactly what is written."""
    files: dict[str, bytes] = {}
    for name, columns in COLUMNS.items():
        frame = package.tables()[name]
        missing = [c for c in columns if c not in frame.columns]
        extra = [c for c in frame.columns if c not in columns]
        if missing or extra:
            raise PackageError(f"Tabelle {name}: Spalten passen nicht zum Paketformat "
                               f"(fehlend {missing}, zu viel {extra}).")
        frame = frame[list(columns)].copy()
        for column, kind in columns.items():
            if kind == "text":
                frame[column] = frame[column].map(cell_out, na_action="ignore")
                continue
            try:
                frame[column] = pd.to_numeric(frame[column]).astype("Int64")
            except (TypeError, ValueError):
                raise PackageError(f"Tabelle {name}, Spalte {column}: nur ganze Zahlen "
                                   "erlaubt. Nichts geschrieben.") from None
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n")
        files[f"{name}.csv"] = buffer.getvalue().encode("utf-8")
    manifest = dict(package.manifest)
    fingerprint = key_fingerprint(public_key_bytes(signing_key))
    if manifest.setdefault("key_fingerprint", fingerprint) != fingerprint:
        raise PackageError("Das Paket gehört zu einem anderen Schlüssel als dem, mit dem es "
                           "unterschrieben werden soll. Nichts geschrieben.")
    manifest["schema"] = SCHEMA
    manifest["schema_version"] = SCHEMA_VERSION
    manifest["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    manifest = sign_manifest(manifest, signing_key)
    files[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    return files


def os_error_text(exc: OSError, out: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"{out}: der Datenträger ist voll. Nichts geschrieben."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{out}: keine Schreibberechtigung an diesem Ort. Nichts geschrieben."
    return f"{out} kann nicht geschrieben werden ({exc.strerror or exc}). Nichts geschrieben."


def check_target(out: str | os.PathLike) -> Path:
    """Refuse a target that cannot become a package before anything is written anywhere."""
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise PackageError(f"{out} existiert bereits; ein Paket wird nie überschrieben.")
    absolute = Path(os.path.abspath(out))
    if absolute.parts[1:2] and absolute.parts[1] in ("proc", "sys", "dev"):
        raise PackageError(f"{out}: dort kann kein Paket liegen (Systemordner). Bitte einen "
                           "Ordner wie Dokumente wählen. Nichts geschrieben.")
    ancestor = absolute.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise PackageError(f"{out}: {ancestor} ist eine Datei, kein Ordner. Nichts "
                           "geschrieben.")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise PackageError(f"{out}: keine Schreibberechtigung in {ancestor}. Nichts "
                           "geschrieben.")
    return out


def write_files(files: dict[str, bytes], out: Path) -> Path:
    """Write rendered files as a folder or, for a .zip target, one archive; all or nothing."""
    out = check_target(out)
    try:
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
                atomic_write(staging_dir / name, lambda stream, data=data: stream.write(data))
            staging_dir.rename(out)
        except BaseException:
            shutil.rmtree(staging_dir, ignore_errors=True)
            raise
    except OSError as exc:
        raise PackageError(os_error_text(exc, out)) from None
    return out


# -- reading --------------------------------------------------------------------------------

def _too_big(path: Path, member: str, size: int, limit: int) -> PackageIntegrityError:
    return PackageIntegrityError(
        f"{path}: {member} ist zu groß ({size:,} Bytes; erlaubt sind höchstens {limit:,} "
        "Bytes). Ein Konferenzpaket weniger Fälle ist viel kleiner; das Paket wird nicht "
        "gelesen.".replace(",", "."))


def _limit(name: str) -> int:
    return MAX_MANIFEST_BYTES if name == MANIFEST else MAX_MEMBER_BYTES


def _unnamed(path: Path, name: str) -> PackageIntegrityError:
    return PackageIntegrityError(
        f"{path}: „{name}“ gehört nicht zum Paketformat (erlaubt sind nur "
        f"{', '.join(MEMBERS)}). Das Paket wird nicht gelesen.")


def _not_a_package(path: Path) -> PackageError:
    return PackageError(f"{path}: {MANIFEST} fehlt – kein kimtools-Konferenzpaket.")


def _read_folder(path: Path) -> dict[str, bytes]:
    if not os.path.lexists(path / MANIFEST):
        raise _not_a_package(path)
    members: dict[str, bytes] = {}
    total = 0
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if entry.is_symlink():
            raise PackageIntegrityError(
                f"{path}: {entry.name} ist eine Verknüpfung (Symlink), keine Datei. Ein Paket "
                "enthält nur echte Dateien; das Paket wird nicht gelesen.")
        if entry.name not in MEMBERS:
            raise _unnamed(path, entry.name)
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            raise PackageIntegrityError(f"{path}: {entry.name} ist keine gewöhnliche Datei.")
        limit = _limit(entry.name)
        if info.st_size > limit:
            raise _too_big(path, entry.name, info.st_size, limit)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(entry.path, flags)
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _too_big(path, entry.name, len(data), limit)
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise _too_big(path, "das Paket insgesamt", total, MAX_TOTAL_BYTES)
        members[entry.name] = data
    return members


def _zip_name(path: Path, name: str, prefix: str) -> str:
    """A member's name without the one folder a zip program may put around a package."""
    inner = name[len(prefix):] if prefix and name.startswith(prefix) else name
    if inner not in MEMBERS:
        raise _unnamed(path, name)
    return inner


def _read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise PackageIntegrityError(f"{path}: die ZIP-Datei hat {len(infos)} Einträge; ein "
                                        f"Paket hat {len(MEMBERS)}. Das Paket wird nicht "
                                        "gelesen.")
        files = [i for i in infos if not i.is_dir()]
        if not any(i.filename.rsplit("/", 1)[-1] == MANIFEST for i in files):
            raise _not_a_package(path)
        tops = {i.filename.split("/", 1)[0] for i in files if "/" in i.filename}
        prefix = f"{tops.pop()}/" if len(tops) == 1 and all("/" in i.filename
                                                            for i in files) else ""
        declared = 0
        for info in files:
            if stat.S_ISLNK(info.external_attr >> 16):
                raise PackageIntegrityError(
                    f"{path}: {info.filename} ist eine Verknüpfung (Symlink), keine Datei. Das "
                    "Paket wird nicht gelesen.")
            name = _zip_name(path, info.filename, prefix)
            if info.file_size > _limit(name):
                raise _too_big(path, info.filename, info.file_size, _limit(name))
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise _too_big(path, "das Paket insgesamt", declared, MAX_TOTAL_BYTES)
        members: dict[str, bytes] = {}
        for info in files:
            name = _zip_name(path, info.filename, prefix)
            if name in members:
                raise PackageIntegrityError(f"{path}: {name} steht zweimal in der ZIP-Datei.")
            with archive.open(info) as handle:
                data = handle.read(_limit(name) + 1)
            if len(data) > _limit(name):
                raise _too_big(path, info.filename, len(data), _limit(name))
            members[name] = data
        return members


def _read_members(path: Path) -> dict[str, bytes]:
    try:
        if path.is_dir():
            return _read_folder(path)
        if zipfile.is_zipfile(path):
            return _read_zip(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError) as exc:
        raise PackageIntegrityError(f"{path}: die ZIP-Datei ist beschädigt ({exc}).") from None
    except OSError as exc:
        raise PackageError(f"{path} kann nicht gelesen werden ({exc.strerror or exc}).") from None
    raise PackageError(f"{path} ist weder ein Paketordner noch eine ZIP-Datei.")


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("ein Feld steht zweimal im Manifest")
    return dict(pairs)


def _forged(path: Path, why: str) -> PackageIntegrityError:
    return PackageIntegrityError(
        f"{path}: {why}. Das Paket wurde nach der Freigabe verändert oder ist nicht vom "
        "Träger unterschrieben; es wird nicht verwendet. Bitte beim Träger ein neues Paket "
        "anfordern.")


def _verify(path: Path, manifest: dict, members: dict[str, bytes]) -> None:
    """Signature over the manifest, then every member against the checksum it names."""
    signer = manifest.get("signer")
    signature = manifest.get("signature")
    if not isinstance(signer, dict) or not isinstance(signature, str) or not signature:
        raise _forged(path, "die Unterschrift des Trägers fehlt")
    if signer.get("algorithm") != SIGNATURE_ALGORITHM:
        raise _forged(path, f"unbekanntes Unterschriftsverfahren {signer.get('algorithm')!r}")
    try:
        public = base64.b64decode(str(signer.get("public_key", "")), validate=True)
        raw_signature = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(raw_signature,
                                                          _signed_bytes(manifest))
    except (binascii.Error, ValueError, InvalidSignature):
        raise _forged(path, "die Unterschrift passt nicht zum Inhalt des Manifests") from None
    if signer.get("fingerprint") != key_fingerprint(public):
        raise _forged(path, "der Fingerabdruck passt nicht zum Schlüssel")
    checksums = manifest.get("files")
    expected = set(MEMBERS) - {MANIFEST}
    if not isinstance(checksums, dict) or set(checksums) != expected:
        raise _forged(path, "die Liste der Prüfsummen ist unvollständig oder fehlt")
    for name in sorted(expected):
        if name not in members:
            raise PackageIntegrityError(f"{path}: {name} fehlt.")
        if hashlib.sha256(members[name]).hexdigest() != checksums[name]:
            raise _forged(path, f"{name} passt nicht zu seiner Prüfsumme")


def _check_manifest(path: Path, manifest: dict) -> None:
    """Types of the fields the dashboard and the minutes show; signed, but checked anyway."""
    fingerprint = manifest["signer"]["fingerprint"]

    def wrong(field: str, expected: str) -> PackageIntegrityError:
        return PackageIntegrityError(f"{path}: {MANIFEST}, Feld „{field}“: erwartet "
                                     f"{expected}.")

    if manifest.get("key_fingerprint") != fingerprint:
        raise wrong("key_fingerprint", "der Fingerabdruck des unterschreibenden Schlüssels")
    if not isinstance(manifest.get("created", ""), str):
        raise wrong("created", "ein Monat wie 2026-11")
    approval = manifest.get("approval")
    if approval is not None:
        if not isinstance(approval, dict) or not all(
                isinstance(approval.get(f), str) and approval.get(f)
                for f in ("approved_by", "approved_at")):
            raise wrong("approval", "wer und wann freigegeben hat")
        if approval.get("key_fingerprint") != fingerprint:
            raise wrong("approval.key_fingerprint", "der Fingerabdruck des Schlüssels")
    flags = manifest.get("flags", {})
    if not isinstance(flags, dict) or not all(
            isinstance(kind, str) and isinstance(counts, dict) and all(
                isinstance(action, str) and type(n) is int and n >= 0
                for action, n in counts.items())
            for kind, counts in flags.items()):
        raise wrong("flags", "Anzahlen entschiedener Markierungen je Art und Entscheidung")
    if not isinstance(manifest.get("cases", []), list) or not all(
            isinstance(c, dict) for c in manifest.get("cases", [])):
        raise wrong("cases", "eine Liste der Fälle")


def _table(path: Path, file: str, data: bytes, columns: dict[str, str]) -> pd.DataFrame:
    """One CSV member, every value checked against its column's kind."""
    try:
        text = data.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PackageIntegrityError(f"{path}: {file} ist keine lesbare UTF-8-CSV-Datei "
                                    f"({exc}).") from None
    if not rows or rows[0] != list(columns):
        raise PackageIntegrityError(f"{path}: {file} hat nicht die Spalten des Paketformats.")
    values: dict[str, list] = {column: [] for column in columns}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            raise PackageIntegrityError(f"{path}: {file}, Zeile {number}: {len(row)} Werte "
                                        f"statt {len(columns)}.")
        for (column, kind), value in zip(columns.items(), row, strict=True):
            if value == "":
                values[column].append(pd.NA)
            elif kind == "int":
                if not _INT.fullmatch(value) or abs(int(value)) > MAX_DAYS:
                    shown = value if len(value) <= 40 else value[:40] + "…"
                    raise PackageIntegrityError(
                        f"{path}: {file}, Zeile {number}, Spalte {column}: „{shown}“ ist "
                        f"keine ganze Zahl zwischen -{MAX_DAYS} und {MAX_DAYS}. Das Paket "
                        "wird nicht verwendet.")
                values[column].append(int(value))
            else:
                values[column].append(cell_in(value))
    frame = pd.DataFrame(values, columns=list(columns))
    for column, kind in columns.items():
        frame[column] = (frame[column].astype("Int64") if kind == "int"
                         else frame[column].astype("string"))
    return frame


def read_manifest(path: Path, members: dict[str, bytes]) -> dict:
    if MANIFEST not in members:
        raise _not_a_package(path)
    try:
        manifest = json.loads(members[MANIFEST].decode("utf-8"),
                              object_pairs_hook=_no_duplicate_keys,
                              parse_constant=lambda name: float("nan"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackageIntegrityError(f"{path}: {MANIFEST} ist nicht lesbar ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA:
        schema = manifest.get("schema") if isinstance(manifest, dict) else None
        raise PackageError(f"{path}: kein kimtools-Konferenzpaket (Schema {schema!r}).")
    version = manifest.get("schema_version")
    if version == 1:
        raise PackageError(f"{path}: Paketversion 1 wird nicht mehr gelesen: sie ist nicht "
                           "unterschrieben, eine Änderung fiele nicht auf. Bitte das Paket mit "
                           "dieser kimtools-Version neu erstellen lassen (kimtools "
                           "pseudonymise).")
    if version != SCHEMA_VERSION:
        raise PackageError(f"{path}: Paketversion {version!r} wird nicht unterstützt "
                           f"(diese Version liest Version {SCHEMA_VERSION}); bitte kimtools "
                           "aktualisieren oder das Paket neu erstellen.")
    return manifest


def load_package(path: str | os.PathLike) -> ConferencePackage:
    """Read a package: signature and checksums first, then every value; all or nothing."""
    path = Path(path)
    if not path.exists():
        raise PackageError(f"Paket nicht gefunden: {path}")
    members = _read_members(path)
    manifest = read_manifest(path, members)
    _verify(path, manifest, members)
    _check_manifest(path, manifest)
    tables = {name: _table(path, f"{name}.csv", members[f"{name}.csv"], columns)
              for name, columns in COLUMNS.items()}
    return ConferencePackage(manifest=manifest, path=path, **tables)
