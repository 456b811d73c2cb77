"""The recording widget of the conference dashboard, driven with ipywidgets' own objects.

Every test writes a real SQLite register in tmp_path; a second ``Register`` object on the same
file plays the other dashboard session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import ipywidgets as w
import pandas as pd
import pytest

from kimtools import codes
from kimtools.durations import span_text
from kimtools.findings import Conference, Evidence, Finding, compute_evidence, open_register
from kimtools.package import load_package
from kimtools.presentation import case_obstacles
from kimtools.presentation.obstacles import NO_INSTITUTION
from kimtools.widgets.conference import Planungskonferenz
from kimtools.widgets.finding_inputs import evidence_html
from kimtools.widgets.findings import (
    Befunderfassung,
    conferences_for_package,
    package_institutions,
    text_warnings,
)

TODAY = dt.date(2026, 11, 1)
CONFLICT = "Dieser Befund wurde inzwischen in einer anderen Sitzung geändert"


@pytest.fixture(scope="module")
def package(conference_package):
    return load_package(conference_package)


@pytest.fixture
def register_path(tmp_path):
    return tmp_path / "befundregister.db"


@pytest.fixture
def app(register_path, package):
    return Befunderfassung(register_path, package, today=TODAY)


def visible(widget: w.Widget) -> bool:
    return widget.layout.display != "none"


def fill(app: Befunderfassung, title: str = "Wartezeit bei der Ausländerbehörde",
         **values) -> None:
    """Fill the form as a user does: nothing is prefilled, a Handlungsfeld is ticked."""
    values.setdefault("fields", ("residence",))
    app.title.value = title
    for name, value in values.items():
        getattr(app, name).value = value


def saved(register_path):
    with open_register(register_path) as register:
        return register.findings()


# -- suggestions, never silent prefill -----------------------------------------------------------

def test_obstacle_is_a_suggestion_accepted_with_one_click(app, package):
    for case in package.case_ids():
        first = case_obstacles(package, case).iloc[0]
        if first["Institution"] != NO_INSTITUTION:
            break
    app.set_case(case)
    assert app.cases.value == (case,)
    # nothing filled in: the obstacle is shown as a suggestion only
    assert app.fields.value == () and app.institutions.value == ""
    assert f"„{first['Handlungsfeld']}“" in app.suggestion.value
    assert "noch nicht übernommen" in app.suggestion.value and visible(app.accept_button)
    assert f"Fall {case}" in app.new_button.description and case in app.mode.value
    assert "1 verknüpft" in app.evidence.value and "nicht änderbar" in app.evidence.value
    app.accept_button.click()
    assert [codes.FIELDS[f] for f in app.fields.value] == [first["Handlungsfeld"]]
    # the risk stage may leave an institution unnamed: then none is taken over
    named = first["Institution"] != NO_INSTITUTION
    assert app.institutions.value == (first["Institution"] if named else "")
    assert "übernommen – bitte prüfen" in app.suggestion.value
    # another obstacle of the case: a new suggestion, the form is left as it is
    if len(app.obstacle_select.options) > 1:
        app.obstacle_select.value = 1
        second = case_obstacles(package, case).iloc[1]
        assert [codes.FIELDS[f] for f in app.fields.value] == [first["Handlungsfeld"]]
        assert f"„{second['Handlungsfeld']}“" in app.suggestion.value
        app.accept_button.click()
        assert {codes.FIELDS[f] for f in app.fields.value} == {first["Handlungsfeld"],
                                                                second["Handlungsfeld"]}


@pytest.fixture
def abh_package(package):
    """The reported case: the longest obstacle is about mobility (312 days), the finding is
    about the Ausländerbehörde (another obstacle of the same case)."""
    case = package.case_ids()[0]
    days_open = int(package.cases.loc[package.cases["case"] == case, "days_open"].iloc[0])
    obstacles = package.obstacles[package.obstacles["case"] != case].copy()
    rows = pd.DataFrame([
        {"case": case, "field": "mobility", "institution": "Straßenverkehrsamt",
         "category": "waiting_time", "since_day": days_open - 312, "resolved_day": pd.NA},
        {"case": case, "field": "residence", "institution": "Ausländerbehörde Kreis Gütersloh",
         "category": "responsibility", "since_day": days_open - 40, "resolved_day": pd.NA},
    ])
    for column in obstacles.columns.difference(rows.columns):
        rows[column] = pd.NA
    merged = pd.concat([rows[obstacles.columns], obstacles], ignore_index=True)
    return case, dataclasses.replace(package, obstacles=merged.astype(obstacles.dtypes))


def test_auslaenderbehoerde_finding_is_saved_with_the_chosen_field(register_path,
                                                                    abh_package):
    case, package = abh_package
    app = Befunderfassung(register_path, package, today=TODAY)
    app.set_case(case)
    # the longest obstacle is suggested, and not filled in
    assert "Führerschein und Mobilität" in app.suggestion.value
    assert app.fields.value == () and app.institutions.value == ""
    # every field stays in view: one checkbox each, none in a scrolled list
    assert set(app.fields.boxes) == set(codes.FIELDS)
    assert all(isinstance(box, w.Checkbox) for box in app.fields.boxes.values())
    fill(app, title="Zuständigkeit der Ausländerbehörde ungeklärt")
    app.fields.boxes["residence"].value = True
    app.institutions.value = "Ausländerbehörde"
    assert "Gewählt: Aufenthalt" in app.fields.chosen.value
    assert "Dauer der ungeklärten Zuständigkeit" in app.evidence.value
    assert "Wartezeit" not in app.evidence.value
    assert app.save() is not None
    [finding] = saved(register_path)
    assert finding.fields == ["residence"] and finding.institutions == ["Ausländerbehörde"]
    assert finding.evidence.categories == {"responsibility": 1}
    assert finding.evidence.median_days == 40
    assert "Wartezeit" not in finding.evidence.describe()
    # shown at the case's time resolution, as everywhere
    resolution = finding.evidence.resolution
    forty = "40 Tage" if resolution == "day" else span_text(40, resolution)
    assert f"Dauer der ungeklärten Zuständigkeit Median {forty}" in finding.evidence.describe()


def test_suggestion_from_the_other_obstacle_adds_to_the_choice(register_path, abh_package):
    case, package = abh_package
    app = Befunderfassung(register_path, package, today=TODAY)
    app.set_case(case)
    [abh] = [v for label, v in app.obstacle_select.options if "Ausländerbehörde" in label]
    app.obstacle_select.value = abh
    assert app.fields.value == ()
    app.fields.value = ("language",)
    app.accept_button.click()
    assert app.fields.value == ("residence", "language")  # in the order of the code list
    assert app.institutions.value == "Ausländerbehörde Kreis Gütersloh"
    app.accept_button.click()  # a second click adds nothing twice
    assert app.institutions.value == "Ausländerbehörde Kreis Gütersloh"
    assert [box.value for box in app.fields.boxes.values()].count(True) == 2


@pytest.mark.parametrize(("categories", "label"), [
    ({"waiting_time": 2}, "Wartezeit Median"),
    ({"responsibility": 1}, "Dauer der ungeklärten Zuständigkeit Median"),
    ({"missing_offer": 3}, "Dauer ohne passendes Angebot Median"),
    ({"waiting_time": 1, "documents": 1}, "Dauer der Hürden (Kategorien gemischt) Median"),
])
def test_evidence_says_what_its_days_count(categories, label):
    evidence = Evidence(cases=2, cases_with_obstacles=2, obstacles=sum(categories.values()),
                        median_days=12.0, max_days=30, categories=categories)
    assert label in evidence.describe()
    assert ("Wartezeit" in evidence.describe()) == (set(categories) == {"waiting_time"})
    shown = evidence_html(evidence)
    assert label.removesuffix(" Median") + " (Tage)</dt>" in shown
    assert ("Wartezeit (Tage)" in shown) == (set(categories) == {"waiting_time"})


def test_switching_cases_prefills_only_an_untouched_form(app, package):
    first, second = package.case_ids()[:2]
    app.set_case(first)
    app.set_case(second)
    assert app.cases.value == (second,)
    app.title.value = "Kein Kitaplatz"
    app.set_case(first)
    assert app.cases.value == (second,) and app.title.value == "Kein Kitaplatz"
    app.new_button.click()
    assert app.cases.value == (first,) and app.title.value == ""


def test_evidence_is_computed_from_the_package(app, package):
    case = package.case_ids()[0]
    app.set_case(case)
    app.cases.value = tuple(package.case_ids())
    expected = compute_evidence([package], package.case_ids(), list(app.fields.value),
                                [app.institutions.value])
    assert f"{expected.cases} verknüpft" in app.evidence.value
    assert f"{expected.obstacles} ({expected.open_obstacles} offen)" in app.evidence.value


# -- validation ---------------------------------------------------------------------------------

def test_german_validation_messages_and_nothing_saved(app, register_path):
    app.title.value = "  "
    app.save_button.click()
    assert "Titel fehlt." in app.message.value
    fill(app, due_date=dt.date(2026, 10, 1), fields=())
    app.save_button.click()
    assert "Fälligkeitsdatum 01.10.2026 liegt in der Vergangenheit." in app.message.value
    assert "Mindestens ein Handlungsfeld angeben." in app.message.value
    app.due_date.value, app.fields.value, app.who.value = TODAY, ("residence",), ""
    app.save_button.click()
    assert "Erfasst von" in app.message.value
    app.who.value = "KI Gütersloh"
    app.other_cases.value = "KIM-2023-0001"
    app.save_button.click()
    assert "kein Fall-Pseudonym" in app.message.value
    assert saved(register_path) == []


# -- scrubber -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "typed", "word"), [
    ("title", "Wartezeit, sagt Herr Brinkmann", "Brinkmann"),
    ("description", "Rückruf unter 0171 2345678 erbeten", "0171 2345678"),
    ("measure", "Rückmeldung an x@y.de", "x@y.de"),
    ("responsible", "Ausländerbehörde, Termin am 03.04.2024", "03.04.2024"),
])
def test_typed_identifiers_need_an_explicit_second_click(app, register_path, field, typed,
                                                        word):
    fill(app)
    getattr(app, field).value = typed
    assert not visible(app.confirm_button)
    app.save_button.click()
    assert f"„{word}“" in app.message.value and "Noch nicht gespeichert" in app.message.value
    assert visible(app.confirm_button)
    assert saved(register_path) == []
    app.save_button.click()  # the normal button again does not save either
    assert saved(register_path) == []
    app.confirm_button.click()
    assert [f.title for f in saved(register_path)] == [app.title.value]
    assert "Trotz des Hinweises" in app.message.value
    assert not visible(app.confirm_button)


def test_confirmation_holds_only_for_the_checked_text(app, register_path):
    fill(app, description="Herr Brinkmann wartet")
    app.save_button.click()
    app.description.value = "Frau Okafor wartet"
    app.confirm_button.click()
    assert "„Okafor“" in app.message.value and "geändert" in app.message.value
    assert saved(register_path) == []
    app.description.value = "Die Sachbearbeitung wartet"
    app.save_button.click()
    assert len(saved(register_path)) == 1 and not visible(app.confirm_button)


def test_institutions_from_the_package_are_not_flagged(package):
    names = package_institutions(package)
    assert names
    assert text_warnings({"Institutionen": sorted(names)}, exempt=names) == []
    warning = text_warnings({"Titel": "Herr Brinkmann"})[0]
    assert warning.word == "Brinkmann" and "Titel" in warning.describe()


def test_every_kind_of_identifier_is_named_in_german():
    from kimtools.privacy.scrubber import TYPES
    from kimtools.widgets.typed_text import KINDS

    assert set(KINDS) == set(TYPES)
    warnings = text_warnings({"Beschreibung": "Die Familie stammt aus Qamishli; er arbeitet "
                                              "bei der Bäckerei Hollmann."})
    kinds = {w.word: w.kind for w in warnings}
    assert kinds == {"Qamishli": "Herkunftsort", "Bäckerei Hollmann": "Name einer Firma"}
    assert all("sieht aus wie " + w.kind in w.describe() for w in warnings)


# -- saving, editing, conflicts -----------------------------------------------------------------

def test_saved_finding_is_in_the_register_with_history(app, register_path, package):
    case = package.case_ids()[0]
    app.set_case(case)
    fill(app, measure="Sprechstunde für KIM-Fälle einrichten", level="Kreis", priority="hoch",
         due_date=dt.date(2027, 3, 1), responsible="Ausländerbehörde Kreis Gütersloh")
    app.save_button.click()
    assert "angelegt" in app.message.value
    with open_register(register_path) as other:
        [finding] = other.findings()
        [conference] = other.conferences()
        history = other.history(finding.id)
    assert finding.conference_id == conference.id and conference.date == TODAY
    assert [p.case for p in conference.cases] == package.case_ids()
    assert finding.cases == [case] and finding.level == "Kreis" and finding.priority == "hoch"
    assert finding.due_date == dt.date(2027, 3, 1)
    assert finding.evidence == compute_evidence([package], [case], finding.fields,
                                                finding.institutions)
    assert [(e.field, e.who) for e in history] == [("created", "Koordinierungsstelle")]
    # a second click edits the saved finding: no duplicate
    app.save_button.click()
    assert len(saved(register_path)) == 1 and "Keine Änderungen" in app.message.value
    assert finding.id in app.findings_list.value


def test_edit_writes_history_and_links_further_cases(app, register_path, package):
    first, second = package.case_ids()[:2]
    app.set_case(first)
    fill(app)
    app.save_button.click()
    app.cases.value = (first, second)
    app.other_cases.value = "F-AAAAAAAA"
    app.status.value = "übergeben"
    app.save_button.click()
    assert "gespeichert" in app.message.value and "Fälle" in app.message.value
    with open_register(register_path) as other:
        [finding] = other.findings()
        fields = [e.field for e in other.history(finding.id)]
    assert finding.cases == [first, second, "F-AAAAAAAA"] and finding.status == "übergeben"
    assert finding.evidence.missing_cases == ["F-AAAAAAAA"] and finding.evidence.cases == 2
    assert {"cases", "status", "evidence"} <= set(fields)


def test_conflict_with_another_session_is_a_german_message(app, register_path):
    fill(app)
    app.save_button.click()
    finding = saved(register_path)[0]
    with open_register(register_path) as other:
        other.update_finding(finding.id, {"measure": "Runder Tisch"}, "Sitzung B", TODAY)
    app.measure.value = "Sprechstunde"
    app.save_button.click()
    assert CONFLICT in app.message.value and "Sitzung B" in app.message.value
    assert visible(app.reload_button)
    assert saved(register_path)[0].measure == "Runder Tisch"
    app.reload_button.click()
    assert app.measure.value == "Runder Tisch"
    assert "„Sprechstunde“" in app.message.value
    app.measure.value = "Runder Tisch und Sprechstunde"
    app.save_button.click()
    assert saved(register_path)[0].measure == "Runder Tisch und Sprechstunde"


def test_list_shows_this_conferences_findings(app, register_path):
    fill(app, title="Kein Sprachkurs mit Kinderbetreuung")
    app.save_button.click()
    with open_register(register_path) as other:
        elsewhere = other.add_conference(Conference(date=dt.date(2026, 6, 1),
                                                    municipality="Verl"))
        other.add_finding(Finding(title="Fremder Befund", conference_id=elsewhere.id,
                                  fields=["work"]), "B", TODAY)
        other.add_finding(Finding(title="Aus Sitzung B", conference_id=app.conference.id,
                                  fields=["housing"]), "B", TODAY)
    assert "Kein Sprachkurs" in app.findings_list.value
    assert "Aus Sitzung B" not in app.findings_list.value
    app.refresh_button.click()
    assert "Aus Sitzung B" in app.findings_list.value
    assert "Fremder Befund" not in app.findings_list.value
    assert "2 Befunde" in app.status_line.value
    # „Befund bearbeiten“ lists this conference's findings under a visible first line
    labels = [label for label, _ in app.edit_select.options]
    assert labels == ["– 2 Befunde dieser Konferenz, bitte wählen –",
                      "1. Kein Sprachkurs mit Kinderbetreuung", "2. Aus Sitzung B"]
    assert app.edit_select.label == labels[0]
    app.edit_button.click()  # nothing chosen yet: nothing loaded
    assert app.title.value == "Kein Sprachkurs mit Kinderbetreuung"
    app.edit_select.value = app.edit_select.options[2][1]
    app.edit_button.click()
    assert app.title.value == "Aus Sitzung B" and "bearbeiten" in app.mode.value


def test_two_sessions_share_one_conference(register_path, package):
    first = Befunderfassung(register_path, package, today=TODAY)
    second = Befunderfassung(register_path, package, today=TODAY)
    fill(first, title="Befund A")
    first.save_button.click()
    fill(second, title="Befund B")
    second.save_button.click()
    with open_register(register_path) as other:
        assert len(other.conferences()) == 1
        assert len(other.findings(conference_id=first.conference.id)) == 2


# -- conference preparation and notes -----------------------------------------------------------

def test_conference_preparation_saves_and_reopens(app, register_path, package):
    assert app.sections.selected_index == 0  # nothing prepared yet
    app.date.value = dt.date(2026, 11, 12)
    app.place.value = "Kreishaus, Raum 214"
    app.municipality.value = "Kreis Gütersloh"
    app.chair.value = "Koordinierungsstelle KI"
    app.minute_taker.value = "KI Gütersloh"
    first = app.attendee_rows.children[0]
    first.children[0].value, first.children[1].value = "Jobcenter Kreis Gütersloh", "Teamleitung"
    app.add_attendee_button.click()
    dropped = app.attendee_rows.children[1]
    dropped.children[0].value = "Irrtum"
    app.add_attendee("Ausländerbehörde Kreis Gütersloh", "Sachbearbeitung")
    dropped.children[2].click()
    app.agenda.value = "Begrüßung\n\nFallvorstellungen\nBefunde"
    app.next_date.value = dt.date(2027, 2, 4)
    app.conference_save.click()
    assert "angelegt" in app.conference_message.value
    with open_register(register_path) as other:
        [conference] = other.conferences()
    assert conference.place == "Kreishaus, Raum 214"
    assert conference.chair == "Koordinierungsstelle KI"
    assert [(a.institution, a.role) for a in conference.attendees] == [
        ("Jobcenter Kreis Gütersloh", "Teamleitung"),
        ("Ausländerbehörde Kreis Gütersloh", "Sachbearbeitung")]
    assert conference.agenda == ["Begrüßung", "Fallvorstellungen", "Befunde"]
    assert conference.next_date == dt.date(2027, 2, 4)
    assert [p.case for p in conference.cases] == package.case_ids()
    assert all(p.package for p in conference.cases)

    again = Befunderfassung(register_path, package, today=TODAY)
    assert again.conference.id == conference.id and again.sections.selected_index == 1
    assert again.place.value == "Kreishaus, Raum 214"
    assert again.date.value == dt.date(2026, 11, 12)
    assert [r.children[0].value for r in again.attendee_rows.children] == [
        "Jobcenter Kreis Gütersloh", "Ausländerbehörde Kreis Gütersloh"]
    assert again.conference_select.value == conference.id
    assert conferences_for_package(again.register, package)[0].id == conference.id
    again.place.value = "Rathaus"
    again.conference_save.click()
    with open_register(register_path) as other:
        assert other.conferences()[0].place == "Rathaus" and len(other.conferences()) == 1


def test_conference_validation_and_scrubber(app, register_path):
    app.date.value = dt.date(2026, 11, 12)
    app.next_date.value = dt.date(2026, 11, 1)
    app.conference_save.click()
    assert "nächste Termin" in app.conference_message.value
    app.next_date.value = None
    app.chair.value = "Frau Schulz"
    app.conference_save.click()
    assert "„Schulz“" in app.conference_message.value
    assert visible(app.conference_guard.button)
    with open_register(register_path) as other:
        assert other.conferences() == []
    app.chair.value = "Koordinierungsstelle"
    app.conference_save.click()
    with open_register(register_path) as other:
        assert len(other.conferences()) == 1


def test_case_notes_are_checked_and_saved(app, register_path, package):
    case = package.case_ids()[1]
    app.set_case(case)
    assert app.note_case.value == case
    app.note.value = "Rückruf unter 0171 2345678"
    app.note_save.click()
    assert "„0171 2345678“" in app.note_message.value
    app.note.value = "Wartezeit bei der Ausländerbehörde seit über einem Jahr"
    app.note_save.click()
    assert "gespeichert" in app.note_message.value
    with open_register(register_path) as other:
        notes = {p.case: p.note for p in other.conferences()[0].cases}
        assert notes[case].startswith("Wartezeit")
        other.set_case_note(app.conference.id, case, "Fassung aus Sitzung B")
    app.note.value = "Meine Fassung"
    app.note_save.click()
    assert "anderen Sitzung" in app.note_message.value
    assert "Fassung aus Sitzung B" in app.note_message.value
    app.note_save.click()  # the second click replaces it, knowingly
    with open_register(register_path) as other:
        assert {p.case: p.note for p in other.conferences()[0].cases}[case] == "Meine Fassung"


def test_unsaved_note_survives_switching_cases(app, package):
    first, second = package.case_ids()[:2]
    app.set_case(first)
    app.note.value = "Entwurf"
    app.set_case(second)
    assert app.note.value == ""
    app.set_case(first)
    assert app.note.value == "Entwurf" and "noch nicht gespeichert" in app.note_message.value


# -- the dashboard ------------------------------------------------------------------------------

def test_dashboard_shows_the_panel_with_a_register(conference_package, register_path,
                                                   monkeypatch):
    monkeypatch.delenv("KIMTOOLS_REGISTER", raising=False)
    plain = Planungskonferenz(conference_package)
    assert "Befundregister" in plain.findings_panel.value
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(register_path))
    app = Planungskonferenz(conference_package)
    panel = app.findings_panel
    assert isinstance(panel, Befunderfassung) and app.tabs.children[2] is panel
    assert app.tabs.titles[2] == "Strukturelle Befunde"
    assert panel.case == app.case
    app.case_select.value = app.case_select.options[2][1]
    assert panel.case == app.case and panel.cases.value == (app.case,)
    assert register_path.exists()


def test_dashboard_with_a_broken_register_says_so(conference_package, tmp_path):
    broken = tmp_path / "kaputt.db"
    broken.write_text("kein Register", encoding="utf-8")
    app = Planungskonferenz(conference_package, register=broken)
    assert "keine SQLite-Datei" in app.findings_panel.value
    assert app.case is not None


def test_css_classes_for_the_browser(app):
    classes = {c for widget in (app.title, app.save_button, app.confirm_button,
                                app.findings_list, app.message, app.conference_save,
                                app.note_save) for c in widget._dom_classes}
    assert {"kim-finding-title", "kim-finding-save", "kim-finding-confirm",
            "kim-findings-list", "kim-finding-message", "kim-conference-save",
            "kim-note-save"} <= classes
    assert repr(app) == "Befunderfassung (kimtools)"


def test_conference_changed_elsewhere_is_not_overwritten(app, register_path):
    app.conference_save.click()
    with open_register(register_path) as other:
        other.update_conference(app.conference.id, {"place": "Rathaus"})
    app.place.value = "Kreishaus"
    app.conference_save.click()
    assert "anderen Sitzung" in app.conference_message.value
    with open_register(register_path) as other:
        assert other.conferences()[0].place == "Rathaus"
    app.open_button.click()
    assert app.place.value == "Rathaus"
    app.place.value = "Kreishaus"
    app.conference_save.click()
    with open_register(register_path) as other:
        assert other.conferences()[0].place == "Kreishaus"


def test_unsaved_note_survives_the_first_finding(app, package):
    app.set_case(package.case_ids()[0])
    app.note.value = "Entwurf"
    fill(app)
    app.save_button.click()  # creates the conference
    assert app.conference is not None and app.note.value == "Entwurf"


def test_who_is_prefilled_and_recorded(register_path, package):
    app = Befunderfassung(register_path, package, today=TODAY, who="KI Gütersloh")
    assert app.who.value == "KI Gütersloh"
    fill(app)
    app.save_button.click()
    with open_register(register_path) as other:
        [entry] = other.history()
    assert entry.who == "KI Gütersloh"


def test_saving_the_conference_keeps_newer_notes(app, register_path, package):
    case = package.case_ids()[0]
    app.conference_save.click()
    app.set_case(case)
    app.note.value = "Erste Fassung"
    app.note_save.click()
    app.open_button.click()  # the conference as loaded now holds the first version
    app.note.value = "Notiz aus der Konferenz"
    app.note_save.click()
    app.place.value = "Rathaus"
    app.conference_save.click()
    with open_register(register_path) as other:
        [conference] = other.conferences()
    assert conference.place == "Rathaus"
    assert {p.case: p.note for p in conference.cases}[case] == "Notiz aus der Konferenz"


def test_without_a_package_in_jupyterlab(register_path):
    with open_register(register_path, create=True) as other:
        earlier = other.add_conference(Conference(date=dt.date(2026, 10, 20),
                                                  municipality="Verl"))
    app = Befunderfassung(register_path, today=TODAY)
    assert app.conference is None and "ohne Konferenzpaket" in app.evidence.value
    assert earlier.id in [v for _, v in app.conference_select.options]
    app.conference_select.value = earlier.id
    app.open_button.click()
    assert app.conference.id == earlier.id and app.municipality.value == "Verl"
    fill(app, fields=("work",), other_cases="F-AAAAAAAA")
    app.save_button.click()
    [finding] = saved(register_path)
    assert finding.conference_id == earlier.id and finding.cases == ["F-AAAAAAAA"]
    assert finding.evidence is None


def test_opening_another_conference_shows_its_notes(register_path, package):
    app = Befunderfassung(register_path, package, today=TODAY)
    first, second = package.case_ids()[:2]
    app.conference_save.click()
    app.set_case(second)
    app.note.value = "Notiz der ersten Konferenz"
    app.note_save.click()
    app.conference_select.value = "__neu__"
    app.open_button.click()
    app.date.value = dt.date(2026, 12, 1)
    app.conference_save.click()
    assert app.note_case.value == second and app.note.value == ""
    assert "noch nicht gespeichert" not in app.note_message.value
