"""`kimtools serve PACKAGE [--port N]`: the default, only on this machine (127.0.0.1).

The command line and run folder are checked without a server; then the real server of the
session (serve_fixtures.local_server), and the CLI as a process that Ctrl-C stops.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import ROOT, http_get, page_config
from typer.testing import CliRunner

from kimtools import serve
from kimtools.cli import app

pytest_plugins = ["serve_fixtures"]


@pytest.fixture
def tiny_notebook(tmp_path) -> Path:
    notebook = tmp_path / "dashboard.ipynb"
    notebook.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                    "nbformat_minor": 5}), encoding="utf-8")
    return notebook


def test_defaults_point_into_the_package():
    notebooks = ROOT / "kimtools" / "notebooks"
    assert notebooks / "02_planungskonferenz.ipynb" == serve.DASHBOARD_NOTEBOOK
    assert (serve.TEMPLATE_DIR / "index.html.j2").is_file()
    assert (serve.TEMPLATE_DIR / "static" / "kim.css").is_file()


def test_run_folder_holds_only_a_copy_of_the_notebook(tiny_notebook):
    run_dir = serve.prepare_run_dir(tiny_notebook)
    try:
        assert [p.name for p in (run_dir / "root").iterdir()] == [tiny_notebook.name]
        assert (run_dir / "share" / "nbconvert" / "templates" / "kim" / "conf.json").is_file()
        # share/voila must not exist: Voilà would take it for its data folder (themes).
        assert not (run_dir / "share" / "voila").exists()
        assert run_dir.stat().st_mode & 0o077 == 0
        config = json.loads((run_dir / "config" / "voila.json").read_text(encoding="utf-8"))
        assert config["VoilaConfiguration"]["file_allowlist"] == []
        assert config["VoilaConfiguration"]["file_denylist"] == [".*"]
        assert config["VoilaConfiguration"]["allow_template_override"] == "NO"
        assert config["PasswordIdentityProvider"]["allow_password_change"] is False
        assert config["Voila"]["tornado_settings"]["allow_remote_access"] is False
        assert config["MappingKernelManager"]["cull_connected"] is False
    finally:
        shutil.rmtree(run_dir)


def test_voila_command_is_hardened(tmp_path):
    command = serve.voila_command(tmp_path, "dashboard.ipynb", "127.0.0.1", 8866, False)
    assert command[:3] == [sys.executable, "-m", "voila"]
    for option in ("--no-browser", "--Voila.ip=127.0.0.1", "--port=8866",
                   "--Voila.port_retries=0", "--template=kim", "--strip_sources=True",
                   "--show_tracebacks=False", f"--Voila.root_dir={tmp_path / 'root'}",
                   f"--Voila.config_file_paths={tmp_path / 'config'}",
                   f"--Voila.connection_dir_root={tmp_path}"):
        assert option in command
    assert "--token" not in command
    assert not any("0.0.0.0" in part for part in command)


def test_environment_carries_the_package_path_and_no_token(tmp_path, conference):
    env = serve.voila_environment(conference.package, tmp_path, None,
                                  base={"JUPYTER_PATH": "/elsewhere", "JUPYTER_TOKEN": "alt",
                                        "PATH": "/usr/bin"})
    assert env[serve.PACKAGE_ENV] == str(conference.package.resolve())
    assert Path(env[serve.PACKAGE_ENV]).is_absolute()
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(tmp_path / "share"), "/elsewhere"]
    assert "JUPYTER_TOKEN" not in env


def test_server_answers_on_loopback_only(local_server, share_address_if_any):
    assert local_server.address == "127.0.0.1"
    assert len(local_server.token) >= 43  # secrets.token_urlsafe(32), fresh per start
    assert local_server.url == f"http://127.0.0.1:{local_server.port}/?token={local_server.token}"
    assert "--token" in local_server.process.args
    assert not any(local_server.token in part for part in local_server.process.args)
    if share_address_if_any:
        with pytest.raises(OSError):
            socket.create_connection((share_address_if_any, local_server.port), timeout=3)


@pytest.fixture(scope="session")
def share_address_if_any() -> str | None:
    return serve.lan_address()


def test_dashboard_page_starts_a_kernel(dashboard_page):
    assert page_config(dashboard_page.text)["kernelId"]


def test_server_started_quickly(local_server):
    # Measured by running_server from process start to the first answer.
    assert 0 < local_server.started_in < 30, local_server.started_in


def test_cli_refuses_what_is_not_a_package(tmp_path, conference):
    runner = CliRunner()
    result = runner.invoke(app, ["serve", str(tmp_path / "fehlt")])
    assert result.exit_code == 2
    assert "Paket nicht gefunden" in result.output
    result = runner.invoke(app, ["serve", str(conference.caseload)])
    assert result.exit_code == 2
    assert "kein kimtools-Konferenzpaket" in result.output
    assert "nicht gestartet" in result.output


def test_cli_refuses_address_without_share(conference):
    result = CliRunner().invoke(app, ["serve", str(conference.package), "--address",
                                      "127.0.0.1"])
    assert result.exit_code == 2
    assert "--share" in result.output


def test_cli_refuses_a_busy_port(conference, dashboard_notebook):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with (pytest.raises(serve.ServeError, match="schon belegt"),
              serve.running_server(conference.package, port=busy.getsockname()[1],
                                   notebook=dashboard_notebook)):
            pass


def _processes_with(package: Path) -> list[int]:
    """Processes (Voilà and its kernels) whose environment names this package."""
    needle = f"{serve.PACKAGE_ENV}={package.resolve()}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="braucht Linux /proc")
def test_cli_serves_until_ctrl_c_and_leaves_nothing_behind(conference, dashboard_notebook,
                                                            tmp_path):
    package = tmp_path / "paket-kopie"
    shutil.copytree(conference.package, package)
    port = serve.free_port()
    code = ("import sys; from pathlib import Path; from kimtools import serve; "
            f"serve.DASHBOARD_NOTEBOOK = Path({str(dashboard_notebook)!r}); "
            "from kimtools.cli import app; app(sys.argv[1:], prog_name='kimtools')")
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", str(package), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Strg+C" in line:
                break
        output = "".join(lines)
        printed = re.search(rf"http://127\.0\.0\.1:{port}/\?token=([\w-]{{43,}})\s", output)
        assert printed, output  # the address to open carries the token
        assert "nur auf diesem Rechner" in output and "Zugangsschlüssel" in output
        refused = http_get(f"http://127.0.0.1:{port}/", "/")
        assert "kernelId" not in refused.text and "/login" in refused.chain[-1][1]
        page = http_get(f"http://127.0.0.1:{port}/", f"/?token={printed[1]}")  # a kernel
        assert page.status == 200 and page_config(page.text)["kernelId"]
        assert len(_processes_with(package)) >= 2  # Voilà and the kernel
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output + rest
    assert "Dashboard wird beendet" in rest
    deadline = time.monotonic() + 10
    while _processes_with(package) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_with(package) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2)
