"""A Planungskonferenz from several packages (DESIGN §5a): collected, checked, on one agenda."""

from kimtools.conference.agenda import (
    AgendaItem,
    ConferenceError,
    ConferencePlan,
    collect_packages,
    create_conference,
    load_plan,
    merged_package,
    plan_conference,
)

__all__ = ["AgendaItem", "ConferenceError", "ConferencePlan", "collect_packages",
           "create_conference", "load_plan", "merged_package", "plan_conference"]
