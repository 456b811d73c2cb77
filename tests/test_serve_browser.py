"""The dashboard in a real browser (headless Debian Chromium), with the network cut.

Every request to a host other than the server is aborted and recorded: an empty record proves
that nothing comes from a CDN. The test drives the dashboard as a participant would: the first
case's timeline and obstacle table show, choosing another case redraws the timeline.

Contract with the dashboard notebook (CSS classes of the template kim, see kim.css):
``kim-case-select`` on the case Dropdown, ``kim-timeline`` on the timeline's container,
``kim-obstacles`` on the container of the obstacle table. Without them the tests fall back to
the first Dropdown, the first Vega chart and the first ``table.kim-table``.

In CI (environment variable CI set) a missing /usr/bin/chromium fails these tests.
"""

from __future__ import annotations

import time

import pytest
from browser import (
    ARTIFACTS,
    SCREENS,
    authorised,
    handbook_picture,
    http_get,
    page_config,
    watched_page,
)

from kimtools import serve

pytest_plugins = ["serve_fixtures"]

LOAD_TIMEOUT = 120_000  # ms: kernel start plus the whole notebook
CASE_SELECT = [".kim-case-select select", ".widget-dropdown select"]
TIMELINE = [".kim-timeline", ".vega-embed"]
OBSTACLES = [".kim-obstacles table", "table.kim-table"]
DRAWN = ", ".join(f"{t} {g}" for t in TIMELINE for g in ("svg", "canvas"))
VOILA_ERRORS = ("Error displaying widget", "Please run Voilà with --show_tracebacks",
                "There was an error when executing cell", "Traceback")


def first(page, selectors: list[str]):
    """The first element of the first selector that matches (contract class before fallback)."""
    for selector in selectors:
        found = page.locator(selector)
        if found.count():
            return found.first
    raise AssertionError(f"Nicht auf der Seite: {selectors}")


def open_dashboard(browser, url: str, allowed_hosts: set[str] | None = None,
                   bypass_csp: bool = False, viewport: dict | None = None):
    watched = watched_page(browser, allowed_hosts, viewport=viewport, bypass_csp=bypass_csp)
    page = watched.page
    page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=LOAD_TIMEOUT)
    page.wait_for_selector(DRAWN, state="visible", timeout=LOAD_TIMEOUT)
    page.wait_for_selector(", ".join(OBSTACLES), state="visible", timeout=LOAD_TIMEOUT)
    return watched


def timeline_state(page) -> tuple[str, bytes]:
    timeline = first(page, TIMELINE)
    return timeline.inner_html(), timeline.screenshot()


def choose_another_case(page) -> None:
    from playwright.sync_api import Error as PlaywrightError

    select = first(page, CASE_SELECT)
    options = select.locator("option")
    assert options.count() >= 2, "Das Paket hat mehrere Fälle; die Auswahl zeigt sie nicht."
    before = timeline_state(page)
    select.select_option(index=1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        try:  # the chart may be swapped out between two looks
            page.wait_for_selector(DRAWN, state="visible", timeout=5_000)
            html, image = timeline_state(page)
        except (AssertionError, PlaywrightError):
            continue
        if html != before[0] and image != before[1]:
            return
    raise AssertionError("Die Zeitachse ändert sich nicht, wenn ein anderer Fall gewählt wird.")


CONTENT = "#rendered_cells"
SCROLL_STATE = f"""() => {{ const m = document.querySelector('{CONTENT}');
    return {{top: m.scrollTop, height: m.scrollHeight, view: m.clientHeight}}; }}"""


def scroll_state(page) -> dict:
    return page.evaluate(SCROLL_STATE)


def screenshot(page, name: str) -> None:
    """Every screen of the dashboard as the room sees it: the viewport stays as it is, the
    content is paged through with the keyboard, one picture per screen (name-1.png, …)."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = name.removesuffix(".png")
    for old in ARTIFACTS.glob(f"{stem}-*.png"):
        old.unlink()
    page.keyboard.press("Home")
    page.wait_for_timeout(300)
    for number in range(1, 30):
        page.screenshot(path=str(ARTIFACTS / f"{stem}-{number}.png"))
        before = scroll_state(page)["top"]
        page.keyboard.press("PageDown")
        page.wait_for_timeout(300)
        if scroll_state(page)["top"] == before:
            break
    page.keyboard.press("Home")
    page.wait_for_timeout(300)


def headings_in_view(page) -> set[str]:
    return set(page.evaluate(f"""() => [...document.querySelectorAll(
        '{CONTENT} h1, {CONTENT} h2, {CONTENT} h3')].filter(h => {{
            const r = h.getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }})
        .map(h => h.textContent.trim())"""))


def assert_clean(watched) -> None:
    page = watched.page
    assert watched.aborted == [], f"Anfragen an fremde Rechner: {watched.aborted}"
    assert watched.csp_blocked == [], f"von der CSP blockiert: {watched.csp_blocked}"
    assert watched.console_errors == [], watched.console_errors
    assert watched.page_errors == [], watched.page_errors
    assert watched.failed_responses == [], watched.failed_responses
    text = page.locator("body").inner_text()
    for error in VOILA_ERRORS:
        assert error not in text, error


@pytest.mark.browser
def test_dashboard_shows_the_cases_without_the_internet(local_server, chromium):
    watched = open_dashboard(chromium, local_server.url)
    page = watched.page
    screenshot(page, "dashboard.png")
    handbook_picture(page, "dashboard-fall.png")

    assert first(page, TIMELINE).is_visible()
    assert first(page, OBSTACLES).locator("tr").count() >= 2  # header and a row
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.title() == "Planungskonferenz"
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18
    colours = page.evaluate("[getComputedStyle(document.body).color,"
                            " getComputedStyle(document.body).backgroundColor]")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]

    choose_another_case(page)
    screenshot(page, "dashboard-fall-2.png")
    assert_clean(watched)
    page.context.close()


@pytest.mark.browser
def test_dashboard_tries_no_other_host_even_without_the_csp(local_server, chromium):
    """With the server's policy ignored, a CDN reference would reach the route: none does."""
    watched = open_dashboard(chromium, local_server.url, bypass_csp=True)
    choose_another_case(watched.page)
    assert_clean(watched)
    watched.page.context.close()


@pytest.mark.browser
def test_shared_dashboard_works_with_the_handed_out_url(shared_server, chromium):
    watched = open_dashboard(chromium, shared_server.url, {shared_server.address})
    choose_another_case(watched.page)  # the widgets talk over the cookie-authenticated socket
    assert_clean(watched)
    watched.page.context.close()


@pytest.mark.browser
def test_shared_dashboard_without_token_shows_no_case(shared_server, chromium):
    watched = watched_page(chromium, {shared_server.address})
    page = watched.page
    page.goto(shared_server.base_url, wait_until="load", timeout=LOAD_TIMEOUT)
    assert "/login" in page.url
    assert page.locator(DRAWN).count() == 0
    assert page.locator("#jupyter-config-data").count() == 0
    assert watched.aborted == []
    page.context.close()


@pytest.mark.browser
def test_kernels_of_closed_pages_are_culled_open_pages_keep_theirs(conference, dashboard_notebook,
                                                                  chromium, monkeypatch):
    """Voilà cannot shut a kernel down when its tab closes (voila#1458); culling does it."""
    monkeypatch.setattr(serve, "KERNEL_IDLE_TIMEOUT", 4)
    monkeypatch.setattr(serve, "KERNEL_CULL_INTERVAL", 1)
    with serve.running_server(conference.package, notebook=dashboard_notebook) as server:
        watched = open_dashboard(chromium, server.url)
        abandoned = page_config(http_get(server.base_url, f"/?token={server.token}").text
                                )["kernelId"]
        watched.page.wait_for_timeout(10_000)
        assert http_get(server.base_url, f"/api/kernels/{abandoned}",
                        headers=authorised(server.token)).status == 404
        choose_another_case(watched.page)  # the open page's kernel is still there
        assert_clean(watched)
        watched.page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREENS)
def test_every_part_of_the_dashboard_is_reachable_by_keys_and_wheel(local_server, chromium,
                                                                    screen):
    """At projector and full-HD size, as they are: Page Down reaches every heading and End the
    last line; the mouse wheel scrolls too. Nothing needs a click first."""
    size = SCREENS[screen]
    watched = open_dashboard(chromium, local_server.url, viewport=size)
    page = watched.page
    assert page.viewport_size == size
    page.wait_for_timeout(500)
    state = scroll_state(page)
    assert state["height"] > state["view"], "Der Inhalt passt nicht auf eine Bildschirmhöhe."
    assert state["view"] <= size["height"]
    headings = set(page.evaluate(f"""() => [...document.querySelectorAll(
        '{CONTENT} h1, {CONTENT} h2, {CONTENT} h3')].filter(h => h.getBoundingClientRect()
        .height > 0).map(h => h.textContent.trim())"""))
    assert {"Hürden", "Ziele"} <= headings

    seen = headings_in_view(page)
    for _ in range(30):
        before = scroll_state(page)["top"]
        page.keyboard.press("PageDown")
        page.wait_for_timeout(200)
        seen |= headings_in_view(page)
        if scroll_state(page)["top"] == before:
            break
    assert seen == headings, f"mit Bild-ab nicht erreicht: {headings - seen}"
    state = scroll_state(page)
    assert state["top"] + state["view"] >= state["height"] - 2, state

    page.keyboard.press("Home")
    page.wait_for_timeout(300)
    assert scroll_state(page)["top"] == 0
    page.keyboard.press("End")
    page.wait_for_timeout(300)
    state = scroll_state(page)
    assert state["top"] + state["view"] >= state["height"] - 2, state
    page.keyboard.press("Home")
    page.wait_for_timeout(300)

    page.mouse.move(size["width"] / 2, size["height"] / 2)
    page.mouse.wheel(0, 500)
    page.wait_for_timeout(500)
    assert scroll_state(page)["top"] > 0, "Das Mausrad scrollt nicht."

    screenshot(page, f"dashboard-{screen}.png")
    assert_clean(watched)
    page.context.close()
