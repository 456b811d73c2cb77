"""Notebook 04 in Voilà and headless Chromium, without environment variables: the register is
typed into the path field, the conference picked from the dropdown, and the PDF made and
downloaded from the page. 1280×720; every request to another host is aborted and recorded.

The register lies beside the notebook, as in the folder `kimtools lab` opens, and is typed as
its file name; the minutes go into a folder beside it (see notebook_browser.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import ARTIFACTS, PROJECTOR, handbook_picture, watched_page
from notebook_browser import TIMEOUT, page_errors, text_field, type_into, voila_notebook

from kimtools.minutes.render import NOTEBOOK

pytest_plugins = ["minutes_fixtures", "serve_fixtures"]
pytestmark = pytest.mark.browser


@pytest.fixture
def voila_minutes(tmp_path):
    with voila_notebook(NOTEBOOK, tmp_path) as served:
        yield served


def test_pdf_from_the_ui_without_environment(chromium, voila_minutes, minutes_conference,
                                             tmp_path):
    url, folder = voila_minutes
    shutil.copyfile(minutes_conference.register, folder / "befunde.sqlite")
    (folder / "protokolle").mkdir()
    watched = watched_page(chromium, viewport=PROJECTOR)
    page = watched.page
    page.goto(url, wait_until="load", timeout=TIMEOUT)
    app = page.locator(".kim-protokoll")
    app.wait_for(state="visible", timeout=TIMEOUT)
    assert page.title() == "Protokoll der Planungskonferenz"
    type_into(text_field(app, "Befundregister"), "befunde.sqlite")
    app.get_by_role("button", name="Register öffnen").click()
    app.get_by_text("2 Konferenzen im Register.").wait_for(timeout=TIMEOUT)  # set last
    select = app.locator("select").first
    assert select.locator("option").count() == 2
    first = select.locator("option").first.inner_text().replace("\xa0", " ")  # Dropdown: nbsp
    assert first.startswith(f"{minutes_conference.date:%d.%m.%Y} – Kreishaus Gütersloh")
    for label in ("HTML", "DOCX"):
        app.get_by_label(label, exact=True).uncheck()
    type_into(text_field(app, "Zielordner"), "protokolle")
    app.get_by_role("button", name="Protokoll erstellen").click()
    link = app.locator("a.kim-download")
    link.wait_for(state="visible", timeout=TIMEOUT)
    name = f"protokoll-{minutes_conference.date:%Y-%m-%d}.pdf"
    assert f"Geschrieben: {Path('protokolle', name)}" in app.inner_text()
    assert str(folder) not in app.inner_text()  # what the user typed, no folder of this machine
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "protokoll-oberflaeche.png"))
    handbook_picture(page, "protokoll-erstellen.png", app)
    with page.expect_download(timeout=TIMEOUT) as download:
        link.click()
    saved = tmp_path / "heruntergeladen.pdf"
    download.value.save_as(saved)
    written = folder / "protokolle" / name
    assert saved.read_bytes().startswith(b"%PDF") and saved.read_bytes() == written.read_bytes()
    assert sorted(p.name for p in (folder / "protokolle").iterdir()) == [name]
    assert page_errors(page) == []
    assert watched.aborted == []


def test_with_register_and_conference_in_the_environment_the_page_shows_the_minutes(
        chromium, minutes_conference, tmp_path):
    """The way with environment variables still works in Voilà: the minutes show, no hang."""
    env = {"KIMTOOLS_REGISTER": str(minutes_conference.register),
           "KIMTOOLS_CONFERENCE": minutes_conference.conference_id[:8]}
    with voila_notebook(NOTEBOOK, tmp_path, env) as (url, _):
        watched = watched_page(chromium, viewport=PROJECTOR)
        page = watched.page
        page.goto(url, wait_until="load", timeout=TIMEOUT)
        page.get_by_text(minutes_conference.findings[0]).first.wait_for(timeout=TIMEOUT)
        body = page.locator("body").inner_text()
        errors = page_errors(page)
    assert "Strukturelle Befunde" in body
    assert errors == []
    assert watched.aborted == []
