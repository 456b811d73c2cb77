"""Notebook 06 in Voilà and headless Chromium: the annual report from the page, 1280×720, with
the caseload folder and the register typed as the names beside the notebook; the report lands
in the folder the field names, beside them. The handbook's picture shows the page ready to
write. The kernel's clock stands on the suite's reference day (see notebook_browser.py)."""

from __future__ import annotations

import pytest
from browser import PROJECTOR, handbook_picture, watched_page
from clock import REFERENCE_DAY, on_day
from notebook_browser import TIMEOUT, page_errors, text_field, type_into, voila_notebook

import synthetic
from kimtools.resources import notebook
from synthetic.register import write_demo_register

pytest_plugins = ["serve_fixtures"]
pytestmark = pytest.mark.browser

YEAR = REFERENCE_DAY.year


@pytest.fixture
def served(tmp_path):
    with on_day(REFERENCE_DAY), voila_notebook(notebook("06_jahresbericht.ipynb"),
                                               tmp_path) as (url, folder):
        synthetic.write_synthetic_caseload(folder / "fallbestand", cases=120, seed=3,
                                           as_of=REFERENCE_DAY)
        write_demo_register(folder / "befunde.sqlite", REFERENCE_DAY, seed=3)
        yield url, folder


def test_annual_report_written_from_the_page(chromium, served):
    url, folder = served
    watched = watched_page(chromium, viewport=PROJECTOR)
    page = watched.page
    page.goto(url, wait_until="load", timeout=TIMEOUT)
    app = page.locator(".kim-annual")
    app.wait_for(state="visible", timeout=TIMEOUT)
    assert page.title() == "Jahresbericht"
    year = app.locator("input[type=number]")
    assert year.input_value() == str(YEAR - 1)  # last year, by the kernel's clock
    assert text_field(app, "Speichern unter").input_value() == "jahresbericht/"
    type_into(year, str(YEAR))
    type_into(text_field(app, "Fallbestand (Träger)"), "fallbestand")
    type_into(text_field(app, "Befundregister"), "befunde.sqlite")
    handbook_picture(page, "jahresbericht.png")

    app.get_by_role("button", name="Bericht erstellen").click()
    app.get_by_text(f"Jahresbericht {YEAR} geschrieben.").wait_for(timeout=TIMEOUT)
    written = sorted(p.name for p in (folder / "jahresbericht").iterdir())
    assert written == [f"jahresbericht_{YEAR}.docx", f"jahresbericht_{YEAR}.xlsx"]
    text = app.inner_text()
    assert f"jahresbericht_{YEAR}.docx" in text and str(folder) not in text
    assert "Befunde nach Ebene und Status" in text
    assert page_errors(page) == []
    assert watched.aborted == []
