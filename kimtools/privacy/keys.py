"""The provider's secret key and the keyed pseudonyms made with it.

Pseudonyms are HMAC-SHA256 of the raw id: the same case gets the same pseudonym at every
conference, and nobody without the key can link a pseudonym back. The key and the mapping
pseudonym → id stay on the case manager's machine; neither ever goes into a package.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import os
import secrets
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

KEY_BYTES = 32
_HEADER = ("# kimtools: geheimer Schlüssel des Trägers für die Pseudonyme.\n"
           "# Nicht weitergeben, nicht in Pakete legen. Geht er verloren, lassen sich Fälle\n"
           "# nicht mehr mit früheren Planungskonferenzen verknüpfen: bitte sicher aufbewahren.\n")
MAPPING_FILE = "zuordnung.csv"


class KeyFileError(Exception):
    """The key file exists but cannot be used."""


def default_key_file() -> Path:
    """The key's home in the user's configuration directory (not the project folder)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "kimtools" / "traeger.key"


@dataclass(frozen=True)
class ProviderKey:
    secret: bytes
    path: Path
    created: bool = False  # True when this call made a new key: the user must be told

    @property
    def fingerprint(self) -> str:
        """Shows which key made a package without revealing it."""
        digest = hmac.new(self.secret, b"kimtools fingerprint", hashlib.sha256).hexdigest()
        return "-".join(digest[i:i + 4] for i in range(0, 16, 4))

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

    def remember(self, pairs: dict[str, str]) -> None:
        """Append pseudonym → raw id to the mapping beside the key (the case manager's side)."""
        known = set()
        if self.mapping_file.exists():
            with open(self.mapping_file, encoding="utf-8", newline="") as handle:
                known = {row["pseudonym"] for row in csv.DictReader(handle)}
        new = {p: raw for p, raw in pairs.items() if p not in known}
        if not new:
            return
        fresh = not self.mapping_file.exists()
        descriptor = os.open(self.mapping_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            if fresh:
                writer.writerow(["pseudonym", "id", "first_used"])
            today = dt.date.today().isoformat()
            for pseudonym, raw in sorted(new.items()):
                writer.writerow([pseudonym, raw, today])


def load_or_create_key(path: Path | None = None) -> ProviderKey:
    """Read the provider key, or make a new random one with mode 0600 on first use."""
    path = Path(path) if path else default_key_file()
    if path.exists():
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = [line.strip() for line in text.splitlines()
                 if line.strip() and not line.startswith("#")]
        try:
            secret = bytes.fromhex(lines[0]) if lines else b""
        except ValueError:
            secret = b""
        if len(secret) != KEY_BYTES:
            raise KeyFileError(f"Schlüsseldatei {path} ist beschädigt oder keine kimtools-"
                            "Schlüsseldatei (erwartet: 64 Hexadezimalzeichen). Sie wird nicht "
                            "überschrieben; bitte die gesicherte Kopie zurückspielen.")
        mode = stat.S_IMODE(path.stat().st_mode)
        if sys.platform != "win32" and mode & 0o077:
            os.chmod(path, 0o600)
        return ProviderKey(secret, path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = secrets.token_bytes(KEY_BYTES)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(_HEADER + secret.hex() + "\n")
    return ProviderKey(secret, path, created=True)


def new_key_notice(key: ProviderKey) -> str:
    return (f"Hinweis: Ein neuer Schlüssel wurde angelegt: {key.path}\n"
            f"  Fingerabdruck {key.fingerprint}. Bitte sicher aufbewahren (z. B. Kopie auf "
            "verschlüsseltem Datenträger): ohne ihn erhalten dieselben Fälle bei der nächsten "
            "Konferenz andere Pseudonyme.")
