"""Notebook 04 from the UI: the selection widget driven with ipywidgets' own objects, and the
notebook executed without environment variables (what JupyterLab and Voilà do)."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest
from nbclient import NotebookClient
from pypdf import PdfReader

from kimtools.minutes.content import day_text
from kimtools.minutes.render import NOTEBOOK
from kimtools.widgets.minutes import Protokoll

pytest_plugins = ["minutes_fixtures"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def no_environment(monkeypatch):
    for name in ("KIMTOOLS_REGISTER", "KIMTOOLS_CONFERENCE", "KIMTOOLS_MINUTES_CONTENT",
                 "KIMTOOLS_MINUTES_WORD"):
        monkeypatch.delenv(name, raising=False)


def test_pick_conference_by_date_and_place_then_files_are_written(
        minutes_conference, tmp_path, no_environment):
    app = Protokoll()
    assert app.register.value == "" and app.conference.disabled and app.make_button.disabled
    app.register.value = str(minutes_conference.register)
    app.open_button.click()
    labels = [label for label, _ in app.conference.options]
    day = day_text(minutes_conference.date)
    assert labels[0].startswith(f"{day} – Kreishaus Gütersloh, Sitzungssaal (")
    assert len(labels) == 2 and "Raum 2.14" in labels[1]
    assert app.folder.value == str(minutes_conference.register.parent)

    app.conference.value = minutes_conference.earlier_id
    app.conference.value = dict(app.conference.options)[labels[0]]
    app.preview_button.click()
    assert "fehler" not in app.message.value
    for title in minutes_conference.findings:
        assert title in app.preview.value
    assert app.preview.value.count("<svg") == 6

    app.folder.value = str(tmp_path)
    app.formats["html"].value = False
    app.make_button.click()
    assert "fehler" not in app.message.value, app.message.value
    stem = f"protokoll-{minutes_conference.date:%Y-%m-%d}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.docx", f"{stem}.pdf"]
    pdf = tmp_path / f"{stem}.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert minutes_conference.findings[0] in " ".join(text.split())
    links = re.findall(r'<a download="([^"]+)" href="data:([^;]+);base64,([^"]+)"',
                       app.downloads.value)
    assert [(name, mime) for name, mime, _ in links] == [
        (f"{stem}.pdf", "application/pdf"),
        (f"{stem}.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    assert base64.b64decode(links[0][2]) == pdf.read_bytes()

    only_word = tmp_path / "nur-word"
    only_word.mkdir()
    app.folder.value = str(only_word)
    app.formats["pdf"].value = False
    app.make_button.click()
    assert [p.name for p in only_word.iterdir()] == [f"{stem}.docx"]


def test_register_from_the_environment_is_the_default(minutes_conference, monkeypatch):
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(minutes_conference.register))
    monkeypatch.setenv("KIMTOOLS_CONFERENCE", minutes_conference.earlier_id[:8])
    app = Protokoll()
    assert app.conference.value == minutes_conference.earlier_id
    assert not app.make_button.disabled


def test_every_error_in_german_in_the_widget(minutes_conference, tmp_path, no_environment):
    app = Protokoll()
    app.open_button.click()
    assert "Bitte den Pfad des Befundregisters" in app.message.value
    app.register.value = str(tmp_path / "fehlt.sqlite")
    app.open_button.click()
    assert f"Befundregister nicht gefunden: {tmp_path / 'fehlt.sqlite'}" in app.message.value
    broken = tmp_path / "kein-register.sqlite"
    broken.write_text("Das ist keine Datenbank.", encoding="utf-8")
    app.register.value = str(broken)
    app.open_button.click()
    assert "kim-meldung-fehler" in app.message.value and "Traceback" not in app.message.value
    assert app.conference.disabled

    app.register.value = str(minutes_conference.register)
    app.open_button.click()
    for box in app.formats.values():
        box.value = False
    app.folder.value = str(tmp_path / "out")
    app.make_button.click()
    assert "mindestens ein Format" in app.message.value
    app.formats["docx"].value = True
    app.make_button.click()
    assert f"Zielordner {tmp_path / 'out'} fehlt; nichts geschrieben." in app.message.value
    assert not (tmp_path / "out").exists()


def test_notebook_without_environment_shows_the_selection(tmp_path, no_environment):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    widgets = [o for o in outputs if WIDGET_MIME in o.get("data", {})]
    assert len(widgets) == 1
    assert all(o.get("data", {}).get("text/html", "") == "" for o in outputs
               if o is not widgets[0])
    assert list(tmp_path.iterdir()) == []
