"""The timeline of one case: phases, events, obstacles and goals over days since first contact.

One Altair chart definition serves both the interactive dashboard and the static minutes:
`timeline_widget` shows it in JupyterLab/Voila, `timeline_svg` renders it with vl-convert,
both offline as `chart_style` sets out (its names stay importable from here). A case released
at "phases only" is drawn by `phase_timeline` instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd

from kimtools import codes
from kimtools.durations import NO_TIME, UNIT_DAYS, point_text, span_text
from kimtools.package import ConferencePackage
from kimtools.presentation._common import (
    DAYS_PER_MONTH,
    case_row,
    day,
    label,
    of_case,
    shorten,
    text,
    time_resolution,
)
from kimtools.presentation.chart_style import (  # noqa: F401 (importable from here)
    EMBED_OPTIONS,
    FIELD_COLOURS,
    FONT_SIZES,
    GOAL_COLOURS,
    KIND_COLOUR,
    KIND_SHAPES,
    LANE_LIMIT,
    NO_FIELD,
    NO_FIELD_COLOUR,
    NOTE_LIMIT,
    OBSTACLE_STYLE,
    PHASE_COLOURS,
    ROW_HEIGHT,
    SVG_OPTIONS,
    TOOLTIP_CSS,
    Legend,
    LegendEntry,
    PrintedTimeline,
    TimelineChart,
    _format_locale,
    _tip,
    _values,
    _vl_version,
    chart_svg,
    projector_config,
)
from kimtools.presentation.obstacles import OPEN, RESOLVED, obstacle_days
from kimtools.presentation.phase_timeline import phase_timeline_chart

AXIS_TITLE_MONTHS = "Zeit seit Erstkontakt (Monate)"
AXIS_TITLE_WEEKS = "Zeit seit Erstkontakt (Wochen)"
AXIS_TITLE_QUARTERS = "Zeit seit Erstkontakt (Quartale)"
SHORT_CASE_DAYS = 120

LANE_PHASES = "Phasen"
LANE_EVENTS = "Ereignisse"
LANE_OBSTACLES = "Hürden"
LANE_GOALS = "Ziele"
NO_OBSTACLES = "keine Hürden erfasst"
NO_GOALS = "keine Ziele mit Fälligkeit erfasst"


@dataclass(frozen=True)
class TimeAxis:
    """Domain and ticks of the x axis; weeks for short cases, months otherwise."""

    start: int
    end: int
    unit_days: float
    ticks: list[int]
    title: str
    label_expr: str


def phase_bands(package: ConferencePackage, case: str) -> pd.DataFrame:
    """Phase bands: a phase runs from its first event to the next phase's first event.

    The last phase runs to the package's "today" (`days_open`). Phases are ordered by when they
    began, the canonical order breaking ties; phases without an event do not appear.
    """
    days_open = day(case_row(package, case)["days_open"]) or 0
    events = of_case(package.events, case)
    starts: dict[str, int] = {}
    for phase, event_day in zip(events["phase"], events["day"], strict=True):
        code, when = text(phase), day(event_day)
        if code and when is not None:
            starts[code] = min(starts.get(code, when), when)
    order = list(codes.PHASES)
    ordered = sorted(starts.items(), key=lambda item: (
        item[1], order.index(item[0]) if item[0] in order else len(order)))
    rows = []
    at = time_resolution(package, case)
    for index, (code, start) in enumerate(ordered):
        end = ordered[index + 1][1] if index + 1 < len(ordered) else max(days_open, start)
        rows.append({"phase": code, "Phase": label(codes.PHASES, code), "von Tag": start,
                     "bis Tag": end, "Tage": end - start, "von": point_text(start, at),
                     "bis": point_text(end, at), "Dauer": span_text(end - start, at)})
    return pd.DataFrame(rows, columns=["phase", "Phase", "von Tag", "bis Tag", "Tage", "von",
                                       "bis", "Dauer"])


def obstacle_bars(package: ConferencePackage, case: str) -> pd.DataFrame:
    """One bar per obstacle, in package order; open ones end at `days_open`."""
    days_open = day(case_row(package, case)["days_open"])
    frame = obstacle_days(of_case(package.obstacles, case), days_open)
    rows, seen = [], {}
    at = time_resolution(package, case)
    for item in frame.itertuples(index=False):
        field = label(codes.FIELDS, item.field)
        institution = text(item.institution)
        lane = shorten(f"{field} · {institution}" if institution else field, LANE_LIMIT)
        seen[lane] = seen.get(lane, 0) + 1
        if seen[lane] > 1:
            lane = f"{lane} ({seen[lane]})"
        is_open = bool(item.open)
        days = day(item.days)
        rows.append({
            "Zeile": lane, "Handlungsfeld": field, "Institution": institution or "–",
            "Kategorie": label(codes.OBSTACLE_CATEGORIES, item.category),
            "seit Tag": day(item.since_day), "bis Tag": day(item.end_day),
            "seit": point_text(day(item.since_day), at),
            "gelöst": _day_text(day(item.resolved_day), "noch offen", at),
            "Tage": days, "Dauer": span_text(days, at), "Status": OPEN if is_open else RESOLVED,
            "Beschreibung": shorten(item.description, NOTE_LIMIT),
            "Beschriftung": (f"{span_text(days, at)}, offen" if is_open else span_text(days, at))
            if days is not None else ("offen" if is_open else ""),
        })
    return pd.DataFrame(rows, columns=[
        "Zeile", "Handlungsfeld", "Institution", "Kategorie", "seit Tag", "bis Tag", "seit",
        "gelöst", "Tage", "Dauer", "Status", "Beschreibung", "Beschriftung"])


def _day_text(value: int | None, missing: str, resolution: str = "day") -> str:
    """Optional days as text at the case's resolution: a tooltip would show a missing number
    as "NaN"."""
    return missing if value is None else point_text(value, resolution)


def event_marks(package: ConferencePackage, case: str) -> pd.DataFrame:
    """Events with German labels and a shortened note for the tooltip."""
    events = of_case(package.events, case)
    at = time_resolution(package, case)
    rows = [{
        "Zeile": LANE_EVENTS, "Tag": day(e.day), "Zeitpunkt": point_text(day(e.day), at),
        "Phase": label(codes.PHASES, e.phase),
        "Art": label(codes.EVENT_KINDS, e.kind),
        "Handlungsfeld": label(codes.FIELDS, e.field) if text(e.field) else NO_FIELD,
        "Institution": text(e.institution) or "–", "Notiz": shorten(e.note, NOTE_LIMIT),
    } for e in events.itertuples(index=False) if day(e.day) is not None]
    return pd.DataFrame(rows, columns=["Zeile", "Tag", "Zeitpunkt", "Phase", "Art",
                                       "Handlungsfeld", "Institution", "Notiz"])


def goal_marks(package: ConferencePackage, case: str) -> pd.DataFrame:
    """Goals with a due day, placed at that day; goals without one are only in the table."""
    goals = of_case(package.goals, case)
    at = time_resolution(package, case)
    rows = [{
        "Zeile": LANE_GOALS, "Handlungsfeld": label(codes.FIELDS, g.field),
        "Ziel": shorten(g.description, NOTE_LIMIT),
        "vereinbart": _day_text(day(g.agreed_day), "–", at),
        "fällig Tag": day(g.due_day), "fällig": point_text(day(g.due_day), at),
        "Status": label(codes.GOAL_STATUS, g.status),
    } for g in goals.itertuples(index=False) if day(g.due_day) is not None]
    return pd.DataFrame(rows, columns=["Zeile", "Handlungsfeld", "Ziel", "vereinbart",
                                       "fällig Tag", "fällig", "Status"])


def time_axis(days_open: int, days: list[int], width: int,
              resolution: str = "day") -> TimeAxis:
    """Ticks at whole weeks (spans under 120 days) or months, at most about one per 110 px;
    never finer than the case's time resolution (months, quarters).

    The span, not the case's age, decides: a young case with a goal due in a year reads
    better in months.
    """
    low = min([0, *days])
    high = max([days_open, *days, 1])
    weeks = high - low < SHORT_CASE_DAYS and resolution in ("day", "week")
    quarters = resolution == "quarter"  # ticks no finer than the case is shown
    unit = 7.0 if weeks else UNIT_DAYS["quarter"] if quarters else DAYS_PER_MONTH
    most = max(3, width // 110)
    steps = ((1, 2, 4, 8, 13, 26, 52) if weeks else (1, 2, 4, 8) if quarters
             else (1, 2, 3, 6, 12, 24))
    step = next((s for s in steps if (high - low) / (unit * s) <= most), steps[-1])
    start = low - round((high - low) * 0.02)
    end = high + round((high - low) * 0.14) + 1  # room for the labels right of the bars
    first = math.ceil(start / (unit * step)) * step
    ticks = [round(n * unit) for n in range(first, math.floor(end / unit) + 1, step)]
    name = "Woche" if weeks else "Quartal" if quarters else "Monat"
    return TimeAxis(start=start, end=end, unit_days=unit, ticks=ticks,
                    title=AXIS_TITLE_WEEKS if weeks else AXIS_TITLE_QUARTERS if quarters
                    else AXIS_TITLE_MONTHS,
                    label_expr=f"'{name} ' + round(datum.value / {unit!r})")



def _range(domain: list[str], values: dict[str, str], labels: dict[str, str],
           fallback: str) -> list[str]:
    """Stable colours (or shapes) per code, for the labels present."""
    by_label = {labels[code]: value for code, value in values.items()}
    return [by_label.get(item, fallback) for item in domain]


def _present(labels: dict[str, str], values: pd.Series, last: str | None = None) -> list[str]:
    """The labels found in `values`, in vocabulary order; unknown ones after, `last` at the end."""
    found = set(values)
    ordered = [name for name in labels.values() if name in found]
    ordered += sorted(found - set(ordered) - {last})
    return ordered + ([last] if last in found else [])



class _Timeline:
    """Builds the layers of one case's chart; data live once in the spec's `datasets`.

    Naming the data sets instead of inlining them per layer keeps Altair from deep-copying
    every row at each step, which made building a chart several times slower. For print
    (``for_print``) the chart has no title and no legends; the legends are collected in
    ``legends`` instead.
    """

    def __init__(self, package: ConferencePackage, case: str, width: int,
                 for_print: bool = False):
        self.for_print = for_print
        self.legends: list[Legend] = []
        self.row = case_row(package, case)
        self.days_open = day(self.row["days_open"]) or 0
        self.width = width
        self.bands = phase_bands(package, case)
        self.events = event_marks(package, case)
        self.bars = obstacle_bars(package, case)
        self.goals = goal_marks(package, case)
        days = [*self.bands["von Tag"], *self.events["Tag"], *self.bars["seit Tag"].dropna(),
                *self.bars["bis Tag"].dropna(), *self.goals["fällig Tag"]]
        self.resolution = time_resolution(package, case)
        self.axis = time_axis(self.days_open, [int(d) for d in days], width, self.resolution)
        obstacle_lanes = list(self.bars["Zeile"]) or [LANE_OBSTACLES]
        self.lanes = [LANE_PHASES, LANE_EVENTS, *obstacle_lanes, LANE_GOALS]
        self.datasets: dict[str, list[dict]] = {}
        self.x_scale = alt.Scale(domain=[self.axis.start, self.axis.end], nice=False,
                                 zero=False)
        self.x_axis = alt.Axis(values=self.axis.ticks, labelExpr=self.axis.label_expr,
                               title=self.axis.title, grid=True, gridColor="#e0e0e0",
                               labelOverlap=False, labelFlush=False)
        self.y = alt.Y("Zeile:N", scale=alt.Scale(domain=self.lanes, paddingInner=0.3,
                                                  paddingOuter=0.15),
                       axis=alt.Axis(title=None, labelLimit=420, domain=False, ticks=False))

    def legend(self, title: str, labels: list[str], colours: list[str] | str,
               shapes: list[str] | str) -> alt.Legend | None:
        """The chart's own legend on screen; in print, the same legend kept as data."""
        if not self.for_print:
            return alt.Legend(title=title, orient="bottom", direction="vertical",
                              symbolSize=220, symbolOpacity=1)
        colours = [colours] * len(labels) if isinstance(colours, str) else colours
        shapes = [shapes] * len(labels) if isinstance(shapes, str) else shapes
        self.legends.append(Legend(title, tuple(
            LegendEntry(*entry) for entry in zip(labels, colours, shapes, strict=True))))
        return None

    def data(self, name: str, frame: pd.DataFrame) -> alt.Chart:
        self.datasets[name] = _values(frame)
        return alt.Chart(alt.NamedData(name=name))

    def x(self, field: str) -> alt.X:
        return alt.X(f"{field}:Q", scale=self.x_scale, axis=self.x_axis, title=self.axis.title)

    def phases(self) -> list[alt.Chart]:
        if self.bands.empty:
            return []
        phases = _present(codes.PHASES, self.bands["Phase"])
        colours = _range(phases, PHASE_COLOURS, codes.PHASES, "#e0e0e0")
        scale = alt.Scale(domain=phases, range=colours)
        tooltip = [_tip("Phase"), _tip("von"), _tip("bis"), _tip("Dauer")]
        lane = self.bands.drop(columns="phase").assign(Zeile=LANE_PHASES)
        base = self.data("phasen", lane)
        px_per_day = self.width / (self.axis.end - self.axis.start)
        named = lane[lane["Tage"] * px_per_day >= 9.5 * lane["Phase"].str.len() + 12]
        return [
            base.mark_rect(opacity=0.18).encode(
                x=self.x("von Tag"), x2=alt.X2("bis Tag"), tooltip=tooltip,
                color=alt.Color("Phase:N", scale=scale, legend=None)),
            base.mark_rect(opacity=0.95).encode(
                x=self.x("von Tag"), x2=alt.X2("bis Tag"), y=self.y, tooltip=tooltip,
                color=alt.Color("Phase:N", scale=scale,
                                legend=self.legend("Phase", phases, colours, "bar"))),
            self.data("phasen_beschriftet", named).mark_text(
                align="left", baseline="middle", dx=6, fontSize=FONT_SIZES["mark"],
                color="#212121",
            ).encode(x=self.x("von Tag"), y=self.y, text=alt.Text("Phase", type="nominal"),
                     tooltip=tooltip),
        ]

    def event_layer(self) -> list[alt.Chart]:
        if self.events.empty:
            return []
        fields = _present(codes.FIELDS, self.events["Handlungsfeld"], last=NO_FIELD)
        colours = _range(fields, FIELD_COLOURS, codes.FIELDS, NO_FIELD_COLOUR)
        kinds = _present(codes.EVENT_KINDS, self.events["Art"])
        shapes = _range(kinds, KIND_SHAPES, codes.EVENT_KINDS, "stroke")
        return [self.data("ereignisse", self.events).mark_point(
            filled=True, size=260, opacity=0.9, stroke="white", strokeWidth=1,
        ).encode(
            x=self.x("Tag"), y=self.y,
            color=alt.Color("Handlungsfeld:N", scale=alt.Scale(domain=fields, range=colours),
                            legend=self.legend("Handlungsfeld", fields, colours, "circle")),
            shape=alt.Shape("Art:N", scale=alt.Scale(domain=kinds, range=shapes),
                            legend=self.legend("Art des Ereignisses", kinds, KIND_COLOUR,
                                               shapes)),
            tooltip=[_tip("Zeitpunkt"), _tip("Phase"), _tip("Art"), _tip("Handlungsfeld"),
                     _tip("Institution"), _tip("Notiz")],
        )]

    def obstacle_layer(self) -> list[alt.Chart]:
        if self.bars.empty:
            return []
        statuses = [s for s in (OPEN, RESOLVED) if s in set(self.bars["Status"])]
        style = [OBSTACLE_STYLE[s] for s in statuses]
        legend = self.legend("Hürde", statuses, [s[0] for s in style], "bar")

        def by_status(channel, values: list, shown: alt.Legend | None = None):
            """Fill and outline on one field and title: Vega-Lite merges their legends.

            Scales on the status rather than ``alt.condition``: Altair matches a condition
            against the whole schema, which took longer than all the rest of the chart.
            """
            return channel(field="Status", type="nominal", title="Hürde", legend=shown,
                           scale=alt.Scale(domain=statuses, range=values))

        is_open = alt.datum.Status == OPEN
        tooltip = [_tip("Handlungsfeld"), _tip("Institution"), _tip("Kategorie"),
                   _tip("seit"), _tip("gelöst"), _tip("Dauer"),
                   _tip("Status"), _tip("Beschreibung")]
        base = self.data("huerden", self.bars)
        return [
            base.mark_rect(cornerRadius=3).encode(
                x=self.x("seit Tag"), x2=alt.X2("bis Tag"), y=self.y,
                color=by_status(alt.Color, [s[0] for s in style], legend),
                stroke=by_status(alt.Stroke, [s[1] for s in style], legend),
                strokeWidth=alt.StrokeWidth(
                    field="Status", type="nominal", title="Hürde", legend=None, scale=alt.Scale(
                        type="ordinal", domain=statuses,
                        range=[3 if s == OPEN else 1 for s in statuses])),
                tooltip=tooltip),
            # Vega-Lite cannot dash or hatch a rect: a dashed white line through open bars
            # marks them as still running, also in a black-and-white print of the minutes.
            base.mark_rule(color="white", size=3, strokeDash=[10, 6]).encode(
                x=self.x("seit Tag"), x2=alt.X2("bis Tag"), y=self.y, tooltip=tooltip,
            ).transform_filter(is_open),
            base.mark_text(align="left", baseline="middle", dx=8,
                           fontSize=FONT_SIZES["mark"], fontWeight="bold").encode(
                x=self.x("bis Tag"), y=self.y,
                text=alt.Text("Beschriftung", type="nominal"),
                color=by_status(alt.Color, [s[2] for s in style]), tooltip=tooltip),
        ]

    def goal_layer(self) -> list[alt.Chart]:
        if self.goals.empty:
            return []
        statuses = _present(codes.GOAL_STATUS, self.goals["Status"])
        colours = _range(statuses, GOAL_COLOURS, codes.GOAL_STATUS, "#9e9e9e")
        return [self.data("ziele", self.goals).mark_point(
            shape="diamond", filled=True, size=380, stroke="#212121", strokeWidth=1.2,
            opacity=0.95,
        ).encode(
            x=self.x("fällig Tag"), y=self.y,
            color=alt.Color("Status:N", scale=alt.Scale(domain=statuses, range=colours),
                            legend=self.legend("Ziel (fällig)", statuses, colours,
                                               "diamond")),
            tooltip=[_tip("Handlungsfeld"), _tip("Ziel"), _tip("vereinbart"),
                     _tip("fällig"), _tip("Status")],
        )]

    def empty_lanes(self) -> list[alt.Chart]:
        """Say so where a case has no obstacles or goals: an empty row looks like an error."""
        notes = ([{"Zeile": LANE_OBSTACLES, "Hinweis": NO_OBSTACLES}] if self.bars.empty
                 else []) + ([{"Zeile": LANE_GOALS, "Hinweis": NO_GOALS}]
                             if self.goals.empty else [])
        if not notes:
            return []
        frame = pd.DataFrame(notes).assign(Tag=max(self.axis.start, 0))
        return [self.data("leer", frame).mark_text(
            align="left", baseline="middle", dx=6, fontSize=FONT_SIZES["mark"],
            fontStyle="italic", color="#616161",
        ).encode(x=self.x("Tag"), y=self.y, text=alt.Text("Hinweis", type="nominal"))]

    def today_layer(self) -> list[alt.Chart]:
        """A dashed rule at the package's "today" (or the case's end, once closed)."""
        active = text(self.row["status"]) != "closed"
        when = (f"Tag {self.days_open}" if self.resolution == "day"
                else span_text(self.days_open, self.resolution))
        stand = f"heute: {when}" if active else f"Fallende: {when}"
        base = self.data("stand", pd.DataFrame([{"Tag": self.days_open, "Stand": stand}]))
        return [
            base.mark_rule(color="#212121", strokeDash=[6, 4], size=2).encode(
                x=self.x("Tag"), tooltip=[_tip("Stand")]),
            base.mark_text(align="right", baseline="bottom", dx=-4, dy=-4,
                           fontSize=FONT_SIZES["mark"], color="#212121").encode(
                x=self.x("Tag"), y=alt.value(0), text=alt.Text("Stand", type="nominal")),
        ]

    def chart(self) -> alt.LayerChart:
        row = self.row
        place = text(row["municipality"])
        subtitle = " · ".join(part for part in (
            place if place != "*" else "", label(codes.CASE_STATUS, row["status"]),
            _course(span_text(self.days_open, self.resolution))) if part)
        layers = [*self.phases(), *self.event_layer(), *self.obstacle_layer(),
                  *self.goal_layer(), *self.empty_lanes(), *self.today_layer()]
        # in print the heading and profile of the case say what the title would
        title = alt.Undefined if self.for_print else alt.TitleParams(
            f"{text(row['label'])} – {text(row['case'])}", subtitle=subtitle, anchor="start",
            offset=28)
        chart = TimelineChart(
            width=self.width, height=ROW_HEIGHT * len(self.lanes),
            title=title,
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(
                color="independent", shape="independent", stroke="independent")),
            usermeta=EMBED_OPTIONS, config=projector_config(labelLimit=320),
        )
        # Set after construction: Altair would copy every row and every layer once more,
        # to merge data and parameters the layers do not share.
        chart.layer = layers
        chart.datasets = self.datasets
        return chart


def timeline_chart(package: ConferencePackage, case: str, width: int = 900) -> TimelineChart:
    """The case's timeline as one layered chart with lanes for phases, events, obstacles, goals.

    Everything the chart needs is inside the returned spec (data included), so the same object
    renders in a notebook, in Voila and to SVG. A case released at "phases only" gets the
    ordinal chart of `phase_timeline`: no axis there adds up to a date or a duration.
    """
    if time_resolution(package, case) == "phase":
        return phase_timeline_chart(package, case, width)
    return _Timeline(package, case, width).chart()


def timeline_spec(package: ConferencePackage, case: str, width: int = 900) -> dict:
    """The Vega-Lite spec as a dict, e.g. to store with the minutes."""
    return timeline_chart(package, case, width).to_dict(validate=True)


def timeline_svg(package: ConferencePackage, case: str, width: int = 900) -> str:
    """Static SVG of the case's timeline for the minutes; no network access needed."""
    return chart_svg(timeline_chart(package, case, width), tooltips=False)


def print_timeline(package: ConferencePackage, case: str, width: int = 900) -> PrintedTimeline:
    """The timeline for the minutes: without title, legends and hover texts, legends apart.

    Printed as text beside the picture, the legends stay as large as the page's text where in
    the picture they shrank with it, and each label fewer in the picture is one less that
    vl-convert measures and draws one by one, the slowest part of the minutes (about 2 ms
    each, twice, for the SVG and for the PNG).
    """
    from altair.utils.schemapi import debug_mode

    if time_resolution(package, case) == "phase":
        chart = phase_timeline_chart(package, case, width)
        chart.title = alt.Undefined  # the heading of the case in the minutes says it
        return PrintedTimeline(chart_svg(chart, tooltips=False), (Legend("Zeichen", (
            LegendEntry("Kontakt mit der Stelle, in der Phase des ersten Kontakts",
                        "#37474f", "circle"),
            LegendEntry("offene Hürde (ohne Zeitangabe)", OBSTACLE_STYLE[OPEN][0], "bar"),
        )),))
    # Altair checks every schema object against the schema when it is made ("debug mode");
    # the chart is the same as on screen, which the tests validate as a whole.
    with debug_mode(False):
        timeline = _Timeline(package, case, width, for_print=True)
        chart = timeline.chart()
    svg = chart_svg(chart, tooltips=False)
    return PrintedTimeline(svg, tuple(timeline.legends))


def timeline_html(package: ConferencePackage, case: str, width: int = 900) -> str:
    """A self-contained interactive HTML page (Vega bundled inline): works with the network cut.

    About 1 MB per page and a few seconds to bundle; for the dashboard use `timeline_widget`.
    """
    import vl_convert as vlc

    chart = timeline_chart(package, case, width)
    return vlc.vegalite_to_html(chart.to_json(), vl_version=_vl_version(), bundle=True,
                                format_locale="de-DE")


def timeline_widget(package: ConferencePackage, case: str, width: int = 900):
    """The interactive chart as a widget for JupyterLab and Voila, without any CDN.

    Uses `altair.JupyterChart` (needs the `anywidget` package) switched to the JavaScript that
    vl-convert bundles; `enable_offline` is a class-wide switch, which is what a closed
    network needs for every chart anyway.
    """
    try:
        from altair import JupyterChart
    except ImportError as exc:
        raise ImportError("Für die interaktive Zeitleiste wird das Paket „anywidget“ "
                          "benötigt; ohne es bleibt timeline_svg (statisch).") from exc
    JupyterChart.enable_offline()
    return JupyterChart(timeline_chart(package, case, width),
                        embed_options={"actions": False, "renderer": "svg",
                                       "formatLocale": _format_locale()})


def _course(span: str) -> str:
    """The subtitle's course: "Verlauf über 14 Monate", or "Verlauf ohne Zeitangabe" (never
    "Verlauf über ohne Zeitangabe")."""
    return f"Verlauf {span}" if span == NO_TIME else f"Verlauf über {span}"
