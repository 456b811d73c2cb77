"""How every chart of the dashboard and the minutes looks and renders, offline.

Colours, shapes and text sizes shared by the timelines and the across-cases chart, and the one
way they are drawn. Municipal networks are closed (DESIGN §2), so nothing here may load from
the internet: the data is embedded in the spec's own `datasets`, no web font is named,
vl-convert renders with external requests forbidden, and the widget uses the JavaScript that
vl-convert bundles instead of a CDN. The vega-embed action menu is switched off in the spec,
because its "open in editor" link would send the case to a public website.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import altair as alt
import pandas as pd

from kimtools.presentation.obstacles import OPEN, RESOLVED
from kimtools.presentation.tooltip import TOOLTIP_CSS  # noqa: F401 (importable from here)

# Stable colours, so that a Handlungsfeld looks the same in every case of the conference.
PHASE_COLOURS = {
    "first_contact": "#a6cee3", "assessment": "#b2df8a", "agreement": "#fdbf6f",
    "monitoring": "#cab2d6", "closure": "#bdbdbd",
}
FIELD_COLOURS = {
    "residence": "#1f77b4", "language": "#ff7f0e", "work": "#2ca02c",
    "recognition": "#9467bd", "education": "#8c564b", "childcare": "#e377c2",
    "housing": "#17becf", "health": "#bcbd22", "family": "#393b79", "benefits": "#637939",
    "debt": "#8c6d31", "authorities": "#ad494a", "orientation": "#7b4173",
    "documents": "#5254a3", "mobility": "#d6616b",
}
NO_FIELD = "ohne Handlungsfeld"
NO_FIELD_COLOUR = "#757575"
KIND_SHAPES = {
    "consultation": "circle", "phone": "square", "accompaniment": "triangle-up",
    "application": "diamond", "decision": "triangle-down", "referral": "triangle-right",
    "other": "cross",
}
GOAL_COLOURS = {
    "open": "#78909c", "in_progress": "#ffa000", "achieved": "#2e7d32",
    "not_achieved": "#c62828", "dropped": "#424242",
}
OBSTACLE_STYLE = {  # status: (fill, outline, label colour)
    OPEN: ("#e53935", "#7f0000", "#b71c1c"),
    RESOLVED: ("#b0bec5", "#607d8b", "#455a64"),
}

FONT_SIZES = {"axis_label": 16, "axis_title": 18, "legend_label": 16, "legend_title": 16,
              "title": 24, "subtitle": 16, "mark": 15}
ROW_HEIGHT = 46
NOTE_LIMIT = 140
# Lane labels are cut here, at a word, rather than by Vega: its cut measures the label again
# for every length it tries. At 16 px this many characters fit the 420 px Vega allows.
LANE_LIMIT = 44
KIND_COLOUR = "#616161"  # the shapes' legend: shape only, in a neutral grey
SVG_OPTIONS = {"allowed_base_urls": [], "format_locale": "de-DE"}
EMBED_OPTIONS = {"embedOptions": {"actions": False, "renderer": "svg"}}


def projector_config(**legend) -> alt.Config:
    """Text sizes readable on the projector, shared by every chart of the dashboard."""
    return alt.Config(
        axis=alt.AxisConfig(labelFontSize=FONT_SIZES["axis_label"],
                            titleFontSize=FONT_SIZES["axis_title"], titlePadding=12),
        legend=alt.LegendConfig(labelFontSize=FONT_SIZES["legend_label"],
                                titleFontSize=FONT_SIZES["legend_title"], padding=12, **legend),
        title=alt.TitleConfig(fontSize=FONT_SIZES["title"],
                              subtitleFontSize=FONT_SIZES["subtitle"], subtitlePadding=6),
        view=alt.ViewConfig(stroke=None),
    )
# vega-tooltip's default 11 px is unreadable on a projector; the dashboard adds this rule once.

def _values(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-safe Python values, to be embedded in the spec itself.

    Missing values are left out rather than written as null, so that no mark is placed at a
    day the package does not know; optional tooltip lines are prepared as text instead.
    """
    return [{key: value for key, value in row.items()
             if not (value is None or value is pd.NA
                     or (isinstance(value, float) and math.isnan(value)))}
            for row in frame.to_dict(orient="records")]

def _tip(field: str) -> alt.Tooltip:
    """Tooltip channels built as objects: Altair parses shorthand strings slowly."""
    return alt.Tooltip(field=field, type="nominal")


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str  # #rrggbb
    shape: str  # Vega's shape name, or "bar" for the rect marks


@dataclass(frozen=True)
class Legend:
    title: str
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class PrintedTimeline:
    """A timeline for print: the picture, and its legends to be set as text beside it."""

    svg: str
    legends: tuple[Legend, ...]

class TimelineChart(alt.LayerChart):
    """A LayerChart that shows itself as SVG when displayed as it is.

    Altair's default notebook output loads Vega from a CDN, which a closed municipal network
    does not reach (and an open one should not be asked for). For interaction, display
    `timeline_widget`; everything else about the chart is plain Altair.
    """

    def _repr_mimebundle_(self, *args, **kwargs) -> dict:
        return {"image/svg+xml": chart_svg(self), "text/plain": "<Zeitleiste>"}


def chart_svg(chart: alt.TopLevelMixin, tooltips: bool = True) -> str:
    """Static SVG of a chart, rendered locally by vl-convert with external requests forbidden.

    The spec is not validated again: Altair's schema check took as long as the drawing, and the
    tests validate every chart this module builds. Without ``tooltips`` the hover texts are
    left out, which a still picture cannot show but Vega would still format for every mark;
    with them goes the German number format, which only they use. The spec goes to vl-convert
    as JSON text, which it reads faster than a Python dict.
    """
    import vl_convert as vlc

    spec = chart.to_dict(validate=False)
    options = dict(SVG_OPTIONS)
    if not tooltips:
        for layer in spec.get("layer", [spec]):
            layer.get("encoding", {}).pop("tooltip", None)
        options.pop("format_locale")
    return vlc.vegalite_to_svg(json.dumps(spec), vl_version=_vl_version(), **options)


def _vl_version() -> str:
    """The Vega-Lite version Altair writes its specs for, as vl-convert names it."""
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_version_for_vl_convert()


def _format_locale() -> dict:
    import vl_convert as vlc

    return vlc.get_format_locale("de-DE")
