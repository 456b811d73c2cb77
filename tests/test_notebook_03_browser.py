"""Notebook 03 in Voilà and headless Chromium: the coordination office opens its findings
register by the file name beside the notebook and sees every finding of the year in one table,
1280×720, with what is overdue on the kernel's day; the handbook's picture of that table.

The register is the demo's (four conferences of a district over the year before the suite's
reference day); the kernel's clock stands on that day (see notebook_browser.py, clock.py).
"""

from __future__ import annotations

import pytest
from browser import PROJECTOR, clipped_tab_titles, handbook_picture, watched_page
from clock import REFERENCE_DAY, on_day
from notebook_browser import TIMEOUT, page_errors, to_top, type_into, voila_notebook

from kimtools.findings import open_register
from kimtools.findings.overview import Filters, overview
from kimtools.resources import notebook
from synthetic.register import write_demo_register

pytest_plugins = ["serve_fixtures"]
pytestmark = pytest.mark.browser

HEADERS = ["Titel", "Konferenz", "Handlungsfelder", "Institutionen", "Fälle", "Ebene", "Status",
           "Priorität", "zuständig", "fällig am"]


@pytest.fixture
def served(tmp_path):
    with on_day(REFERENCE_DAY), voila_notebook(notebook("03_koordinierung.ipynb"),
                                               tmp_path) as (url, folder):
        write_demo_register(folder / "befunde.sqlite", REFERENCE_DAY, seed=3)
        yield url, folder


def test_findings_of_the_year_in_one_table(chromium, served):
    url, folder = served
    with open_register(folder / "befunde.sqlite", read_only=True) as register:
        findings = len(register.findings())
        conferences = len(register.conferences())
        overdue = len(overview(register, Filters(overdue_only=True), REFERENCE_DAY))
        new = len(overview(register, Filters(status=["neu"]), REFERENCE_DAY))
    assert findings > new >= 1 and overdue >= 1
    watched = watched_page(chromium, viewport=PROJECTOR)
    page = watched.page
    page.goto(url, wait_until="load", timeout=TIMEOUT)
    app = page.locator(".kim-coordination")
    app.wait_for(state="visible", timeout=TIMEOUT)
    assert page.title() == "Koordinierungsstelle: Befunde und Konferenzen"
    app.get_by_text("Bitte den Pfad zum Befundregister angeben").wait_for(timeout=TIMEOUT)

    type_into(app.locator(".kim-coord-path input"), "befunde.sqlite")
    app.locator(".kim-coord-open").click()
    app.get_by_text(f"Befundregister befunde.sqlite geöffnet: {findings} Befunde aus "
                    f"{conferences} Konferenzen.").wait_for(timeout=TIMEOUT)
    table = app.locator(".kim-coord-table table")
    table.wait_for(timeout=TIMEOUT)
    assert table.locator("th").all_inner_texts() == HEADERS
    assert table.locator("tbody tr").count() == findings
    assert f"{findings} von {findings} Befunden" in app.locator(".kim-coord-count").inner_text()
    late = table.locator("td", has_text="überfällig seit")
    assert late.count() == overdue  # reckoned from the kernel's day, the register's due dates
    to_top(app.locator(".kim-coord-tabs"))
    assert clipped_tab_titles(page) == []
    handbook_picture(page, "koordinierung-befunde.png")

    app.locator(".kim-coord-status select").select_option(label="neu")
    app.locator(".kim-coord-count").get_by_text(f"{new} von {findings} Befunden").wait_for(
        timeout=TIMEOUT)
    assert table.locator("tbody tr").count() == new
    assert set(table.locator("td:nth-child(7)").all_inner_texts()) == {"neu"}
    assert str(folder) not in app.inner_text()
    assert page_errors(page) == []
    assert watched.aborted == []
