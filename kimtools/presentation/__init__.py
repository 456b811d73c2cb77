"""Presentation of a conference package: case timelines, obstacle tables, case profiles.

Reads conference packages only (`kimtools.package`, `kimtools.codes`); it never imports the
raw-caseload reader or the privacy stage, so whatever the dashboard and the minutes show has
passed the pseudonymisation and the leak gate (DESIGN §2).

The names below load their module when first used: the presenter's kernel shows screens the
server made for it (`kimtools.conference.screens`) and needs neither pandas nor the charting
library.
"""

from __future__ import annotations

from kimtools.lazy import attach

_HOME = {
    "TOOLTIP_CSS": "tooltip",
    **dict.fromkeys(("Legend", "LegendEntry", "PrintedTimeline", "chart_svg"), "chart_style"),
    **dict.fromkeys(("case_obstacle_sentence", "case_obstacles", "goals_table",
                     "recurring_obstacles"), "obstacles"),
    **dict.fromkeys(("case_choices", "case_profile", "language_name", "profile_frame"),
                    "profile"),
    **dict.fromkeys(("phase_bands", "print_timeline", "timeline_chart", "timeline_html",
                     "timeline_spec", "timeline_svg", "timeline_widget"), "timeline"),
}

__all__ = sorted(_HOME, key=str.lower)


__getattr__, __dir__ = attach(__name__, _HOME)
