"""Presentation of a conference package: case timelines, obstacle tables, case profiles.

Reads conference packages only (`kimtools.package`, `kimtools.codes`); it never imports the
raw-caseload reader or the privacy stage, so whatever the dashboard and the minutes show has
passed the pseudonymisation and the leak gate (DESIGN §2).
"""

from kimtools.presentation.chart_style import (
    TOOLTIP_CSS,
    Legend,
    LegendEntry,
    PrintedTimeline,
    chart_svg,
)
from kimtools.presentation.obstacles import (
    case_obstacle_sentence,
    case_obstacles,
    goals_table,
    recurring_obstacles,
)
from kimtools.presentation.profile import (
    case_choices,
    case_profile,
    language_name,
    profile_frame,
)
from kimtools.presentation.timeline import (
    phase_bands,
    print_timeline,
    timeline_chart,
    timeline_html,
    timeline_spec,
    timeline_svg,
    timeline_widget,
)

__all__ = [
    "TOOLTIP_CSS", "Legend", "LegendEntry", "PrintedTimeline", "case_choices",
    "case_obstacle_sentence", "case_obstacles", "case_profile", "chart_svg", "goals_table",
    "language_name", "phase_bands", "print_timeline", "profile_frame",
    "recurring_obstacles", "timeline_chart", "timeline_html", "timeline_spec", "timeline_svg",
    "timeline_widget",
]
