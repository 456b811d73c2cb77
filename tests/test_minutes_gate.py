"""The minutes' leak gate: typed text is checked before anything is written, and the place of a
hit is named so it can be fixed in the register."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from clock import on_day
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.findings import open_register
from kimtools.minutes import MinutesLeak, make_minutes
from kimtools.minutes.content import CaseSection, FindingEntry, Minutes, MinutesError
from kimtools.minutes.exporter import ProtokollExporter
from kimtools.minutes.gate import check_document, check_sources, document_text, parse_date
from kimtools.minutes.pdf import html_to_pdf
from kimtools.package import load_package
from kimtools.privacy.lexicon import NameLexicon, fold_word

pytest_plugins = ["minutes_fixtures"]

PHONE = "0171 2345678"
DATE = "03.02.2027"


def run_minutes(conference, out, *extra):
    return CliRunner().invoke(app, ["minutes", "--db", str(conference.register),
                                    "--conference", conference.conference_id,
                                    "--out", str(out), *extra])


def plant_note(conference, case: str, text: str) -> None:
    with open_register(conference.register) as register:
        register.set_case_note(conference.conference_id, case, text)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_name_phone_and_date_in_a_note_refuse_the_minutes(fresh_conference, tmp_path, fmt):
    case = fresh_conference.cases[2]
    given, family = fresh_conference.package.client_names[case].split(" ", 1)
    plant_note(fresh_conference, case, f"Rückruf bei Frau {given} {family} unter {PHONE}; "
                                       f"Termin in der Ausländerbehörde am {DATE}.")
    out_dir = tmp_path / "ausgang"
    out_dir.mkdir()
    result = run_minutes(fresh_conference, out_dir / f"protokoll.{fmt}")
    assert result.exit_code == 2
    message = result.stderr
    assert "Protokoll nicht geschrieben" in message
    place = f"Diskussionsnotiz zu Fall {case}"
    assert f"{place}: „{PHONE}“ (Telefonnummer)" in message
    assert f"{place}: „{DATE}“ (Tagesgenaues Datum)" in message
    assert f"{place}: „{given}" in message  # the name, after the title
    assert list(out_dir.iterdir()) == []  # nothing written, no temporary file left


def test_an_existing_file_stays_as_it_was(fresh_conference, tmp_path):
    out = tmp_path / "ausgang" / "protokoll.docx"
    out.parent.mkdir()
    out.write_bytes(b"alte Fassung")
    plant_note(fresh_conference, fresh_conference.cases[0], f"Handy {PHONE}")
    assert run_minutes(fresh_conference, out).exit_code == 2
    assert out.read_bytes() == b"alte Fassung"
    assert [p.name for p in out.parent.iterdir()] == ["protokoll.docx"]


def test_name_in_a_finding_names_the_finding(fresh_conference, tmp_path):
    with open_register(fresh_conference.register) as register:
        finding = register.findings(conference_id=fresh_conference.conference_id)[1]
        register.update_finding(finding.id, {"measure": "Frau Yilmaz von der Ausländerbehörde "
                                                        "lädt zum Runden Tisch ein."}, "Test")
    result = run_minutes(fresh_conference, tmp_path / "protokoll.docx")
    assert result.exit_code == 2
    assert (f"Befund 3.2 „{finding.title}“, Maßnahme: „Yilmaz“ (Name nach Anrede 'Frau')"
            in result.stderr)


def test_caseload_check_finds_a_bare_client_name(fresh_conference, tmp_path):
    case = fresh_conference.cases[0]
    name = fresh_conference.package.client_names[case]
    plant_note(fresh_conference, case, f"Gespräch mit {name.lower()} vereinbart.")
    out = tmp_path / "ausgang" / "protokoll.docx"
    out.parent.mkdir()
    with on_day(fresh_conference.date):  # the caseload is read as of the day of the minutes
        result = run_minutes(fresh_conference, out,
                             "--caseload", str(fresh_conference.package.caseload))
    assert result.exit_code == 2
    assert f"Diskussionsnotiz zu Fall {case}: „" in result.stderr
    assert "aus dem Fallbestand" in result.stderr
    assert list(out.parent.iterdir()) == []


def test_clean_minutes_pass_the_caseload_check(fresh_conference):
    with on_day(fresh_conference.date):
        produced = make_minutes(fresh_conference.register, fresh_conference.conference_id,
                                ["docx"], caseload=fresh_conference.package.caseload)
    assert produced.documents["docx"].startswith(b"PK")


def caseload_with_names(conference, tmp_path, names: dict[str, str]) -> Path:
    """A copy of the conference's raw caseload in which people of other cases are renamed:
    column (given_name or family_name) → the new name, one person each."""
    copy = tmp_path / "fallbestand"
    shutil.copytree(conference.package.caseload, copy)
    persons = pd.read_csv(copy / "persons.csv", dtype=str, keep_default_na=False)
    others = persons.index[persons["role"] == "child"]
    for row, (column, name) in zip(others[:len(names)], names.items(), strict=True):
        persons.loc[row, column] = name
    persons.to_csv(copy / "persons.csv", index=False, encoding="utf-8")
    return copy


def test_the_minutes_own_words_are_not_client_names(fresh_conference, tmp_path):
    """A child called "Median" must not stop the minutes whose evidence says "Median"."""
    caseload = caseload_with_names(fresh_conference, tmp_path, {"given_name": "Median"})
    out = tmp_path / "protokoll.docx"
    with on_day(fresh_conference.date):
        result = run_minutes(fresh_conference, out, "--caseload", str(caseload))
    assert result.exit_code == 0, result.output
    assert "Median" in document_text("docx", out.read_bytes())


def test_the_same_word_typed_into_the_register_is_checked(fresh_conference, tmp_path):
    caseload = caseload_with_names(fresh_conference, tmp_path, {"given_name": "Median"})
    case = fresh_conference.cases[1]
    plant_note(fresh_conference, case, "Gespräch mit Median und der Mutter vereinbart.")
    with on_day(fresh_conference.date):
        result = run_minutes(fresh_conference, tmp_path / "protokoll.docx",
                             "--caseload", str(caseload))
    assert result.exit_code == 2
    assert f"Diskussionsnotiz zu Fall {case}: „median“" in result.stderr
    assert "im Befundregister: dort korrigieren" in result.stderr
    assert "Konferenzpaket lassen sich im Register nicht ändern" not in result.stderr


def test_a_hit_in_package_content_does_not_send_the_user_to_the_register(fresh_conference,
                                                                         tmp_path):
    """What came from a package cannot be edited in the register; the message says so."""
    shown = load_package(fresh_conference.package.package).cases["municipality"]
    common = NameLexicon.default()  # the gate lets common words pass alone (Gütersloh)
    municipality = next(m for m in shown if m.isalpha()
                        and not common.is_stop_word(fold_word(m)))
    caseload = caseload_with_names(fresh_conference, tmp_path, {"family_name": municipality})
    with on_day(fresh_conference.date):
        result = run_minutes(fresh_conference, tmp_path / "protokoll.docx",
                             "--caseload", str(caseload))
    assert result.exit_code == 2
    assert "Profil Kommune" in result.stderr
    assert "bitte das Paket vom Träger korrigieren und neu pseudonymisieren lassen" \
        in result.stderr
    assert "im Befundregister: dort korrigieren" not in result.stderr


# -- the gate's rules, on small minutes --------------------------------------------------------

def small_minutes(**changes) -> Minutes:
    values = dict(
        conference_id="k1", date=dt.date(2026, 10, 20), place="Kreishaus",
        municipality="Kreis Gütersloh", chair="Dr. Anke Brinkmann (KI)",
        minute_taker="Jonas Albers", next_date=dt.date(2027, 1, 19),
        cases=[CaseSection(case="F-AAAAAAAA", label="Klientin A", package="paket",
                           profile=[("Kommune", "Verl")], note="Wartezeit zu lang.")],
        findings=[FindingEntry(number="3.1", id="f1", title="Kein Kurs mit Kinderbetreuung",
                               evidence="2 Fälle; Wartezeit Median 200 Tage",
                               due_date=dt.date(2027, 3, 31))])
    values.update(changes)
    return Minutes(**values)


def test_known_dates_pass_in_any_format_unknown_ones_do_not():
    minutes = small_minutes()
    text = ("Konferenz am 20.10.2026, nächster Termin 19. Januar 2027, fällig 2027-03-31, "
            "Stand 21.10.26")
    hits = check_document(text, minutes, "PDF")
    assert [(h.place, h.word) for h in hits] == [("Protokoll (PDF)", "21.10.26")]


def test_staff_names_pass_even_when_wrapped_others_do_not():
    minutes = small_minutes()
    assert check_sources(minutes) == []
    text = "Sitzungsleitung\nDr. Anke\nBrinkmann (KI)\nProtokoll Jonas Albers\nWartezeit Median"
    assert check_document(text, minutes, "DOCX") == []
    hits = check_document(text + "\nRückfrage bei Herrn Schmidt", minutes, "DOCX")
    assert [h.word for h in hits] == ["Schmidt"]
    assert "Rückfrage bei Herrn Schmidt" in hits[0].reason


def test_sources_are_checked_strictly_even_for_known_dates():
    minutes = small_minutes(agenda=["Rückblick auf die Sitzung vom 20.10.2026"],
                            attendees=[("Jobcenter", "Frau Özdemir")])
    hits = check_sources(minutes)
    assert [(h.place, h.word) for h in hits] == [
        ("Teilnehmende, Zeile 1 (Funktion)", "Özdemir"), ("Tagesordnung, TOP 1", "20.10.2026")]


def test_parse_date():
    assert parse_date("20.10.2026") == parse_date("2026-10-20") == dt.date(2026, 10, 20)
    assert parse_date("20. Oktober 2026") == parse_date("20.10.26") == dt.date(2026, 10, 20)
    assert parse_date("31.02.2026") is None and parse_date("20. Oktober") is None


def test_the_exporter_refuses_a_page_with_a_name():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/html": f"<p>Rückruf bei Frau Yilmaz, {PHONE}</p>"})])])
    with pytest.raises(MinutesLeak, match="Yilmaz") as raised:
        ProtokollExporter().from_notebook_node(nb)
    assert {h.word for h in raised.value.hits} == {"Yilmaz", PHONE}


def test_the_pdf_is_read_back_with_pages_bookmarks_and_document_information():
    html = ("<html><head><title>Titel mit Frau Yilmaz</title></head><body>"
            "<h1>Kapitel Herr Schmidt</h1><p>Seite eins</p>"
            "<p style='break-before: page'>Rückruf unter 0171 2345678</p></body></html>")
    text = document_text("pdf", html_to_pdf(html))
    assert "Seite eins" in text and "0171 2345678" in text
    assert text.count("Kapitel Herr Schmidt") == 2  # on the page and as a bookmark
    assert "Titel mit Frau Yilmaz" in text


def test_an_unreadable_pdf_is_an_error_not_an_empty_text():
    with pytest.raises(MinutesError, match="PDF ist nicht lesbar"):
        document_text("pdf", b"%PDF-1.7\nnichts")


def test_layout_neighbours_are_no_school_name_but_an_untyped_name_is():
    """PDF text puts a finding's fields side by side: "Bildung/Schule Institutionen Schulamt"
    looks like a school's name, yet each word was typed (and checked) or written by the tool."""
    minutes = small_minutes(attendees=[("Schulamt", "Schulaufsicht")])
    layout = "Handlungsfelder Bildung/Schule Institutionen Schulamt Fälle F-AAAAAAAA"
    assert check_document(layout, minutes, "PDF") == []
    hits = check_document("Handlungsfelder Bildung/Schule Lindenweg", minutes, "PDF")
    assert [h.word for h in hits] == ["Schule Lindenweg"]
