"""`kimtools serve --register`: findings are recorded on the coordination office's machine only.

The browser test records a finding in the served dashboard, reloads the page and finds it
again, in the list and in the SQLite file.
"""

from __future__ import annotations

import pytest
from browser import handbook_picture
from test_serve_browser import LOAD_TIMEOUT, assert_clean, open_dashboard

from kimtools import serve
from kimtools.findings import open_register

pytest_plugins = ["serve_fixtures"]

TITLE = "Kein Integrationskurs mit Kinderbetreuung im Kreis"


def test_register_is_refused_together_with_share(conference, tmp_path):
    with (pytest.raises(serve.ServeError, match="nicht zusammen mit --share"),
          serve.running_server(conference.package, share=True,
                               register=tmp_path / "befunde.sqlite")):
        pass


def test_register_is_never_inherited_from_the_shell(conference, tmp_path):
    base = {"KIMTOOLS_REGISTER": str(tmp_path / "fremd.sqlite"), "PATH": "/usr/bin"}
    env = serve.voila_environment(conference.package, tmp_path, None, base=base)
    assert "KIMTOOLS_REGISTER" not in env
    env = serve.voila_environment(conference.package, tmp_path, None, base=base,
                                  register=tmp_path / "befunde.sqlite")
    assert env["KIMTOOLS_REGISTER"] == str((tmp_path / "befunde.sqlite").resolve())


@pytest.fixture(scope="module")
def register_server(conference, dashboard_notebook, tmp_path_factory):
    register = tmp_path_factory.mktemp("koordinierung") / "befunde.sqlite"
    with serve.running_server(conference.package, notebook=dashboard_notebook,
                              register=register) as server:
        yield server, register


def open_findings(page) -> None:
    page.get_by_role("tab", name="Strukturelle Befunde", exact=True).click()
    page.get_by_role("tab", name="Befunde", exact=True).click()
    page.wait_for_selector(".kim-finding-title input", state="visible", timeout=30_000)


@pytest.mark.browser
def test_finding_recorded_in_the_browser_survives_a_reload(register_server, chromium):
    server, register = register_server
    watched = open_dashboard(chromium, server.url)
    page = watched.page
    open_findings(page)
    page.fill(".kim-finding-title input", TITLE)
    # nothing is prefilled from an obstacle: the user ticks the Handlungsfeld and names the
    # institution; both stay in view (checkboxes, no scrolled list)
    residence = page.locator(".kim-field-residence input")
    assert residence.is_visible() and not residence.is_checked()
    residence.check()
    page.fill(".kim-finding-institutions input", "Ausländerbehörde")
    page.wait_for_selector(".kim-finding-fields-chosen :text('Gewählt: Aufenthalt')",
                           timeout=30_000)
    handbook_picture(page, "befund-erfassen.png")
    page.click(".kim-finding-save button, button.kim-finding-save")
    confirm = page.locator(".kim-finding-confirm button, button.kim-finding-confirm")
    page.wait_for_timeout(1500)
    if confirm.count() and confirm.first.is_visible():
        confirm.first.click()
    page.wait_for_selector(f".kim-findings-list :text('{TITLE}')", timeout=30_000)
    assert_clean(watched)

    page.reload(wait_until="load", timeout=LOAD_TIMEOUT)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=LOAD_TIMEOUT)
    open_findings(page)
    page.wait_for_selector(f".kim-findings-list :text('{TITLE}')", timeout=30_000)
    page.context.close()

    findings = open_register(register).findings()
    assert [(f.title, f.fields, f.institutions) for f in findings] == [
        (TITLE, ["residence"], ["Ausländerbehörde"])]
