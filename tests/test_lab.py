"""`kimtools lab`: the working folder it sets up, the JupyterLab it starts, in German."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.lab import command, prepare
from kimtools.resources import NOTEBOOKS

runner = CliRunner()
SHIPPED = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
LOCALE = "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
WIDGETS = "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"


def test_a_new_folder_gets_every_shipped_notebook_and_german_settings(tmp_path):
    space = prepare(tmp_path / "KIM")
    assert {"01_fall_vorbereiten.ipynb", "04_protokoll.ipynb", "06_jahresbericht.ipynb"} <= set(
        SHIPPED)
    assert space.copied == SHIPPED and space.kept == []
    for name in SHIPPED:
        assert (space.folder / name).read_bytes() == (NOTEBOOKS / name).read_bytes()
    assert json.loads((space.settings_dir / LOCALE).read_text())["locale"] == "de_DE"
    assert json.loads((space.settings_dir / WIDGETS).read_text())["saveState"] is False
    assert space.settings_dir.is_relative_to(space.folder)


def test_the_users_copies_are_never_overwritten_and_named(tmp_path, monkeypatch):
    folder = tmp_path / "KIM"
    folder.mkdir()
    mine = folder / SHIPPED[0]
    mine.write_text("meine Fassung", encoding="utf-8")
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda argv, env: calls.append((argv, env)) or 0)
    result = runner.invoke(app, ["lab", str(folder), "--no-browser"], prog_name="kimtools")
    assert result.exit_code == 0, result.output
    assert mine.read_text(encoding="utf-8") == "meine Fassung"
    assert f"Schon vorhanden, unverändert gelassen: {SHIPPED[0]}" in result.output
    assert f"Neu hineinkopiert: {', '.join(SHIPPED[1:])}" in result.output
    [(argv, env)] = calls
    assert argv[1:3] == ["-m", "jupyterlab"]
    assert "--no-browser" in argv
    assert f"--ServerApp.root_dir={folder.resolve()}" in argv
    assert Path(env["JUPYTERLAB_SETTINGS_DIR"]).is_relative_to(folder.resolve())
    assert Path(env["JUPYTERLAB_WORKSPACES_DIR"]).is_relative_to(folder.resolve())


def test_without_no_browser_the_browser_opens(tmp_path):
    argv, _ = command(prepare(tmp_path), port=9999)
    assert "--no-browser" not in argv
    assert "--ServerApp.port=9999" in argv


def test_settings_the_user_changed_in_the_folder_stay(tmp_path):
    space = prepare(tmp_path)
    widgets = space.settings_dir / WIDGETS
    widgets.write_text(json.dumps({"saveState": True, "other": 1}), encoding="utf-8")
    prepare(tmp_path)
    assert json.loads(widgets.read_text()) == {"saveState": False, "other": 1}


def test_a_file_as_folder_is_refused_in_german_and_nothing_written(tmp_path):
    target = tmp_path / "KIM"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["lab", str(target)], prog_name="kimtools")
    assert result.exit_code == 2
    assert f"{target.resolve()} ist eine Datei, kein Ordner." in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["KIM"]


def test_the_german_language_pack_is_installed():
    packs = {ep.name for ep in entry_points(group="jupyterlab.languagepack")}
    assert "de_DE" in packs


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_the_lab_started_on_the_folder_is_german_and_saves_no_widget_state(tmp_path):
    """Start the real JupyterLab briefly and ask it for the settings it hands the page."""
    space = prepare(tmp_path / "KIM")
    port = _free_port()
    argv, env = command(space, port=port, browser=False)
    argv += ["--IdentityProvider.token=probe", "--ServerApp.port_retries=0", "--allow-root"]
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        answers = {}
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(answers) < 2:
            try:
                for plugin in ("@jupyterlab/translation-extension:plugin",
                               "@jupyter-widgets/jupyterlab-manager:plugin"):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    conn.request("GET", f"/lab/api/settings/{plugin}",
                                 headers={"Authorization": "token probe"})
                    reply = conn.getresponse()
                    assert reply.status == 200, reply.status
                    answers[plugin] = json.loads(reply.read())["settings"]
                    conn.close()
            except (ConnectionError, OSError):
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.5)
        assert answers["@jupyterlab/translation-extension:plugin"]["locale"] == "de_DE"
        assert answers["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is False
    finally:
        server.terminate()
        server.wait(timeout=30)
