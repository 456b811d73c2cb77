"""Phrases that single a person out by meaning: flagged, decided by the case manager, counted.

Detection on hand-written sentences (not generated), the decisions applied to the package
text, the manifest's counts without any text, and the way through the review: the widget
(driven as ipywidgets' own tests do) and the command line with a decisions file for Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from builders import filled_decisions
from clock import on_day
from typer.testing import CliRunner

from kimtools.caseload import read_caseload
from kimtools.cli import app
from kimtools.package import load_package
from kimtools.privacy.decisionfile import (
    HEADER,
    DecisionFileError,
    read_decisions,
    write_decisions,
)
from kimtools.privacy.decisions import (
    Decision,
    OpenFlags,
    decide,
    decided_text,
    flag_key,
    listed_flags,
    open_flags,
)
from kimtools.privacy.flags import KINDS, find_flags
from kimtools.privacy.keys import load_or_create_key
from kimtools.privacy.pseudonymise import prepare_package, write_package
from kimtools.widgets.preparation import Fallvorbereitung
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2026, 11, 1)

# Hand-written, as case managers write; (sentence, the phrase that must be inside a flag, kind).
SINGLING_OUT = [
    ("Herr A. ist der einzige Zahnarzt aus Syrien in der Stadt.", "einzige Zahnarzt",
     "occupation"),
    ("Sie ist die einzige Ärztin aus Eritrea im Kreis.", "einzige Ärztin", "occupation"),
    ("Er ist der einzige Jeside in Verl.", "einzige Jeside", "unique"),
    ("Das einzige Kind mit Rollstuhl an der Grundschule Süd.", "einzige Kind", "unique"),
    ("Sie war als Erste aus ihrem Dorf an einer Universität.", "als Erste", "unique"),
    ("Er hat als erster Geflüchteter in Harsewinkel den Meister gemacht.", "als erster",
     "unique"),
    ("Die erste Frau aus Afghanistan in Verl mit Führerschein.", "erste Frau", "unique"),
    ("Meisterin bei Miele, Schichtleitung in der Montage.", "Meisterin bei Miele",
     "occupation"),
    ("Zahnarzt aus Syrien, Approbation läuft.", "Zahnarzt aus Syrien", "occupation"),
    ("In Syrien als Richter gearbeitet, jetzt Helfer im Lager.", "als Richter", "occupation"),
    ("War syrischer Pilot bei der Luftwaffe.", "syrischer Pilot", "occupation"),
    ("Die Ehefrau ist Lehrerin aus Kabul.", "Lehrerin aus Kabul", "occupation"),
    ("Er ist Vorbeter der Moscheegemeinde Nord.", "Vorbeter", "religious_office"),
    ("Der Imam der Gemeinde hat beim Umzug geholfen.", "Imam", "religious_office"),
    ("Vater war Pfarrer in Aleppo.", "Pfarrer", "religious_office"),
    ("Sie ist Diakonin der koptischen Gemeinde.", "Diakonin", "religious_office"),
    ("Der Bruder ist Pope in der serbisch-orthodoxen Kirche.", "Pope", "religious_office"),
    ("Sie arbeitet seit Mai bei Bertelsmann im Lager.", "bei Bertelsmann", "employer"),
    ("Minijob bei Storck in Halle seit März.", "bei Storck", "employer"),
    ("Er hat einen Arbeitsvertrag bei der Firma Beckhoff unterschrieben.", "Beckhoff",
     "employer"),
    ("Die Familie stammt aus dem Dorf Kafr Nabl.", "Kafr Nabl", "home_village"),
    ("Sein Heimatdorf Tal Abyad wurde zerstört.", "Heimatdorf Tal Abyad", "home_village"),
    ("Geburtsort Qamishli, Kurdengebiet.", "Geburtsort Qamishli", "home_village"),
    ("Stammt aus einem kleinen Dorf namens Deir Mama.", "Deir Mama", "home_village"),
]

CLEAN = [
    "Antrag auf Verlängerung der Aufenthaltserlaubnis bei der Ausländerbehörde eingereicht.",
    "Gespräch mit der Klassenlehrerin; die Versetzung ist gefährdet.",
    "Die erste Beratung fand im Jobcenter statt.",
    "Kostenübernahme für Dolmetscher bei Psychotherapie abgelehnt.",
    "Einzige offene Frage ist die Kinderbetreuung.",
    "Die einzige offene Frage bleibt die Wohnung.",
    "Der einzige Integrationskurs mit Kinderbetreuung ist voll.",
    "Anmeldung zum Integrationskurs bei der VHS; Kursbeginn im März.",
    "Als erstes wurde der Antrag auf Wohngeld gestellt.",
    "Als erste Maßnahme ist ein Sprachkurs vereinbart.",
    "Antrag auf Anerkennung als Ärztin bei der Bezirksregierung gestellt.",
    "Sachbearbeiterin beim Jobcenter ist erkrankt; Termin verschoben.",
    "Bewerbung bei [Firma] vorbereitet, Rückmeldung steht aus.",
    "Die Familie wohnt seit drei Jahren in der Kommune.",
]


def test_at_least_nine_in_ten_singling_out_phrases_are_flagged():
    found = []
    for sentence, phrase, kind in SINGLING_OUT:
        flags = find_flags(sentence)
        hit = [f for f in flags if phrase in f.phrase]
        found.append(bool(hit) and hit[0].kind == kind)
        for flag in flags:
            assert sentence[flag.start:flag.end] == flag.phrase
            assert flag.label == KINDS[flag.kind] and flag.suggestion
    assert sum(found) / len(found) >= 0.9, [s for (s, _, _), ok in
                                            zip(SINGLING_OUT, found, strict=True) if not ok]


@pytest.mark.parametrize("sentence", CLEAN)
def test_clean_domain_sentences_are_not_flagged(sentence):
    assert find_flags(sentence) == []


@pytest.mark.parametrize(("sentence", "phrase", "kind"), [
    # the name is gone, what is left still narrows the person down
    ("Er stammt aus einem Bergdorf bei [Herkunftsort] im Norden.", "Bergdorf bei [Herkunftsort]",
     "home_village"),
    ("Seit Oktober Ausbildung bei [Firma] als Elektroniker.", "Ausbildung bei [Firma]",
     "employer"),
    ("Er ist Vorarbeiter bei [Firma].", "Vorarbeiter bei [Firma]", "employer"),
    ("Neue Anstellung bei Hagedorn seit dem Sommer.", "bei Hagedorn", "employer"),
    # a role in a community named just before
    ("Die Familie geht in die koptische Kirche; dort leitet er den Jugendchor.",
     "dort leitet er den Jugendchor", "religious_office"),
    ("Sie ist im Tempel aktiv, außerdem organisiert sie dort die Kochgruppe.",
     "organisiert sie dort die Kochgruppe", "religious_office"),
])
def test_phrases_whose_name_is_replaced_are_still_flagged(sentence, phrase, kind):
    hit = [f for f in find_flags(sentence) if phrase in f.phrase]
    assert hit and hit[0].kind == kind


@pytest.mark.parametrize("sentence", [
    "Er arbeitet seit März bei [Firma] im Lager.",     # a workforce, not a person
    "Minijob bei [Firma], 10 Stunden.",
    "Die Familie stammt aus [Herkunftsort].",
    "Im Sportverein leitet sie dort die Jugendgruppe.",  # no community of faith
])
def test_replaced_names_without_a_narrowing_role_are_not_flagged(sentence):
    assert find_flags(sentence) == []


def test_suggestions_keep_the_sentence_readable():
    flag, = find_flags("In Syrien als Zahnarzt gearbeitet.")
    assert flag.suggestion == "als Fachkraft im Gesundheitswesen"
    flag, = find_flags("Er ist der einzige Zahnarzt aus Eritrea in Rheda.")
    assert flag.suggestion == "eine Fachkraft im Gesundheitswesen"


# -- the draft, its decisions and the manifest ------------------------------------------------

PLANTED = ("Er ist der einzige Zahnarzt aus Syrien in der Stadt; "
           "seit Mai Vorbeter der Moscheegemeinde Nord.")


@pytest.fixture(scope="module")
def caseload_dir(tmp_path_factory) -> Path:
    """A synthetic caseload whose first consenting case carries the planted note."""
    folder = write_synthetic_caseload(tmp_path_factory.mktemp("flags") / "caseload", cases=40,
                                      seed=11, as_of=AS_OF)
    cases = pd.read_csv(folder / "cases.csv", dtype=str, keep_default_na=False)
    chosen = cases.loc[cases["consent_conference"] == "yes", "case_id"].iloc[0]
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    row = events.index[events["case_id"] == chosen][0]
    events.loc[row, "note"] = PLANTED
    events.to_csv(folder / "events.csv", index=False)
    (folder / "chosen.txt").write_text(chosen, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def chosen(caseload_dir) -> str:
    return (caseload_dir / "chosen.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def caseload(caseload_dir):
    return read_caseload(caseload_dir, today=AS_OF)


def make_draft(caseload, chosen, tmp_path):
    key = load_or_create_key(tmp_path / "traeger.key")
    return prepare_package(caseload, [chosen], key, k=1, as_of=AS_OF)


def planted(draft):
    return [(c, r, f) for c, r, f in listed_flags(draft) if r.scrubbed.startswith("Er ist")]


def test_the_planted_note_is_flagged_and_blocks_approval(caseload, chosen, tmp_path):
    draft = make_draft(caseload, chosen, tmp_path)
    kinds = [f.kind for _, _, f in planted(draft)]
    assert kinds == ["occupation", "religious_office"]
    with pytest.raises(OpenFlags) as refused:
        draft.approve("Erika Mustermann")
    assert "nicht entschieden" in str(refused.value) and chosen in str(refused.value)
    assert draft.package.manifest["approval"] is None
    with pytest.raises(OpenFlags):
        write_package(draft, tmp_path / "paket", caseload)
    assert not (tmp_path / "paket").exists()


def test_decisions_change_the_package_text_and_the_manifest_counts_only(caseload, chosen,
                                                                        tmp_path):
    draft = make_draft(caseload, chosen, tmp_path)
    (case, review, unique), (_, _, office) = planted(draft)
    decide(draft, {flag_key(case, review, unique): Decision("generalise"),
                   flag_key(case, review, office): Decision("delete")})
    text = decided_text(draft, case, review)
    assert text == "Er ist eine Fachkraft im Gesundheitswesen; seit Mai."
    rest = {flag_key(*e): Decision("keep", "im Team besprochen") for e in open_flags(draft)}
    decide(draft, rest)
    draft.approve("Erika Mustermann")
    path = write_package(draft, tmp_path / "paket", caseload)
    package = load_package(path)
    assert text in set(package.events["note"].dropna())
    written = "".join(p.read_text(encoding="utf-8") for p in path.iterdir())
    assert "einzige Zahnarzt" not in written and "Vorbeter" not in written
    counts = package.manifest["flags"]
    assert counts["occupation"]["generalise"] >= 1
    assert counts["religious_office"]["delete"] == 1
    assert sum(n for kind in counts.values() for n in kind.values()) == len(listed_flags(draft))
    manifest = (path / "manifest.json").read_text(encoding="utf-8")
    for _, _, flag in listed_flags(draft):
        assert flag.phrase not in manifest
    assert "im Team besprochen" not in manifest


def test_a_kept_flag_needs_a_reason_and_an_edited_text_replaces_the_phrase(caseload, chosen,
                                                                          tmp_path):
    draft = make_draft(caseload, chosen, tmp_path)
    (case, review, unique), (_, _, office) = planted(draft)
    with pytest.raises(ValueError, match="Begründung"):
        decide(draft, {flag_key(case, review, unique): Decision("keep")})
    assert draft.decisions == {}
    decide(draft, {flag_key(case, review, unique): Decision("generalise", "",
                                                            "im Gesundheitsbereich tätig"),
                   flag_key(case, review, office): Decision("keep", "allgemein bekannt")})
    assert decided_text(draft, case, review) == (
        "Er ist im Gesundheitsbereich tätig; seit Mai Vorbeter der Moscheegemeinde Nord.")


# -- the widget --------------------------------------------------------------------------------

def test_widget_enables_writing_only_after_every_flag_is_decided(caseload_dir, chosen,
                                                                 tmp_path):
    ui = Fallvorbereitung(caseload_dir, key_file=tmp_path / "traeger.key", today=AS_OF)
    ui.consent_only.value = False
    ui.case_list.value = (chosen,)
    ui.k.value = 1
    ui.pseudonymise_button.click()
    assert ui.draft is not None
    panel = ui.flag_panel
    assert panel.open_count >= 2
    assert any("Zahnarzt" in label for label, _ in panel.flags.options)
    ui.approved_by.value = "Erika Mustermann"
    ui.confirmed.value = True
    ui.out_path.value = str(tmp_path / "paket")
    assert ui.write_button.disabled
    assert "Markierung" in ui.write_hint.value
    # "keep" without a reason is refused and leaves the flag open
    panel.flags.value = 0
    panel.action.value = "keep"
    panel.reason.value = ""
    panel.decide_button.click()
    assert "Begründung" in panel.message.value
    before = panel.open_count
    panel.reason.value = "im Team besprochen"
    panel.decide_button.click()
    assert panel.open_count == before - 1
    while panel.open_count:
        panel.action.value = "delete"
        panel.decide_button.click()
    assert "offen: 0" in panel.status.value
    assert not ui.write_button.disabled
    with on_day(AS_OF):
        ui.write_button.click()
    assert ui.written is not None, ui.write_result.value
    manifest = load_package(ui.written).manifest
    assert sum(n for kind in manifest["flags"].values() for n in kind.values()) == len(
        panel.flags.options)


# -- the command line and the decisions file ---------------------------------------------------

def run(*args: str):
    with on_day(AS_OF):
        return CliRunner().invoke(app, list(args))


def test_cli_without_decisions_lists_the_open_flags_and_writes_nothing(caseload_dir, chosen,
                                                                       tmp_path):
    result = run("pseudonymise", str(caseload_dir), "--cases", chosen, "--k", "1",
                 "--out", str(tmp_path / "paket"), "--key-file", str(tmp_path / "k.key"),
                 "--approved-by", "Erika Mustermann")
    assert result.exit_code == 2, result.output
    assert "Markierung „Beruf mit Herkunft oder Arbeitgeber“ nicht entschieden" in result.output
    assert "kimtools markierungen" in result.output and "Nichts geschrieben" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "paket").exists()


def test_cli_with_a_filled_decisions_file_writes_an_approved_package(caseload_dir, chosen,
                                                                     tmp_path):
    decisions = filled_decisions(caseload_dir, chosen, tmp_path / "d" / "entscheidungen.csv",
                                 AS_OF, action="löschen")
    result = run("pseudonymise", str(caseload_dir), "--cases", chosen, "--k", "1",
                 "--out", str(tmp_path / "paket"), "--key-file", str(tmp_path / "k.key"),
                 "--approved-by", "Erika Mustermann", "--decisions", str(decisions))
    assert result.exit_code == 0, result.output
    package = load_package(tmp_path / "paket")
    assert package.approved
    assert package.manifest["flags"]["religious_office"] == {"delete": 1}
    assert not any("Vorbeter" in str(n) for n in package.events["note"])


def test_decisions_file_opens_in_excel_and_is_formula_safe(caseload, chosen, tmp_path):
    draft = make_draft(caseload, chosen, tmp_path)
    case, review, flag = planted(draft)[0]
    review.flags[0] = type(flag)(flag.start, flag.end, flag.phrase, flag.kind, "=HYPERLINK(1)")
    out = tmp_path / "entscheidungen.csv"
    assert write_decisions(draft, out) == len(listed_flags(draft))
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert tuple(rows[0]) == HEADER
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert "'=HYPERLINK(1)" in data.decode("utf-8-sig")
    with pytest.raises(DecisionFileError, match="existiert bereits"):
        write_decisions(draft, out)


def fill(path: Path, change) -> Path:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    for row in rows[1:]:
        row[7], row[9] = "behalten", "bekannt"
    change(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)
    return path


@pytest.mark.parametrize(("change", "where"), [
    (lambda rows: rows[1].__setitem__(7, "vielleicht"), "Zeile 2, Spalte H (Entscheidung)"),
    (lambda rows: rows[1].__setitem__(7, ""), "Zeile 2, Spalte H (Entscheidung)"),
    (lambda rows: rows[2].__setitem__(9, ""), "Zeile 3, Spalte J (Begründung)"),
    (lambda rows: rows[1].__setitem__(5, "anderer Text"), "Zeile 2, Spalte F (Textstelle)"),
    (lambda rows: rows[1].__setitem__(3, "x"), "Zeile 2, Spalte D (Zeichen)"),
    (lambda rows: rows[1].__setitem__(0, "KIM-0000-00000"), "Zeile 2, Spalte A (Fall)"),
    (lambda rows: rows.append(list(rows[1])), "doppelt"),
    (lambda rows: rows[0].__setitem__(0, "Case"), "Zeile 1"),
])
def test_wrong_decisions_name_file_row_and_column(caseload, chosen, tmp_path, change, where):
    draft = make_draft(caseload, chosen, tmp_path)
    path = tmp_path / "entscheidungen.csv"
    write_decisions(draft, path)
    fill(path, change)
    with pytest.raises(DecisionFileError) as error:
        read_decisions(path, draft)
    assert str(path) in str(error.value) and where in str(error.value)


def test_cli_with_a_wrong_decisions_file_says_where_and_writes_nothing(caseload_dir, chosen,
                                                                      tmp_path):
    decisions = filled_decisions(caseload_dir, chosen, tmp_path / "d" / "entscheidungen.csv",
                                 AS_OF)
    fill(decisions, lambda rows: rows[1].__setitem__(7, "egal"))
    result = run("pseudonymise", str(caseload_dir), "--cases", chosen, "--k", "1",
                 "--out", str(tmp_path / "paket"), "--key-file", str(tmp_path / "k.key"),
                 "--approved-by", "Erika Mustermann", "--decisions", str(decisions))
    assert result.exit_code == 2
    assert "Zeile 2, Spalte H (Entscheidung)" in result.output
    assert "Nichts geschrieben" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "paket").exists()


def test_manifest_with_text_in_the_flag_counts_is_refused(caseload, chosen, tmp_path):
    from kimtools.package import PackageIntegrityError, render_files, write_files

    draft = make_draft(caseload, chosen, tmp_path)
    decide(draft, {flag_key(*e): Decision("delete") for e in open_flags(draft)})
    draft.package.manifest["flags"] = {"occupation": {"keep": "der einzige Zahnarzt"}}
    files = render_files(draft.package, draft.key.signing_key)
    path = write_files(files, tmp_path / "paket")
    with pytest.raises(PackageIntegrityError, match="flags"):
        load_package(path)
    assert json.loads(files["manifest.json"])["flags"]


def test_review_shows_the_flag_escaped_and_its_state(caseload, chosen, tmp_path):
    from kimtools.privacy.pseudonymise import TextReview
    from kimtools.privacy.review import flag_choice_label, flag_context_html

    text = "<b>Er</b> ist der einzige Jeside in Verl & Umgebung."
    flag, = find_flags(text)
    review = TextReview("events", "Ereignis E01 (Tag 3)", "E-1", "note", text, text, [], [flag])
    shown = flag_context_html(review, flag)
    assert "<b>" not in shown and "&lt;b&gt;Er&lt;/b&gt;" in shown
    assert f">{flag.phrase}</mark>" in shown
    draft = make_draft(caseload, chosen, tmp_path)
    case, review, flag = planted(draft)[0]
    assert flag_choice_label(draft, case, review, flag).endswith("– offen")
    decide(draft, {flag_key(case, review, flag): Decision("keep", "so gewollt")})
    assert flag_choice_label(draft, case, review, flag).endswith("behalten (so gewollt)")
