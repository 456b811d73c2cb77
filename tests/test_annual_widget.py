"""The annual report notebook: driven through its widgets, without a browser."""

from __future__ import annotations

import json

from clock import REFERENCE_DAY

from kimtools.resources import notebook
from kimtools.widgets.annual import Jahresbericht
from synthetic.register import write_demo_register


def test_the_report_is_written_and_its_tables_shown(tmp_path):
    db = write_demo_register(tmp_path / "befunde.sqlite", REFERENCE_DAY, seed=3)
    app = Jahresbericht(register=db, year=REFERENCE_DAY.year)
    app.out.value = f"{tmp_path / 'berichte'}/"
    app.button.click()
    written = sorted(p.name for p in (tmp_path / "berichte").iterdir())
    assert written == [f"jahresbericht_{REFERENCE_DAY.year}.docx",
                       f"jahresbericht_{REFERENCE_DAY.year}.xlsx"]
    assert "geschrieben" in app.message.value
    assert "Befunde nach Ebene und Status" in app.tables.value
    assert "Lenkungsgruppe" in app.tables.value


def test_problems_are_shown_in_german_and_nothing_is_written(tmp_path):
    app = Jahresbericht(year=REFERENCE_DAY.year)
    app.out.value = str(tmp_path / "bericht")
    app.register.value = ""
    app.button.click()
    assert "Befundregister" in app.message.value and "Nichts geschrieben" in app.message.value
    app.register.value = str(tmp_path / "fehlt.sqlite")
    app.button.click()
    assert "nicht gefunden" in app.message.value
    app.register.value = ""
    app.caseload.value = str(tmp_path / "kein_bestand")
    app.button.click()
    assert "Nichts geschrieben" in app.message.value and "Traceback" not in app.message.value
    assert list(tmp_path.iterdir()) == []
    assert app.tables.value == ""


def test_the_notebook_shows_the_app():
    cells = json.loads(notebook("06_jahresbericht.ipynb").read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    exec("".join(cells[0]["source"]), namespace)  # noqa: S102 - the shipped notebook's cell
    assert namespace["Jahresbericht"] is Jahresbericht
