"""The participants' view of a conference: one static page, rendered once when serving starts.

Thirty participants must cost the presenting laptop almost nothing and reach no kernel (§5a), so
their view is plain HTML written once from the conference's packages with the same presentation
code as the presenter's screen (profile, obstacle sentence, goals, obstacles, the timeline and
the across-cases chart drawn once as SVG into the page). A participant's browser runs no chart
library at all: thirty laptops opening the page at once only lay out HTML, and the page's
Content Security Policy needs no 'unsafe-eval'.
The page is one document: its style and its script are written into it (the script allowed by
its hash, not by 'unsafe-inline'), and the server fills in the presenter's current case for
each request (`FIRST_MARK`). A participant's browser shows the current case as soon as the page
is parsed, without waiting for a stylesheet, a script file or a first poll: in a room where
thirty laptops open it at once, every further round trip is one more wait on a busy network.
What changes during the conference, the presenter's current case and the findings recorded so
far, comes as a small JSON state the page polls (`kimtools.conference.server`).
Reads packages and the register only, never the raw caseload.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from kimtools import codes
from kimtools.conference.agenda import ConferencePlan, merged_package
from kimtools.findings.register import Register
from kimtools.package import ConferencePackage
from kimtools.presentation import (
    case_obstacle_sentence,
    case_obstacles,
    case_profile,
    goals_table,
    timeline_chart,
)
from kimtools.presentation.chart_style import chart_svg
from kimtools.resources import TEMPLATES

ASSETS = TEMPLATES / "teilnehmende"
PAGE_NAME = "index.html"
FIRST_MARK = 'data-first=""'  # the server writes the current case here for each request
TIMELINE_WIDTH = 640  # plot width: with lane labels and legend the chart fits 1280 px
ACROSS_WIDTH = 620
PROFILE_SHOWN = ("Bezeichnung", "Alter", "Geschlecht", "Herkunft", "Einreise", "Haushalt",
                 "Aufenthaltsstatus", "Sprachen", "Kommune", "Status", "Dauer")


def section_id(case: str) -> str:
    """The HTML id of a case's section (pseudonyms are letters, digits and hyphens)."""
    return "fall-" + "".join(c if c.isalnum() or c == "-" else "_" for c in case)


_SVG_REFERENCE_RE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def _inline_svg(svg: str, prefix: str) -> str:
    """A chart's SVG for the page, its element ids prefixed: Vega names clip paths "clip1" …
    in every chart, and on one page the second chart would be clipped by the first one's."""
    svg = svg[svg.index("<svg"):]  # no XML declaration inside HTML
    return _SVG_REFERENCE_RE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def _table(frame: pd.DataFrame, empty: str) -> str:
    if frame.empty:
        return f'<p class="kim-empty">{html.escape(empty)}</p>'
    shown = frame.astype("object").where(frame.notna(), "–")
    return shown.to_html(index=False, escape=True, classes="kim-table", border=0)


def _profile(package: ConferencePackage, case: str) -> str:
    profile = case_profile(package, case)
    rows = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>"
                   for k, v in profile.items() if k in PROFILE_SHOWN)
    return f'<dl class="kim-profile">{rows}</dl>'


def _case_section(plan: ConferencePlan, case: str) -> str:
    item = plan.item_of(case)
    package = item.package
    position = plan.cases.index(case) + 1
    sid = section_id(case)
    chart = _inline_svg(chart_svg(timeline_chart(package, case, TIMELINE_WIDTH),
                                  tooltips=False), sid)
    label = item.label(case)
    title = f"{label} ({case})" if label != case else case
    return f"""
<section class="kim-case" id="{sid}" data-case="{html.escape(case)}" data-item="{item.number}"
  tabindex="-1" aria-labelledby="{sid}-h">
  <p class="kim-top">{html.escape(item.heading())} · Fall {item.cases.index(case) + 1} von
    {len(item.cases)} (insgesamt {position} von {len(plan.cases)})
    <span class="kim-now">wird gerade vorgestellt</span></p>
  <h2 id="{sid}-h">{html.escape(title)}</h2>
  <p class="kim-sentence">{html.escape(case_obstacle_sentence(package, case))}</p>
  <div class="kim-case-body">
    {_profile(package, case)}
    <div class="kim-chart" role="img"
      aria-label="Zeitleiste des Falls {html.escape(case)}">{chart}</div>
  </div>
  <details class="kim-details"><summary>Hürden und Ziele</summary>
    <h3>Hürden</h3>{_table(case_obstacles(package, case),
                            "Für diesen Fall sind keine Hürden erfasst.")}
    <h3>Ziele</h3>{_table(goals_table(package, case), "Für diesen Fall sind keine Ziele erfasst.")}
  </details>
</section>"""


def _nav(plan: ConferencePlan) -> str:
    links = []
    for case in plan.cases:
        item = plan.item_of(case)
        links.append(f'<a href="#{section_id(case)}" data-case="{html.escape(case)}">'
                     f"TOP {item.number} · {html.escape(item.label(case))}</a>")
    links.append('<a href="#ueber-alle">Über alle Fälle</a>')
    links.append('<a href="#befunde">Befunde</a>')
    return "\n    ".join(links)


def render_page(plan: ConferencePlan) -> str:
    """The participants' page of the conference as one HTML document (German)."""
    from kimtools.presentation.across import waiting_chart

    sections = "".join(_case_section(plan, case) for case in plan.cases)
    across = _inline_svg(chart_svg(waiting_chart(merged_package(plan.packages), ACROSS_WIDTH),
                                   tooltips=False), "ueber-alle")
    heading = (f"Planungskonferenz am {plan.date:%d.%m.%Y}"
               + (f", {plan.place}" if plan.place else ""))
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{html.escape(heading)} – Ansicht für Teilnehmende</title>
<style>
{_asset("teilnehmende.css")}</style>
</head>
<body {FIRST_MARK} data-current="" data-follow="ja">
<header class="kim-bar">
  <div class="kim-bar-line">
    <h1>{html.escape(heading)}</h1>
    <p id="kim-status" role="status" aria-live="polite">Verbindung wird aufgebaut …</p>
    <button type="button" id="kim-folgen">Folgen</button>
  </div>
  <nav aria-label="Tagesordnung">
    {_nav(plan)}
  </nav>
</header>
<main>
{sections}
<section class="kim-across" id="ueber-alle" tabindex="-1" aria-labelledby="ueber-alle-h">
  <h2 id="ueber-alle-h">Über alle Fälle der Konferenz</h2>
  <div class="kim-chart" role="img"
    aria-label="Dauer der Hürden nach Institution über alle Fälle">{across}</div>
</section>
<section class="kim-findings" id="befunde" tabindex="-1" aria-labelledby="befunde-h">
  <h2 id="befunde-h">Strukturelle Befunde bisher</h2>
  <div id="kim-befunde"><p class="kim-empty">Noch keine Befunde festgehalten.</p></div>
</section>
<p class="kim-foot">Nur zum Lesen: pseudonymisierte Fälle der Planungskonferenz. Bitte nichts
abfotografieren oder weitergeben.</p>
</main>
<script>
{_asset("teilnehmende.js")}</script>
</body>
</html>
"""


def _asset(name: str) -> str:
    """The page's own style or script, to be written into it (neither may close its element)."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"{name} darf kein '</' enthalten: es steht in der Seite selbst.")
    return text


_INLINE_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)


def script_hash(page: str) -> str:
    """The CSP source allowing the page's one inline script, e.g. ``'sha256-…'``."""
    import base64
    import hashlib

    scripts = _INLINE_SCRIPT_RE.findall(page)
    if len(scripts) != 1:
        raise ValueError("Die Seite für Teilnehmende muss genau ein Skript enthalten.")
    digest = hashlib.sha256(scripts[0].encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def write_site(folder: str | Path, plan: ConferencePlan) -> Path:
    """The page (style and script inside it), written into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / PAGE_NAME
    page.write_text(render_page(plan), encoding="utf-8")
    return page


def recorded_findings(register: Register, conference_id: str | None) -> list[dict]:
    """The conference's findings so far as the participants see them: title, Handlungsfelder,
    level and status, nothing else (descriptions and evidence stay with the office)."""
    return [{"titel": f.title,
             "handlungsfelder": ", ".join(codes.FIELDS.get(x, x) for x in f.fields),
             "ebene": f.level, "status": f.status}
            for f in register.findings(conference_id=conference_id)]


def main(argv: list[str] | None = None) -> int:
    """``python -m kimtools.conference.participants REGISTER CONFERENCE FOLDER [SCREENS]``: the
    site, written by a short-lived process, so the server keeps none of the rendering's memory;
    with SCREENS also the presenter's screens (`kimtools.conference.screens`), so that
    no presenter kernel needs pandas, Altair or cryptography to show them."""
    import sys

    from kimtools.conference.agenda import ConferenceError, load_plan
    from kimtools.conference.screens import write_screens
    from kimtools.findings.register import RegisterError, open_register

    register, conference, folder, *screens = argv if argv is not None else sys.argv[1:]
    try:
        with open_register(register, read_only=True) as opened:
            plan = load_plan(opened, conference)
        write_site(folder, plan)
        if screens:
            write_screens(screens[0], plan)
    except (ConferenceError, RegisterError, OSError) as exc:
        print(f"Ansicht für Teilnehmende nicht erstellt: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
