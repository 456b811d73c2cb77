"""The minutes notebook and the nbconvert exporter on their own: `jupyter nbconvert --to
kim-protokoll` works with the register named in the environment, and the minutes' modules stay
on the package side of the privacy boundary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from docx import Document
from nbconvert.exporters import get_exporter

from kimtools.minutes.content import MinutesError
from kimtools.minutes.exporter import TEMPLATE_NAME, TEMPLATE_ROOT, ProtokollExporter
from kimtools.minutes.gate import html_text
from kimtools.minutes.render import NOTEBOOK, NotebookRun, notebook_html, parameterised_notebook
from kimtools.package import load_package

pytest_plugins = ["minutes_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
JUPYTER = Path(sys.executable).with_name("jupyter")
RAW_SIDE = ("kimtools.caseload", "kimtools.privacy.pseudonymise", "kimtools.privacy.leakgate",
            "kimtools.privacy.risk", "synthetic")
MODULES = ["kimtools.minutes", "kimtools.minutes.build", "kimtools.minutes.choose",
           "kimtools.minutes.content", "kimtools.widgets.minutes",
           "kimtools.minutes.exporter", "kimtools.minutes.gate", "kimtools.minutes.pdf",
           "kimtools.minutes.render", "kimtools.minutes.sections", "kimtools.minutes.word"]


def test_exporter_is_registered_for_nbconvert():
    assert get_exporter(TEMPLATE_NAME) is ProtokollExporter
    conf = json.loads((TEMPLATE_ROOT / TEMPLATE_NAME / "conf.json").read_text())
    assert conf["base_template"] == "lab"


def test_notebook_is_thin_and_parameterised():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata["tags"]
    assert len(code[1].source.splitlines()) <= 3  # the imports
    assert all(len(c.source.splitlines()) <= 2 for c in code[2:])
    replaced = parameterised_notebook("r.db", "k-1", "", word="p.docx")
    assert "register = 'r.db'\nkonferenz = 'k-1'" in replaced.cells[1].source
    assert "word_datei = 'p.docx'" in replaced.cells[1].source
    assert "word" in code[-1].metadata["tags"]  # the late cell, after the page


def test_the_kernel_makes_the_word_file_after_the_page(minutes_conference, tmp_path):
    out = tmp_path / "protokoll.docx"
    run = NotebookRun(parameterised_notebook(
        str(minutes_conference.register), minutes_conference.conference_id, word=str(out)),
        tmp_path)
    page = run.page()
    assert all(not c.get("outputs") for c in page.cells if "word" in c.metadata.get("tags", []))
    # one legend of event kinds per case with points in time ("phases only" shows none)
    manifest = load_package(minutes_conference.package.package).manifest
    timed = sum(c["time_resolution"] != "phase" for c in manifest["cases"])
    assert timed and html_text(notebook_html(page)).count("Art des Ereignisses:") == timed
    run.result()
    document = Document(out)
    assert document.paragraphs[2].text == "Protokoll" and len(document.inline_shapes) == 6


def test_a_failing_late_cell_fails_the_run_but_not_the_page(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("seite = 'fertig'\nseite"),
        nbformat.v4.new_code_cell("raise ValueError('Word kaputt')", metadata={"tags": ["word"]})])
    run = NotebookRun(nb, tmp_path)
    assert run.page().cells[0].outputs[0]["data"]["text/plain"] == "'fertig'"
    with pytest.raises(MinutesError, match="ValueError: Word kaputt"):
        run.result()


def test_nbconvert_to_kim_protokoll_with_the_register_in_the_environment(minutes_conference,
                                                                        tmp_path):
    env = {**os.environ, "KIMTOOLS_REGISTER": str(minutes_conference.register),
           "KIMTOOLS_CONFERENCE": minutes_conference.conference_id}
    result = subprocess.run(
        [str(JUPYTER), "nbconvert", "--to", TEMPLATE_NAME, "--execute", str(NOTEBOOK),
         "--output-dir", str(tmp_path), "--output", "protokoll"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "protokoll.html").read_text(encoding="utf-8")
    for title in minutes_conference.findings:
        assert title in html
    assert html.count("<svg") == 6
    assert "Protokoll einer Planungskonferenz" not in html  # the instructions cell
    assert "<script" not in html
    assert re.findall(r"https?:", html) == []


def test_minutes_modules_do_not_load_the_raw_side():
    code = ("import importlib, json, sys\n"
            f"for name in {MODULES!r}: importlib.import_module(name)\n"
            f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({RAW_SIDE!r}))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert json.loads(result.stdout) == []
