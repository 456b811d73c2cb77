"""Notebook 04 in Voilà and headless Chromium, without environment variables: the register is
typed into the path field, the conference picked from the dropdown, and the PDF made and
downloaded from the page. 1280×720; every request to another host is aborted and recorded."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from browser import ARTIFACTS, PROJECTOR, handbook_picture, watched_page

from kimtools.minutes.render import NOTEBOOK
from kimtools.serve import free_port, prepare_run_dir, voila_command
from kimtools.trust import TRUST_ENV

pytest_plugins = ["minutes_fixtures", "serve_fixtures"]
pytestmark = pytest.mark.browser

TIMEOUT = 180_000  # ms: kernel start, then a second kernel for the minutes
VOILA_ERRORS = ("There was an error when executing cell", "Traceback", "Error displaying widget")


@contextlib.contextmanager
def voila(tmp_path, extra_env: dict[str, str] | None = None):
    """Voilà with the kimtools template (as `kimtools serve` runs it) on notebook 04, on
    127.0.0.1, with no KIMTOOLS_* variable set but those in ``extra_env`` and the suite's list
    of confirmed keys (an office has its list in its configuration folder; the user's own list
    must neither help nor be touched)."""
    run_dir = prepare_run_dir(NOTEBOOK)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMTOOLS_")}
    env[TRUST_ENV] = os.environ[TRUST_ENV]
    env.update(extra_env or {})
    env["JUPYTER_PATH"] = str(run_dir / "share")
    log = (tmp_path / "voila.log").open("wb")
    process = subprocess.Popen(
        voila_command(run_dir, NOTEBOOK.name, "127.0.0.1", port, token_required=False),
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "api", timeout=5)  # noqa: S310 (local server)
                break
            except urllib.error.HTTPError:  # an answer, whatever it says: the server is up
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "voila.log").read_text()) from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(run_dir, ignore_errors=True)


@pytest.fixture
def voila_minutes(tmp_path):
    with voila(tmp_path) as url:
        yield url


def test_pdf_from_the_ui_without_environment(chromium, voila_minutes, minutes_conference,
                                             tmp_path):
    watched = watched_page(chromium, viewport=PROJECTOR)
    page = watched.page
    page.goto(voila_minutes, wait_until="load", timeout=TIMEOUT)
    app = page.locator(".kim-protokoll")
    app.wait_for(state="visible", timeout=TIMEOUT)
    assert page.title() == "Protokoll der Planungskonferenz"
    register = app.locator("input[type=text]").first
    register.fill(str(minutes_conference.register))
    register.press("Enter")
    app.get_by_role("button", name="Register öffnen").click()
    app.get_by_text("2 Konferenzen im Register.").wait_for(timeout=TIMEOUT)  # set last
    select = app.locator("select").first
    assert select.locator("option").count() == 2
    first = select.locator("option").first.inner_text().replace("\xa0", " ")  # Dropdown: nbsp
    assert first.startswith(f"{minutes_conference.date:%d.%m.%Y} – Kreishaus Gütersloh")
    for label in ("HTML", "DOCX"):
        app.get_by_label(label, exact=True).uncheck()
    folder = app.locator("input[type=text]").nth(1)
    folder.fill(str(tmp_path))
    folder.press("Enter")
    app.get_by_role("button", name="Protokoll erstellen").click()
    link = app.locator("a.kim-download")
    link.wait_for(state="visible", timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "protokoll-oberflaeche.png"))
    handbook_picture(page, "protokoll-erstellen.png", app)
    with page.expect_download(timeout=TIMEOUT) as download:
        link.click()
    saved = tmp_path / "heruntergeladen.pdf"
    download.value.save_as(saved)
    written = tmp_path / f"protokoll-{minutes_conference.date:%Y-%m-%d}.pdf"
    assert saved.read_bytes().startswith(b"%PDF") and saved.read_bytes() == written.read_bytes()
    body = page.locator("body").inner_text()
    assert not [e for e in VOILA_ERRORS if e in body]
    assert watched.aborted == []


def test_with_register_and_conference_in_the_environment_the_page_shows_the_minutes(
        chromium, minutes_conference, tmp_path):
    """The way with environment variables still works in Voilà: the minutes show, no hang."""
    env = {"KIMTOOLS_REGISTER": str(minutes_conference.register),
           "KIMTOOLS_CONFERENCE": minutes_conference.conference_id[:8]}
    with voila(tmp_path, env) as url:
        watched = watched_page(chromium, viewport=PROJECTOR)
        page = watched.page
        page.goto(url, wait_until="load", timeout=TIMEOUT)
        page.get_by_text(minutes_conference.findings[0]).first.wait_for(timeout=TIMEOUT)
        body = page.locator("body").inner_text()
    assert "Strukturelle Befunde" in body
    assert not [e for e in VOILA_ERRORS if e in body]
    assert watched.aborted == []
