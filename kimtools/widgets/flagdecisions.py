"""The flags of the review, one at a time, each decided by the case manager (notebook 01).

A thin view over ``kimtools.privacy.decisions``: the list shows every flag with its state, the
form below decides the chosen one (keep with a reason, generalise with the suggestion or an
edited text, delete). Only package text is shown, never the raw note. Drivable without a
browser: choose ``flags.value``, set ``action``, ``replacement``, ``reason`` and click
``decide_button``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from kimtools.privacy.decisions import ACTIONS, Decision, decide, flag_key, listed_flags
from kimtools.privacy.pseudonymise import Draft
from kimtools.privacy.review import flag_choice_label, flag_context_html

__all__ = ["FlagDecisions"]

_WIDE = widgets.Layout(width="100%")


class FlagDecisions(widgets.VBox):
    """Every flag of a draft and the form that decides the chosen one."""

    def __init__(self, on_change: Callable[[], None] | None = None):
        self.draft: Draft | None = None
        self._entries: list = []
        self._on_change = on_change or (lambda: None)
        self.status = widgets.HTML()
        self.flags = widgets.Select(options=[], rows=6, layout=_WIDE)
        self.context = widgets.HTML()
        self.action = widgets.ToggleButtons(
            options=[(name, key) for key, name in ACTIONS.items()], value=None,
            description="Entscheidung", style={"description_width": "initial"})
        self.replacement = widgets.Text(description="Ersatztext",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="40em"))
        self.reason = widgets.Text(description="Begründung (bei „behalten“)",
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="40em"))
        self.decide_button = widgets.Button(description="Entscheidung übernehmen",
                                            button_style="primary",
                                            layout=widgets.Layout(width="auto"))
        self.message = widgets.HTML()
        self.flags.observe(lambda _: self._show_flag(), names="value")
        self.decide_button.on_click(lambda _: self.decide())
        super().__init__([
            widgets.HTML("<b>Markierungen</b> – Stellen, die eine Person durch ihre Bedeutung "
                         "erkennbar machen können. Jede braucht eine Entscheidung, bevor das "
                         "Paket freigegeben werden kann."),
            self.status, self.flags, self.context, self.action, self.replacement, self.reason,
            self.decide_button, self.message], layout=_WIDE)
        self.set_draft(None)

    def __repr__(self) -> str:
        return "Markierungen (Prüfung)"

    @property
    def open_count(self) -> int:
        if self.draft is None:
            return 0
        return sum(flag_key(*e) not in self.draft.decisions for e in self._entries)

    def set_draft(self, draft: Draft | None) -> None:
        self.draft = draft
        self._entries = listed_flags(draft) if draft is not None else []
        self._refresh(0 if self._entries else None)

    def _refresh(self, index: int | None) -> None:
        draft = self.draft
        self.flags.options = [(flag_choice_label(draft, *entry), i)
                              for i, entry in enumerate(self._entries)]
        self.flags.value = index
        total = len(self._entries)
        if draft is None:
            self.status.value = ""
        elif not total:
            self.status.value = "Keine Markierungen."
        else:
            self.status.value = (f"{total - self.open_count} von {total} Markierungen "
                                 f"entschieden; offen: {self.open_count}.")
        self._show_flag()

    def _show_flag(self) -> None:
        index = self.flags.value
        disabled = index is None
        for control in (self.action, self.replacement, self.reason, self.decide_button):
            control.disabled = disabled
        if disabled:
            self.context.value = ""
            return
        case, review, flag = self._entries[index]
        decision = self.draft.decisions.get(flag_key(case, review, flag))
        self.context.value = (
            f"<div><b>{html.escape(flag.label)}</b> – Vorschlag: "
            f"„{html.escape(flag.suggestion)}“</div><div style='border:1px solid #ccc;"
            f"padding:4px;white-space:pre-wrap'>{flag_context_html(review, flag)}</div>")
        self.action.value = decision.action if decision else None
        self.replacement.value = (decision.text if decision and decision.text is not None
                                  else flag.suggestion)
        self.reason.value = decision.reason if decision else ""

    def decide(self) -> None:
        """Take the form's decision for the chosen flag; move on to the next open one."""
        index = self.flags.value
        if index is None or self.draft is None:
            return
        case, review, flag = self._entries[index]
        text = self.replacement.value.strip()
        decision = Decision(self.action.value or "", self.reason.value.strip(),
                            text if self.action.value == "generalise" and text
                            and text != flag.suggestion else None)
        problem = decision.problem()
        if problem:
            self.message.value = (f"<span style='color:#b3261e'>{html.escape(problem)}."
                                  "</span>")
            return
        decide(self.draft, {flag_key(case, review, flag): decision})
        self.message.value = ""
        following = [i for i in range(len(self._entries))
                     if flag_key(*self._entries[i]) not in self.draft.decisions]
        self._refresh(next((i for i in following if i > index), following[0] if following
                           else index))
        self._on_change()
