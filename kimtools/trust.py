"""The coordination office's list of provider keys it has confirmed, as SSH keeps known hosts.

A package proves by its signature that nobody changed it after the provider signed; whether the
signing key is really the provider's, only a comparison of fingerprints with the provider can
tell (by phone or in person). The first package of a key is therefore refused until someone
confirms its fingerprint (``kimtools trust`` or ``kimtools serve --trust-key``); a package that
names a known provider but carries another key is refused loudly.

The list is a small JSON file in the user's configuration directory
(``%APPDATA%\\kimtools\\traeger_schluessel.json`` on Windows, ``~/.config/kimtools/…`` elsewhere);
the environment variable ``KIMTOOLS_TRUST_FILE`` names another file, e.g. one shared with the
register. It holds public keys only: nothing in it is secret.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from kimtools.files import atomic_write, config_dir
from kimtools.package import (
    ConferencePackage,
    PackageError,
    load_package,
    normalise_fingerprint,
)

TRUST_ENV = "KIMTOOLS_TRUST_FILE"
TRUST_FILE = "traeger_schluessel.json"
SCHEMA = "kimtools-traegerschluessel"


class TrustError(PackageError):
    """A key not (yet) confirmed, another key for a known provider, or a damaged list."""


def default_trust_file() -> Path:
    return Path(os.environ.get(TRUST_ENV) or config_dir() / TRUST_FILE)


@dataclass
class TrustedKey:
    fingerprint: str
    public_key: str
    providers: list[str] = field(default_factory=list)
    confirmed: str = ""  # month of the confirmation, "2026-12"


def _names(providers: list[str]) -> str:
    return ", ".join(providers) or "ohne Angabe"


@dataclass
class TrustStore:
    path: Path
    keys: dict[str, TrustedKey] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> TrustStore:
        path = Path(path) if path else default_trust_file()
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA:
                raise ValueError("kein Schema")
            keys = {}
            for entry in data["keys"]:
                key = TrustedKey(str(entry["fingerprint"]), str(entry["public_key"]),
                                 [str(p) for p in entry.get("providers", [])],
                                 str(entry.get("confirmed", "")))
                keys[key.fingerprint] = key
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError,
                AttributeError) as exc:
            raise TrustError(f"Liste der bestätigten Trägerschlüssel {path} ist nicht lesbar "
                             f"({exc}). Sie wird nicht verändert; bitte die gesicherte Kopie "
                             "zurückspielen.") from None
        return cls(path, keys)

    def save(self) -> None:
        data = {"schema": SCHEMA, "version": 1, "keys": [
            {"fingerprint": k.fingerprint, "public_key": k.public_key,
             "providers": k.providers, "confirmed": k.confirmed}
            for k in sorted(self.keys.values(), key=lambda k: k.fingerprint)]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, lambda stream: stream.write(text.encode("utf-8")))
        except OSError as exc:
            raise TrustError(f"{self.path} kann nicht geschrieben werden "
                             f"({exc.strerror or exc}). Nichts bestätigt.") from None

    def _others(self, package: ConferencePackage) -> dict[str, list[str]]:
        """Provider → fingerprints of other keys confirmed for it, where this key is not."""
        own = self.keys.get(package.fingerprint)
        others: dict[str, list[str]] = {}
        for provider in package.providers:
            if own is not None and provider in own.providers:
                continue
            for key in self.keys.values():
                if provider in key.providers and key.fingerprint != package.fingerprint:
                    others.setdefault(provider, []).append(key.fingerprint)
        return others

    def _changed(self, package: ConferencePackage, others: dict[str, list[str]]) -> TrustError:
        shown = "\n".join(f"  {provider}: bisher {', '.join(prints)}"
                          for provider, prints in others.items())
        return TrustError(
            f"ACHTUNG: {package.path} ist mit einem ANDEREN Schlüssel unterschrieben als bisher "
            f"für diesen Träger bestätigt.\n{shown}\n  jetzt: {package.fingerprint}\n"
            "Das Paket wird nicht verwendet: es kann gefälscht sein. Bitte beim Träger "
            "nachfragen. Nur wenn er den Fingerabdruck bestätigt:\n"
            f"  kimtools trust {package.path} --fingerprint {package.fingerprint} --replace\n"
            "(der Träger hat einen neuen Schlüssel, der bisherige gilt nicht mehr) oder "
            "mit --also statt --replace (ein weiterer Schlüssel desselben Trägers, z. B. einer "
            "anderen Fallmanagerin).")

    def check(self, package: ConferencePackage) -> None:
        """Refuse a package whose key was never confirmed or differs from the known one."""
        others = self._others(package)
        if others:
            raise self._changed(package, others)
        known = self.keys.get(package.fingerprint)
        if known is None or known.public_key != package.manifest["signer"]["public_key"]:
            raise TrustError(
                f"{package.path}: das Paket ist mit einem Schlüssel unterschrieben, den diese "
                "Koordinierungsstelle noch nicht bestätigt hat.\n"
                f"  Träger: {_names(package.providers)}\n"
                f"  Fingerabdruck: {package.fingerprint}\n"
                "Bitte den Fingerabdruck mit dem Träger abgleichen (telefonisch oder "
                "persönlich; „kimtools pseudonymise“ zeigt ihn dort an). Stimmt er überein, "
                "bestätigen mit:\n"
                f"  kimtools trust {package.path} --fingerprint {package.fingerprint}\n"
                f"oder beim Start: kimtools serve {package.path} --trust-key "
                f"{package.fingerprint}")

    def confirm(self, package: ConferencePackage, fingerprint: str, replace: bool = False,
                also: bool = False) -> TrustedKey:
        """Record the package's key after the user typed the fingerprint the provider gave.

        Another key for a provider already known needs `replace` (the old key no longer
        counts for it) or `also` (a further key of the same provider)."""
        if normalise_fingerprint(fingerprint) != package.fingerprint:
            raise TrustError(f"Der angegebene Fingerabdruck {fingerprint} passt nicht zum "
                             f"Schlüssel des Pakets ({package.fingerprint}). Nichts bestätigt.")
        others = self._others(package)
        if others and not (replace or also):
            raise self._changed(package, others)
        for key in list(self.keys.values()) if replace else []:
            key.providers = [p for p in key.providers if p not in others]
            if others and not key.providers and key.fingerprint != package.fingerprint:
                del self.keys[key.fingerprint]
        entry = self.keys.setdefault(package.fingerprint, TrustedKey(
            package.fingerprint, package.manifest["signer"]["public_key"]))
        entry.providers = sorted({*entry.providers, *package.providers})
        entry.confirmed = dt.date.today().strftime("%Y-%m")
        self.save()
        return entry


def load_trusted(path: str | os.PathLike, store: TrustStore | None = None) -> ConferencePackage:
    """A package that is intact and signed by a key the coordination office confirmed."""
    package = load_package(path)
    (store or TrustStore.load()).check(package)
    return package
