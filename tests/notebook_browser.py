"""A shipped notebook in Voilà, for the browser tests of the notebooks a user works in.

Voilà runs with the kimtools template, as `kimtools serve` runs it, on 127.0.0.1. The notebook
sits in a fresh folder that is also its kernel's working directory, as `kimtools lab` puts the
notebooks into the user's own folder: the tests put their files there and type relative paths
(``befundregister.db``, ``protokolle``) into the widgets, as a user types the names of the
files beside the notebook. So what the widgets write lands beside the notebook, and the
handbook's pictures show no folder of the test machine.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from clock import TODAY_ENV

from kimtools.serve import free_port, prepare_run_dir, voila_command
from kimtools.trust import TRUST_ENV

TIMEOUT = 180_000  # ms: a kernel starts and the app reads its files (minutes: a second kernel)
VOILA_ERRORS = ("There was an error when executing cell", "Traceback", "Error displaying widget")


@contextlib.contextmanager
def voila_notebook(notebook: Path, logs: Path,
                   extra_env: dict[str, str] | None = None) -> Iterator[tuple[str, Path]]:
    """Yields the page's address and the notebook's folder (the kernel's working directory).

    No KIMTOOLS_* variable is set but those in ``extra_env``, the suite's list of confirmed
    keys (an office has its list in its configuration folder; the user's own list must neither
    help nor be touched) and the suite's clock (tests/clock.py). Voilà's log goes to
    ``logs/voila.log``.
    """
    run_dir = prepare_run_dir(notebook)
    folder = run_dir / "root"
    port = free_port()
    keep = {TRUST_ENV, TODAY_ENV}
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMTOOLS_") or k in keep}
    env.update(extra_env or {})
    env["JUPYTER_PATH"] = str(run_dir / "share")
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / "voila.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        voila_command(run_dir, notebook.name, "127.0.0.1", port, token_required=False),
        env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "api", timeout=5)  # noqa: S310 (local server)
                break
            except urllib.error.HTTPError:  # an answer, whatever it says: the server is up
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log_path.read_text()) from None
                time.sleep(0.5)
        yield url, folder
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(run_dir, ignore_errors=True)


def page_errors(page) -> list[str]:
    """Voilà's error texts on the page (a failed cell, a widget that could not be shown)."""
    body = page.locator("body").inner_text()
    return [error for error in VOILA_ERRORS if error in body]


def text_field(scope, label: str):
    """The input of the ipywidgets text field whose description is exactly ``label`` (a page
    or a part of it)."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    return scope.locator(".widget-text").filter(has_text=exact).locator("input")


def to_top(part) -> None:
    """Scroll the page until ``part`` stands at the top of the screen (for a picture of the
    screen from there down)."""
    part.evaluate("element => element.scrollIntoView({block: 'start'})")


def type_into(field, text: str) -> None:
    """Type as a user does: the model learns the value when the field is left with Enter."""
    field.fill(text)
    field.press("Enter")
