"""Notebook 01 in Voilà and headless Chromium: the case manager's way through the five steps
as a browser shows them, 1280×720, and the handbook's pictures of the review and the approval.

The caseload lies beside the notebook and is typed as its folder name, the package is written
beside it (see notebook_browser.py); the kernel's clock stands on the caseload's reference day.
Two cases with consent whose notes carry a flag are chosen, so that the review shows both the
coloured replacements and a flag to decide.
"""

from __future__ import annotations

import re

import pytest
from browser import PROJECTOR, clipped_tab_titles, handbook_picture, watched_page
from clock import REFERENCE_DAY, on_day
from notebook_browser import (
    TIMEOUT,
    page_errors,
    text_field,
    to_top,
    type_into,
    voila_notebook,
)

import synthetic
from kimtools.caseload import read_caseload
from kimtools.caseload.summary import filter_cases
from kimtools.package import load_package
from kimtools.privacy.keys import load_or_create_key
from kimtools.privacy.pseudonymise import Refused, prepare_package
from kimtools.resources import notebook

pytest_plugins = ["serve_fixtures"]
pytestmark = pytest.mark.browser


def flagged_cases(source, key_dir, count: int = 2) -> list[str]:
    """The first cases of the list (consent given) whose draft has a flag to decide."""
    caseload = read_caseload(source, today=REFERENCE_DAY)
    key = load_or_create_key(key_dir / "probe.key")
    chosen = []
    for case_id in filter_cases(caseload, consent_only=True, today=REFERENCE_DAY).index:
        try:
            draft = prepare_package(caseload, [case_id], key, as_of=REFERENCE_DAY)
        except Refused:
            continue
        if any(text.flags for text in draft.cases[0].texts):
            chosen.append(case_id)
        if len(chosen) == count:
            return chosen
    raise AssertionError(f"Keine {count} Fälle mit Markierung im synthetischen Fallbestand")


@pytest.fixture
def served(tmp_path):
    """The notebook beside a synthetic caseload; the key in a configuration folder of its own."""
    with on_day(REFERENCE_DAY), voila_notebook(
            notebook("01_fall_vorbereiten.ipynb"), tmp_path,
            {"XDG_CONFIG_HOME": str(tmp_path / "config")}) as (url, folder):
        synthetic.write_synthetic_caseload(folder / "fallbestand", cases=120, seed=3,
                                           as_of=REFERENCE_DAY)
        yield url, folder, flagged_cases(folder / "fallbestand", tmp_path)


def test_case_manager_reviews_decides_flags_and_writes_the_package(chromium, served):
    url, folder, chosen = served
    watched = watched_page(chromium, viewport=PROJECTOR)
    page = watched.page
    page.goto(url, wait_until="load", timeout=TIMEOUT)
    app = page.locator(".kim-fallvorbereitung")
    app.wait_for(state="visible", timeout=TIMEOUT)
    assert page.title() == "Fall vorbereiten"
    app.get_by_role("tab", name="5 Freigeben und schreiben").wait_for(timeout=TIMEOUT)
    assert clipped_tab_titles(page) == []

    # 1: the caseload by its folder name beside the notebook
    type_into(text_field(app, "Fallbestand"), "fallbestand")
    app.get_by_role("button", name="Laden und prüfen").click()
    app.get_by_text("Fallbestand geladen und geprüft.").wait_for(state="attached",
                                                              timeout=TIMEOUT)  # step 1, left

    # 2: two cases picked from the list (the app moved on to this step by itself)
    cases = app.locator("select[multiple]")
    labels = cases.locator("option").all_inner_texts()
    indexes = [next(i for i, label in enumerate(labels) if label.startswith(case))
               for case in chosen]
    cases.select_option(index=indexes)
    app.get_by_text(re.compile(r"passende Fälle, 2 ausgewählt\.")).wait_for(timeout=TIMEOUT)

    # 3: pseudonymise with the key from the configuration folder (made now)
    app.get_by_role("tab", name="3 Pseudonymisieren").click()
    app.get_by_role("button", name="Pseudonymisieren", exact=True).click()
    app.get_by_text("2 Fälle pseudonymisiert").wait_for(state="attached",
                                                     timeout=TIMEOUT)  # step 3, left

    # 4: the review, shown by itself: a flag to decide, replacements coloured
    flags = app.locator(".kim-flags")
    flags.wait_for(state="visible", timeout=TIMEOUT)
    assert "0 von 2 Markierungen entschieden; offen: 2." in flags.inner_text()
    assert flags.locator("mark.kim-flag").count() == 1  # the phrase in its sentence
    flags.get_by_role("button", name="verallgemeinern").click()
    suggestion = text_field(flags, "Ersatztext").input_value()
    assert suggestion.strip()  # the proposal stands in the field, ready to take or edit
    handbook_picture(page, "fall-pruefen-markierung.png", flags)
    for decided in (1, 2):
        if decided == 2:
            flags.get_by_role("button", name="verallgemeinern").click()
        flags.get_by_role("button", name="Entscheidung übernehmen").click()
        flags.get_by_text(f"{decided} von 2 Markierungen entschieden").wait_for(
            timeout=TIMEOUT)

    app.get_by_label("nur Texte mit Ersetzungen").check()
    compare = app.locator(".kim-compare")
    marks = compare.locator("mark.kim-mark")
    marks.first.wait_for(timeout=TIMEOUT)
    packaged = marks.all_inner_texts()  # the package side only, while the original is hidden
    app.get_by_role("button", name="Original anzeigen").click()
    app.get_by_text(re.compile(r"^Datensatz ")).wait_for(timeout=TIMEOUT)
    both = marks.all_inner_texts()
    originals, replacements = both[:len(packaged)], both[len(packaged):]
    assert replacements == packaged and len(originals) == len(packaged) >= 1
    assert not set(originals) & set(packaged)  # what was there is not what goes in
    handbook_picture(page, "fall-pruefen-original.png", compare)
    app.get_by_role("button", name="Original anzeigen").click()  # released: hidden again
    app.get_by_text("Original verborgen.").wait_for(timeout=TIMEOUT)

    # 5: approve and write the package beside the caseload
    app.get_by_role("tab", name="5 Freigeben und schreiben").click()
    type_into(text_field(app, "Freigegeben von"), "Erika Mustermann")
    app.get_by_label("Ich habe alle Ersetzungen und den Risikobericht geprüft").check()
    type_into(text_field(app, "Paket (Ordner oder .zip)"), "konferenzpaket")
    app.get_by_role("button", name="Paket schreiben").click()
    app.get_by_text("Konferenzpaket geschrieben: konferenzpaket").wait_for(timeout=TIMEOUT)
    assert "Schlüssel-Fingerabdruck" in app.inner_text()
    assert str(folder) not in app.inner_text()
    to_top(app)
    assert clipped_tab_titles(page) == []
    handbook_picture(page, "fall-freigeben.png")

    package = load_package(folder / "konferenzpaket")  # checks signature and checksums
    assert package.manifest["approval"]["approved_by"] == "Erika Mustermann"
    assert len(package.case_ids()) == 2
    assert page_errors(page) == []
    assert watched.aborted == []
