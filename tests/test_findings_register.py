"""The findings register: saving, history, validation, migrations, foreign and broken files."""

from __future__ import annotations

import ast
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kimtools.findings import (
    SCHEMA_VERSION,
    Attendee,
    Conference,
    ConflictError,
    Evidence,
    Finding,
    PresentedCase,
    RegisterError,
    ValidationError,
    open_register,
    validate_finding,
)
from kimtools.findings.register import MIGRATIONS

TODAY = dt.date(2026, 11, 1)
ROOT = Path(__file__).resolve().parent.parent


def conference(**changes) -> Conference:
    values = dict(date=dt.date(2026, 10, 20), place="Kreishaus, Raum 2",
                  municipality="Kreis Gütersloh",
                  attendees=[Attendee("Jobcenter Kreis Gütersloh", "Teamleitung"),
                             Attendee("Ausländerbehörde", "Sachbearbeitung")],
                  agenda=["Begrüßung", "Fallvorstellungen", "Befunde"],
                  cases=[PresentedCase("F-AAAAAAAA", "paket-1.zip"),
                         PresentedCase("F-BBBBBBBB", "paket-1.zip")],
                  chair="Koordinierungsstelle", minute_taker="KI Gütersloh",
                  next_date=dt.date(2027, 2, 1))
    values.update(changes)
    return Conference(**values)


def finding(conference_id: str, **changes) -> Finding:
    values = dict(title="Kein Integrationskurs mit Kinderbetreuung", conference_id=conference_id,
                  fields=["childcare", "language"], institutions=["VHS", "Kita"],
                  cases=["F-AAAAAAAA"], description="Mütter können keinen Kurs besuchen.",
                  measure="Kurs mit Kinderbetreuung ausschreiben", responsible="Kreis",
                  due_date=dt.date(2027, 6, 30), priority="hoch")
    values.update(changes)
    return Finding(**values)


@pytest.fixture
def register(tmp_path):
    with open_register(tmp_path / "register.db", create=True) as opened:
        yield opened


def test_new_register_is_wal_and_current(tmp_path, register):
    assert register.info.version == SCHEMA_VERSION
    mode = sqlite3.connect(tmp_path / "register.db").execute("PRAGMA journal_mode").fetchone()
    assert mode[0] == "wal"


def test_missing_register_is_not_created(tmp_path):
    with pytest.raises(RegisterError, match="nicht gefunden"):
        open_register(tmp_path / "fehlt.db")
    assert not (tmp_path / "fehlt.db").exists()


def test_conference_roundtrip_and_notes(register):
    saved = register.add_conference(conference())
    register.set_case_note(saved.id, "F-BBBBBBBB", "Wartezeit ABH > 12 Monate")
    loaded = register.conference(saved.id)
    assert loaded.attendees[0] == Attendee("Jobcenter Kreis Gütersloh", "Teamleitung")
    assert loaded.agenda == ["Begrüßung", "Fallvorstellungen", "Befunde"]
    assert [p.case for p in loaded.cases] == ["F-AAAAAAAA", "F-BBBBBBBB"]
    assert loaded.cases[1].note == "Wartezeit ABH > 12 Monate"
    assert (loaded.chair, loaded.minute_taker) == ("Koordinierungsstelle", "KI Gütersloh")
    assert loaded.next_date == dt.date(2027, 2, 1)
    with pytest.raises(RegisterError, match="nicht vorgestellt"):
        register.set_case_note(saved.id, "F-CCCCCCCC", "x")


def test_conference_update_keeps_notes(register):
    saved = register.add_conference(conference())
    register.set_case_note(saved.id, "F-AAAAAAAA", "besprochen")
    register.present_case(saved.id, "F-CCCCCCCC", "paket-2.zip")
    updated = register.update_conference(saved.id, {"place": "Rathaus"})
    assert updated.place == "Rathaus"
    assert [p.case for p in updated.cases] == ["F-AAAAAAAA", "F-BBBBBBBB", "F-CCCCCCCC"]
    assert updated.cases[0].note == "besprochen"
    assert updated.updated_at > saved.updated_at


def test_finding_creation_and_changes_are_history(register):
    c = register.add_conference(conference())
    saved = register.add_finding(finding(c.id), "Frau Koordination", TODAY)
    assert register.finding(saved.id) == saved
    changed = register.update_finding(saved.id, {"status": "übergeben", "level": "Kreis",
                                                 "fields": ("childcare",)}, "Herr Meier", TODAY)
    assert changed.status == "übergeben" and changed.fields == ["childcare"]
    assert changed.updated_at > saved.updated_at
    entries = register.history(saved.id)
    assert [(e.field, e.old, e.new) for e in entries] == [
        ("created", None, "Kein Integrationskurs mit Kinderbetreuung"),
        ("fields", "childcare; language", "childcare"),
        ("level", "kommunal", "Kreis"),
        ("status", "neu", "übergeben")]
    assert {e.who for e in entries[1:]} == {"Herr Meier"}
    assert entries[3].label == "Status"
    unchanged = register.update_finding(saved.id, {"status": "übergeben"}, "Herr Meier", TODAY)
    assert unchanged == changed and len(register.history(saved.id)) == 4


def test_several_conferences_and_findings_load_whole(register):
    """Conferences and findings load in a few queries for the whole register; each keeps its
    own attendees, cases, lists, evidence and dates, and a filter by case finds its findings."""
    first = register.add_conference(conference())
    second = register.add_conference(conference(
        date=dt.date(2026, 11, 3), attendees=[Attendee("Sozialamt", "Leitung")],
        cases=[PresentedCase("F-CCCCCCCC", "paket-2.zip", "zuerst")], agenda=[]))
    empty = register.add_conference(conference(date=dt.date(2026, 9, 1), attendees=[],
                                                cases=[]))
    assert [c.id for c in register.conferences()] == [empty.id, first.id, second.id]
    assert register.conferences() == [register.conference(c.id)
                                      for c in (empty, first, second)]
    assert register.conferences(year=2026)[2].cases == [
        PresentedCase("F-CCCCCCCC", "paket-2.zip", "zuerst")]
    assert register.conferences(year=2025) == []
    proof = Evidence(cases=2, obstacles=3, median_days=41.5, max_days=90,
                     categories={"waiting_time": 2, "documents": 1}, sources=["paket-1.zip"])
    saved = [register.add_finding(finding(first.id, evidence=proof, cases=["F-AAAAAAAA",
                                                                          "F-BBBBBBBB"]),
                                  "KI", TODAY),
             register.add_finding(finding(second.id, title="Anführungszeichen \"und\" ümlaute",
                                          cases=["F-CCCCCCCC"], due_date=None), "KI", TODAY)]
    assert register.findings() == saved
    assert register.findings()[0].evidence == proof
    assert register.findings()[1].due_date is None
    assert register.findings(case="F-BBBBBBBB") == saved[:1]
    assert register.findings(case="F-CCCCCCCC", conference_id=second.id) == saved[1:]
    assert register.findings(case="F-BBBBBBB") == []


def test_history_is_append_only(tmp_path, register):
    c = register.add_conference(conference())
    register.add_finding(finding(c.id), "A", TODAY)
    db = sqlite3.connect(tmp_path / "register.db")
    with pytest.raises(sqlite3.DatabaseError, match="nur ergänzt"):
        db.execute("UPDATE history SET who = 'B'")
    with pytest.raises(sqlite3.DatabaseError, match="nur ergänzt"):
        db.execute("DELETE FROM history")


def test_concurrent_edit_is_a_conflict(register):
    c = register.add_conference(conference())
    saved = register.add_finding(finding(c.id), "A", TODAY)
    register.update_finding(saved.id, {"status": "übergeben"}, "B", TODAY)
    with pytest.raises(ConflictError, match="inzwischen von B geändert"):
        register.update_finding(saved.id, {"title": "Neu"}, "A", TODAY,
                                expect_updated_at=saved.updated_at)


def test_validation_messages_are_german_and_complete():
    bad = Finding(title=" ", conference_id="k", fields=[], level="Bund", status="offen",
                  priority="dringend", cases=["KIM-2023-0001"], due_date=dt.date(2026, 1, 1))
    problems = validate_finding(bad, TODAY)
    assert "Titel fehlt." in problems
    assert "Mindestens ein Handlungsfeld angeben." in problems
    assert any(p.startswith("Ebene „Bund“ unbekannt") for p in problems)
    assert any(p.startswith("Status „offen“ unbekannt") for p in problems)
    assert any(p.startswith("Priorität „dringend“ unbekannt") for p in problems)
    assert any("KIM-2023-0001" in p and "kein Fall-Pseudonym" in p for p in problems)
    assert "Fälligkeitsdatum 01.01.2026 liegt in der Vergangenheit." in problems
    assert validate_finding(finding("k", fields=["weather"]), TODAY) == [
        "Handlungsfeld „weather“ unbekannt; erlaubt: " + ", ".join(
            __import__("kimtools.codes").codes.FIELDS) + "."]


def test_passed_due_date_stays_but_cannot_be_set(register):
    c = register.add_conference(conference())
    saved = register.add_finding(finding(c.id, due_date=dt.date(2026, 12, 1)), "A", TODAY)
    later = dt.date(2027, 1, 15)
    register.update_finding(saved.id, {"status": "in Bearbeitung"}, "A", later)
    with pytest.raises(ValidationError, match="in der Vergangenheit"):
        register.update_finding(saved.id, {"due_date": dt.date(2027, 1, 1)}, "A", later)


def test_invalid_finding_is_not_saved(register):
    c = register.add_conference(conference())
    with pytest.raises(ValidationError) as caught:
        register.add_finding(finding(c.id, title="", fields=[]), "A", TODAY)
    assert caught.value.problems == ["Titel fehlt.", "Mindestens ein Handlungsfeld angeben."]
    with pytest.raises(RegisterError, match="nicht im Register"):
        register.add_finding(finding("unbekannt"), "A", TODAY)
    with pytest.raises(RegisterError, match="Wer ändert"):
        register.add_finding(finding(c.id), " ", TODAY)
    assert register.findings() == [] and register.history() == []


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_random_bytes_are_refused_untouched(tmp_path):
    path = tmp_path / "kaputt.db"
    path.write_bytes(os.urandom(8192))
    before = _snapshot(tmp_path)
    with pytest.raises(RegisterError, match="keine SQLite-Datei"):
        open_register(path, create=True)
    assert _snapshot(tmp_path) == before


def test_damaged_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "beschaedigt.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    before = _snapshot(tmp_path)
    with pytest.raises(RegisterError, match="beschädigt|kein kimtools"):
        open_register(path)
    assert _snapshot(tmp_path) == before


def test_empty_file_is_refused_unless_creating(tmp_path):
    """An empty file holds nothing to lose; a session may be creating it this moment."""
    path = tmp_path / "leer.db"
    path.touch()
    with pytest.raises(RegisterError, match="leer"):
        open_register(path)
    assert path.read_bytes() == b""
    with open_register(path, create=True) as register:
        assert register.info.version == SCHEMA_VERSION


def test_actions_inside_one_transaction_are_atomic(register):
    c = register.add_conference(conference())
    with pytest.raises(ValidationError), register.transaction():
        register.add_finding(finding(c.id, title="erster"), "A", TODAY)
        register.add_finding(finding(c.id, title=""), "A", TODAY)
    assert register.findings() == [] and register.history() == []
    with register.transaction():
        for title in ("eins", "zwei"):
            register.add_finding(finding(c.id, title=title), "A", TODAY)
    assert [f.title for f in register.findings()] == ["eins", "zwei"]


def test_foreign_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "fremd.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE kunden (name TEXT)")
    db.execute("INSERT INTO kunden VALUES ('Müller')")
    db.commit()
    db.close()
    before = _snapshot(tmp_path)
    with pytest.raises(RegisterError, match="kein kimtools-Befundregister"):
        open_register(path, create=True)
    assert _snapshot(tmp_path) == before


def _write_version_1(path: Path) -> None:
    """A register as version 1 of the schema wrote it, with one conference and finding."""
    db = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("INSERT INTO kimtools_register VALUES (1, 'kimtools-befundregister', 1, "
               "'reg-1', '2025-01-01T00:00:00+00:00')")
    stamp = "2025-03-01T09:00:00+00:00"
    db.execute("INSERT INTO conferences VALUES ('k1', '2025-03-01', 'Rathaus', 'Verl', "
               "'[\"Befunde\"]', ?, ?)", (stamp, stamp))
    db.execute("INSERT INTO presented_cases VALUES ('k1', 'F-AAAAAAAA', 0, 'p.zip')")
    db.execute("INSERT INTO findings (id, conference_id, title, fields, priority, level, "
               "status, created_at, updated_at) VALUES ('b1', 'k1', 'Wartezeit ABH', "
               "'[\"residence\"]', 'hoch', 'kommunal', 'neu', ?, ?)", (stamp, stamp))
    db.execute("INSERT INTO history VALUES ('h1', 'b1', ?, 'A', 'created', NULL, "
               "'Wartezeit ABH')", (stamp,))
    db.close()


def test_version_1_is_upgraded(tmp_path):
    path = tmp_path / "alt.db"
    _write_version_1(path)
    with open_register(path) as register:
        assert register.info.version == SCHEMA_VERSION == 2
        old = register.conference("k1")
        assert (old.chair, old.minute_taker, old.next_date) == ("", "", None)
        register.set_case_note("k1", "F-AAAAAAAA", "nach dem Upgrade")
        assert register.finding("b1").fields == ["residence"]
        assert len(register.history("b1")) == 1
    with open_register(path) as register:
        assert register.conference("k1").cases[0].note == "nach dem Upgrade"


def test_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "neu.db"
    with open_register(path, create=True):
        pass
    db = sqlite3.connect(path)
    db.execute("UPDATE kimtools_register SET version = ?", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    before = _snapshot(tmp_path)
    with pytest.raises(RegisterError, match=f"Registerversion {SCHEMA_VERSION + 1}.*"
                                            "aktualisieren"):
        open_register(path)
    assert _snapshot(tmp_path) == before


def test_findings_never_import_raw_caseload_or_privacy():
    """The privacy boundary (DESIGN §2): findings read packages only."""
    forbidden = ("kimtools.caseload", "kimtools.privacy", "synthetic")
    for source in (ROOT / "kimtools" / "findings").glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(forbidden), f"{source.name} importiert {name}"
    code = ("import sys, kimtools.findings, kimtools.findings.stats; "
            "print([m for m in sys.modules if m.startswith(('kimtools.caseload', "
            "'kimtools.privacy', 'synthetic'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
