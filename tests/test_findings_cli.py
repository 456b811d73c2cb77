"""kimtools findings …: exit codes and German output."""

from __future__ import annotations

import datetime as dt
import json
import os

import openpyxl
import pytest
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.findings import Conference, Finding, open_register

TODAY = dt.date(2026, 11, 1)
runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "verl.db"
    with open_register(path, create=True) as register:
        c = register.add_conference(Conference(date=dt.date(2026, 10, 1), municipality="Verl"))
        for title, level in (("=Formel im Titel", "kommunal"), ("Wartezeit ABH", "Kreis"),
                             ("Kein Kitaplatz", "Kreis")):
            register.add_finding(Finding(title=title, conference_id=c.id, fields=["work"],
                                         level=level, due_date=dt.date(2026, 11, 15)),
                                 "A", TODAY)
        second = register.findings()[1]
        register.update_finding(second.id, {"status": "übergeben"}, "B", TODAY)
    return path


def run(*args: str):
    return runner.invoke(app, ["findings", *map(str, args)])


def test_list(db):
    result = run("list", "--db", db, "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "Titel" in result.stdout and "Wartezeit ABH" in result.stdout
    assert result.stdout.rstrip().endswith("3 Befunde, davon 3 überfällig.")
    filtered = run("list", "--db", db, "--status", "uebergeben")
    assert filtered.exit_code == 0
    assert "Wartezeit ABH" in filtered.stdout and "Kein Kitaplatz" not in filtered.stdout
    assert "1 Befund," in filtered.stdout


def test_unknown_status_or_missing_register(db, tmp_path):
    result = run("list", "--db", db, "--status", "erledigt")
    assert result.exit_code == 2
    assert "Status „erledigt“ unbekannt; erlaubt: neu, übergeben" in result.stderr
    missing = run("list", "--db", tmp_path / "fehlt.db")
    assert missing.exit_code == 2 and "Befundregister nicht gefunden" in missing.stderr
    assert not (tmp_path / "fehlt.db").exists()


def test_corrupted_register_gives_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "kaputt.db"
    path.write_bytes(os.urandom(4096))
    before = path.read_bytes()
    for args in (("list", "--db", path), ("stats", "--db", path),
                 ("export", "--db", path, "--format", "csv", "--out", tmp_path / "x.csv"),
                 ("merge", "--db", path, "--from", tmp_path / "x.json")):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
    result = run("stats", "--db", path)
    assert "keine SQLite-Datei" in result.stderr
    assert path.read_bytes() == before


def test_export_formats_and_filters(db, tmp_path):
    for fmt in ("csv", "xlsx", "json"):
        out = tmp_path / f"befunde.{fmt}"
        result = run("export", "--db", db, "--format", fmt, "--out", out)
        assert result.exit_code == 0, result.output
        assert f"3 Befunde exportiert: {out}" in result.stdout
    assert "'=Formel im Titel" in (tmp_path / "befunde.csv").read_text(encoding="utf-8-sig")
    sheet = openpyxl.load_workbook(tmp_path / "befunde.xlsx")["Befunde"]
    assert sheet["B1"].value == "Titel" and sheet["B2"].value == "'=Formel im Titel"
    result = run("export", "--db", db, "--format", "json", "--level", "Kreis",
                 "--status", "neu,übergeben", "--out", tmp_path / "kreis.json")
    assert result.exit_code == 0 and "2 Befunde exportiert" in result.stdout
    bad = run("export", "--db", db, "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert bad.exit_code == 2 and "Format „pdf“ unbekannt" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_merge_into_new_district_register(db, tmp_path):
    export = tmp_path / "verl.json"
    assert run("export", "--db", db, "--format", "json", "--out", export).exit_code == 0
    district = tmp_path / "kreis.db"
    result = run("merge", "--db", district, "--from", export)
    assert result.exit_code == 0, result.output
    assert f"Neues Befundregister angelegt: {district}" in result.stdout
    assert "Befunde: 3 neu" in result.stdout and "Verlaufseinträge: 4 ergänzt" in result.stdout
    again = run("merge", "--db", district, "--from", export)
    assert again.exit_code == 0 and "Befunde: 0 neu, 0 aktualisiert, 3 unverändert" in (
        again.stdout)


def test_merge_bad_json_exit_2_and_nothing_written(db, tmp_path):
    broken = tmp_path / "kaputt.json"
    broken.write_text("[1, 2", encoding="utf-8")
    district = tmp_path / "kreis.db"
    result = run("merge", "--db", district, "--from", broken)
    assert result.exit_code == 2
    assert "kaputt.json" in result.stderr and "kein lesbares JSON" in result.stderr
    assert "Nichts geändert." in result.stderr
    assert not district.exists()
    wrong = tmp_path / "alt.json"
    wrong.write_text(json.dumps({"format": "kimtools-befundregister-export",
                                 "format_version": 99}), encoding="utf-8")
    before = db.read_bytes()
    result = run("merge", "--db", db, "--from", wrong)
    assert result.exit_code == 2 and "Exportversion 99 wird nicht unterstützt" in result.stderr
    assert db.read_bytes() == before


def test_stats(db):
    result = run("stats", "--db", db, "--year", "2026")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Befundregister – Jahr 2026")
    assert "Befunde erhoben" in result.stdout and "<3" in result.stdout
    assert run("stats", "--db", db, "--year", "26").exit_code == 2
