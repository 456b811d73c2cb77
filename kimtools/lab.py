"""`kimtools lab`: a working folder with the shipped notebooks, opened in JupyterLab in German.

The folder keeps its own JupyterLab settings (JUPYTERLAB_SETTINGS_DIR inside the folder), so the
German locale and the switched-off widget-state saving never touch the user's global settings.
Widget state is not saved because it would write case data shown in widgets into the .ipynb.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kimtools.resources import NOTEBOOKS

SETTINGS_DIR = ".kimtools-lab"
# JupyterLab user settings (plugin id → values) kimtools keeps set in the working folder.
SETTINGS = {
    "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": "de_DE"},
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": False},
}


class LabError(Exception):
    """The working folder cannot be set up; the message is German and names the path."""


@dataclass
class Workspace:
    folder: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def settings_dir(self) -> Path:
        return self.folder / SETTINGS_DIR / "einstellungen"

    @property
    def workspaces_dir(self) -> Path:
        return self.folder / SETTINGS_DIR / "arbeitsbereiche"


def prepare(folder: Path) -> Workspace:
    """Create `folder`, copy in the notebooks it lacks (never overwrite) and write the settings."""
    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise LabError(f"{folder} ist eine Datei, kein Ordner.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        space = Workspace(folder)
        for source in sorted(NOTEBOOKS.glob("*.ipynb")):
            target = folder / source.name
            if target.exists():
                space.kept.append(source.name)
            else:
                shutil.copyfile(source, target)
                space.copied.append(source.name)
        for relative, values in SETTINGS.items():
            _merge_setting(space.settings_dir / relative, values)
        space.workspaces_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LabError(f"Arbeitsordner {folder} kann nicht eingerichtet werden: "
                       f"{exc.strerror or exc}") from exc
    return space


def _merge_setting(path: Path, values: dict) -> None:
    """Set `values` in a settings file, keeping what the user changed there otherwise."""
    current = {}
    if path.exists():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            current = {}
        if not isinstance(current, dict):
            current = {}
    if all(current.get(key) == value for key, value in values.items()):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**current, **values}, indent=2), encoding="utf-8")


def command(space: Workspace, port: int | None = None,
            browser: bool = True) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start JupyterLab on the working folder."""
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={space.folder}",
            "--ServerApp.ip=127.0.0.1",
            # Offline office PCs: no extension installs from PyPI, no update checks.
            "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if port is not None:
        argv.append(f"--ServerApp.port={port}")
    if not browser:
        argv.append("--no-browser")
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(space.settings_dir),
           "JUPYTERLAB_WORKSPACES_DIR": str(space.workspaces_dir)}
    return argv, env
