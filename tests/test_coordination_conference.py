"""Notebook 03 builds a conference from the packages the case managers sent, as
`kimtools konferenz anlegen` does; checked with ipywidgets' own objects, without a kernel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from kimtools.findings import open_register
from kimtools.widgets.conference_builder import package_lines
from kimtools.widgets.coordination import Koordinierung

pytest_plugins = ["conference_fixtures"]
DAY = dt.date(2026, 12, 3)
NOTEBOOK = (Path(__file__).resolve().parent.parent / "kimtools" / "notebooks"
            / "03_koordinierung.ipynb")


def _app(tmp_path) -> Koordinierung:
    path = tmp_path / "befunde.sqlite"
    open_register(path, create=True).close()
    return Koordinierung(path, today=DAY)


def _fill(app: Koordinierung, packages: list) -> None:
    form = app.new_conference
    form.date.value = DAY
    form.place.value = "Kreishaus Gütersloh"
    form.municipality.value = "Kreis Gütersloh"
    form.minutes.value = 20
    form.packages.value = "\n".join(f'"{p}"' if n == 1 else str(p)
                                    for n, p in enumerate(packages)) + "\n\n"


def test_three_packages_become_a_conference_with_one_item_each(packages, tmp_path):
    app = _app(tmp_path)
    assert app.tabs.titles[-1] == "Konferenz anlegen"
    _fill(app, packages.three)
    app.new_conference.button.click()

    form = app.new_conference
    assert "kim-message-ok" in form.message.value, form.message.value
    assert "Konferenz am 03.12.2026 angelegt." in form.message.value
    assert "3 Tagesordnungspunkte, 6 Fälle, 120 Minuten geplant" in form.message.value
    conferences = app.register.conferences()
    assert [(c.id, c.date, c.place, c.municipality) for c in conferences] == [
        (form.plan.conference_id, DAY, "Kreishaus Gütersloh", "Kreis Gütersloh")]
    saved = conferences[0]
    assert len(saved.agenda) == 3 and len(saved.cases) == 6
    assert [p.case for p in saved.cases] == form.plan.cases


def test_an_unapproved_package_is_named_and_nothing_is_written(packages, tmp_path):
    app = _app(tmp_path)
    _fill(app, [packages.first, packages.draft])
    app.new_conference.button.click()
    message = app.new_conference.message.value
    assert "kim-message-error" in message
    assert f"Paket {packages.draft} abgelehnt" in message and "nicht freigegeben" in message
    assert "Keine Konferenz angelegt" in message
    assert app.register.conferences() == []


def test_a_case_in_two_packages_is_refused(packages, tmp_path):
    app = _app(tmp_path)
    _fill(app, [packages.first, packages.twin])
    app.new_conference.button.click()
    message = app.new_conference.message.value
    assert f"Paket {packages.twin} abgelehnt" in message and "nur einmal" in message
    assert app.register.conferences() == []


def test_missing_date_packages_or_register_are_said_in_german(packages, tmp_path):
    app = Koordinierung("", today=DAY)
    form = app.new_conference
    form.button.click()
    for expected in ("Befundregister öffnen", "Datum der Konferenz", "mindestens ein Paket"):
        assert expected in form.message.value
    assert form.plan is None


def test_package_lines_drop_blank_lines_and_copied_quotes():
    text = ' "C:\\KIM\\paket a.zip" \n\n  D:\\pakete\\b\n"\n'
    assert package_lines(text) == ["C:\\KIM\\paket a.zip", "D:\\pakete\\b", '"']


def test_the_notebook_builds_a_conference_in_a_real_kernel(packages, tmp_path, monkeypatch):
    """The shipped notebook as it is, then one cell that fills the tab as a user would."""
    path = tmp_path / "befunde.sqlite"
    open_register(path, create=True).close()
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(path))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import datetime\n"
        "form = app.new_conference\n"
        f"form.date.value = datetime.date({DAY.year}, {DAY.month}, {DAY.day})\n"
        "form.place.value = 'Kreishaus'\n"
        f"form.packages.value = {json.dumps(chr(10).join(map(str, packages.three)))}\n"
        "form.button.click()\n"
        "print(form.plan.conference_id if form.plan else form.message.value)"))
    NotebookClient(notebook, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"], json.dumps(outputs)[:2000]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream").strip()
    with open_register(path) as register:
        assert [c.id for c in register.conferences()] == [printed]
        assert len(register.conferences()[0].cases) == 6
