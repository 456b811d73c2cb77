"""Hostile and damaged packages: every one refused by the loader, by `serve` and by `minutes`,
each with a German message and exit code 2; intact packages keep their values (and stay safe
in a spreadsheet)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from builders import signing_key, trust_package
from clock import REFERENCE_DAY
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.package import (
    COLUMNS,
    MAX_MEMBER_BYTES,
    ConferencePackage,
    PackageError,
    PackageIntegrityError,
    load_package,
    render_files,
    sign_manifest,
    write_files,
)

CASE = "F-ABCDEFGH"
NOTES = ["=HYPERLINK(\"http://example.org\";\"Akte\")", " =1+1", "\n@SUMME(A1)",
         "\u00a0-2+3", "＝1+1", "'=schon maskiert", "+49 gilt als Formel", "Gespräch am Tag 3"]


def package() -> ConferencePackage:
    tables = {name: pd.DataFrame(columns=list(columns)) for name, columns in COLUMNS.items()}
    tables["cases"] = pd.DataFrame([{
        "case": CASE, "label": "Klientin A", "municipality": "Verl", "provider": "Caritas",
        "status": "active", "days_open": 400, "age": "35–39", "gender": "weiblich",
        "origin": "Syrien", "arrival": "2016", "household_size": "4",
        "residence_status": "Aufenthaltserlaubnis", "languages": "ar;de", "fields": "work"}])
    tables["events"] = pd.DataFrame([{
        "case": CASE, "event": f"E{i:02d}", "day": i * 7, "phase": "monitoring",
        "kind": "consultation", "field": "work", "institution": "Jobcenter", "note": note}
        for i, note in enumerate(NOTES, start=1)])
    return ConferencePackage(manifest={"created": "2026-11", "approval": {
        "approved_by": "Jana Beispiel", "approved_at": "2026-11",
        "key_fingerprint": _fingerprint()}}, **tables)


def _fingerprint() -> str:
    from kimtools.package import key_fingerprint, public_key_bytes

    return key_fingerprint(public_key_bytes(signing_key()))


@pytest.fixture
def good(tmp_path) -> Path:
    path = write_files(render_files(package(), signing_key()), tmp_path / "paket")
    trust_package(path)
    return path


def manifest_of(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text(encoding="utf-8"))


def put_manifest(path: Path, manifest: dict) -> None:
    (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False),
                                        encoding="utf-8")


def resign(path: Path, manifest: dict, key=None) -> None:
    """What someone holding a signing key would write (here: another than the provider's)."""
    put_manifest(path, sign_manifest(manifest, key or signing_key(99)))


def rechecksum(path: Path, manifest: dict) -> dict:
    manifest["files"] = {n: hashlib.sha256((path / n).read_bytes()).hexdigest()
                         for n in manifest["files"]}
    return manifest


# -- the damaged packages -------------------------------------------------------------------

def forged_approval(path: Path) -> None:
    manifest = manifest_of(path)
    manifest["approval"]["approved_by"] = "Leitung (gefälscht)"
    put_manifest(path, manifest)


def invented_approval_on_draft(path: Path) -> None:
    manifest = manifest_of(path)
    manifest["approval"] = None
    resign(path, manifest, signing_key())  # a draft, honestly signed by the provider …
    manifest = manifest_of(path)
    manifest["approval"] = {"approved_by": "Erfunden", "approved_at": "2026-11",
                            "key_fingerprint": manifest["key_fingerprint"]}
    put_manifest(path, manifest)  # … then an approval added without the key


def deleted_checksums(path: Path) -> None:
    manifest = manifest_of(path)
    del manifest["files"]
    put_manifest(path, manifest)


def deleted_checksums_resigned(path: Path) -> None:
    manifest = manifest_of(path)
    del manifest["files"]
    resign(path, manifest, signing_key())


def emptied_checksum(path: Path) -> None:
    manifest = manifest_of(path)
    manifest["files"]["cases.csv"] = ""
    put_manifest(path, manifest)


def edited_manifest(path: Path) -> None:
    manifest = manifest_of(path)
    manifest["cases"] = [{"case": CASE, "k": 50}]
    put_manifest(path, manifest)


def edited_csv(path: Path) -> None:
    file = path / "cases.csv"
    file.write_bytes(file.read_bytes().replace(b"Verl", b"Halle"))


def edited_csv_with_checksum(path: Path) -> None:
    edited_csv(path)
    put_manifest(path, rechecksum(path, manifest_of(path)))


def symlinked_member(path: Path) -> None:
    outside = path.parent / "anderswo.csv"
    shutil.move(path / "cases.csv", outside)
    os.symlink(outside, path / "cases.csv")


def unlisted_member(path: Path) -> None:
    (path / "notizen.txt").write_text("Frau Öztürk, Königstraße 5", encoding="utf-8")


def subfolder_member(path: Path) -> None:
    (path / "anhang").mkdir()


def bad_day(value: str):
    def damage(path: Path) -> None:
        file = path / "events.csv"
        lines = file.read_text(encoding="utf-8").split("\n")
        parts = lines[1].split(",")
        parts[2] = value
        lines[1] = ",".join(parts)
        file.write_text("\n".join(lines), encoding="utf-8")
        resign(path, rechecksum(path, manifest_of(path)), signing_key())  # signed as it is

    return damage


def version_1(path: Path) -> None:
    manifest = manifest_of(path)
    manifest["schema_version"] = 1
    for field in ("signer", "signature"):
        manifest.pop(field)
    put_manifest(path, manifest)


def duplicate_field(path: Path) -> None:
    text = (path / "manifest.json").read_text(encoding="utf-8")
    (path / "manifest.json").write_text(text.replace('{', '{"approval": null, ', 1),
                                        encoding="utf-8")


DAMAGE = {
    "gefälschte Freigabe": (forged_approval, "Unterschrift passt nicht"),
    "erfundene Freigabe eines Entwurfs": (invented_approval_on_draft,
                                          "Unterschrift passt nicht"),
    "Prüfsummenliste gelöscht": (deleted_checksums, "Unterschrift passt nicht"),
    "Prüfsummenliste gelöscht, neu unterschrieben": (deleted_checksums_resigned,
                                                     "Liste der Prüfsummen"),
    "Prüfsumme geleert": (emptied_checksum, "Unterschrift passt nicht"),
    "Manifest bearbeitet": (edited_manifest, "Unterschrift passt nicht"),
    "CSV bearbeitet": (edited_csv, "cases.csv passt nicht zu seiner Prüfsumme"),
    "CSV und Prüfsumme bearbeitet": (edited_csv_with_checksum, "Unterschrift passt nicht"),
    "Symlink als Mitglied": (symlinked_member, "Verknüpfung \\(Symlink\\)"),
    "nicht genanntes Mitglied": (unlisted_member, "gehört nicht zum Paketformat"),
    "Unterordner im Paket": (subfolder_member, "gehört nicht zum Paketformat"),
    "Tag „zwölf“": (bad_day("zwölf"), "events.csv, Zeile 2, Spalte day: „zwölf“ ist keine "
                                      "ganze Zahl"),
    "Tag „1e400“": (bad_day("1e400"), "Spalte day: „1e400“ ist keine ganze Zahl"),
    "Tag 10^12": (bad_day("1000000000000"), "keine ganze Zahl"),
    "Paketversion 1": (version_1, "Paketversion 1 wird nicht mehr gelesen.*neu erstellen"),
    "Feld doppelt im Manifest": (duplicate_field, "zweimal im Manifest"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_loader_refuses(good, damage):
    make, message = DAMAGE[damage]
    make(good)
    with pytest.raises(PackageError, match=message):
        load_package(good)


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_serve_refuses(good, damage):
    make, message = DAMAGE[damage]
    make(good)
    result = CliRunner().invoke(app, ["serve", str(good), "--port", "1"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Das Dashboard wurde nicht gestartet." in result.output


@pytest.fixture
def register_of(tmp_path):
    """A register whose conference presents the package at `path`."""
    from kimtools.findings import Conference, PresentedCase, open_register

    def make(path: Path) -> tuple[Path, str]:
        db = tmp_path / "befunde.sqlite"
        with open_register(db, create=True) as register:
            conference = register.add_conference(Conference(
                date=REFERENCE_DAY, place="Kreishaus", municipality="Kreis Gütersloh",
                cases=[PresentedCase(case=CASE, package=str(path))]))
        return db, conference.id

    return make


@pytest.mark.parametrize("damage", [d for d in DAMAGE if d != "Paketversion 1"])
def test_minutes_refuse(good, damage, register_of, tmp_path):
    make, message = DAMAGE[damage]
    db, conference = register_of(good)
    make(good)
    out = tmp_path / "protokoll.html"
    result = CliRunner().invoke(app, ["minutes", "--conference", conference, "--db", str(db),
                                      "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "Kein Protokoll geschrieben." in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_minutes_of_an_intact_package(good, register_of, tmp_path):
    db, conference = register_of(good)
    out = tmp_path / "protokoll.html"
    result = CliRunner().invoke(app, ["minutes", "--conference", conference, "--db", str(db),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()


# -- zip archives ---------------------------------------------------------------------------

def zipped(good: Path, target: Path, extra: dict[str, bytes] | None = None,
           replace: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(good.iterdir()):
            archive.writestr(member.name, (replace or {}).get(member.name,
                                                               member.read_bytes()))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def test_zip_of_a_folder_with_one_top_folder_loads(good, tmp_path):
    target = tmp_path / "paket.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for member in good.iterdir():
            archive.writestr(f"paket/{member.name}", member.read_bytes())
    assert load_package(target).case_ids() == [CASE]


def test_oversized_zip_member_is_refused_before_it_is_read(good, tmp_path):
    size = 4 * MAX_MEMBER_BYTES  # 64 MiB of zeros; the archive is a few hundred kB
    target = zipped(good, tmp_path / "bombe.zip", replace={"events.csv": bytes(size)})
    assert target.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(PackageIntegrityError, match="events.csv ist zu groß"):
            load_package(target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_MEMBER_BYTES // 4


def test_zip_member_larger_than_declared_is_cut_off(good, tmp_path, monkeypatch):
    import kimtools.package as package_module

    target = zipped(good, tmp_path / "paket.zip")
    monkeypatch.setattr(package_module, "MAX_MEMBER_BYTES", 100)
    with pytest.raises(PackageIntegrityError, match="zu groß"):
        load_package(target)


def test_zip_with_unlisted_member_or_traversal_is_refused(good, tmp_path):
    for name in ("notizen.txt", "../manifest.json", "paket/cases.csv"):
        target = zipped(good, tmp_path / f"{len(name)}.zip", extra={name: b"x"})
        with pytest.raises(PackageIntegrityError, match="gehört nicht zum Paketformat"):
            load_package(target)


def test_damaged_zip_is_a_german_message(good, tmp_path):
    target = zipped(good, tmp_path / "paket.zip")
    data = bytearray(target.read_bytes())
    start = data.index(b"PK\x03\x04") + 40
    data[start:start + 60] = bytes(60)
    target.write_bytes(bytes(data))
    with pytest.raises(PackageError):
        load_package(target)


# -- what an intact package keeps -----------------------------------------------------------

def test_formula_starts_are_neutralised_and_come_back(good):
    text = (good / "events.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "' =1+1" in text and "'\n@SUMME" in text
    assert "'\u00a0-2+3" in text and "'＝1+1" in text and "''=schon" in text
    assert "'+49" in text and ",Gespräch am Tag 3" in text
    loaded = load_package(good)
    assert loaded.events["note"].tolist() == NOTES
    assert loaded.events["day"].tolist() == [7 * i for i in range(1, len(NOTES) + 1)]
    assert loaded.approved and loaded.fingerprint == _fingerprint()


def test_every_member_is_listed_and_signed(good):
    manifest = manifest_of(good)
    assert set(manifest["files"]) == {f"{name}.csv" for name in COLUMNS}
    assert manifest["schema_version"] == 2
    assert manifest["signer"]["fingerprint"] == manifest["key_fingerprint"] == _fingerprint()
    assert manifest["approval"]["key_fingerprint"] == _fingerprint()
