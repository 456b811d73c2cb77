"""The chart across cases: how long obstacles lasted, by institution and category.

The view structural findings grow from (DESIGN §1): each dot is one obstacle of one case, the
dark stroke the median per institution; institutions that several cases share come
first. Sized for the projector: text at 16 px or more, the legend below the plot, so the whole
chart fits the dashboard's box at 1280×720.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from kimtools import codes
from kimtools.package import ConferencePackage
from kimtools.presentation._common import label, text
from kimtools.presentation.chart_style import (
    EMBED_OPTIONS,
    TimelineChart,
    _format_locale,
    projector_config,
)
from kimtools.presentation.obstacles import NO_INSTITUTION, OPEN, RESOLVED, obstacle_days

ROW_HEIGHT = 44
DOT_ROW = 18  # px per category within an institution's row, so dots do not overlap rows
LABEL_LIMIT = 260  # px for an institution's name; longer ones end in "…"
UNDATED = "Dauer nicht angegeben"
CATEGORY_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                    "#e377c2", "#17becf", "#bcbd22", "#616161"]


def waiting_frame(package: ConferencePackage) -> pd.DataFrame:
    """One row per obstacle of every case: institution, category, days, open or resolved."""
    days_open = package.cases.set_index("case")["days_open"]
    obstacles = package.obstacles
    frame = obstacle_days(obstacles, obstacles["case"].map(days_open))
    return pd.DataFrame({
        "Fall": [text(c) for c in frame["case"]],
        "Institution": [text(i) or NO_INSTITUTION for i in frame["institution"]],
        "Kategorie": [label(codes.OBSTACLE_CATEGORIES, c) for c in frame["category"]],
        "Tage": pd.array(frame["days"], dtype="Int64"),
        "Status": [OPEN if is_open else RESOLVED for is_open in frame["open"]],
    }).reset_index(drop=True)


def undated_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Per institution, the obstacles the package gives no duration for ("phases only"):
    never dropped silently, they are counted beside the dots."""
    undated = frame[frame["Tage"].isna()]
    if undated.empty:
        return pd.DataFrame(columns=["Institution", "Anzahl", "offen", "Hinweis"])
    grouped = undated.groupby("Institution", sort=False).agg(
        Anzahl=("Fall", "size"), offen=("Status", lambda s: int((s == OPEN).sum())))
    grouped = grouped.reset_index()
    grouped["Hinweis"] = [
        f"+{n} {'offen' if o == n else f'(davon {o} offen)'}, {UNDATED}"
        for n, o in zip(grouped["Anzahl"], grouped["offen"], strict=True)]
    return grouped


def _institution_order(frame: pd.DataFrame) -> list[str]:
    """Most cases first, then the longest median: what recurs and weighs, on top."""
    grouped = frame.groupby("Institution").agg(cases=("Fall", "nunique"),
                                               median=("Tage", "median"))
    return grouped.sort_values(["cases", "median"], ascending=False,
                               kind="stable").index.tolist()


def waiting_chart(package: ConferencePackage, width: int = 780) -> alt.LayerChart:
    """Dots per obstacle (colour: category, filled: still open) and a median stroke; at the
    right, per institution, the obstacles without a duration ("+2 offen, Dauer nicht
    angegeben")."""
    everything = waiting_frame(package)
    undated = undated_counts(everything)
    frame = everything.dropna(subset=["Tage"]).reset_index(drop=True)
    order = _institution_order(everything) if not everything.empty else []
    categories = [c for c in codes.OBSTACLE_CATEGORIES.values()
                  if c in set(frame["Kategorie"])]
    scale = alt.Scale(domain=categories, range=CATEGORY_COLOURS[:len(categories)])
    y = alt.Y("Institution:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=LABEL_LIMIT))
    x_title = "Dauer der Hürde (Tage; offene bis heute)"
    row = max(ROW_HEIGHT, DOT_ROW * (len(categories) + 1))
    median = alt.Chart(frame).mark_tick(color="#37474f", thickness=4, size=row - 6).encode(
        x=alt.X("median(Tage):Q", title=x_title), y=y,
        tooltip=[alt.Tooltip("Institution:N"),
                 alt.Tooltip("median(Tage):Q", title="Median Tage", format=".0f"),
                 alt.Tooltip("distinct(Fall):Q", title="Fälle")])
    dots = alt.Chart(frame).mark_point(size=180, strokeWidth=2.5, opacity=0.9).encode(
        x=alt.X("Tage:Q", title=x_title), y=y,
        color=alt.Color("Kategorie:N", sort=categories,
                        scale=scale,
                        legend=alt.Legend(orient="bottom", columns=4, title="Kategorie",
                                          symbolSize=180)),
        fill=alt.condition(alt.datum.Status == OPEN,
                           alt.Fill("Kategorie:N", scale=scale, legend=None),
                           alt.value("white")),
        yOffset=alt.YOffset("Kategorie:N", sort=categories,
                            scale=alt.Scale(paddingOuter=0.5)),
        tooltip=[alt.Tooltip("Fall:N"), alt.Tooltip("Institution:N"),
                 alt.Tooltip("Kategorie:N"), alt.Tooltip("Tage:Q", format=".0f"),
                 alt.Tooltip("Status:N")])
    chart = TimelineChart(
        width=width, height=max(len(order), 1) * row,
        title=alt.TitleParams("Wie lange Hürden dauerten – nach Institution",
                              subtitle="Punkt: eine Hürde eines Falls (gefüllt: noch offen) "
                                       "· Strich: Median"
                                       + (f" · rechts: Hürden ohne Zeitangabe ({UNDATED})"
                                          if not undated.empty else ""), anchor="start"),
        usermeta=EMBED_OPTIONS, config=projector_config(labelLimit=220, columnPadding=18),
    )
    chart.layer = [median, dots]
    if not undated.empty:
        chart.layer.append(alt.Chart(undated).mark_text(
            # at the foot of the institution's row, clear of its dots and median
            align="right", baseline="bottom", dx=-4, dy=row // 2 - 2, fontSize=16,
            fontStyle="italic", color="#b71c1c").encode(
            x=alt.value(width), y=y, text=alt.Text("Hinweis", type="nominal"),
            tooltip=[alt.Tooltip("Institution:N"), alt.Tooltip("Hinweis:N", title=UNDATED)]))
    return chart


def waiting_widget(package: ConferencePackage, width: int = 780):
    """The chart as a widget for JupyterLab and Voilà, without any CDN (as the timeline)."""
    from altair import JupyterChart

    JupyterChart.enable_offline()
    return JupyterChart(waiting_chart(package, width),
                        embed_options={"actions": False, "renderer": "svg",
                                       "formatLocale": _format_locale()})
