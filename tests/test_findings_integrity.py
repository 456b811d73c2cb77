"""The register: checked on every opening, never changed by reading, private by default.

A damaged register is made as it happens on a disk: one page of an index overwritten with
bytes (SQLite file format: page n starts at (n - 1) * page_size). Every command that reads it
refuses with a German message and exit 2, and leaves the file byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import stat

import pytest
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.findings import Conference, Finding, RegisterError, open_register

TODAY = dt.date(2026, 11, 1)
FINDINGS = 400


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.fixture(scope="module")
def sound(tmp_path_factory):
    """A register with one conference and enough findings for indexes of several pages."""
    path = tmp_path_factory.mktemp("register") / "befunde.db"
    with open_register(path, create=True) as register:
        conference = register.add_conference(Conference(date=dt.date(2026, 10, 1),
                                                        municipality="Verl"))
        with register.transaction():
            for number in range(FINDINGS):
                register.add_finding(Finding(title=f"Wartezeit Nr. {number:04d}",
                                             conference_id=conference.id, fields=["work"],
                                             level="Kreis"), "A", TODAY)
    assert side_files(path) == []  # closed: everything is in the file itself
    return path, conference.id


def copy(source, target):
    target.write_bytes(source.read_bytes())
    target.chmod(0o600)
    return target


@pytest.fixture
def damaged(sound, tmp_path):
    """A copy of the sound register with one page of the history index overwritten."""
    path = copy(sound[0], tmp_path / "befunde.db")
    probe = sqlite3.connect(path)
    page_size = probe.execute("PRAGMA page_size").fetchone()[0]
    root = probe.execute("SELECT rootpage FROM sqlite_master WHERE name = 'history_finding'"
                         ).fetchone()[0]
    probe.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(bytes(range(256)) * 4)
    return path, sound[1]


def run(*args):
    return CliRunner().invoke(app, [*map(str, args)])


COMMANDS = {
    "findings list": lambda db, conf, out: run("findings", "list", "--db", db),
    "findings export csv": lambda db, conf, out: run("findings", "export", "--db", db,
                                                     "--out", out / "e.csv", "--format", "csv"),
    "findings export json": lambda db, conf, out: run("findings", "export", "--db", db,
                                                      "--out", out / "e.json", "--format", "json"),
    "findings stats": lambda db, conf, out: run("findings", "stats", "--db", db),
    "minutes": lambda db, conf, out: run("minutes", "--db", db, "--conference", conf,
                                         "--out", out / "protokoll.html"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_damaged_register_is_refused_and_left_as_it_was(damaged, tmp_path, command):
    path, conference_id = damaged
    before = digest(path)
    out = tmp_path / "ausgabe"
    out.mkdir()
    result = COMMANDS[command](path, conference_id, out)
    assert result.exit_code == 2, result.output
    assert "ist beschädigt" in result.stderr and "bleibt unverändert" in result.stderr
    assert "Traceback" not in result.output
    assert digest(path) == before
    assert side_files(path) == []
    assert list(out.iterdir()) == []


def test_damaged_register_is_refused_to_a_writer_too(damaged):
    path, _ = damaged
    before = digest(path)
    with pytest.raises(RegisterError, match="Integritätsprüfung"):
        open_register(path)
    assert digest(path) == before and side_files(path) == []


@pytest.mark.parametrize("command", ["findings list", "findings export csv", "findings stats"])
def test_reading_never_changes_the_register(sound, tmp_path, command):
    path = copy(sound[0], tmp_path / "befunde.db")
    before = digest(path)
    result = COMMANDS[command](path, sound[1], tmp_path)
    assert result.exit_code == 0, result.output
    assert digest(path) == before
    assert side_files(path) == []


def test_reading_keeps_a_rollback_journal_register_as_it_is(sound, tmp_path):
    path = copy(sound[0], tmp_path / "befunde.db")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = DELETE")
    before = digest(path)
    assert run("findings", "list", "--db", path).exit_code == 0
    assert digest(path) == before  # a writer would have switched it to WAL (header bytes)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="Dateirechte gelten nur unter POSIX und nicht für root")
def test_read_only_register_can_be_listed_and_exported(sound, tmp_path):
    path = copy(sound[0], tmp_path / "befunde.db")
    path.chmod(0o400)
    listed = run("findings", "list", "--db", path)
    assert listed.exit_code == 0, listed.output
    assert f"{FINDINGS} Befunde" in listed.stdout
    exported = run("findings", "export", "--db", path, "--out", tmp_path / "e.json",
                   "--format", "json")
    assert exported.exit_code == 0, exported.output


def test_read_only_register_refuses_writes_with_a_message(sound, tmp_path):
    path = copy(sound[0], tmp_path / "befunde.db")
    before = digest(path)
    with open_register(path, read_only=True) as register, \
            pytest.raises(RegisterError, match="nur zum Lesen"):
        register.add_conference(Conference(date=dt.date(2026, 12, 1), municipality="Verl"))
    assert digest(path) == before


@pytest.mark.skipif(os.name != "posix", reason="Dateirechte gelten nur unter POSIX")
def test_new_register_is_private(tmp_path):
    path = tmp_path / "neu.db"
    old_umask = os.umask(0o022)
    try:
        with open_register(path, create=True) as register:
            register.add_conference(Conference(date=dt.date(2026, 10, 1), municipality="Verl"))
            assert register.warning is None
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="Dateirechte gelten nur unter POSIX")
def test_wider_mode_is_reported_not_changed(sound, tmp_path):
    path = copy(sound[0], tmp_path / "befunde.db")
    path.chmod(0o644)
    result = run("findings", "list", "--db", path)
    assert result.exit_code == 0, result.output
    assert "Warnung: Das Befundregister" in result.stderr and "644" in result.stderr
    assert "chmod 600" in result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    with open_register(path) as register:
        assert "644" in register.warning
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_read_commands_use_a_connection_sqlite_itself_keeps_from_writing(sound, tmp_path):
    """What a read-only file needs (checked here also where root may write everything)."""
    path = copy(sound[0], tmp_path / "befunde.db")
    before = digest(path)
    with open_register(path, read_only=True) as register:
        assert len(register.findings()) == FINDINGS
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            register._db.execute("CREATE TABLE eingeschleust (x)")
    assert digest(path) == before and side_files(path) == []


def test_serve_refuses_a_damaged_register_before_starting(damaged):
    from kimtools import serve

    path, _ = damaged
    before = digest(path)
    with pytest.raises(serve.ServeError,
                       match=r"(?s)ist beschädigt.*Das Dashboard wurde nicht gestartet"):
        serve.check_register(path)
    assert digest(path) == before and side_files(path) == []


@pytest.mark.skipif(os.name != "posix", reason="Dateirechte gelten nur unter POSIX")
def test_serve_reports_a_wide_register_mode(sound, tmp_path):
    from kimtools import serve

    path = copy(sound[0], tmp_path / "befunde.db")
    assert serve.check_register(path) is None
    path.chmod(0o640)
    assert "640" in serve.check_register(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
