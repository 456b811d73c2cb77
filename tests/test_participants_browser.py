"""The participants' view in the browser beside the presenter's screen, at both room sizes."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from browser import ARTIFACTS, SCREENS, watched_page

from kimtools.findings import open_register
from kimtools.findings.model import Finding

pytest_plugins = ["conference_fixtures", "serve_fixtures", "participants_fixtures"]
FOLLOW_LATENCY = 1.0  # seconds, issue 13
LOAD_TIMEOUT = 90_000


def _current(page) -> str:
    return page.evaluate("document.body.dataset.current")


def _wait_current(page, case: str, timeout: float) -> float:
    """Seconds until the page marks `case` as current; fails after `timeout`."""
    start = time.monotonic()
    while _current(page) != case:
        if time.monotonic() - start > timeout:
            raise AssertionError(f"Ansicht folgt nicht: {_current(page)!r} statt {case!r}")
        page.wait_for_timeout(20)
    return time.monotonic() - start


def _until(page, expression: str, timeout: float, arg: object = None) -> None:
    """Poll `expression` (a function of `arg`) in the page until it is true. Playwright's own
    wait_for_function compiles its predicate with eval, which the page's policy forbids."""
    start = time.monotonic()
    while not page.evaluate(expression, arg):
        if time.monotonic() - start > timeout:
            raise AssertionError(f"Nicht eingetreten: {expression} ({arg!r})")
        page.wait_for_timeout(20)


def _section_top(page, case: str) -> float:
    return page.evaluate(f"""() => document.querySelector(
        '.kim-case[data-case="{case}"]').getBoundingClientRect().top""")


def _header_height(page) -> float:
    return page.evaluate("document.querySelector('.kim-bar').getBoundingClientRect().height")


def _screenshots(page, stem: str) -> int:
    """Every screen as the participant sees it, paged through with the keyboard."""
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{stem}-[0-9]*.png"):
        old.unlink()
    page.keyboard.press("Home")
    page.wait_for_timeout(300)
    for number in range(1, 40):
        page.screenshot(path=str(ARTIFACTS / f"{stem}-{number}.png"))
        before = page.evaluate("window.scrollY")
        page.keyboard.press("PageDown")
        page.wait_for_timeout(300)
        if page.evaluate("window.scrollY") == before:
            return number
    raise AssertionError("Die Seite endet nicht: PageDown bewegt sie immer weiter.")


def _charts_fit(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('.kim-chart svg')].filter(svg => {
        const box = svg.closest('.kim-chart').getBoundingClientRect();
        const own = svg.getBoundingClientRect();
        return own.width > box.width + 1 || own.right > document.documentElement.clientWidth;
    }).map(svg => svg.closest('.kim-chart').dataset.spec)""")


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SCREENS))
def test_participant_follows_browses_and_jumps_back(conference_server, plan, chromium, size):
    from test_serve_browser import assert_clean

    server, register = conference_server
    viewport = SCREENS[size]
    presenter = watched_page(chromium, viewport=viewport)
    presenter.page.goto(server.url, wait_until="load", timeout=LOAD_TIMEOUT)
    presenter.page.wait_for_selector(".kim-presenter-top", state="visible", timeout=LOAD_TIMEOUT)
    # a presenter starts once the case is on the screen, chart drawn; a key pressed before
    # waits behind the kernel's first drawing, which is not what following measures
    presenter.page.wait_for_selector(".kim-presenter-timeline svg", state="visible",
                                     timeout=LOAD_TIMEOUT)
    participant = watched_page(chromium, viewport=viewport)
    page = participant.page
    page.goto(server.participants_url, wait_until="load", timeout=LOAD_TIMEOUT)
    assert "token=" not in page.url  # the cookie carries it; the address bar shows none
    # Another test's presenter may have moved on: the view shows whatever was written last.
    _until(page, "() => document.body.dataset.current !== ''", timeout=10)
    page.wait_for_selector(".kim-current .kim-chart svg", state="visible", timeout=30_000)
    presenter.page.locator(".kim-presenter-top").click()

    # This presenter page opened at the first case; the participants stay where an earlier
    # page left them until the presenter moves, then follow every step.
    for position in range(1, len(plan.cases)):
        presenter.page.keyboard.press("PageDown")
        latency = _wait_current(page, plan.cases[position], timeout=FOLLOW_LATENCY)
        assert latency <= FOLLOW_LATENCY
        page.wait_for_timeout(50)
        top = _section_top(page, plan.cases[position])
        assert abs(top - _header_height(page) - 8) < 4, top  # scrolled to the current case
    for _ in range(len(plan.cases)):
        presenter.page.keyboard.press("PageUp")
    _wait_current(page, plan.cases[0], timeout=5)
    page.wait_for_selector(".kim-current .kim-chart svg", state="visible", timeout=30_000)
    screens = _screenshots(page, f"teilnehmende-{size}")  # PageDown through it: browsing
    assert screens >= 3

    # Browsing: the wheel moves the page, following stops, the current case still updates.
    page.keyboard.press("Home")
    _until(page, "() => window.scrollY === 0", timeout=5)
    page.wait_for_timeout(500)
    page.mouse.move(viewport["width"] // 2, viewport["height"] // 2)
    page.mouse.wheel(0, 5 * viewport["height"])
    _until(page, "() => window.scrollY > 0", timeout=5)
    page.wait_for_timeout(1000)  # the wheel scrolls smoothly
    assert page.evaluate("document.body.dataset.follow") == "nein"
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    presenter.page.keyboard.press("PageDown")
    _wait_current(page, plan.cases[1], timeout=FOLLOW_LATENCY)
    page.wait_for_timeout(200)
    assert abs(page.evaluate("window.scrollY") - scrolled) < 40  # browsing goes on
    assert abs(_section_top(page, plan.cases[1]) - _header_height(page) - 8) > 100
    assert "Freies Blättern" in page.inner_text("#kim-status")
    page.screenshot(path=str(ARTIFACTS / f"teilnehmende-{size}-blaettern.png"))

    # „Folgen“ by keyboard alone: Tab to the button, Enter jumps back to the current case.
    for _ in range(20):
        if page.evaluate("document.activeElement.id") == "kim-folgen":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kim-folgen"
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert page.evaluate("document.body.dataset.follow") == "ja"
    assert abs(_section_top(page, plan.cases[1]) - _header_height(page) - 8) < 4
    page.wait_for_selector(".kim-current .kim-chart svg", state="visible", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / f"teilnehmende-{size}-folgen.png"))

    # Everything reachable: the end of the page (findings) by End, no chart wider than its box.
    page.keyboard.press("End")
    page.wait_for_timeout(300)
    assert page.locator("#befunde").is_visible()
    assert page.evaluate("window.scrollY + innerHeight >= document.body.scrollHeight - 2")
    title = f"Kein Integrationskurs mit Kinderbetreuung ({size})"
    with open_register(register) as opened:
        opened.add_finding(Finding(title=title, fields=["language", "childcare"],
                                   conference_id=plan.conference_id, level="Kreis"),
                           who="Koordinierung", today=dt.date(2026, 12, 3))
    _until(page, "t => document.getElementById('kim-befunde').innerText.includes(t)",
           timeout=5, arg=title)
    row = page.locator("#kim-befunde tr", has_text=title).inner_text()
    assert "Sprache, Kita/Kinderbetreuung" in row and "Kreis" in row and "neu" in row
    page.wait_for_selector("#ueber-alle .kim-chart svg", timeout=30_000)
    assert _charts_fit(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_clean(participant)
    presenter.page.context.close()
    page.context.close()


@pytest.mark.browser
def test_shared_presenter_shows_the_participants_address_as_qr_code(packages, chromium,
                                                                     share_address, tmp_path):
    from kimtools import serve
    from kimtools.conference import collect_packages, create_conference, plan_conference

    path = tmp_path / "befunde.sqlite"
    shared_plan = plan_conference(collect_packages(packages.three), dt.date(2026, 12, 3))
    with open_register(path, create=True) as opened:
        create_conference(opened, shared_plan)
    with serve.running_server(None, share=True, notebook=serve.PRESENTER_NOTEBOOK,
                              register=path, conference=shared_plan.conference_id) as server:
        presenter = watched_page(chromium, viewport=SCREENS["1280x720"])
        page = presenter.page
        page.goto(server.url, wait_until="load", timeout=LOAD_TIMEOUT)
        page.wait_for_selector(".kim-presenter-top", state="visible", timeout=LOAD_TIMEOUT)
        page.get_by_text("Teilnehmende: Adresse und QR-Code").click()
        qr = page.locator(".kim-share svg")
        qr.wait_for(state="visible", timeout=10_000)
        assert server.participants_url in page.locator(".kim-share").inner_text()
        assert share_address in server.participants_url
        assert server.token not in page.locator(".kim-share").inner_text()
        qr.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "teilnehmende-qr-praesentation-1280x720.png"))
        box = qr.bounding_box()
        assert box["width"] >= 150 and box["height"] >= 150  # large enough to scan
        page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SCREENS))
def test_participant_sees_the_current_case_before_any_poll_answers(conference_server, plan,
                                                                   chromium, size):
    """Thirty laptops opening at once must not wait for a first poll: the page comes with the
    presenter's current case in it and shows it, chart on the screen, with every poll refused."""
    from kimtools.conference.follow import publish

    server, _ = conference_server
    shown = plan.cases[4]
    assert publish(plan.item_of(shown).number, shown, server.run_dir / "folgen.json")
    participant = watched_page(chromium, viewport=SCREENS[size])
    page = participant.page
    polls = []

    def refuse(route):
        polls.append(route.request.url)
        route.abort()

    page.route("**/teilnehmende/stand*", refuse)
    page.goto(server.participants_url, wait_until="load", timeout=LOAD_TIMEOUT)
    assert _current(page) == shown
    assert abs(_section_top(page, shown) - _header_height(page) - 8) < 4
    chart = page.locator(f'.kim-case[data-case="{shown}"] .kim-chart svg')
    assert chart.is_visible() and chart.bounding_box()["y"] < SCREENS[size]["height"]
    assert page.locator(".kim-current").count() == 1
    assert "Sie folgen der Präsentation" in page.inner_text("#kim-status")
    page.screenshot(path=str(ARTIFACTS / f"teilnehmende-{size}-ohne-abfrage.png"))
    page.wait_for_timeout(1000)  # the page polls on, and every poll is refused
    assert polls and _current(page) == shown
    assert participant.csp_blocked == [] and participant.page_errors == []
    page.context.close()
