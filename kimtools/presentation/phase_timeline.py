"""The timeline of a case released at "phases only": order, not time.

Such a package holds no day at all; the risk stage charges it only for which institutions dealt
with the client (their contacts merged into one row) and how many obstacles are still open at
each. The chart shows exactly that, so the conference still sees the structural problem: the
phases the case went through in their order (columns "Phase 1", "Phase 2" …, named in the band), one
lane per institution with its contact in the phase it began, and each open obstacle in a last
column "offen". There is no quantitative axis: nothing on it adds up to a date or a duration.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from kimtools import codes
from kimtools.package import ConferencePackage
from kimtools.presentation._common import case_row, label, of_case, shorten, text
from kimtools.presentation.chart_style import (
    EMBED_OPTIONS,
    OBSTACLE_STYLE,
    PHASE_COLOURS,
    ROW_HEIGHT,
    TimelineChart,
    _values,
    projector_config,
)
from kimtools.presentation.obstacles import OPEN

LANE_PHASES = "Phasen"
LANE_OTHERS = "ohne Stelle"
OPEN_COLUMN = "offen"
NOTE_LIMIT = 140
LANE_LIMIT = 44


def phase_columns(package: ConferencePackage, case: str) -> list[str]:
    """The phases the case's events show, in the canonical order, as "Phase 2 · Klärung"."""
    present = {text(p) for p in of_case(package.events, case)["phase"]} - {""}
    order = [code for code in codes.PHASES if code in present]
    order += sorted(present - set(order))
    return [f"Phase {n} · {label(codes.PHASES, code)}" for n, code in enumerate(order, start=1)]


def _column_of(columns: list[str], phase: object) -> str | None:
    name = label(codes.PHASES, phase)
    return next((c for c in columns if c.split(" · ", 1)[1] == name), None)


def phase_frames(package: ConferencePackage, case: str
                 ) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """Columns, contact marks and open-obstacle marks, every row in a lane of its own
    institution."""
    columns = phase_columns(package, case)
    contacts = pd.DataFrame([{
        "Zeile": shorten(text(e.institution) or LANE_OTHERS, LANE_LIMIT),
        "Spalte": _column_of(columns, e.phase),
        "Phase": label(codes.PHASES, e.phase),
        "Handlungsfeld": label(codes.FIELDS, e.field) if text(e.field) else "–",
        "Notiz": shorten(e.note, NOTE_LIMIT),
    } for e in of_case(package.events, case).itertuples(index=False)],
        columns=["Zeile", "Spalte", "Phase", "Handlungsfeld", "Notiz"])
    contacts = contacts.dropna(subset=["Spalte"])
    # Only open obstacles reach a "phases only" package; a resolved one there would have days.
    obstacles = of_case(package.obstacles, case)
    still_open = obstacles[obstacles["resolved_day"].isna()]
    lanes: dict[str, list] = {}
    for o in still_open.itertuples(index=False):
        lanes.setdefault(shorten(text(o.institution) or LANE_OTHERS, LANE_LIMIT), []).append(o)
    # one mark per lane, so that two open obstacles at one institution do not hide each other
    hurdles = pd.DataFrame([{
        "Zeile": lane, "Spalte": OPEN_COLUMN, "Anzahl": len(items),
        "Handlungsfeld": ", ".join(dict.fromkeys(label(codes.FIELDS, o.field) for o in items)),
        "Kategorie": ", ".join(dict.fromkeys(
            label(codes.OBSTACLE_CATEGORIES, o.category) for o in items)),
        "Beschreibung": " / ".join(shorten(o.description, NOTE_LIMIT) for o in items),
        "Beschriftung": (f"{len(items)} offen" if len(items) > 1
                         else label(codes.OBSTACLE_CATEGORIES, items[0].category)),
    } for lane, items in lanes.items()],
        columns=["Zeile", "Spalte", "Anzahl", "Handlungsfeld", "Kategorie", "Beschreibung",
                 "Beschriftung"])
    return columns, contacts, hurdles


def band_label(phase: str) -> str:
    """A long compound on two lines at its joint, so that it stays inside its column:
    "Bestandsaufnahme" → "Bestands-/aufnahme", "Integrationsvereinbarung" →
    "Integrations-/vereinbarung"; a column too narrow still cuts it (with "…")."""
    joint = re.fullmatch(r"(\w{5,}?s)([a-zäöü]{5,})", phase)
    return f"{joint[1]}-\n{joint[2]}" if joint and len(phase) > 12 else phase


def phase_timeline_chart(package: ConferencePackage, case: str, width: int = 900
                         ) -> alt.LayerChart:
    """The ordinal chart of a "phases only" case; same look and lanes idea as the timeline."""
    row = case_row(package, case)
    datasets: dict[str, list[dict]] = {}

    def data(name: str, frame: pd.DataFrame) -> alt.Chart:
        """Data in the spec's own `datasets`, as in the timeline (no global transformer)."""
        datasets[name] = _values(frame)
        return alt.Chart(alt.NamedData(name=name))

    columns, contacts, hurdles = phase_frames(package, case)
    institutions = list(dict.fromkeys([*contacts["Zeile"], *hurdles["Zeile"]]))
    institutions = ([i for i in institutions if i != LANE_OTHERS]
                    + ([LANE_OTHERS] if LANE_OTHERS in institutions else []))
    lanes = [LANE_PHASES, *institutions]
    x = alt.X("Spalte:N", scale=alt.Scale(domain=[*columns, OPEN_COLUMN], paddingInner=0.05),
              axis=alt.Axis(title="Verlauf in Phasen (ohne Zeitangaben)", labelAngle=0,
                            orient="top", labelLimit=200,
                            labelExpr="split(datum.label, ' · ')[0]"))
    y = alt.Y("Zeile:N", scale=alt.Scale(domain=lanes, paddingInner=0.3), title=None,
              axis=alt.Axis(labelLimit=420))
    colours = {label(codes.PHASES, code): colour for code, colour in PHASE_COLOURS.items()}
    bands = pd.DataFrame({"Spalte": columns, "Zeile": LANE_PHASES,
                          "Phase": [c.split(" · ", 1)[1] for c in columns]})
    bands["Aufschrift"] = [band_label(p) for p in bands["Phase"]]
    column_width = width * (1 - 0.05) / (len(columns) + 1)
    phase_names = list(bands["Phase"])
    layers = []
    if not bands.empty:
        layers.append(data("phasen", bands).mark_rect(opacity=0.95).encode(
            x=x, y=y, tooltip=[alt.Tooltip(field="Phase", type="nominal")],
            color=alt.Color("Phase:N", legend=None, scale=alt.Scale(
                domain=phase_names, range=[colours.get(p, "#e0e0e0") for p in phase_names]))))
        for lines, shift in (("<", 0), (">=", -7)):  # two lines: the block centred in its band
            layers.append(data("phasen", bands).transform_filter(
                f"indexof(datum.Aufschrift, '\\n') {lines} 0").mark_text(
                fontSize=13, color="#212121", lineBreak="\n", lineHeight=14, dy=shift,
                limit=max(column_width - 6, 20)).encode(
                x=x, y=y, text=alt.Text("Aufschrift", type="nominal")))
    if not contacts.empty:
        layers.append(data("kontakte", contacts).mark_point(
            filled=True, size=260, color="#37474f", shape="circle").encode(
            x=x, y=y, tooltip=[alt.Tooltip(field=f, type="nominal")
                               for f in ("Phase", "Handlungsfeld", "Notiz")]))
    if not hurdles.empty:
        fill, outline, _ = OBSTACLE_STYLE[OPEN]
        tooltip = [alt.Tooltip(field=f, type="nominal")
                   for f in ("Handlungsfeld", "Kategorie", "Beschreibung")]
        layers += [
            data("offen", hurdles).mark_rect(color=fill, stroke=outline, strokeWidth=3,
                                         cornerRadius=3).encode(x=x, y=y, tooltip=tooltip),
            data("offen", hurdles).mark_text(align="center", baseline="middle", fontSize=15,
                                         fontWeight="bold", color="white").encode(
                x=x, y=y, text=alt.Text("Beschriftung", type="nominal"), tooltip=tooltip),
        ]
    status = label(codes.CASE_STATUS, row["status"])
    chart = TimelineChart(
        width=width, height=ROW_HEIGHT * len(lanes),
        title=alt.TitleParams(f"{text(row['label'])} – {text(row['case'])}",
                              subtitle=f"{status} · nur Phasen, ohne Zeitangaben",
                              anchor="start"),
        usermeta=EMBED_OPTIONS, config=projector_config(labelLimit=320),
    )
    chart.layer = layers or [data("phasen", bands).mark_rect()]
    chart.datasets = datasets
    return chart
