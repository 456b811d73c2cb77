"""The provider's secret key, the keyed pseudonyms made with it, and the mapping beside it.

Pseudonyms are HMAC-SHA256 of the raw id: the same case gets the same pseudonym at every
conference, and nobody without the key can link a pseudonym back. The same secret also yields
the provider's Ed25519 signing key, so one key file is all a provider keeps: the package carries
only the public half and its fingerprint. The key and the mapping pseudonym → id stay on the
case manager's machine; neither ever goes into a package.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kimtools.files import config_dir, rewrite_undoably
from kimtools.package import key_fingerprint, public_key_bytes

KEY_BYTES = 32
_HEADER = ("# kimtools: geheimer Schlüssel des Trägers für die Pseudonyme.\n"
           "# Nicht weitergeben, nicht in Pakete legen. Geht er verloren, lassen sich Fälle\n"
           "# nicht mehr mit früheren Planungskonferenzen verknüpfen: bitte sicher aufbewahren.\n")
MAPPING_FILE = "zuordnung.csv"
MAPPING_HEADER = ("pseudonym", "id", "first_used", "key_fingerprint")
_OLD_MAPPING_HEADER = MAPPING_HEADER[:3]  # before packages were signed
_PSEUDONYM = re.compile(r"[FP]-[A-Z2-7]{8}")
_FINGERPRINT = re.compile(r"([0-9A-F]{4}-){7}[0-9A-F]{4}|([0-9a-f]{4}-){3}[0-9a-f]{4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SIGNING_LABEL = b"kimtools Ed25519-Unterschriftsschluessel v1"


class KeyFileError(Exception):
    """The key file exists but cannot be used, or a new key would break the mapping."""


class MappingError(KeyFileError):
    """The mapping beside the key is damaged: nothing is written until it is repaired."""


def default_key_file() -> Path:
    """The key's home in the user's configuration directory (not the project folder)."""
    return config_dir() / "traeger.key"


def _too_open(path: Path) -> str | None:
    """A German notice when others may read the file; the mode is left as the user set it."""
    if sys.platform == "win32":
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & 0o077:
        return None
    return (f"Hinweis: {path} ist auch für andere Benutzer zugänglich (Rechte {mode:o}). "
            f"Bitte nur für sich selbst lesbar machen, z. B. mit „chmod 600 {path}“; kimtools "
            "ändert die Rechte nicht selbst.")


@dataclass(frozen=True)
class MappingRow:
    pseudonym: str
    id: str
    first_used: str
    key_fingerprint: str  # "" for rows written before packages were signed


def read_mapping(path: Path) -> list[MappingRow]:
    """The mapping, every row checked; a damaged file is refused, never repaired or appended."""
    if not path.exists():
        return []

    def damaged(where: str, why: str) -> MappingError:
        return MappingError(f"Zuordnung {path}{where}: {why}. Die Datei wird nicht verändert "
                            "und kein Paket geschrieben; bitte die gesicherte Kopie "
                            "zurückspielen.")

    try:
        text = path.read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except OSError as exc:
        raise damaged("", f"nicht lesbar ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise damaged(f", Byte {exc.start + 1}", "ungültige Zeichenkodierung (erwartet "
                      "UTF-8)") from None
    except csv.Error as exc:
        raise damaged("", f"keine lesbare CSV-Datei ({exc})") from None
    if not rows or tuple(rows[0]) not in (MAPPING_HEADER, _OLD_MAPPING_HEADER):
        raise damaged(", Zeile 1", f"Kopfzeile erwartet: {','.join(MAPPING_HEADER)}")
    width = len(rows[0])
    result, seen = [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != width:
            raise damaged(f", Zeile {number}", f"{len(row)} Werte statt {width}")
        values = [*row, ""][:4]
        checks = ((_PSEUDONYM.fullmatch(values[0]), "pseudonym", "ein Pseudonym wie F-ABCD2345"),
                  (values[1].strip(), "id", "die Kennung des Falls oder der Person"),
                  (not values[2] or _DAY.fullmatch(values[2]), "first_used",
                   "ein Datum JJJJ-MM-TT"),
                  (not values[3] or _FINGERPRINT.fullmatch(values[3]), "key_fingerprint",
                   "ein Fingerabdruck"))
        for ok, column, expected in checks:
            if not ok:
                raise damaged(f", Zeile {number}, Spalte {column}", f"erwartet {expected}")
        if seen.get(values[0], values[1]) != values[1]:
            raise damaged(f", Zeile {number}", f"{values[0]} steht für zwei Kennungen")
        seen[values[0]] = values[1]
        result.append(MappingRow(*values))
    return result


def _mapping_bytes(rows: list[MappingRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MAPPING_HEADER)
    for row in rows:
        writer.writerow([row.pseudonym, row.id, row.first_used, row.key_fingerprint])
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class ProviderKey:
    secret: bytes
    path: Path
    created: bool = False  # True when this call made a new key: the user must be told
    warnings: tuple[str, ...] = ()  # German notices for the user (e.g. a too open key file)

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        """The provider's signing key, derived from the secret: no second file to lose."""
        seed = hmac.new(self.secret, _SIGNING_LABEL, hashlib.sha256).digest()
        return Ed25519PrivateKey.from_private_bytes(seed)

    @property
    def fingerprint(self) -> str:
        """Fingerprint of the public key: the coordination office compares it on first use."""
        return key_fingerprint(public_key_bytes(self.signing_key))

    def pseudonym(self, kind: str, raw_id: str, prefix: str) -> str:
        """Stable keyed pseudonym like F-7KQ2M4XA; kind separates case and person spaces."""
        mac = hmac.new(self.secret, f"{kind}\x00{raw_id}".encode(), hashlib.sha256).digest()
        return f"{prefix}-{base64.b32encode(mac[:5]).decode()}"

    def case_pseudonym(self, case_id: str) -> str:
        return self.pseudonym("case", case_id, "F")

    def person_pseudonym(self, person_id: str) -> str:
        return self.pseudonym("person", person_id, "P")

    @property
    def mapping_file(self) -> Path:
        return self.path.with_name(MAPPING_FILE)

    def read_mapping(self) -> list[MappingRow]:
        return read_mapping(self.mapping_file)

    def remember(self, pairs: dict[str, str],
                 today: dt.date | None = None) -> Callable[[], None]:
        """Add pseudonym → raw id to the mapping beside the key, written whole and 0600.

        Returns the undo: a package that then fails to write leaves the mapping as it was.
        """
        rows = self.read_mapping()
        known = {row.pseudonym for row in rows}
        new = {p: raw for p, raw in pairs.items() if p not in known}
        if not new:
            return lambda: None
        day = (today or dt.date.today()).isoformat()
        rows += [MappingRow(p, raw, day, self.fingerprint) for p, raw in sorted(new.items())]
        return rewrite_undoably(self.mapping_file,
                                lambda stream: stream.write(_mapping_bytes(rows)))


def _lost_key(path: Path, rows: list[MappingRow]) -> KeyFileError:
    prints = sorted({row.key_fingerprint for row in rows if row.key_fingerprint})
    under = (f" unter dem Schlüssel mit Fingerabdruck {', '.join(prints)}" if prints
             else " eines früheren Schlüssels")
    return KeyFileError(
        f"Schlüsseldatei {path} fehlt, aber die Zuordnung {path.with_name(MAPPING_FILE)} "
        f"enthält {len(rows)} Pseudonyme{under}. Ein neuer Schlüssel gäbe denselben Fällen "
        "andere Pseudonyme; frühere Konferenzen ließen sich nicht mehr zuordnen. Bitte die "
        "gesicherte Schlüsseldatei an diese Stelle zurückspielen. Nur wenn sie verloren ist: "
        "mit der Option --new-key einen neuen Schlüssel anlegen (die bisherigen Pseudonyme "
        "bleiben in der Zuordnung, mit dem alten Fingerabdruck). Nichts geschrieben.")


def load_or_create_key(path: Path | None = None, new_key: bool = False) -> ProviderKey:
    """Read the provider key, or make a new random one with mode 0600 on first use.

    A missing key beside a mapping that holds pseudonyms is refused unless `new_key`: a
    silently new key would give the same case a second pseudonym.
    """
    path = Path(path) if path else default_key_file()
    if path.is_dir():
        raise KeyFileError(f"{path} ist ein Ordner, keine Schlüsseldatei. Bitte den Pfad einer "
                           f"Datei angeben, z. B. {path / 'traeger.key'}. Nichts geschrieben.")
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
            notice = _too_open(path)
        except OSError as exc:
            raise KeyFileError(f"Schlüsseldatei {path} ist nicht lesbar "
                               f"({exc.strerror or exc}).") from None
        lines = [line.strip() for line in text.splitlines()
                 if line.strip() and not line.startswith("#")]
        try:
            secret = bytes.fromhex(lines[0]) if lines else b""
        except ValueError:
            secret = b""
        if len(secret) != KEY_BYTES:
            raise KeyFileError(f"Schlüsseldatei {path} ist beschädigt oder keine kimtools-"
                               "Schlüsseldatei (erwartet: 64 Hexadezimalzeichen). Sie wird "
                               "nicht überschrieben; bitte die gesicherte Kopie zurückspielen.")
        mapping = path.with_name(MAPPING_FILE)
        notices = (notice, _too_open(mapping) if mapping.is_file() else None)
        return ProviderKey(secret, path, warnings=tuple(n for n in notices if n))
    rows = read_mapping(path.with_name(MAPPING_FILE))
    if rows and not new_key:
        raise _lost_key(path, rows)
    blocking = next((a for a in path.parents if a.exists() and not a.is_dir()), None)
    if blocking is not None:
        raise KeyFileError(f"Schlüsseldatei {path} kann nicht angelegt werden: {blocking} ist "
                           "eine Datei, kein Ordner. Nichts geschrieben.")
    secret = secrets.token_bytes(KEY_BYTES)
    made = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        made = True
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(_HEADER + secret.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        if made:
            path.unlink(missing_ok=True)
        raise KeyFileError(f"Schlüsseldatei {path} kann nicht angelegt werden "
                           f"({exc.strerror or exc}). Nichts geschrieben.") from None
    return ProviderKey(secret, path, created=True)


def new_key_notice(key: ProviderKey) -> str:
    return (f"Hinweis: Ein neuer Schlüssel wurde angelegt: {key.path}\n"
            f"  Fingerabdruck {key.fingerprint}. Bitte sicher aufbewahren (z. B. Kopie auf "
            "verschlüsseltem Datenträger): ohne ihn erhalten dieselben Fälle bei der nächsten "
            "Konferenz andere Pseudonyme. Die Koordinierungsstelle fragt beim ersten Paket "
            "nach diesem Fingerabdruck.")
