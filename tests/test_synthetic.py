"""The synthetic caseload generator: deterministic, plausible, and with an exact ground truth.

The ground truth is what the scrubber's recall is measured against, so these tests read the
written files back the way any consumer would and check every planted span against them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pycountry
import pytest
from faker import Faker

from kimtools import codes
from kimtools.caseload.schema import TABLES
from synthetic import generate_caseload, write_synthetic_caseload
from synthetic import templates as tpl
from synthetic.generator import Generator
from synthetic.names import (
    ascii_fold,
    feminine_family_name,
    genitive,
    german_fold,
    is_bare_particle,
    transliterate,
)
from synthetic.notes import CaseText, Person, Renderer
from synthetic.providers import OriginNameProvider

AS_OF = dt.date(2025, 6, 30)
FILES = [f"{name}.csv" for name in TABLES] + ["truth.json"]
TEXT_COLUMNS = {"events": ("event_id", "note"), "obstacles": ("obstacle_id", "description"),
                "goals": ("goal_id", "description")}
TYPES = {"person", "name", "phone", "email", "iban", "passport", "file_number", "address", "date"}
PHASE_ORDER = {phase: rank for rank, phase in enumerate(codes.PHASES)}
ROOT = Path(__file__).resolve().parents[1]


def read_back(folder: Path) -> dict[str, pd.DataFrame]:
    """The CSVs as a consumer reads them: every cell text, empty cells as ""."""
    return {name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in TABLES}


def read_truth(folder: Path) -> dict:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "caseload"
    assert write_synthetic_caseload(out, cases=60, seed=11, as_of=AS_OF) == out
    return out


@pytest.fixture(scope="module")
def tables(written) -> dict[str, pd.DataFrame]:
    return read_back(written)


# --- determinism ------------------------------------------------------------------------------

def test_same_seed_and_day_give_identical_files(tmp_path) -> None:
    first = write_synthetic_caseload(tmp_path / "a", cases=30, seed=5, as_of=AS_OF)
    second = write_synthetic_caseload(tmp_path / "b", cases=30, seed=5, as_of=AS_OF)
    for name in FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_identical_in_a_fresh_interpreter_with_other_hash_seed(tmp_path) -> None:
    """No dependence on set or dict iteration order of one process."""
    here = write_synthetic_caseload(tmp_path / "here", cases=20, seed=9, as_of=AS_OF)
    there = tmp_path / "there"
    script = ("import datetime, sys; from synthetic import write_synthetic_caseload; "
              "write_synthetic_caseload(sys.argv[1], cases=20, seed=9, "
              "as_of=datetime.date(2025, 6, 30))")
    env = {**os.environ, "PYTHONHASHSEED": "4711"}
    subprocess.run([sys.executable, "-c", script, str(there)], check=True, cwd=ROOT, env=env)
    for name in FILES:
        assert (here / name).read_bytes() == (there / name).read_bytes(), name


def test_different_seeds_differ(tmp_path) -> None:
    one = write_synthetic_caseload(tmp_path / "one", cases=30, seed=1, as_of=AS_OF)
    two = write_synthetic_caseload(tmp_path / "two", cases=30, seed=2, as_of=AS_OF)
    assert (one / "persons.csv").read_bytes() != (two / "persons.csv").read_bytes()
    assert (one / "truth.json").read_bytes() != (two / "truth.json").read_bytes()


def test_as_of_moves_the_dates() -> None:
    early = generate_caseload(10, 3, dt.date(2024, 1, 1)).tables["cases"]
    late = generate_caseload(10, 3, dt.date(2025, 1, 1)).tables["cases"]
    assert late["opened_on"].max() > early["opened_on"].max()


# --- ground truth -----------------------------------------------------------------------------

def test_truth_file_header(written) -> None:
    truth = read_truth(written)
    assert truth["format"] == "kimtools-synthetic-truth"
    assert truth["version"] == 1
    assert truth["seed"] == 11
    assert truth["as_of"] == "2025-06-30"
    assert truth["cases"] == 60
    keys = {"table", "row_id", "column", "case_id", "start", "end", "text", "type",
            "person_id", "form"}
    assert all(set(entry) == keys for entry in truth["identifiers"])
    assert "\\u" not in (written / "truth.json").read_text(encoding="utf-8")


def test_every_span_matches_the_written_text(written, tables) -> None:
    cells = {table: dict(zip(tables[table][id_col], tables[table][text_col], strict=True))
             for table, (id_col, text_col) in TEXT_COLUMNS.items()}
    identifiers = read_truth(written)["identifiers"]
    assert identifiers
    for entry in identifiers:
        assert entry["column"] == TEXT_COLUMNS[entry["table"]][1]
        text = cells[entry["table"]][entry["row_id"]]
        assert text[entry["start"]:entry["end"]] == entry["text"], entry
        assert entry["text"] == entry["text"].strip(), entry


def test_spans_of_a_cell_do_not_overlap(written) -> None:
    by_cell: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for entry in read_truth(written)["identifiers"]:
        by_cell.setdefault((entry["table"], entry["row_id"]), []).append(
            (entry["start"], entry["end"]))
    for spans in by_cell.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def _folds(text: str) -> set[str]:
    return {f(text).casefold().replace("-", " ") for f in (str, ascii_fold, german_fold)}


def test_person_spans_name_a_person_of_the_same_case(written, tables) -> None:
    persons = tables["persons"].set_index("person_id")
    rows = {table: set(tables[table]["case_id"]) for table in TEXT_COLUMNS}
    for entry in read_truth(written)["identifiers"]:
        assert entry["case_id"] in rows[entry["table"]]
        if entry["type"] != "person":
            assert entry["person_id"] is None
            continue
        person = persons.loc[entry["person_id"]]
        assert person["case_id"] == entry["case_id"]
        parts = f"{person['given_name']} {person['family_name']}".replace("-", " ").split()
        texts = _folds(entry["text"])
        assert any(fold in text for part in parts for fold in _folds(part) for text in texts), (
            entry, person["given_name"], person["family_name"])


def test_titles_and_labels_stay_outside_the_spans(written) -> None:
    for entry in read_truth(written)["identifiers"]:
        assert not re.match(r"(Frau|Herrn?|Fr\.|Hr\.|Dr\.|Az\.|IBAN|Tel\.)\s", entry["text"])


def test_all_identifier_types_and_person_forms_appear(written) -> None:
    identifiers = read_truth(written)["identifiers"]
    assert {entry["type"] for entry in identifiers} == TYPES
    forms = {entry["form"] for entry in identifiers if entry["type"] == "person"}
    assert {"full", "title", "given", "family", "genitive", "upper"} <= forms


def test_variant_forms_appear_in_a_larger_caseload() -> None:
    forms = {entry["form"] for entry in generate_caseload(200, 2, AS_OF).truth
             if entry["type"] == "person"}
    assert {"ascii", "hyphen_variant"} <= forms


def test_ibans_carry_a_valid_check_number(written) -> None:
    ibans = [e["text"].replace(" ", "") for e in read_truth(written)["identifiers"]
             if e["type"] == "iban"]
    assert ibans
    for iban in ibans:
        assert re.fullmatch(r"DE\d{20}", iban)
        digits = iban[4:] + "1314" + iban[2:4]
        assert int(digits) % 97 == 1, iban


def test_many_texts_carry_no_identifier(written, tables) -> None:
    marked = {(e["table"], e["row_id"]) for e in read_truth(written)["identifiers"]}
    notes = tables["events"][tables["events"]["note"] != ""]
    plain = sum(("events", event_id) not in marked for event_id in notes["event_id"])
    assert 0.25 < plain / len(notes) < 0.85
    assert notes["note"].str.contains("Ausländerbehörde|Jobcenter|AufenthG|B1|Kita").any()


# --- the tables -------------------------------------------------------------------------------

def test_canonical_columns(written, tables) -> None:
    for name, table in TABLES.items():
        assert list(tables[name].columns) == table.column_names


def test_identifier_formats_and_uniqueness(tables) -> None:
    patterns = {"cases": ("case_id", r"KIM-20\d\d-\d{5}"), "persons": ("person_id", r"P-\d{6}"),
                "events": ("event_id", r"E-\d{7}"), "obstacles": ("obstacle_id", r"H-\d{6}"),
                "goals": ("goal_id", r"Z-\d{6}")}
    for name, (column, pattern) in patterns.items():
        values = tables[name][column]
        assert values.is_unique
        assert values.str.fullmatch(pattern).all(), name
    known = set(tables["cases"]["case_id"])
    for name in ("persons", "events", "obstacles", "goals"):
        assert set(tables[name]["case_id"]) <= known


def test_codes_come_from_the_vocabularies(tables) -> None:
    assert set(tables["cases"]["status"]) <= set(codes.CASE_STATUS)
    assert set(tables["persons"]["role"]) <= set(codes.ROLES)
    assert set(tables["persons"]["gender"]) <= set(codes.GENDERS)
    assert set(tables["events"]["phase"]) <= set(codes.PHASES)
    assert set(tables["events"]["kind"]) <= set(codes.EVENT_KINDS)
    assert set(tables["events"]["field"]) - {""} <= set(codes.FIELDS)
    assert set(tables["obstacles"]["field"]) <= set(codes.FIELDS)
    assert set(tables["obstacles"]["category"]) <= set(codes.OBSTACLE_CATEGORIES)
    assert set(tables["goals"]["status"]) <= set(codes.GOAL_STATUS)


def test_exactly_one_client_per_case(tables) -> None:
    clients = tables["persons"][tables["persons"]["role"] == "client"]
    assert clients["case_id"].is_unique
    assert set(clients["case_id"]) == set(tables["cases"]["case_id"])


def test_consent_mostly_yes_but_not_always(tables) -> None:
    consent = tables["cases"]["consent_conference"].value_counts()
    assert set(consent.index) == {"yes", "no"}
    assert consent["yes"] > 3 * consent["no"]


def test_status_agrees_with_closed_on(tables) -> None:
    cases = tables["cases"]
    closed = cases["status"] == "closed"
    assert (cases.loc[closed, "closed_on"] != "").all()
    assert (cases.loc[~closed, "closed_on"] == "").all()
    assert (cases.loc[closed, "closed_on"] >= cases.loc[closed, "opened_on"]).all()
    assert {"active", "closed"} <= set(cases["status"])


def test_dates_lie_on_or_before_as_of_except_due_dates(tables) -> None:
    limit = AS_OF.isoformat()
    for name, table in TABLES.items():
        for column in table.columns:
            if column.kind != "date" or (name, column.name) == ("goals", "due_on"):
                continue
            values = tables[name][column.name]
            values = values[values != ""]
            assert values.str.fullmatch(r"\d{4}-\d\d-\d\d").all()
            assert (values <= limit).all(), (name, column.name)
    assert (tables["goals"]["due_on"] > tables["goals"]["agreed_on"]).all()


def test_events_follow_the_phases_in_order(tables) -> None:
    events = tables["events"]
    cases = tables["cases"].set_index("case_id")
    for case_id, group in events.groupby("case_id", sort=False):
        ordered = group.sort_values("date", kind="stable")
        ranks = ordered["phase"].map(PHASE_ORDER).tolist()
        assert ranks == sorted(ranks), case_id
        assert ordered["date"].iloc[0] == cases.loc[case_id, "opened_on"]
        assert ordered["phase"].iloc[0] == "first_contact"
        has_closure = "closure" in set(group["phase"])
        assert has_closure == (cases.loc[case_id, "status"] == "closed")
        if has_closure:
            assert ordered["date"].iloc[-1] == cases.loc[case_id, "closed_on"]


def test_events_per_case_are_plentiful(tables) -> None:
    per_case = tables["events"].groupby("case_id").size()
    assert 10 <= per_case.mean() <= 45


def test_obstacles_and_goals_fit_the_case(tables) -> None:
    cases = tables["cases"].set_index("case_id")
    obstacles = tables["obstacles"]
    resolved = obstacles[obstacles["resolved_on"] != ""]
    assert (resolved["resolved_on"] > resolved["since"]).all()
    assert (obstacles["resolved_on"] == "").any()
    agreements = tables["events"][tables["events"]["phase"] == "agreement"]
    signed = agreements.groupby("case_id")["date"].max()
    goals = tables["goals"]
    assert set(goals["case_id"]) <= set(signed.index)
    assert (goals["agreed_on"] == goals["case_id"].map(signed)).all()
    closed = goals["case_id"].map(cases["status"]) == "closed"
    assert not goals.loc[closed, "status"].isin(["open", "in_progress"]).any()


def test_households_are_plausible(tables) -> None:
    persons = tables["persons"]
    client_birth = persons[persons["role"] == "client"].set_index("case_id")["birth_date"]
    opened = tables["cases"].set_index("case_id")["opened_on"]
    years = lambda a, b: (pd.to_datetime(a) - pd.to_datetime(b)).dt.days / 365.25  # noqa: E731
    children = persons[persons["role"] == "child"]
    assert (years(children["birth_date"], children["case_id"].map(client_birth)) >= 14).all()
    parents = persons[persons["role"] == "parent"]
    assert (years(parents["case_id"].map(client_birth), parents["birth_date"]) >= 15).all()
    adults = persons[persons["role"].isin(["client", "partner"])]
    assert (years(AS_OF.isoformat(), adults["birth_date"]) >= 18).all()
    arrived = persons[persons["arrival_date"] != ""]
    assert (arrived["arrival_date"] > arrived["birth_date"]).all()
    assert (arrived["arrival_date"] < arrived["case_id"].map(opened)).all()
    households = persons.groupby("case_id")
    assert households.size().max() >= 4
    assert (households["street"].nunique() <= 2).all()


def test_nationalities_and_languages_are_iso_codes(tables) -> None:
    persons = tables["persons"]
    for code in set(persons["nationality"]):
        assert pycountry.countries.get(alpha_2=code) is not None, code
    for languages in set(persons["languages"]):
        for code in languages.split(";"):
            assert pycountry.languages.get(alpha_2=code) is not None, code


def test_residence_status_fits_origin_and_arrival(tables) -> None:
    persons = tables["persons"]
    eu = persons[persons["nationality"].isin(["PL", "RO", "BG"])]
    assert eu["residence_status"].str.contains("Freizügigkeit|Daueraufenthaltsrecht").all()
    temporary = persons[persons["residence_status"].str.contains("§ 24")]
    assert (temporary["nationality"] == "UA").all()
    assert (temporary["arrival_date"] >= "2022-02-24").all()
    opportunity = persons[persons["residence_status"].str.contains("§ 104c")]
    assert (opportunity["arrival_date"] <= "2017-10-31").all()
    settled = persons[persons["residence_status"].str.startswith("Niederlassungserlaubnis")
                      & (persons["arrival_date"] != "")]
    arrived = pd.to_datetime(settled["arrival_date"])
    assert ((pd.Timestamp(AS_OF) - arrived).dt.days >= 5 * 365).all()
    born_here = persons[(persons["arrival_date"] == "") & (persons["nationality"] != "DE")]
    assert (born_here["role"] == "child").all()
    german = persons[persons["nationality"] == "DE"]
    assert (german["residence_status"] == "").all()


def test_postcodes_belong_to_the_district(tables) -> None:
    persons = tables["persons"]
    with_address = persons[persons["postcode"] != ""]
    assert with_address["postcode"].str.fullmatch(r"\d{5}").all()
    assert (with_address["city"] != "").all()
    assert with_address["postcode"].str[:2].nunique() <= 3


def test_names_are_in_latin_script(tables) -> None:
    names = pd.concat([tables["persons"]["given_name"], tables["persons"]["family_name"]])
    assert not names.str.contains(r"[\u0400-\u04FF\u0600-\u06FF]").any()
    assert names.str.contains(r"[^\x00-\x7F]").any()


def test_no_given_name_is_a_bare_particle(tables) -> None:
    """A two-letter particle ("El", "Al") is part of a name, never a given name on its own:
    a note would call the person just "El" ("El wirkte erleichtert.")."""
    assert not tables["persons"]["given_name"].map(is_bare_particle).any()


def test_given_name_draw_skips_bare_particles() -> None:
    """Faker's Bulgarian list holds "Ел" (→ "El"): such a draw is replaced by the next one."""
    draws = iter(["Ел", "Мария"])

    class Stub:
        def first_name_female(self) -> str:
            return next(draws)

        first_name_male = first_name_female

    provider = OriginNameProvider(Faker("de_DE"), {"bg_BG": Stub()})
    assert provider.origin_given_name("bg_BG", "f") == "Maria"
    assert is_bare_particle("El") and is_bare_particle("al")
    assert not is_bare_particle("El Mehdi") and not is_bare_particle("Ben")


# --- formats ----------------------------------------------------------------------------------

def test_xlsx_workbook_and_truth_beside_it(tmp_path) -> None:
    path = write_synthetic_caseload(tmp_path / "out", cases=15, seed=3, fmt="xlsx", as_of=AS_OF)
    assert path == tmp_path / "out" / "caseload.xlsx"
    assert (tmp_path / "out" / "truth.json").exists()
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == list(TABLES)
    header = next(workbook["persons"].iter_rows(max_row=1, values_only=True))
    assert list(header) == TABLES["persons"].column_names


def test_xlsx_path_with_suffix_is_used_as_is(tmp_path) -> None:
    path = write_synthetic_caseload(tmp_path / "bestand.xlsx", cases=5, seed=3, fmt="xlsx",
                                    as_of=AS_OF)
    assert path == tmp_path / "bestand.xlsx"
    assert (tmp_path / "truth.json").exists()


def test_unknown_format_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="csv oder xlsx"):
        write_synthetic_caseload(tmp_path / "x", cases=1, seed=1, fmt="ods", as_of=AS_OF)
    assert not (tmp_path / "x").exists()


def test_in_memory_tables_carry_datetime_columns() -> None:
    caseload = generate_caseload(5, 1, AS_OF)
    assert pd.api.types.is_datetime64_any_dtype(caseload.tables["events"]["date"])
    assert caseload.as_of == AS_OF
    assert caseload.district


# --- templates --------------------------------------------------------------------------------

def _full_household() -> CaseText:
    """A real case context from the generator, with everyone a template can mention."""
    captured: list[CaseText] = []

    class Capturing(Generator):
        def _events(self, case_id, ctx, *args):
            captured.append(ctx)
            return super()._events(case_id, ctx, *args)

    Capturing(3, AS_OF).run(1)
    day = captured[0].opened
    people = [Person("P-1", "client", "Ayşe", "Müller-Yılmaz", "f", day - 30 * 365, ""),
              Person("P-2", "partner", "Abdul Rahman", "Al-Khatib", "m", day - 33 * 365,
                     "Ehemann"),
              Person("P-3", "child", "Lina", "Al-Khatib", "f", day - 9 * 365, "Tochter"),
              Person("P-4", "child", "Omar", "Al-Khatib", "m", day - 2 * 365, "Sohn"),
              Person("P-5", "parent", "Hatice", "Yılmaz", "f", day - 60 * 365, "Mutter")]
    return dataclasses.replace(
        captured[0], client=people[0], partner=people[1], children=people[2:4],
        relatives=people[4:], phones={"client": ("0171", "2345678")},
        emails={"client": "ayse@example.org"})


def _all_templates() -> list[tpl.Template]:
    lists = [tpl.FIRST_CONTACT, tpl.AGREEMENT, tpl.CLOSURE, tpl.PAUSE, tpl.GENERIC,
             tpl.ASSESSMENT_GENERIC, tpl.ADDENDA]
    for table in (tpl.ASSESSMENT, tpl.MONITORING, tpl.OBSTACLES, tpl.GOALS):
        lists.extend(table.values())
    return [template for group in lists for template in group]


def test_every_template_renders_with_exact_spans() -> None:
    """Rare templates (one origin only, a big household) are rendered too."""
    ctx = _full_household()
    renderer = Renderer(ctx)
    for template in _all_templates():
        for field in (None, "childcare", "education"):
            builder = renderer.render(template, ctx.opened + 100, field)
            text = builder.text()
            assert text and "{" not in text and "  " not in text, text
            for start, end, marked, *_ in builder.spans:
                assert text[start:end] == marked


def test_templates_fit_their_rows() -> None:
    for field, group in tpl.MONITORING.items():
        assert field in codes.FIELDS
        for template in group:
            assert template.kinds and set(template.kinds) <= set(codes.EVENT_KINDS)
    for field, group in tpl.OBSTACLES.items():
        assert field in codes.FIELDS
        for template in group:
            assert template.category in codes.OBSTACLE_CATEGORIES
            assert 0 < template.wait[0] < template.wait[1]
    assert set(tpl.GOALS) == set(codes.FIELDS) == set(tpl.MONITORING) == set(tpl.OBSTACLES)


def test_oblique_case_after_prepositions() -> None:
    tokens, _ = tpl.parse("Termin mit {K:title} und {P}, dann {K:title} allein.")
    placeholders = [token for token in tokens if token[0] == 1]
    assert [token[3] for token in placeholders] == [True, True, False]


# --- spelling helpers -------------------------------------------------------------------------

@pytest.mark.parametrize(("cyrillic", "lang", "latin"), [
    ("Олександр", "uk", "Oleksandr"), ("Щербак", "uk", "Shcherbak"), ("Юлія", "uk", "Yuliia"),
    ("Андрій", "uk", "Andrii"), ("Згурський", "uk", "Zghurskyi"), ("Сергей", "ru", "Sergey"),
    ("Хрущёв", "ru", "Khrushchev"), ("Мария", "bg", "Maria"), ("Щерев", "bg", "Shterev"),
])
def test_transliteration(cyrillic: str, lang: str, latin: str) -> None:
    assert transliterate(cyrillic, lang) == latin


def test_name_helpers() -> None:
    assert feminine_family_name("Kowalski", "pl") == "Kowalska"
    assert feminine_family_name("Иванов", "ru") == "Иванова"
    assert feminine_family_name("Шевченко", "uk") == "Шевченко"
    assert ascii_fold("Şahin Yılmaz Ștefănescu") == "Sahin Yilmaz Stefanescu"
    assert german_fold("Müller-Özdemir") == "Mueller-Oezdemir"
    assert genitive("Ahmad") == "Ahmads"
    assert genitive("Yılmaz") == "Yılmaz'"


# --- size -------------------------------------------------------------------------------------

@pytest.mark.slow
def test_two_thousand_cases_are_fast(tmp_path) -> None:
    start = time.perf_counter()
    path = write_synthetic_caseload(tmp_path / "big", cases=2000, seed=1, as_of=AS_OF)
    elapsed = time.perf_counter() - start
    assert elapsed < 30
    assert len(pd.read_csv(path / "cases.csv", dtype=str)) == 2000


def test_single_town_caseload_is_one_provider_in_one_town() -> None:
    """A KIM provider of a small town holds 30–150 clients: the caseload privacy is hardest on."""
    day = dt.date(2026, 11, 1)
    town = generate_caseload(60, 4, day, single_town=True).tables
    assert len(town["cases"]) == 60
    assert town["cases"]["municipality"].nunique() == 1
    assert town["cases"]["provider"].nunique() == 1
    again = generate_caseload(60, 4, day, single_town=True).tables
    pd.testing.assert_frame_equal(town["persons"], again["persons"])
    spread = generate_caseload(60, 4, day).tables  # the default stays the whole district
    assert spread["cases"]["municipality"].nunique() > 1
