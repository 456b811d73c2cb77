"""Notebook 03 in Voilà and headless Chromium: the coordination office opens its findings
register by the file name beside the notebook and sees every finding of the year in one table,
1280×720, with what is overdue on the kernel's day, without scrolling sideways (the overdue
tab's table too); the handbook's picture of that table.

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

HEADERS = ["Titel", "Konferenz", "Handlungsfelder / Institutionen", "Fälle", "Stand",
           "fällig / zuständig"]


def widths(table) -> dict[str, int]:
    """The table's width, its scrolling box's and the width the tab gives the table's widget:
    on a projector nobody scrolls sideways to find the last columns, and a box as wide as the
    table would scroll nothing but be cut off by the tab."""
    return table.evaluate("""table => ({
        table: table.scrollWidth,
        box: table.closest('.kim-table-scroll').clientWidth,
        tab: table.closest('.widget-html').clientWidth})""")


def assert_fits(table) -> None:
    sizes = widths(table)
    assert sizes["table"] <= sizes["box"] <= sizes["tab"], (
        f"Tabelle bei 1280×720 breiter als der Bildschirm: {sizes}")


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
    # the due date, „überfällig seit …“ and who is responsible share the last column
    late = table.locator("td:nth-child(6)", has_text="überfällig seit")
    assert late.count() == overdue  # reckoned from the kernel's day, the register's due dates
    due, since, responsible = late.first.inner_text().splitlines()
    assert due.startswith("fällig am ") and since.startswith("überfällig seit ")
    assert responsible.startswith("zuständig: ")
    # „Stand“ is status, level and priority, one per line
    assert all(len(lines := stand.splitlines()) == 3 and lines[2].startswith("Priorität ")
               for stand in table.locator("td:nth-child(5)").all_inner_texts())
    assert_fits(table)
    to_top(app.locator(".kim-coord-tabs"))
    assert clipped_tab_titles(page) == []
    handbook_picture(page, "koordinierung-befunde.png")

    app.locator(".kim-coord-status select").select_option(label="neu")
    app.locator(".kim-coord-count").get_by_text(f"{new} von {findings} Befunden").wait_for(
        timeout=TIMEOUT)
    assert table.locator("tbody tr").count() == new
    assert {s.splitlines()[0] for s in table.locator("td:nth-child(5)").all_inner_texts()} == {
        "neu"}

    app.locator(".lm-TabBar-tab", has_text="Überfällig").click()
    late_table = app.locator(".kim-coord-overdue table")
    late_table.wait_for(timeout=TIMEOUT)
    assert late_table.locator("th").all_inner_texts() == HEADERS
    assert late_table.locator("tbody tr").count() == overdue
    assert late_table.locator("td:nth-child(6)", has_text="überfällig seit").count() == overdue
    assert_fits(late_table)

    # recurring themes are reckoned when their tab is first shown
    app.locator(".lm-TabBar-tab", has_text="Wiederkehrende Themen").click()
    themes = app.locator(".kim-coord-themes table")
    themes.wait_for(timeout=TIMEOUT)
    assert themes.locator("th").first.inner_text() == "Institution"
    assert themes.locator("tbody tr").count() >= 1
    assert str(folder) not in app.inner_text()
    assert page_errors(page) == []
    assert watched.aborted == []
