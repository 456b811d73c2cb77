"""The notebooks with a findings register: the dashboard (02) with the recording panel and the
coordination office's register notebook (03), executed in a real kernel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
import pytest
from clock import REFERENCE_DAY, on_day
from nbclient import NotebookClient

from kimtools.findings import Conference, Evidence, Finding, open_register

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "kimtools" / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(name: str) -> list:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"], json.dumps(outputs)[:2000]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], (
        json.dumps(outputs)[:2000])
    assert [o for o in outputs if WIDGET_VIEW in o.get("data", {})], json.dumps(outputs)[:500]
    return outputs


@pytest.mark.parametrize("name", ["02_planungskonferenz.ipynb", "03_koordinierung.ipynb"])
def test_committed_notebooks_have_no_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None


def test_dashboard_notebook_with_register(conference_package, tmp_path, monkeypatch):
    register = tmp_path / "befundregister.db"
    monkeypatch.setenv("KIMTOOLS_PACKAGE", str(conference_package))
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(register))
    outputs = execute("02_planungskonferenz.ipynb")
    assert "Planungskonferenz (kimtools)" in json.dumps(outputs)
    with open_register(register) as opened:  # the panel opened (and so created) the register
        assert opened.conferences() == []


def test_coordination_notebook(tmp_path, monkeypatch):
    path = tmp_path / "befundregister.db"
    today = REFERENCE_DAY
    with open_register(path, create=True) as register:
        for number, place in enumerate(("Verl", "Kreis Gütersloh")):
            conference = register.add_conference(Conference(
                date=today - dt.timedelta(days=100 - number), municipality=place))
            register.add_finding(Finding(
                title=f"Wartezeit Ausländerbehörde {number}", conference_id=conference.id,
                fields=["residence"], institutions=["Ausländerbehörde"],
                cases=[f"F-{'AB'[number] * 8}"], level="Lenkungsgruppe",
                evidence=Evidence(cases=1, obstacles=1, categories={"waiting_time": 1})),
                "KI", today)
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(path))
    with on_day(today):  # the notebook reckons overdue measures from the kernel's clock
        outputs = execute("03_koordinierung.ipynb")
    assert "Koordinierung (kimtools)" in json.dumps(outputs)
