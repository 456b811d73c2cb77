"""kimtools konferenz anlegen / zeigen: exit codes, German messages, nothing written on refusal."""

from __future__ import annotations

from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.findings import open_register

pytest_plugins = ["conference_fixtures"]
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, ["konferenz", *map(str, args)])


def test_create_and_show(packages, tmp_path):
    db = tmp_path / "befunde.sqlite"
    result = run("anlegen", *packages.three, "--datum", "03.12.2026", "--ort", "Kreishaus",
                 "--db", db, "--minuten", "10")
    assert result.exit_code == 0, result.output
    assert "Neues Befundregister angelegt" in result.output
    assert "3 Tagesordnungspunkte, 6 Fälle, 60 Minuten geplant" in result.output
    with open_register(db, read_only=True) as register:
        (conference,) = register.conferences()
    assert len(conference.cases) == 6 and len(conference.agenda) == 3
    assert f"--konferenz {conference.id}" in result.output
    shown = run("zeigen", "2026-12-03", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "TOP 1" in shown.output and "TOP 3" in shown.output and conference.id in shown.output


def test_duplicate_pseudonym_exit_2_and_no_register(packages, tmp_path):
    db = tmp_path / "befunde.sqlite"
    result = run("anlegen", packages.first, packages.twin, "--datum", "2026-12-03", "--db", db)
    assert result.exit_code == 2
    assert f"Paket {packages.twin} abgelehnt" in result.output
    assert "nichts geschrieben" in result.output and "Traceback" not in result.output
    assert not db.exists()


def test_refusal_leaves_an_existing_register_unchanged(packages, tmp_path):
    db = tmp_path / "befunde.sqlite"
    assert run("anlegen", packages.first, "--datum", "2026-12-03", "--db", db).exit_code == 0
    before = db.read_bytes()
    result = run("anlegen", packages.second, packages.draft, "--datum", "2026-12-04",
                 "--db", db)
    assert result.exit_code == 2 and "nicht freigegeben" in result.output
    assert db.read_bytes() == before


def test_bad_date_and_unknown_conference(packages, tmp_path):
    db = tmp_path / "befunde.sqlite"
    result = run("anlegen", packages.first, "--datum", "3.Dez", "--db", db)
    assert result.exit_code == 2 and "nicht lesbar" in result.output and not db.exists()
    assert run("anlegen", packages.first, "--datum", "2026-12-03", "--db", db).exit_code == 0
    missing = run("zeigen", "2027-01-01", "--db", db)
    assert missing.exit_code == 2 and "nicht im Register" in missing.output
    assert run("zeigen", "x", "--db", tmp_path / "fehlt.sqlite").exit_code == 2
