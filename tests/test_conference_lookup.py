"""Conferences named as people name them: by date or a short id (findings.lookup, CLI)."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.findings import Conference, Finding, PresentedCase, open_register
from kimtools.findings.lookup import ConferenceNotFound, conference_rows, find_conference

TODAY = dt.date(2026, 12, 3)
runner = CliRunner()


def conference(day: dt.date, place: str, uuid: str) -> Conference:
    return Conference(date=day, place=place, municipality="Kreis Gütersloh", id=uuid)


SPRING = conference(dt.date(2026, 3, 12), "Rathaus Verl", "aaaaaaaa-1111-4000-8000-000000000001")
MORNING = conference(TODAY, "Kreishaus, Saal", "bbbbbbbb-2222-4000-8000-000000000002")
AFTERNOON = conference(TODAY, "Kreishaus, Raum 2", "bbbbbbcc-3333-4000-8000-000000000003")
ALL = [SPRING, MORNING, AFTERNOON]


def test_by_full_id_date_or_prefix():
    assert find_conference(ALL, MORNING.id) is MORNING
    assert find_conference(ALL, "12.03.2026") is SPRING
    assert find_conference(ALL, "2026-03-12") is SPRING
    assert find_conference(ALL, "bbbbbbbb") is MORNING
    assert find_conference(ALL, "BBBBBBCC-33") is AFTERNOON


def test_ambiguous_date_lists_the_candidates():
    with pytest.raises(ConferenceNotFound) as caught:
        find_conference(ALL, "2026-12-03")
    message = str(caught.value)
    assert message.startswith("Mehrere Konferenzen am 03.12.2026:")
    assert "Kreishaus, Saal (bbbbbbbb)" in message and "Kreishaus, Raum 2 (bbbbbbcc)" in message
    assert "Rathaus" not in message


def test_ambiguous_prefix_too_short_and_unknown():
    with pytest.raises(ConferenceNotFound, match="Mehrere Konferenzen mit der ID bbbbbb:"):
        find_conference(ALL, "bbbbbb")
    with pytest.raises(ConferenceNotFound, match="mindestens 6 Zeichen der ID"):
        find_conference(ALL, "bbb")
    with pytest.raises(ConferenceNotFound) as caught:
        find_conference(ALL, "01.01.2026")
    assert "Konferenz 01.01.2026 ist nicht im Register." in str(caught.value)
    assert "03.12.2026 Kreishaus, Saal (bbbbbbbb)" in str(caught.value)
    with pytest.raises(ConferenceNotFound, match="enthält noch keine Konferenz"):
        find_conference([], "2026-12-03")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kreis.db"
    with open_register(path, create=True) as register:
        for c in ALL:
            register.add_conference(c)
        register.present_case(MORNING.id, "F-7KQ2M4XA", "paket")
        register.present_case(MORNING.id, "F-6HT3B7WC", "paket")
        for title in ("Wartezeit Ausländerbehörde", "Kein Kitaplatz"):
            register.add_finding(Finding(title=title, conference_id=MORNING.id,
                                         fields=["residence"], level="Kreis"), "A", TODAY)
    return path


def test_rows_newest_first_with_counts(db):
    with open_register(db, read_only=True) as register:
        rows = conference_rows(register)
    assert [r.short_id for r in rows] == ["bbbbbbcc", "bbbbbbbb", "aaaaaaaa"]
    assert [(len(r.conference.cases), r.findings) for r in rows] == [(0, 0), (2, 2), (0, 0)]
    assert rows[1].label == "03.12.2026 – Kreishaus, Saal (bbbbbbbb)"


def test_cli_lists_conferences(db):
    result = runner.invoke(app, ["findings", "conferences", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Datum", "Ort", "Kurz-ID", "Fälle", "Befunde"]
    assert lines[2].split() == ["03.12.2026", "Kreishaus,", "Saal", "bbbbbbbb", "2", "2"]
    assert lines[3].split() == ["12.03.2026", "Rathaus", "Verl", "aaaaaaaa", "0", "0"]
    assert lines[-1] == "3 Konferenzen."


def test_cli_minutes_ambiguous_date_exit_2_nothing_written(db, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["minutes", "--db", str(db), "--conference", "03.12.2026",
                                 "--format", "docx", "--out", str(out / "protokoll.docx")])
    assert result.exit_code == 2
    assert "Mehrere Konferenzen am 03.12.2026" in result.stderr
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_cli_minutes_by_date_and_short_id(db, tmp_path):
    with open_register(db) as register:
        register.update_conference(SPRING.id, {"cases": [PresentedCase("F-2MX5Q4ZD", "")]})
    for name, ref in (("a.docx", "2026-03-12"), ("b.docx", "aaaaaaaa-11")):
        result = runner.invoke(app, ["minutes", "--db", str(db), "--conference", ref,
                                     "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        written = f"Protokoll geschrieben: {tmp_path / name} (12.03.2026, 1 Fall, 0 Befunde)"
        assert written in result.stdout
        assert (tmp_path / name).read_bytes().startswith(b"PK")


def test_findings_list_shows_the_conference_date(db):
    result = runner.invoke(app, ["findings", "list", "--db", str(db), "--today", "2026-12-04"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "Kitaplatz" in line]
    assert len(rows) == 1 and "03.12.2026" in rows[0]
