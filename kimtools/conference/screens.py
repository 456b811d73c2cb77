"""The presenter's screens: made once at serve start, read by every presenter kernel.

A presenter kernel that made its screens itself held Altair and jsonschema for the timeline,
pandas and numpy for the packages' tables and cryptography for their signatures (150 MB against
55 MB of a plain Voilà kernel; see benchmarks/bench_presenter.py). The short-lived process that
renders the participants' view at serve start has loaded and checked the same packages already
(signatures, checksums, confirmed keys); it writes what each case's screen shows (heading,
obstacle sentence, compact profile, the tables as escaped HTML, the timeline's Vega-Lite spec)
as plain JSON into the server's run folder (mode 0700, written by the server alone), and the
kernel shows it, for the conference it was made for only. The kernel loads the packages itself
only when the findings form opens. Without a server of ours (JupyterLab) the screens are made
from the plan in the kernel, by the same function: one way to make a screen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kimtools.files import atomic_write

if TYPE_CHECKING:  # the kernel under our server never loads a package
    from kimtools.conference.agenda import ConferencePlan
    from kimtools.package import ConferencePackage

SCREENS_ENV = "KIMTOOLS_PRESENTER_SCREENS"
FORMAT = 1
TIMELINE_WIDTH = 400  # for the time axis' ticks; on screen the chart takes its box's width
MIN_TEXT = 16  # px: the smallest chart text at 1280×720
LABEL_ROOM = 150  # px between plot and legends, for the labels at the bars' ends
# What the compact profile shows beside the timeline; the rest is in the details.
COMPACT = ("Bezeichnung", "Alter", "Geschlecht", "Herkunft", "Einreise", "Haushalt",
           "Aufenthaltsstatus", "Kommune")
NO_OBSTACLES = "Für diesen Fall sind keine Hürden erfasst."
NO_GOALS = "Für diesen Fall sind keine Ziele erfasst."


def fit_box(spec: dict) -> dict:
    """The timeline as its box wants it on the projector: as wide as the box, legends right.

    Vega-Lite then fits plot, lane labels and legends into the box's width at any screen size
    (``width: "container"``), and the legends beside the plot no longer add to its height.
    """
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    for layer in spec.get("layer", []):
        mark = layer.get("mark")
        if isinstance(mark, dict) and mark.get("fontSize", MIN_TEXT) < MIN_TEXT:
            mark["fontSize"] = MIN_TEXT
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and isinstance(channel.get("legend"), dict):
                # the bars' labels ("8 Wochen, offen") stand right of the plot
                channel["legend"].update(orient="right", direction="vertical",
                                         offset=LABEL_ROOM, padding=2, rowPadding=1)
    return spec


def make_spec(package: ConferencePackage, case: str) -> dict:
    """The case's timeline spec for the presenter's box (not validated again per view: the
    tests validate our charts)."""
    from kimtools.presentation.timeline import timeline_chart

    return fit_box(timeline_chart(package, case, TIMELINE_WIDTH).to_dict(validate=False))


@dataclass(frozen=True)
class CaseScreen:
    """What the presenter shows of one case, as plain text, HTML and JSON."""

    case: str
    item: int  # TOP number
    heading: str  # "TOP 1 · Träger · 20 Min."
    minutes: int  # planned for the TOP
    number_in_item: int
    item_size: int
    sentence: str
    compact: tuple[tuple[str, str], ...]  # the profile beside the timeline, pseudonym first
    obstacles: str  # escaped HTML table (or the German "none" sentence)
    goals: str
    spec: dict


def case_screens(plan: ConferencePlan) -> list[CaseScreen]:
    """Every case's screen along the agenda, made from the checked packages of ``plan``."""
    from kimtools.presentation._common import table_html
    from kimtools.presentation.obstacles import (
        case_obstacle_sentence,
        case_obstacles,
        goals_table,
    )
    from kimtools.presentation.profile import case_profile

    screens = []
    for item in plan.items:
        package = item.package
        for number, case in enumerate(item.cases, start=1):
            profile = case_profile(package, case)
            screens.append(CaseScreen(
                case=case, item=item.number, heading=item.heading(), minutes=item.minutes,
                number_in_item=number, item_size=len(item.cases),
                sentence=case_obstacle_sentence(package, case),
                compact=(("Pseudonym", case),
                         *((k, v) for k, v in profile.items() if k in COMPACT)),
                obstacles=table_html(case_obstacles(package, case), NO_OBSTACLES),
                goals=table_html(goals_table(package, case), NO_GOALS),
                spec=make_spec(package, case)))
    return screens


@dataclass(frozen=True)
class PreparedConference:
    """The screens of one conference as the server prepared them."""

    conference_id: str
    date: dt.date
    screens: list[CaseScreen]


def write_screens(path: str | os.PathLike, plan: ConferencePlan) -> Path:
    """The plan's screens as JSON at ``path`` (atomically: a kernel never reads half a file)."""
    data = {"format": FORMAT, "conference": plan.conference_id, "date": plan.date.isoformat(),
            "screens": [dataclasses.asdict(screen) for screen in case_screens(plan)]}
    text = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return atomic_write(path, lambda out: out.write(text))


def prepared_screens(conference: str) -> PreparedConference | None:
    """The screens the server made for ``conference`` (its id), if it made them."""
    path = os.environ.get(SCREENS_ENV)
    if not path or not conference:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("conference") != conference:
            return None
        screens = [CaseScreen(**{**raw, "compact": tuple(map(tuple, raw["compact"]))})
                   for raw in data["screens"]]
        return PreparedConference(conference, dt.date.fromisoformat(data["date"]), screens)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
