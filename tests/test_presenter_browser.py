"""The presenter screen as the room sees it: 1280×720 and 1920×1080, never an enlarged viewport.

A conference of three packages from two providers with two keys, six cases, served with
``--praesentation``; the network beyond the server is cut. The main view (TOP line, obstacle
sentence, compact profile beside the timeline) fits one screen without page scrolling; PageDown
alone runs the agenda from the first to the last case; the chart is no wider than its box, its
text measured in the SVG is at least 16 px; the details and the findings form open on the case.
Screenshots per screen and size go to test-artifacts/praesentation-*.png.
"""

from __future__ import annotations

import datetime as dt

import pytest
from browser import ARTIFACTS, SCREENS, watched_page

from kimtools import serve
from kimtools.conference import collect_packages, create_conference, plan_conference
from kimtools.findings import open_register

pytest_plugins = ["conference_fixtures", "serve_fixtures"]

LOAD_TIMEOUT = 180_000
CHART = ".kim-presenter .kim-presenter-timeline .vega-embed svg"
TOP = ".kim-presenter .kim-presenter-top"

# Boxes of the chart and of its container, the smallest font size of its text, page scroll.
MEASURE = """() => {
  const box = document.querySelector('.kim-presenter-timeline');
  const svg = box.querySelector('.vega-embed svg');
  const sizes = [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => parseFloat(getComputedStyle(t).fontSize));
  const b = box.getBoundingClientRect(), s = svg.getBoundingClientRect();
  const main = document.getElementById('rendered_cells');
  return {box: [b.left, b.right, b.top, b.bottom], svg: [s.left, s.right, s.top, s.bottom],
          minFont: Math.min(...sizes), texts: sizes.length,
          pageScroll: document.documentElement.scrollHeight - innerHeight,
          mainOverflow: main.scrollHeight - main.clientHeight,
          sentenceBottom: document.querySelector('.kim-presenter-sentence')
            .getBoundingClientRect().bottom,
          profileBottom: document.querySelector('.kim-compact').getBoundingClientRect().bottom,
          height: innerHeight};
}"""


@pytest.fixture(scope="module")
def presenter_server(packages, tmp_path_factory):
    path = tmp_path_factory.mktemp("praesentation") / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three), dt.date(2026, 12, 3), "Kreishaus")
    assert len(plan.cases) == 6 and len({p.fingerprint for p in plan.packages}) == 2
    with open_register(path, create=True) as opened:
        create_conference(opened, plan)
    with serve.running_server(None, notebook=serve.PRESENTER_NOTEBOOK, register=path,
                              conference=plan.conference_id) as server:
        yield server, plan


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"praesentation-{name}.png"))


def wait_for_case(page, case: str) -> None:
    page.wait_for_function(
        "wanted => [...document.querySelectorAll('" + CHART + "')]"
        ".some(s => s.textContent.includes(wanted))", arg=case, timeout=60_000)


def check_fits(page, case: str, size: str) -> None:
    m = page.evaluate(MEASURE)
    assert m["texts"] > 5, f"{case}: Diagramm ohne Text? {m}"
    assert m["svg"][0] >= m["box"][0] - 1 and m["svg"][1] <= m["box"][1] + 1, (
        f"{case} bei {size}: Diagramm breiter als sein Kasten {m}")
    if size == "1280x720":
        assert m["minFont"] >= 16, f"{case}: kleinste Diagrammschrift {m['minFont']} px"
    assert m["pageScroll"] <= 0, f"{case} bei {size}: die Seite selbst rollt {m}"
    assert m["sentenceBottom"] <= m["height"] and m["profileBottom"] <= m["height"], (
        f"{case} bei {size}: Hürdensatz oder Kurzprofil außerhalb des Bildschirms {m}")
    assert m["svg"][3] <= m["box"][3] + 1, f"{case} bei {size}: Legende abgeschnitten {m}"
    assert m["svg"][3] <= m["height"] + 1, (
        f"{case} bei {size}: Zeitleiste reicht unter den Bildschirmrand {m}")


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SCREENS))
def test_keyboard_alone_runs_the_agenda_on_one_screen_per_case(presenter_server, chromium,
                                                               size):
    from test_serve_browser import assert_clean

    server, plan = presenter_server
    watched = watched_page(chromium, viewport=SCREENS[size])
    page = watched.page
    page.goto(server.url, wait_until="load", timeout=LOAD_TIMEOUT)
    page.wait_for_selector(CHART, state="visible", timeout=LOAD_TIMEOUT)
    assert page.viewport_size == SCREENS[size]
    assert page.title() == "Planungskonferenz – Präsentation"
    wait_for_case(page, plan.cases[0])
    for position, case in enumerate(plan.cases, start=1):
        if position > 1:
            page.keyboard.press("PageDown")
            wait_for_case(page, case)
        item = plan.item_of(case)
        top = page.inner_text(TOP)
        assert f"({position}/{len(plan.cases)})" in top and f"TOP {item.number}" in top
        page.wait_for_timeout(200)
        check_fits(page, case, size)
        shoot(page, f"{size}-fall{position}")
    assert page.locator("button", has_text="Weiter ▶").is_disabled()
    page.keyboard.press("PageUp")
    wait_for_case(page, plan.cases[-2])

    # details and the findings form open on the same case, reachable by wheel and keys
    page.get_by_text("Details: Hürden und Ziele").click()
    page.wait_for_selector(".kim-presenter table", state="visible", timeout=30_000)
    shoot(page, f"{size}-details")
    page.get_by_text("Strukturelle Befunde festhalten").click()
    # the first form loads the packages into the kernel (the screens came from the server)
    page.get_by_role("button", name="Befund speichern").wait_for(state="visible",
                                                                 timeout=LOAD_TIMEOUT)
    main = page.locator("#rendered_cells")
    main.hover()
    before = page.evaluate("document.getElementById('rendered_cells').scrollTop")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(500)
    after = page.evaluate("document.getElementById('rendered_cells').scrollTop")
    overflow = page.evaluate("(() => { const m = document.getElementById('rendered_cells');"
                             " return m.scrollHeight - m.clientHeight; })()")
    assert overflow <= 0 or after > before, "Befundformular nicht mit dem Mausrad erreichbar"
    shoot(page, f"{size}-befunde")
    assert plan.cases[-2] in page.inner_text(CHART.removesuffix(" svg"))
    assert_clean(watched)
    page.context.close()
