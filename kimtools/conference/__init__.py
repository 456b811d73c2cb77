"""A Planungskonferenz from several packages (DESIGN §5a): collected, checked, on one agenda.

The names below load `agenda` (pandas, the packages' reader) when first used: the presenter's
kernel needs only the follow state, the history and the screens the server prepared.
"""

from __future__ import annotations

from kimtools.lazy import attach

__all__ = ["AgendaItem", "ConferenceError", "ConferencePlan", "collect_packages",
           "create_conference", "load_plan", "merged_package", "plan_conference"]


__getattr__, __dir__ = attach(__name__, dict.fromkeys(__all__, "agenda"))
