"""`kimtools serve --konferenz`: a conference from the register, every package checked first."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from kimtools import serve
from kimtools.cli import app
from kimtools.conference import collect_packages, create_conference, plan_conference
from kimtools.findings import open_register
from kimtools.trust import TrustStore

pytest_plugins = ["conference_fixtures", "serve_fixtures"]
runner = CliRunner()


@pytest.fixture
def register(packages, tmp_path):
    path = tmp_path / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three), dt.date(2026, 12, 3), "Kreishaus")
    with open_register(path, create=True) as opened:
        create_conference(opened, plan)
    return path, plan


def test_conference_reaches_the_kernel_by_id_and_register(register, tmp_path):
    path, plan = register
    base = {"KIMTOOLS_CONFERENCE": "fremd", "KIMTOOLS_PACKAGE": "/fremd", "PATH": "/usr/bin"}
    env = serve.voila_environment(None, tmp_path, None, base=base, register=path,
                                  conference=plan.conference_id)
    assert env["KIMTOOLS_CONFERENCE"] == plan.conference_id
    assert "KIMTOOLS_PACKAGE" not in env
    assert env["KIMTOOLS_REGISTER"] == str(path.resolve())
    plain = serve.voila_environment(None, tmp_path, None, base=base)
    assert "KIMTOOLS_CONFERENCE" not in plain


def test_check_conference_finds_it_by_date(register):
    path, plan = register
    assert serve.check_conference(path, "2026-12-03").cases == plan.cases


def test_check_conference_without_register(tmp_path):
    with pytest.raises(serve.ServeError, match="--register"):
        serve.check_conference(None, "2026-12-03")
    with pytest.raises(serve.ServeError, match="--register"):
        serve.check_conference(tmp_path / "fehlt.sqlite", "2026-12-03")


def test_a_package_whose_key_is_no_longer_trusted_stops_the_start(register, packages,
                                                                  tmp_path, monkeypatch):
    path, plan = register
    monkeypatch.setenv("KIMTOOLS_TRUST_FILE", str(tmp_path / "leer.json"))
    assert TrustStore.load().keys == {}
    with pytest.raises(serve.ServeError) as refused:
        serve.check_conference(path, plan.conference_id)
    assert "TOP 1 abgelehnt" in str(refused.value)
    assert "nicht gestartet" in str(refused.value)


def test_cli_exit_codes(register, packages):
    path, _ = register
    for args, message in (
            ([], "entweder ein Konferenzpaket oder --konferenz"),
            ([str(packages.first), "--konferenz", "2026-12-03"], "entweder"),
            (["--konferenz", "2026-12-03"], "--register"),
            (["--konferenz", "2030-01-01", "--register", str(path)], "nicht im Register"),
            (["--konferenz", "2026-12-03", "--register", str(path), "--trust-key", "AB"],
             "--trust-key gilt für ein Paket")):
        result = runner.invoke(app, ["serve", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def conference_server(packages, dashboard_notebook, tmp_path_factory):
    path = tmp_path_factory.mktemp("koordinierung") / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three), dt.date(2026, 12, 3), "Kreishaus")
    with open_register(path, create=True) as opened:
        create_conference(opened, plan)
    with serve.running_server(None, notebook=dashboard_notebook, register=path,
                              conference=plan.conference_id) as server:
        yield server, plan


AGENDA = ".kim-agenda"
FOCUSED = "() => (document.activeElement && document.activeElement.textContent || '').trim()"


@pytest.mark.browser
def test_keyboard_alone_runs_the_agenda_from_first_to_last_case(conference_server, chromium):
    """At 1280×720 as it is: Tab to „Weiter“, then Enter moves case by case through all three
    packages; the TOP line names each item's provider."""
    from browser import PROJECTOR, handbook_picture
    from test_serve_browser import TIMELINE, assert_clean, first, open_dashboard, screenshot

    server, plan = conference_server
    watched = open_dashboard(chromium, server.url, viewport=PROJECTOR)
    page = watched.page
    assert page.viewport_size == PROJECTOR
    page.wait_for_selector(AGENDA, state="visible", timeout=30_000)
    assert "TOP 1" in page.inner_text(AGENDA) and "insgesamt 1 von 6" in page.inner_text(AGENDA)
    for _ in range(60):
        if page.evaluate(FOCUSED) == "Weiter ▶":
            break
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Weiter ▶", "„Weiter“ ist mit Tab nicht erreichbar."
    screenshot(page, "konferenz-top1-1280x720.png")
    handbook_picture(page, "konferenz-tagesordnung.png")
    handbook_picture(page, "zeitstrahl.png", first(page, TIMELINE))
    for position in range(2, 7):
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"() => document.querySelector('{AGENDA}').textContent.includes("
            f"'insgesamt {position} von 6')", timeout=30_000)
        item = plan.item_of(plan.cases[position - 1])
        assert f"TOP {item.number} · {item.provider}" in page.inner_text(AGENDA)
    page.wait_for_timeout(500)
    screenshot(page, "konferenz-letzter-fall-1280x720.png")
    assert page.locator("button", has_text="Weiter ▶").is_disabled()
    assert_clean(watched)
    page.context.close()


def test_presentation_needs_a_conference(packages):
    result = runner.invoke(app, ["serve", str(packages.first), "--praesentation"])
    assert result.exit_code == 2 and "nur zusammen mit --konferenz" in result.output


def test_presenter_notebook_ships_with_the_package():
    import json

    notebook = json.loads(serve.PRESENTER_NOTEBOOK.read_text(encoding="utf-8"))
    assert "Praesentation()" in "".join(notebook["cells"][0]["source"])
