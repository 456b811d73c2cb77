"""Fixtures for the `kimtools serve` tests, as a pytest plugin.

Test modules load it with ``pytest_plugins = ["serve_fixtures"]`` (not by import), so the session
fixtures exist once: one conference folder and one local server for the whole run.

The conference folder looks like a case manager's working folder: the package next to the raw
caseload, the provider key and the pseudonym mapping. The tests prove that the server shows the
package and nothing of its neighbours.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, missing
from builders import synthetic_package

from kimtools import serve

# To try the server with another notebook (one that reads KIMTOOLS_PACKAGE and uses the
# template's CSS classes, see kim.css) instead of serve.DASHBOARD_NOTEBOOK.
NOTEBOOK_OVERRIDE = "KIMTOOLS_TEST_DASHBOARD"


# --- the case manager's folder -------------------------------------------------------------------

@dataclass(frozen=True)
class Conference:
    folder: Path
    package: Path
    caseload: Path  # copy of the raw caseload, beside the package
    key_file: Path  # the provider key, beside the package
    mapping_file: Path  # pseudonym → raw id, beside the key
    raw_names: frozenset[str]  # "Given Family" of every person in the caseload
    raw_ids: frozenset[str]  # case ids of the caseload
    key_hex: str

    def leaks(self, body: str | bytes) -> list[str]:
        """Raw names, ids, the key or raw-file headers found in a response body."""
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        text = html.unescape(text)
        found = [name for name in self.raw_names if name in text]
        found += [case for case in self.raw_ids if case in text]
        if self.key_hex in text:
            found.append("Schlüssel")
        found += [marker for marker in ("person_id,case_id", "given_name", "family_name",
                                         "geheimer Schlüssel", "pseudonym,id,first_used")
                  if marker in text]
        return found


@pytest.fixture(scope="session")
def conference(tmp_path_factory) -> Conference:
    """A draft package (not approved) beside the caseload, the key and the mapping."""
    built = synthetic_package(tmp_path_factory.mktemp("fallarbeit"), cases=200, seed=1, count=4,
                              approved_by=None)
    raw = built.caseload_dir
    persons = pd.read_csv(raw / "persons.csv", dtype=str, keep_default_na=False)
    names = {f"{g} {f}" for g, f in zip(persons["given_name"], persons["family_name"],
                                         strict=True) if g and f}
    cases = pd.read_csv(raw / "cases.csv", dtype=str, keep_default_na=False)
    key = built.draft.key
    return Conference(folder=built.package.parent, package=built.package, caseload=raw,
                      key_file=key.path, mapping_file=key.mapping_file,
                      raw_names=frozenset(names), raw_ids=frozenset(cases["case_id"]),
                      key_hex=key.secret.hex())


@pytest.fixture(scope="session")
def dashboard_notebook() -> Path:
    """serve.py's default dashboard notebook (or the override for developing the server)."""
    notebook = Path(os.environ.get(NOTEBOOK_OVERRIDE) or serve.DASHBOARD_NOTEBOOK)
    if not notebook.is_file():
        missing(f"Dashboard-Notizbuch fehlt noch: {notebook}")
    return notebook


@pytest.fixture(scope="session")
def local_server(conference, dashboard_notebook) -> Iterator[serve.Server]:
    with serve.running_server(conference.package, notebook=dashboard_notebook) as server:
        yield server


@pytest.fixture(scope="session")
def dashboard_page(local_server):
    """The dashboard page as the local server sends it (rendering runs the whole notebook)."""
    from browser import http_get

    reply = http_get(local_server.base_url, f"/?token={local_server.token}")
    assert reply.status == 200, reply.chain
    return reply


@pytest.fixture(scope="session")
def shared_server(conference, dashboard_notebook, share_address) -> Iterator[serve.Server]:
    """The same package with --share: bound to the LAN address, token required."""
    with serve.running_server(conference.package, share=True,
                              notebook=dashboard_notebook) as server:
        yield server


@pytest.fixture(scope="session")
def share_address() -> str:
    """This machine's LAN address, which `--share` binds to."""
    address = serve.lan_address()
    if address is None:
        pytest.skip("Dieser Rechner hat keine Adresse außer 127.0.0.1: --share nicht prüfbar.")
    return address


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium through Playwright (its own browser download does not work)."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} fehlt: Browser-Tests brauchen Debians Chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright (Python) ist nicht installiert")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
