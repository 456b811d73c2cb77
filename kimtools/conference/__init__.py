"""A Planungskonferenz from several packages (DESIGN §5a): collected, checked, on one agenda.

The names below load `agenda` (pandas, the packages' reader) when first used: the presenter's
kernel needs only the follow state, the history and the screens the server prepared.
"""

from __future__ import annotations

import importlib

__all__ = ["AgendaItem", "ConferenceError", "ConferencePlan", "collect_packages",
           "create_conference", "load_plan", "merged_package", "plan_conference"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.agenda"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
