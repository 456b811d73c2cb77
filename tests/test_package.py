"""The conference package format: written all at once, read back only if understood."""

from __future__ import annotations

import json
import zipfile

import pandas as pd
import pytest
from builders import signing_key

from kimtools.package import (
    COLUMNS,
    SCHEMA_VERSION,
    ConferencePackage,
    PackageError,
    load_package,
    render_files,
    write_files,
)


def small_package() -> ConferencePackage:
    tables = {name: pd.DataFrame(columns=list(columns)) for name, columns in COLUMNS.items()}
    tables["cases"] = pd.DataFrame([{
        "case": "F-ABCDEFGH", "label": "Klientin A", "municipality": "Verl",
        "provider": "Caritas", "status": "active", "days_open": 400, "age": "35–39",
        "gender": "weiblich", "origin": "Syrien", "arrival": "2016", "household_size": "4",
        "residence_status": "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG", "languages": "ar;de",
        "fields": "residence;language"}])
    tables["obstacles"] = pd.DataFrame([{
        "case": "F-ABCDEFGH", "obstacle": "H01", "field": "residence",
        "institution": "Ausländerbehörde", "category": "waiting_time",
        "description": "Wartet auf Termin, Notiz mit \"Anführungszeichen\", Komma; Zeile\nzwei",
        "since_day": 12, "resolved_day": None}])
    return ConferencePackage(manifest={"created": "2026-11-01T10:00:00+01:00",
                                       "approval": None}, **tables)


def test_roundtrip_folder_and_zip(tmp_path):
    files = render_files(small_package(), signing_key())
    for target in (tmp_path / "paket", tmp_path / "paket.zip"):
        loaded = load_package(write_files(files, target))
        assert loaded.cases.loc[0, "label"] == "Klientin A"
        assert loaded.obstacles.loc[0, "since_day"] == 12
        assert loaded.obstacles.loc[0, "resolved_day"] is pd.NA
        assert loaded.obstacles.loc[0, "description"].endswith("Zeile\nzwei")
        assert loaded.manifest["schema_version"] == SCHEMA_VERSION
        assert loaded.case_ids() == ["F-ABCDEFGH"]


def test_plain_readable_files(tmp_path):
    path = write_files(render_files(small_package(), signing_key()), tmp_path / "p")
    assert sorted(p.name for p in path.iterdir()) == [
        "cases.csv", "events.csv", "goals.csv", "manifest.json", "obstacles.csv",
        "persons.csv"]
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {f"{name}.csv" for name in COLUMNS}


def test_never_overwrites(tmp_path):
    files = render_files(small_package(), signing_key())
    write_files(files, tmp_path / "p")
    with pytest.raises(PackageError, match="existiert bereits"):
        write_files(files, tmp_path / "p")


def test_newer_version_is_refused(tmp_path):
    path = write_files(render_files(small_package(), signing_key()), tmp_path / "p")
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = SCHEMA_VERSION + 1
    (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PackageError, match="Paketversion 3 wird nicht unterstützt"):
        load_package(path)


def test_changed_file_is_refused(tmp_path):
    path = write_files(render_files(small_package(), signing_key()), tmp_path / "p.zip")
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["cases.csv"] = members["cases.csv"].replace(b"Verl", b"Gutersloh")
    tampered = tmp_path / "t.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(PackageError, match="Prüfsumme"):
        load_package(tampered)


def test_foreign_folder_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "manifest.json").write_text('{"schema": "anders"}', encoding="utf-8")
    with pytest.raises(PackageError, match="kein kimtools-Konferenzpaket"):
        load_package(tmp_path / "x")


def test_unknown_columns_cannot_be_written():
    package = small_package()
    package.cases["given_name"] = "Fatima"
    with pytest.raises(PackageError, match="zu viel"):
        render_files(package, signing_key())
