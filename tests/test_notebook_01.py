"""Notebook 01 (case manager's preparation) runs top to bottom; saving it writes no raw data.

The notebook is executed with nbclient on a synthetic caseload, saved with nbformat, and the
saved file is scanned for every name part, street, phone number, e-mail address and id of the
caseload. Two ways of saving:

- ``store_widget_state=False``, as JupyterLab saves by default ("Save Jupyter widget state in
  notebooks" is off): the file must hold none of them, not even while the original of a note is
  shown in the app.
- ``store_widget_state=True`` (the setting switched on): the widget models go into the file.
  They may then hold the case ids of the selection list (the case manager picks cases by their
  id), but no name, street, phone number or e-mail, as long as the original is not shown.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest
from clock import REFERENCE_DAY, on_day
from nbclient import NotebookClient

import synthetic
from kimtools.caseload import read_caseload

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "kimtools" / "notebooks" / "01_fall_vorbereiten.ipynb"
KERNEL = "python3"


def _kernel_runs_this_python() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        return False
    executable = spec.argv[0]
    # jupyter_client starts "python", "python3" and "python3.X" with its own interpreter
    own = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}
    return executable in own or Path(executable).resolve() == Path(sys.executable).resolve()


@pytest.fixture(scope="session")
def kernel_name() -> str:
    """The kernel "python3", made to run this venv's interpreter (installed there if needed)."""
    if not _kernel_runs_this_python():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix",
                        "--name", KERNEL], check=True, capture_output=True)
    if not _kernel_runs_this_python():
        pytest.fail(f"Der Jupyter-Kernel {KERNEL!r} startet nicht {sys.executable} (eine "
                    "Kernel-Definition im Benutzerordner geht vor); bitte entfernen.")
    return KERNEL


@pytest.fixture(scope="module")
def caseload_dir(tmp_path_factory) -> Path:
    return synthetic.write_synthetic_caseload(tmp_path_factory.mktemp("nb") / "caseload",
                                              cases=120, seed=3, as_of=REFERENCE_DAY)


@pytest.fixture(scope="module")
def identifiers(caseload_dir) -> dict[str, set[str]]:
    """Everything that must not be in the saved notebook, by kind."""
    caseload = read_caseload(caseload_dir, today=REFERENCE_DAY)
    persons = caseload.persons
    names = set()
    for column in ("given_name", "family_name"):
        for name in persons[column].dropna():
            names |= {p for p in re.split(r"[\s\-‐'’]+", str(name)) if len(p) >= 3}
    found = {"names": names}
    for column in ("street", "phone", "email"):
        found[column] = {str(v) for v in persons[column].dropna() if str(v).strip()}
    found["person ids"] = set(persons["person_id"])
    found["case ids"] = set(caseload.cases["case_id"])
    return found


def readable(saved: Path) -> str:
    """The saved file as text, plus every string in it decoded from JSON and from HTML: a name
    at the start of a line is "\\nKaya" in the file, where no word boundary would find it."""
    text = saved.read_text(encoding="utf-8")
    strings: list[str] = []

    def collect(node) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                collect(key)
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(json.loads(text))
    decoded = "\n".join(strings)
    return "\n".join([text, decoded, html.unescape(decoded)])


def strip_marks(text: str) -> str:
    """Without diacritics ("Şahin" → "Sahin"), as a note might write a name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def scan(text: str, identifiers: dict[str, set[str]], skip: tuple[str, ...] = ()) -> dict:
    """Identifiers found in ``text`` as whole words, ignoring case and diacritics."""
    views = [(text, text.casefold())]
    bare = strip_marks(text)
    views.append((bare, bare.casefold()))
    hits = {}
    for kind, values in identifiers.items():
        if kind in skip:
            continue
        found = set()
        for value in values:
            for view, folded in views:
                needle = value if view is text else strip_marks(value)
                if needle.casefold() in folded and re.search(
                        rf"(?<!\w){re.escape(needle)}(?!\w)", view, re.IGNORECASE):
                    found.add(value)
                    break
        if found:
            hits[kind] = sorted(found)
    return hits


def test_scan_finds_every_kind_of_identifier(caseload_dir, identifiers, tmp_path):
    text = "\n".join((caseload_dir / f"{name}.csv").read_text(encoding="utf-8")
                     for name in ("cases", "persons"))
    saved = tmp_path / "roh.json"
    saved.write_text(json.dumps({"text": text}), encoding="utf-8")
    hits = scan(readable(saved), identifiers)
    assert set(hits) == set(identifiers)
    assert hits["names"] == sorted(identifiers["names"])
    assert scan("Frau X wohnt in der Goethestraße", {"names": {"Goethe"}}) == {}


def drive_cell(tmp_path: Path, release_original: bool) -> str:
    """Code for an extra cell: the case manager's whole way through the app, in the kernel."""
    return f"""
import html as _html, sys as _sys
assert _sys.prefix == {sys.prefix!r}, _sys.prefix
_chosen = [v for label, v in app.case_list.options if "OHNE" not in label][:2]
app.case_list.value = tuple(_chosen)
app.key_file.value = {str(tmp_path / "traeger.key")!r}
app.pseudonymise_button.click()
assert app.draft is not None, "kein Entwurf"
_index = next(i for i, t in enumerate(app._texts)
              if any(d.type == "person" for d in t.detections))
app.text_list.value = _index
app.show_raw.value = True
assert all(_html.escape(d.text) in app.raw_view.value for d in app._texts[_index].detections)
while app.flag_panel.open_count:
    app.flag_panel.action.value = "generalise"
    app.flag_panel.decide_button.click()
app.approved_by.value = "Erika Mustermann"
app.confirmed.value = True
app.out_path.value = {str(tmp_path / "paket")!r}
app.write_button.click()
assert app.written is not None, "nicht geschrieben"
if {release_original!r}:
    app.show_raw.value = False
"""


def execute(nb, kernel_name: str, store_widget_state: bool):
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=120,
                            resources={"metadata": {"path": str(ROOT / "kimtools" / "notebooks")}},
                            store_widget_state=store_widget_state)
    client.execute()
    return nb


def assert_clean_run(nb) -> None:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", output
            if output["output_type"] == "stream" and output["name"] == "stderr":
                assert "Traceback" not in output["text"], output["text"]


@pytest.fixture
def environment(monkeypatch, caseload_dir, tmp_path):
    """The caseload was exported on its reference day and is prepared that day: the kernel's
    clock stands on it."""
    monkeypatch.setenv("KIMTOOLS_CASELOAD", str(caseload_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no key in the real home
    with on_day(REFERENCE_DAY):
        yield


def test_committed_notebook_has_no_outputs_and_no_widget_state():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
    assert "KIMTOOLS_CASELOAD" in code[0].source and "../build/demo/caseload" in code[0].source
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for word in ("Datenschutz", "Konferenzpaket", "Fallbestand laden", "Pseudonymisieren"):
        assert word in markdown or word.lower() in markdown.lower()


@pytest.mark.parametrize("store_widget_state", [False, True], ids=["jupyterlab-default",
                                                                  "widget-state-saved"])
def test_notebook_runs_and_the_saved_file_holds_no_raw_data(
        store_widget_state, kernel_name, environment, identifiers, tmp_path):
    nb = execute(nbformat.read(NOTEBOOK, as_version=4), kernel_name, store_widget_state)
    assert_clean_run(nb)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert len(outputs) == 1  # the app: nothing printed, no warning
    assert outputs[0]["data"]["text/plain"] == "Fallvorbereitung (kimtools)"
    assert "application/vnd.jupyter.widget-view+json" in outputs[0]["data"]
    saved = tmp_path / "gespeichert.ipynb"
    nbformat.write(nb, saved)
    text = readable(saved)
    if store_widget_state:
        state = json.dumps(nb.metadata["widgets"], ensure_ascii=False)
        assert "offene Hürde" in state  # the filled case list is in the saved state
        assert scan(text, identifiers, skip=("case ids",)) == {}
    else:
        assert "widgets" not in nb.metadata
        assert scan(text, identifiers) == {}


@pytest.mark.parametrize("store_widget_state", [False, True], ids=["jupyterlab-default",
                                                                  "widget-state-saved"])
def test_original_shown_in_the_app_never_reaches_the_saved_file(
        store_widget_state, kernel_name, environment, identifiers, tmp_path):
    """The whole way through the app, in the kernel; with the widget state saved, the original
    must have been released before saving (it is cleared from the model then)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        drive_cell(tmp_path, release_original=store_widget_state)))
    execute(nb, kernel_name, store_widget_state)
    assert_clean_run(nb)
    assert (tmp_path / "paket" / "manifest.json").exists()
    saved = tmp_path / "gespeichert.ipynb"
    nbformat.write(nb, saved)
    allowed = ("case ids",) if store_widget_state else ()
    assert scan(readable(saved), identifiers, skip=allowed) == {}
