"""The conference dashboard's widgets, checked with ipywidgets' own objects (no browser)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from kimtools.package import load_package
from kimtools.widgets.conference import Planungskonferenz, table_html

ROOT = Path(__file__).resolve().parent.parent


def test_first_case_is_shown(conference_package):
    app = Planungskonferenz(conference_package)
    package = load_package(conference_package)
    assert app.case == package.cases.loc[0, "case"]
    assert "Planungskonferenz" in app.header.value and "4 Fälle" in app.header.value
    assert "Pseudonym" in app.profile.value and app.case in app.profile.value
    assert "Hürde" in app.obstacle_sentence.value
    assert "<table" in app.obstacles.value or "keine Hürden" in app.obstacles.value
    assert app.timeline.children, "timeline widget missing"
    assert "Hürden über alle Fälle" in app.across.value


def test_switching_the_case_updates_everything(conference_package):
    app = Planungskonferenz(conference_package)
    first_chart = app.timeline.children[0]
    first_profile = app.profile.value
    app.case_select.value = app.case_select.options[1][1]
    assert app.timeline.children[0] is not first_chart
    assert app.timeline.children[0].chart.to_dict() != first_chart.chart.to_dict()
    assert app.profile.value != first_profile


def test_package_from_environment(conference_package, monkeypatch):
    monkeypatch.setenv("KIMTOOLS_PACKAGE", str(conference_package))
    assert Planungskonferenz().package is not None


def test_unreadable_package_is_a_german_message(tmp_path):
    app = Planungskonferenz(tmp_path / "fehlt")
    assert "Paket nicht gefunden" in app.error.value
    assert app.case_select.options == ()


def test_tables_escape_text():
    import pandas as pd

    html = table_html(pd.DataFrame({"Notiz": ["<script>alert(1)</script>"]}), "leer")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert table_html(pd.DataFrame(), "leer") == "<p>leer</p>"


def test_repr_shows_no_data(conference_package):
    assert repr(Planungskonferenz(conference_package)) == "Planungskonferenz (kimtools)"


def test_dashboard_notebook_runs_without_errors(conference_package, monkeypatch):
    monkeypatch.setenv("KIMTOOLS_PACKAGE", str(conference_package))
    notebook = nbformat.read(ROOT / "kimtools" / "notebooks" / "02_planungskonferenz.ipynb",
                             as_version=4)
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    NotebookClient(notebook, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(ROOT / "kimtools" / "notebooks")}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json"
             in o.get("data", {})]
    assert views, json.dumps(outputs)[:500]
