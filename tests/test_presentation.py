"""Presentation of a conference package: timelines, obstacle tables, case profiles.

Hand-built packages (typed as `load_package` returns them) pin every number; one package made
by the real pseudonymisation from a synthetic caseload checks that every case renders.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import builders
import pandas as pd
import pytest

from kimtools.package import COLUMNS, ConferencePackage, load_package, render_files, write_files
from kimtools.presentation import (
    case_choices,
    case_obstacle_sentence,
    case_obstacles,
    case_profile,
    chart_svg,
    goals_table,
    language_name,
    phase_bands,
    print_timeline,
    recurring_obstacles,
    timeline_chart,
    timeline_html,
    timeline_spec,
    timeline_svg,
    timeline_widget,
)
from kimtools.presentation.timeline import (
    FIELD_COLOURS,
    KIND_SHAPES,
    LANE_LIMIT,
    obstacle_bars,
    time_axis,
)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 10, 1)
GERMAN_TOOLTIPS = {"Zeitpunkt", "Phase", "Art", "Handlungsfeld", "Institution", "Notiz", "von",
                   "bis", "Dauer", "Kategorie", "seit", "gelöst", "Status", "Beschreibung",
                   "Ziel", "vereinbart", "fällig", "Stand"}
LONG_NOTE = ("Termin bei der Ausländerbehörde wieder verschoben; die Klientin wartet seit "
             "Monaten auf die Verlängerung und verliert deshalb fast ihre Stelle im Betrieb, "
             "der Arbeitgeber verlangt eine gültige Erlaubnis bis Monatsende.")


def typed(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table as `load_package` returns it: text as "string", days as Int64 with <NA>."""
    frame = pd.DataFrame(rows, columns=list(COLUMNS[name]))
    for column, kind in COLUMNS[name].items():
        frame[column] = frame[column].astype("object").astype(
            "Int64" if kind == "int" else "string")
    return frame


def case(case_id, label, status, days_open, **values) -> dict:
    return {"case": case_id, "label": label, "municipality": "Verl", "provider": "Caritas",
            "status": status, "days_open": days_open, "age": "30–39", "gender": "weiblich",
            "origin": "Syrien", "arrival": "2016", "household_size": "3",
            "residence_status": "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG",
            "languages": "ar;de", "fields": "residence;language", **values}


def event(case_id, number, day, phase, kind="consultation", field=None, institution=None,
          note="Beratung") -> dict:
    return {"case": case_id, "event": f"E{number:02d}", "day": day, "phase": phase,
            "kind": kind, "field": field, "institution": institution, "note": note}


def obstacle(case_id, number, field, institution, category, since, resolved=None) -> dict:
    return {"case": case_id, "obstacle": f"H{number:02d}", "field": field,
            "institution": institution, "category": category,
            "description": f"Beschreibung {number}", "since_day": since,
            "resolved_day": resolved}


def hand_package() -> ConferencePackage:
    """A: long active case; B: short closed one; C: nothing recorded; D: one solved obstacle."""
    return ConferencePackage(
        manifest={"created": "2026-10-01T10:00:00+02:00", "approval": None},
        cases=typed("cases", [
            case("F-AAAAAAAA", "Klientin A", "active", 400),
            case("F-BBBBBBBB", "Klient B", "closed", 50, gender="männlich", age="*",
                 origin="*", arrival="2021–2023", household_size="*", languages="ps;xx",
                 municipality="*"),
            case("F-CCCCCCCC", "Klient/in C", "paused", 10, household_size="1",
                 languages=None, fields=None),
            case("F-DDDDDDDD", "Klientin D", "active", 30),
        ]),
        persons=typed("persons", [
            {"person": "P-A1", "case": "F-AAAAAAAA", "label": "Klientin A", "role": "client",
             "age": "30–39", "gender": "weiblich"},
            {"person": "P-A2", "case": "F-AAAAAAAA", "label": "Kind A1", "role": "child",
             "age": "3–5", "gender": "männlich"},
            {"person": "P-A3", "case": "F-AAAAAAAA", "label": "Partner A", "role": "partner",
             "age": "40–49", "gender": "männlich"},
            {"person": "P-B1", "case": "F-BBBBBBBB", "label": "Klient B", "role": "client",
             "age": "*", "gender": "männlich"},
            {"person": "P-B2", "case": "F-BBBBBBBB", "label": "Kind B1", "role": "child",
             "age": "6–9", "gender": "weiblich"},
            {"person": "P-C1", "case": "F-CCCCCCCC", "label": "Klient/in C", "role": "client",
             "age": "25–29", "gender": "keine Angabe"},
        ]),
        events=typed("events", [
            event("F-AAAAAAAA", 1, 0, "first_contact", field="residence"),
            event("F-AAAAAAAA", 2, 10, "first_contact", kind="phone"),
            event("F-AAAAAAAA", 3, 30, "assessment", field="language", institution="VHS",
                  note=LONG_NOTE),
            event("F-AAAAAAAA", 4, 90, "agreement"),
            event("F-AAAAAAAA", 5, 120, "monitoring", kind="application", field="residence",
                  institution="Ausländerbehörde"),
            event("F-AAAAAAAA", 6, 300, "monitoring", kind="decision", field="work"),
            event("F-BBBBBBBB", 1, 0, "first_contact"),
            event("F-BBBBBBBB", 2, 20, "assessment", field="residence"),
            event("F-BBBBBBBB", 3, 50, "closure"),
            event("F-DDDDDDDD", 1, 0, "first_contact"),
        ]),
        obstacles=typed("obstacles", [
            obstacle("F-AAAAAAAA", 1, "residence", "Ausländerbehörde", "waiting_time", 20),
            obstacle("F-AAAAAAAA", 2, "language", "VHS", "missing_offer", 40, 100),
            obstacle("F-AAAAAAAA", 3, "residence", "Ausländerbehörde", "waiting_time", 200),
            obstacle("F-BBBBBBBB", 1, "residence", "Ausländerbehörde", "waiting_time", 10),
            obstacle("F-DDDDDDDD", 1, "benefits", "Jobcenter", "responsibility", -5, 7),
        ]),
        goals=typed("goals", [
            {"case": "F-AAAAAAAA", "goal": "Z01", "field": "language",
             "description": "B1-Zertifikat", "agreed_day": 90, "due_day": 300,
             "status": "in_progress"},
            {"case": "F-AAAAAAAA", "goal": "Z02", "field": "work",
             "description": "Arbeitsstelle finden", "agreed_day": 90, "due_day": None,
             "status": "open"},
            {"case": "F-BBBBBBBB", "goal": "Z01", "field": "residence",
             "description": "Aufenthalt gesichert", "agreed_day": None, "due_day": 40,
             "status": "achieved"},
        ]),
    )


@pytest.fixture(scope="module")
def package() -> ConferencePackage:
    return hand_package()


def layers(spec: dict) -> list[dict]:
    """Every unit layer of a (possibly nested) layer spec."""
    found = []
    for layer in spec.get("layer", []):
        found += layers(layer) if "layer" in layer else [layer]
    return found


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def http_references(svg: str) -> list[str]:
    return [u for u in re.findall(r"https?://[^\s\"'<>)]+", svg)
            if not u.startswith("http://www.w3.org/")]


# Privacy boundary -------------------------------------------------------------------------

def test_presentation_imports_only_package_and_codes():
    imported = set()
    for path in (ROOT / "kimtools" / "presentation").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    ours = {m for m in imported if m.split(".")[0] in ("kimtools", "synthetic")}
    assert ours, "the presentation reads packages through kimtools.package"
    # kimtools.lazy: loading a module on first use, standard library only, no data
    assert all(m in ("kimtools", "kimtools.package", "kimtools.codes", "kimtools.durations",
                     "kimtools.lazy")
               or m.startswith("kimtools.presentation") for m in ours), ours


# Phases, obstacles, axis -----------------------------------------------------------------

def test_phase_bands_run_to_next_phase_and_last_to_days_open(package):
    bands = phase_bands(package, "F-AAAAAAAA")
    assert list(bands["Phase"]) == ["Erstberatung", "Bestandsaufnahme",
                                    "Integrationsvereinbarung", "Monitoring"]
    assert list(bands["von Tag"]) == [0, 30, 90, 120]
    assert list(bands["bis Tag"]) == [30, 90, 120, 400]
    closed = phase_bands(package, "F-BBBBBBBB")
    assert list(zip(closed["Phase"], closed["von Tag"], closed["bis Tag"], strict=True)) == [
        ("Erstberatung", 0, 20), ("Bestandsaufnahme", 20, 50), ("Abschluss", 50, 50)]
    assert phase_bands(package, "F-CCCCCCCC").empty


def test_phases_are_ordered_by_their_first_event_not_by_their_code():
    mixed = hand_package()
    mixed.events = typed("events", [
        event("F-AAAAAAAA", 1, 0, "first_contact"), event("F-AAAAAAAA", 2, 50, "assessment"),
        event("F-AAAAAAAA", 3, 20, "monitoring"), event("F-AAAAAAAA", 4, 60, "monitoring")])
    bands = phase_bands(mixed, "F-AAAAAAAA")
    assert list(zip(bands["Phase"], bands["von Tag"], bands["bis Tag"], strict=True)) == [
        ("Erstberatung", 0, 20), ("Monitoring", 20, 50), ("Bestandsaufnahme", 50, 400)]


def test_open_obstacle_bars_end_at_days_open(package):
    bars = obstacle_bars(package, "F-AAAAAAAA")
    assert list(bars["Zeile"]) == ["Aufenthalt · Ausländerbehörde", "Sprache · VHS",
                                   "Aufenthalt · Ausländerbehörde (2)"]
    assert list(bars["bis Tag"]) == [400, 100, 400]
    assert list(bars["Status"]) == ["offen", "gelöst", "offen"]
    assert list(bars["Beschriftung"]) == ["380 Tage, offen", "60 Tage", "200 Tage, offen"]
    closed = obstacle_bars(package, "F-BBBBBBBB")
    assert closed.loc[0, "bis Tag"] == 50  # a closed case's unresolved obstacle ends with it


def test_axis_in_months_for_long_spans_and_weeks_for_short_ones():
    months = time_axis(400, [0, 20, 300], 900)
    assert months.title == "Zeit seit Erstkontakt (Monate)"
    assert "Monat" in months.label_expr
    assert months.start <= 0 and months.end >= 400
    assert all(months.start <= t <= months.end for t in months.ticks)
    assert len(months.ticks) <= 900 // 110 + 1
    weeks = time_axis(50, [0, 10, 40], 900)
    assert weeks.title == "Zeit seit Erstkontakt (Wochen)"
    assert "Woche" in weeks.label_expr
    assert all(t % 7 == 0 for t in weeks.ticks)
    assert time_axis(60, [0, 400], 900).title.endswith("(Monate)")  # a goal due in a year


# The chart -------------------------------------------------------------------------------

def test_chart_embeds_its_data_and_has_german_tooltips(package):
    spec = timeline_spec(package, "F-AAAAAAAA")
    assert "url" not in keys_in(spec)
    assert all(layer["data"].get("name") in spec["datasets"] for layer in layers(spec))
    assert spec["usermeta"]["embedOptions"]["actions"] is False
    tooltip_fields = {t["field"] for layer in layers(spec)
                      for t in layer["encoding"].get("tooltip", [])}
    assert tooltip_fields <= GERMAN_TOOLTIPS
    assert {"Zeitpunkt", "Phase", "Art", "Handlungsfeld", "Institution",
            "Notiz"} <= tooltip_fields
    events = spec["datasets"]["ereignisse"]
    assert events[1]["Art"] == "Telefonat"
    assert events[1]["Handlungsfeld"] == "ohne Handlungsfeld"
    assert events[2]["Institution"] == "VHS"
    assert events[2]["Notiz"].endswith("…") and len(events[2]["Notiz"]) <= 140
    assert LONG_NOTE.startswith(events[2]["Notiz"][:-1])
    assert [e["Phase"] for e in events] == ["Erstberatung", "Erstberatung",
                                           "Bestandsaufnahme", "Integrationsvereinbarung",
                                           "Monitoring", "Monitoring"]
    bars = spec["datasets"]["huerden"]
    assert [b["Status"] for b in bars] == ["offen", "gelöst", "offen"]
    assert [b["gelöst"] for b in bars] == ["noch offen", "Tag 100", "noch offen"]
    goals = spec["datasets"]["ziele"]
    assert goals == [{"Zeile": "Ziele", "Handlungsfeld": "Sprache", "Ziel": "B1-Zertifikat",
                      "vereinbart": "Tag 90", "fällig Tag": 300, "fällig": "Tag 300",
                      "Status": "in Arbeit"}]
    assert timeline_spec(package, "F-BBBBBBBB")["datasets"]["ziele"][0]["vereinbart"] == "–"
    legends = {layer["encoding"][channel]["legend"]["title"]
               for layer in layers(spec) for channel in ("color", "shape")
               if (layer["encoding"].get(channel) or {}).get("legend")}
    assert legends == {"Phase", "Handlungsfeld", "Art des Ereignisses", "Hürde",
                       "Ziel (fällig)"}
    config = spec["config"]
    assert config["axis"]["labelFontSize"] >= 14 and config["axis"]["titleFontSize"] >= 16
    assert config["legend"]["labelFontSize"] >= 14 and config["title"]["fontSize"] >= 16
    assert spec["title"]["text"] == "Klientin A – F-AAAAAAAA"


def test_open_obstacles_are_drawn_differently(package):
    spec = timeline_spec(package, "F-AAAAAAAA")
    rect = next(layer for layer in layers(spec) if layer["data"]["name"] == "huerden"
                and layer["mark"]["type"] == "rect")
    colour = rect["encoding"]["color"]
    assert colour["legend"]["title"] == "Hürde"
    fill = dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True))
    assert fill["offen"] != fill["gelöst"]
    width = rect["encoding"]["strokeWidth"]
    outline = dict(zip(width["scale"]["domain"], width["scale"]["range"], strict=True))
    assert width["field"] == "Status" and outline["offen"] > outline["gelöst"]
    dashed = [layer for layer in layers(spec) if layer["data"]["name"] == "huerden"
              and layer["mark"]["type"] == "rule"]
    assert dashed and dashed[0]["mark"]["strokeDash"]


def test_rows_one_per_obstacle_and_notes_for_empty_lanes(package):
    spec = timeline_spec(package, "F-AAAAAAAA")
    y = next(layer["encoding"]["y"] for layer in layers(spec) if "y" in layer["encoding"]
             and layer["encoding"]["y"].get("field") == "Zeile")
    assert y["scale"]["domain"] == ["Phasen", "Ereignisse", "Aufenthalt · Ausländerbehörde",
                                    "Sprache · VHS", "Aufenthalt · Ausländerbehörde (2)",
                                    "Ziele"]
    empty = timeline_spec(package, "F-CCCCCCCC")
    notes = [row["Hinweis"] for row in empty["datasets"]["leer"]]
    assert notes == ["keine Hürden erfasst", "keine Ziele mit Fälligkeit erfasst"]


def test_svg_renders_offline_with_german_axis(package):
    svg = timeline_svg(package, "F-AAAAAAAA")
    assert svg.startswith("<svg")
    assert "Zeit seit Erstkontakt (Monate)" in svg
    assert "Monat 0" in svg and "380 Tage, offen" in svg
    assert "heute: Tag 400" in svg
    assert http_references(svg) == []
    short = timeline_svg(package, "F-BBBBBBBB")
    assert "Zeit seit Erstkontakt (Wochen)" in short and "Woche 0" in short
    assert "Fallende: Tag 50" in short
    assert timeline_svg(package, "F-CCCCCCCC").startswith("<svg")


def test_printed_timeline_has_its_legends_apart_and_no_title(package):
    printed = print_timeline(package, "F-AAAAAAAA")
    legends = {legend.title: legend.entries for legend in printed.legends}
    assert list(legends) == ["Phase", "Handlungsfeld", "Art des Ereignisses", "Hürde",
                             "Ziel (fällig)"]
    assert [e.label for e in legends["Phase"]] == ["Erstberatung", "Bestandsaufnahme",
                                                   "Integrationsvereinbarung", "Monitoring"]
    fields = {e.label: e.colour for e in legends["Handlungsfeld"]}
    assert fields["Aufenthalt"] == FIELD_COLOURS["residence"]
    assert fields["Arbeit"] == FIELD_COLOURS["work"]
    kinds = {e.label: e.shape for e in legends["Art des Ereignisses"]}
    assert kinds["Telefonat"] == KIND_SHAPES["phone"] and kinds["Antrag"] == "diamond"
    hurdles = {e.label: (e.colour, e.shape) for e in legends["Hürde"]}
    assert set(hurdles) == {"offen", "gelöst"} and {s for _, s in hurdles.values()} == {"bar"}
    assert hurdles["offen"][0] != hurdles["gelöst"][0]
    svg = printed.svg
    assert "Zeit seit Erstkontakt (Monate)" in svg and "380 Tage, offen" in svg
    assert "Klientin A" not in svg and "Art des Ereignisses" not in svg
    assert all(colour in svg for colour in fields.values())
    screen = timeline_svg(package, "F-AAAAAAAA")
    assert "Klientin A – F-AAAAAAAA" in screen and "Art des Ereignisses" in screen


def test_long_lane_labels_are_cut_at_a_word(package):
    long = hand_package()
    long.obstacles = typed("obstacles", [obstacle(
        "F-AAAAAAAA", 1, "documents", "Botschaft der Demokratischen Republik Kongo in Berlin",
        "waiting_time", 20)])
    lane = obstacle_bars(long, "F-AAAAAAAA").loc[0, "Zeile"]
    assert lane == "Pass und Dokumente · Botschaft der…" and len(lane) <= LANE_LIMIT


def test_unknown_case_is_a_clear_error(package):
    with pytest.raises(KeyError, match="F-ZZZZZZZZ ist nicht im Konferenzpaket"):
        timeline_chart(package, "F-ZZZZZZZZ")


def test_widget_is_offline_or_says_what_is_missing(package):
    if importlib.util.find_spec("anywidget") is None:
        with pytest.raises(ImportError, match="anywidget"):
            timeline_widget(package, "F-AAAAAAAA")
        return
    widget = timeline_widget(package, "F-AAAAAAAA")
    assert not re.search(r"""import[^;]*?from\s*["']https?://""", widget._esm)
    assert widget.spec["usermeta"]["embedOptions"]["actions"] is False


@pytest.mark.slow
def test_standalone_html_bundles_vega(package):
    html = timeline_html(package, "F-AAAAAAAA")
    assert not re.search(r"""<script[^>]+src=["']https?://""", html)
    assert "Zeit seit Erstkontakt" in html


# Obstacle tables and sentences -----------------------------------------------------------

def test_case_obstacles_open_first_then_longest(package):
    table = case_obstacles(package, "F-AAAAAAAA")
    assert list(table.columns) == ["Handlungsfeld", "Institution", "Kategorie", "Dauer",
                                   "Status", "seit"]
    assert table.to_dict(orient="list") == {
        "Handlungsfeld": ["Aufenthalt", "Aufenthalt", "Sprache"],
        "Institution": ["Ausländerbehörde", "Ausländerbehörde", "VHS"],
        "Kategorie": ["Wartezeit", "Wartezeit", "fehlendes Angebot"],
        "Dauer": ["380 Tage", "200 Tage", "60 Tage"], "Status": ["offen", "offen", "gelöst"],
        "seit": ["Tag 20", "Tag 200", "Tag 40"]}
    assert case_obstacles(package, "F-CCCCCCCC").empty


def at_resolution(package, resolution: str):
    """The same package as one whose cases were released at ``resolution``."""
    shown = dataclasses.replace(package, manifest=dict(package.manifest))
    shown.manifest["cases"] = [{"case": case, "time_resolution": resolution}
                               for case in package.cases["case"]]
    return shown


def test_durations_at_the_case_time_resolution_not_in_days(package):
    monthly = at_resolution(package, "month")
    table = case_obstacles(monthly, "F-AAAAAAAA")
    assert list(table["Dauer"]) == ["12 Monate", "7 Monate", "2 Monate"]
    assert list(table["seit"]) == ["Monat 2", "Monat 8", "Monat 2"]
    assert case_obstacle_sentence(monthly, "F-AAAAAAAA").endswith(
        "Ausländerbehörde, Wartezeit, 12 Monate (offen)")
    assert list(goals_table(monthly, "F-AAAAAAAA")["vereinbart"])[0].startswith("Monat ")
    recurring = recurring_obstacles(at_resolution(package, "quarter"))
    assert recurring.loc[0, "längste Dauer"] == "4 Quartale"
    phases = at_resolution(package, "phase")
    assert set(case_obstacles(phases, "F-AAAAAAAA")["Dauer"]) == {"ohne Zeitangabe"}
    assert case_obstacle_sentence(phases, "F-AAAAAAAA") == (
        "3 Hürden, davon 2 offen; Ausländerbehörde: Wartezeit, offen")
    assert case_obstacle_sentence(phases, "F-DDDDDDDD") == "1 Hürde, davon keine offen"
    everything = " ".join(case_obstacles(monthly, "F-AAAAAAAA").to_numpy().ravel())
    assert "Tag" not in everything


@pytest.mark.parametrize(("case_id", "sentence"), [
    ("F-AAAAAAAA", "3 Hürden, davon 2 offen; längste: Ausländerbehörde, Wartezeit, 380 Tage "
                   "(offen)"),
    ("F-BBBBBBBB", "1 Hürde, davon 1 offen; Ausländerbehörde, Wartezeit, 40 Tage"),
    ("F-CCCCCCCC", "keine Hürden erfasst"),
    ("F-DDDDDDDD", "1 Hürde, davon keine offen; Jobcenter, Zuständigkeit, 12 Tage"),
])
def test_obstacle_sentence_wording(package, case_id, sentence):
    assert case_obstacle_sentence(package, case_id) == sentence


def test_recurring_obstacles_across_cases(package):
    table = recurring_obstacles(package)
    assert list(table.columns)[:7] == ["Institution", "Kategorie", "Fälle", "Hürden",
                                       "davon offen", "Median Dauer", "längste Dauer"]
    rows = table.drop(columns="Handlungsfelder").astype(object).values.tolist()
    assert rows == [
        ["Ausländerbehörde", "Wartezeit", 2, 3, 3, "200 Tage", "380 Tage"],
        ["VHS", "fehlendes Angebot", 1, 1, 0, "60 Tage", "60 Tage"],
        ["Jobcenter", "Zuständigkeit", 1, 1, 0, "12 Tage", "12 Tage"],
    ]
    assert table.loc[0, "Handlungsfelder"] == "Aufenthalt"


def test_recurring_obstacles_of_a_package_without_any(package):
    empty = hand_package()
    empty.obstacles = typed("obstacles", [])
    table = recurring_obstacles(empty)
    assert table.empty and "Fälle" in table.columns


def test_goals_table_in_german(package):
    table = goals_table(package, "F-AAAAAAAA")
    assert list(table.columns) == ["Handlungsfeld", "Ziel", "vereinbart", "fällig", "Status"]
    assert list(table["Status"]) == ["in Arbeit", "offen"]
    assert table.loc[1, "fällig"] == ""
    assert goals_table(package, "F-CCCCCCCC").empty


# Profile ---------------------------------------------------------------------------------

def test_profile_of_a_case(package):
    profile = case_profile(package, "F-AAAAAAAA")
    assert list(profile) == ["Pseudonym", "Bezeichnung", "Alter", "Geschlecht", "Herkunft",
                             "Einreise", "Haushalt", "Aufenthaltsstatus", "Sprachen",
                             "Kommune", "Träger", "Status", "Dauer", "Handlungsfelder"]
    assert profile["Pseudonym"] == "F-AAAAAAAA"
    assert profile["Bezeichnung"] == "Klientin A"
    assert profile["Alter"] == "30–39 Jahre"
    assert profile["Haushalt"] == ("3 Personen: Klientin A; Kind A1, 3–5 Jahre; "
                                   "Partner A, 40–49 Jahre")
    assert profile["Sprachen"] == "Arabisch, Deutsch"
    assert profile["Status"] == "aktiv"
    assert profile["Dauer"] == "seit 400 Tagen (1 Jahr 1 Monat)"
    assert profile["Handlungsfelder"] == "Aufenthalt, Sprache"


def test_profile_keeps_suppressed_values_suppressed(package):
    profile = case_profile(package, "F-BBBBBBBB")
    assert profile["Alter"] == "nicht angegeben (Datenschutz)"
    assert profile["Herkunft"] == "nicht angegeben (Datenschutz)"
    assert profile["Einreise"] == "2021–2023"
    # the members would give away the suppressed household size
    assert profile["Haushalt"] == "Größe nicht angegeben (Datenschutz)"
    assert profile["Sprachen"] == "Paschtu, xx"
    assert profile["Dauer"] == "50 Tage (7 Wochen), abgeschlossen"
    other = case_profile(package, "F-CCCCCCCC")
    assert other["Sprachen"] == "keine Angabe"
    assert other["Handlungsfelder"] == "keine Angabe"
    assert other["Status"] == "ruhend"
    assert other["Dauer"] == "seit 10 Tagen"
    assert other["Haushalt"] == "1 Person: Klient/in C"


def test_language_names():
    assert language_name("uk") == "Ukrainisch"
    assert language_name("TI") == "Tigrinja"
    assert language_name("deu") == "Deutsch"
    assert language_name("zz") == "zz"
    assert language_name("Niger-Kongo") == "Niger-Kongo"  # a family as the package shows it


def test_case_choices(package):
    assert case_choices(package) == [
        ("Klientin A – F-AAAAAAAA – Verl", "F-AAAAAAAA"),
        ("Klient B – F-BBBBBBBB", "F-BBBBBBBB"),
        ("Klient/in C – F-CCCCCCCC – Verl", "F-CCCCCCCC"),
        ("Klientin D – F-DDDDDDDD – Verl", "F-DDDDDDDD"),
    ]


# Through the files -----------------------------------------------------------------------

def test_written_and_loaded_package_presents_the_same(package, tmp_path):
    loaded = load_package(write_files(render_files(package, builders.signing_key()),
                                      tmp_path / "paket.zip"))
    for case_id in package.case_ids():
        pd.testing.assert_frame_equal(case_obstacles(loaded, case_id),
                                      case_obstacles(package, case_id))
        assert case_profile(loaded, case_id) == case_profile(package, case_id)
        assert (timeline_chart(loaded, case_id).to_dict(validate=False)
                == timeline_chart(package, case_id).to_dict(validate=False))
    pd.testing.assert_frame_equal(recurring_obstacles(loaded), recurring_obstacles(package))


@pytest.fixture(scope="module")
def synthetic_package(tmp_path_factory) -> ConferencePackage:
    """A package made the real way: synthetic caseload, pseudonymisation, leak gate, files."""
    built = builders.synthetic_package(tmp_path_factory.mktemp("praesentation"), cases=120,
                                       seed=11, count=6, k=1, day=AS_OF, district=None,
                                       approved_by=None,
                                       package_name="paket")
    return load_package(built.package)


def test_every_case_of_a_pseudonymised_package_renders(synthetic_package):
    assert len(synthetic_package.case_ids()) == 6
    for case_id in synthetic_package.case_ids():
        chart = timeline_chart(synthetic_package, case_id)
        assert "url" not in keys_in(chart.to_dict(validate=False))
        svg = chart_svg(chart)
        assert svg.startswith("<svg") and "Zeit seit Erstkontakt" in svg
        assert http_references(svg) == []
        table = case_obstacles(synthetic_package, case_id)
        assert case_obstacle_sentence(synthetic_package, case_id)
        # released at weeks, months, quarters or phases: no day numbers, no negative spans
        assert not table["Dauer"].str.contains("Tag|-", regex=True).any()
        assert set(case_profile(synthetic_package, case_id)) >= {"Pseudonym", "Dauer"}
        goals_table(synthetic_package, case_id)
    table = recurring_obstacles(synthetic_package)
    assert table["Hürden"].sum() == len(synthetic_package.obstacles)
    assert table["Fälle"].is_monotonic_decreasing


def test_profile_shows_the_duration_at_the_case_time_resolution(package):
    manifest = {**package.manifest, "cases": [
        {"case": "F-AAAAAAAA", "time_resolution": "month"},
        {"case": "F-BBBBBBBB", "time_resolution": "phase"}]}
    coarse = dataclasses.replace(package, manifest=manifest)
    assert case_profile(coarse, "F-AAAAAAAA")["Dauer"] == "1 Jahr 1 Monat seit Erstkontakt"
    assert case_profile(coarse, "F-BBBBBBBB")["Dauer"].startswith("nur Phasen")
    assert case_profile(coarse, "F-CCCCCCCC")["Dauer"] == "seit 10 Tagen"  # no resolution


def test_timeline_speaks_in_the_case_time_resolution(package):
    monthly = at_resolution(package, "month")
    bars = obstacle_bars(monthly, "F-AAAAAAAA")
    assert list(bars["Beschriftung"]) == ["12 Monate, offen", "2 Monate", "7 Monate, offen"]
    assert list(bars["seit"]) == ["Monat 2", "Monat 2", "Monat 8"]
    spec = timeline_spec(monthly, "F-AAAAAAAA")
    tooltips = {t["field"] for layer in layers(spec)
                for t in layer["encoding"].get("tooltip", [])}
    assert not tooltips & {"Tag", "seit Tag", "Tage", "fällig Tag", "von Tag", "bis Tag"}
    assert "Tage" not in json.dumps(spec["title"], ensure_ascii=False)
    assert time_axis(60, [0, 90], 900, "month").title.endswith("(Monate)")  # not weeks
    assert time_axis(60, [0, 900], 900, "quarter").title.endswith("(Quartale)")


def phases_only(package):
    """The package as the pseudonymisation writes a "phases only" case: no day anywhere."""
    shown = at_resolution(package, "phase")
    frames = {}
    for name in ("cases", "events", "obstacles", "goals"):
        frame = getattr(shown, name).copy()
        for column in [c for c in frame.columns if c.endswith("day") or c == "days_open"]:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
        frames[name] = frame
    return dataclasses.replace(shown, **frames)


def test_phases_only_case_shows_order_lanes_and_open_obstacles_without_a_scale(package):
    phases = phases_only(package)
    spec = timeline_spec(phases, "F-AAAAAAAA")
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert all(e["x"]["type"] == "nominal" for e in encodings)
    assert not any(e[channel].get("type") == "quantitative" for e in encodings
                   for channel in e if isinstance(e[channel], dict))
    x_domain = encodings[0]["x"]["scale"]["domain"]
    assert x_domain == ["Phase 1 · Erstberatung", "Phase 2 · Bestandsaufnahme",
                        "Phase 3 · Integrationsvereinbarung", "Phase 4 · Monitoring", "offen"]
    assert encodings[0]["y"]["scale"]["domain"] == ["Phasen", "VHS", "Ausländerbehörde",
                                                    "ohne Stelle"]
    rows = [row for data in spec["datasets"].values() for row in data]
    marks = [row for row in rows if row.get("Spalte") == "offen"]
    assert {(r["Zeile"], r["Beschriftung"]) for r in marks} == {
        ("Ausländerbehörde", "2 offen"), ("VHS", "fehlendes Angebot")}
    numbers = {value for row in rows for key, value in row.items()
               if isinstance(value, int | float) and key != "Anzahl"}
    assert numbers == set()  # nothing that adds up to a day or a duration
    assert "<svg" in timeline_svg(phases, "F-AAAAAAAA")
    (legend,) = print_timeline(phases, "F-BBBBBBBB").legends
    assert [e.shape for e in legend.entries] == ["circle", "bar"]


def test_a_timed_case_keeps_its_time_axis(package):
    spec = timeline_spec(at_resolution(package, "month"), "F-AAAAAAAA")
    assert any(layer["encoding"]["x"].get("type") == "quantitative" for layer in spec["layer"])


def test_course_without_a_duration_reads_as_german():
    from kimtools.presentation.timeline import _course

    assert _course("14 Monate") == "Verlauf über 14 Monate"
    assert _course("ohne Zeitangabe") == "Verlauf ohne Zeitangabe"


def test_long_phase_names_break_at_their_joint_and_stay_inside_their_column(package):
    from kimtools.presentation.phase_timeline import band_label

    assert band_label("Bestandsaufnahme") == "Bestands-\naufnahme"
    assert band_label("Integrationsvereinbarung") == "Integrations-\nvereinbarung"
    assert [band_label(p) for p in ("Erstberatung", "Monitoring", "Abschluss")] == [
        "Erstberatung", "Monitoring", "Abschluss"]
    spec = timeline_spec(phases_only(package), "F-AAAAAAAA")
    one, two = [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"
                and layer["encoding"]["text"]["field"] == "Aufschrift"]
    assert (one["mark"].get("dy", 0), two["mark"]["dy"]) == (0, -7)  # two lines centred
    band_text = two
    columns = len(spec["layer"][0]["encoding"]["x"]["scale"]["domain"])
    assert band_text["mark"]["lineBreak"] == "\n"
    assert band_text["mark"]["limit"] <= spec["width"] / columns
    longest = max(len(line) for row in spec["datasets"][band_text["data"]["name"]]
                  for line in row["Aufschrift"].split("\n"))
    # DejaVu Sans averages about 0.6 em per letter: the longest line fits its column
    assert longest * band_text["mark"]["fontSize"] * 0.6 <= spec["width"] / columns
