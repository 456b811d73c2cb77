"""The presenter screen: one screen per case for the projector, along the conference agenda.

Compact profile beside the timeline, the obstacle sentence large, obstacles and goals one click
away; what presentation clickers send (PageDown/PageUp, arrow keys) moves to the next or
previous case; a timer per agenda item against its planned minutes; for a case presented
before, when and the findings linked to it then with their status now. The current case and
agenda item are traitlets (`current_case`, `current_item`), synced to the browser, so that a
participants' view can follow them. Logic lives in `kimtools.conference` and
`kimtools.presentation`; this module only lays it out.

Under `kimtools serve` the screens come ready from the server (`kimtools.conference.screens`):
the kernel loads no package, no pandas, no Altair and no cryptography until the findings form
opens.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING

import anywidget
import ipywidgets as w
import traitlets

from kimtools.conference.follow import publish
from kimtools.conference.history import earlier_presentations
from kimtools.conference.screens import (  # noqa: F401 (importable from here)
    LABEL_ROOM,
    MIN_TEXT,
    TIMELINE_WIDTH,
    CaseScreen,
    case_screens,
    fit_box,
    prepared_screens,
)
from kimtools.conference.share import share_html
from kimtools.findings.register import Register, RegisterError, open_register
from kimtools.presentation.tooltip import TOOLTIP_CSS
from kimtools.presentation.vega_widget import VegaChart, chart_widget, static_bundle
from kimtools.widgets.style import projector_css

if TYPE_CHECKING:
    from kimtools.conference.agenda import ConferencePlan

REGISTER_ENV = "KIMTOOLS_REGISTER"  # kimtools.widgets.findings.REGISTER_ENV
CONFERENCE_ENV = "KIMTOOLS_CONFERENCE"  # kimtools.widgets.conference.CONFERENCE_ENV
PROFILE_WIDTH = "240px"

STYLE = ("<style>" + projector_css("kim-presenter") + """
body.kim-voila #rendered_cells.kim-main:has(.kim-presenter) { padding: 6px 16px 16px;
  max-width: none; }
#rendered_cells:has(.kim-presenter) .jp-OutputArea-output { margin: 0; padding: 0; }
.kim-presenter .kim-presenter-head { gap: 12px; flex-wrap: nowrap; }
.kim-presenter .kim-presenter-head > * { flex: 0 0 auto; }
.kim-presenter .kim-presenter-head > .kim-presenter-title { flex: 1 1 auto; min-width: 0; }
.kim-presenter .kim-presenter-head .widget-button { width: auto; padding: 0 14px; }
.kim-presenter .kim-clicker { display: flex; align-items: center; white-space: nowrap; }
.kim-presenter .kim-presenter-top { font-size: 20px; font-weight: bold; margin: 0;
  line-height: 1.25; }
.kim-presenter .kim-presenter-sentence { font-size: 28px; font-weight: bold; line-height: 1.2;
  margin: 2px 0 4px; }
.kim-presenter .kim-compact { font-size: 17px; line-height: 1.2; }
.kim-presenter .kim-compact div { margin-top: 3px; overflow-wrap: anywhere; }
.kim-presenter .kim-compact .kim-key { font-weight: bold; color: #333; }
.kim-presenter .kim-earlier { font-size: 18px; background: #fff8e1; padding: 4px 10px; }
.kim-presenter .kim-timer { font-size: 20px; font-weight: bold; margin-right: 12px;
  white-space: nowrap; }
.kim-presenter .kim-timer-over { color: #b71c1c; }
.kim-presenter .kim-presenter-timeline, .kim-presenter .kim-vega,
.kim-presenter .kim-vega > div { width: 100%; min-width: 0; }
.kim-presenter .kim-presenter-timeline { overflow-x: hidden; overflow-y: visible; }
""" + TOOLTIP_CSS + "\n</style>")

_KEYS_ESM = """
const fmt = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
function render({ model, el }) {
  const timer = document.createElement("span");
  timer.className = "kim-timer";
  el.classList.add("kim-clicker");
  const full = document.createElement("button");
  full.textContent = "Vollbild";
  full.className = "kim-fullscreen";
  full.onclick = () => document.fullscreenElement ? document.exitFullscreen()
    : document.documentElement.requestFullscreen();
  el.append(timer, full);
  let start = Date.now();
  const tick = () => {
    const passed = Math.floor((Date.now() - start) / 1000);
    const planned = model.get("planned_seconds");
    timer.textContent = `TOP-Zeit ${fmt(passed)}` + (planned ? ` von ${fmt(planned)}` : "");
    timer.classList.toggle("kim-timer-over", planned > 0 && passed > planned);
  };
  model.on("change:item", () => { start = Date.now(); tick(); });
  const every = setInterval(tick, 1000);
  tick();
  const steps = { PageDown: 1, ArrowRight: 1, ArrowDown: 1, PageUp: -1, ArrowLeft: -1,
                  ArrowUp: -1 };
  const onKey = (event) => {
    const target = event.target;
    if (target && (target.isContentEditable
                   || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (!(event.key in steps) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation();  // the page's own key scrolling must not move the screen too
    model.send({ step: steps[event.key] });
  };
  document.addEventListener("keydown", onKey, true);
  return () => { clearInterval(every); document.removeEventListener("keydown", onKey, true); };
}
export default { render };
"""


class Tastensteuerung(anywidget.AnyWidget):
    """Clicker keys → previous/next (as a message to Python), the item timer and full screen.

    Keys typed into a field (a finding's title, a note) stay with that field."""

    _esm = _KEYS_ESM
    item = traitlets.Unicode("").tag(sync=True)  # a change restarts the timer
    planned_seconds = traitlets.Int(0).tag(sync=True)


class Praesentation(w.VBox):
    """One screen per case along the agenda of a conference (see module docstring)."""

    current_case = traitlets.Unicode("").tag(sync=True)
    current_item = traitlets.Int(0).tag(sync=True)

    def __init__(self, conference: ConferencePlan | str | None = None,
                 register: Register | str | Path | None = None):
        super().__init__()
        self.add_class("kim-presenter")
        self.register = register or os.environ.get(REGISTER_ENV) or None
        conference = conference or os.environ.get(CONFERENCE_ENV) or ""
        self.error = w.HTML()
        self.top = w.HTML()
        self.top.add_class("kim-presenter-title")
        self.clicker = Tastensteuerung()
        self.clicker.on_msg(self._on_key)
        self.previous = w.Button(description="◀ Zurück", tooltip="voriger Fall (Bild ↑, ←)")
        self.next = w.Button(description="Weiter ▶", tooltip="nächster Fall (Bild ↓, →)")
        self.previous.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(1))
        self.profile = w.HTML(layout=w.Layout(width=PROFILE_WIDTH, flex=f"0 0 {PROFILE_WIDTH}"))
        self.timeline = w.Box(layout=w.Layout(flex="1 1 0", min_width="0"))
        self.timeline.add_class("kim-presenter-timeline")
        self.sentence = w.HTML()
        self.earlier = w.HTML()
        self.obstacles = w.HTML()
        self.goals = w.HTML()
        self.findings = w.VBox()
        self._panels: dict[int, w.Widget] = {}
        self._wanted: tuple | None = None  # the findings form to show once it is opened
        self.details = w.Accordion(children=[w.VBox([self.obstacles, self.goals]),
                                             self.findings], selected_index=None)
        self.details.set_title(0, "Details: Hürden und Ziele")
        self.details.set_title(1, "Strukturelle Befunde festhalten")
        self.details.observe(lambda _: self._build_findings(), names="selected_index")
        if shared := share_html():  # only with --share: the participants' address
            self.details.children = (*self.details.children, w.HTML(shared))
            self.details.set_title(2, "Teilnehmende: Adresse und QR-Code")
        self.screens: list[CaseScreen] = []
        self.conference_id: str | None = None
        self.date = None
        self._plan: ConferencePlan | None = None
        self.children = [
            w.HTML(STYLE), self.error,
            w.HBox([self.top, self.clicker, self.previous, self.next],
                   layout=w.Layout(align_items="center", justify_content="space-between")
                   ).add_class("kim-presenter-head"),
            self.sentence,
            w.HBox([self.profile, self.timeline]),
            self.earlier, self.details]
        try:
            self._open(conference)
        except Exception as exc:  # noqa: BLE001 (narrowed in _refusal)
            self.error.value = _refusal(exc)
            return
        if self.screens:
            self.show(self.screens[0].case, first=True)

    def __repr__(self) -> str:
        return "Präsentation (kimtools)"

    def _open(self, conference: ConferencePlan | str) -> None:
        """The screens: the server's for this conference, else made from the plan here."""
        if isinstance(conference, str):
            register = self._need_register()
            prepared = prepared_screens(conference)
            if prepared is not None:
                self.conference_id, self.date = prepared.conference_id, prepared.date
                self.screens = prepared.screens
                return
            from kimtools.widgets.conference import open_plan

            conference = open_plan(register, conference)
        self._plan = conference
        self.conference_id, self.date = conference.conference_id, conference.date
        self.screens = case_screens(conference)

    def _need_register(self) -> Register | str | Path:
        if self.register is None:
            from kimtools.conference.agenda import ConferenceError

            raise ConferenceError("Für eine Konferenz wird das Befundregister benötigt, in "
                                  "dem sie angelegt ist.")
        return self.register

    @property
    def plan(self) -> ConferencePlan:
        """The conference with its packages, loaded and checked when first needed (the
        findings form; under our server the screens need no package)."""
        if self._plan is None:
            from kimtools.widgets.conference import open_plan

            self._plan = open_plan(self._need_register(), self.conference_id)
        return self._plan

    @property
    def cases(self) -> list[str]:
        """Every presented case in the order of the agenda."""
        return [screen.case for screen in self.screens]

    def _on_key(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("step") in (-1, 1):
            self.step(content["step"])

    def step(self, offset: int) -> None:
        """The next (+1) or previous (−1) case of the agenda; stays at either end."""
        if not self.screens or not self.current_case:
            return
        cases = self.cases
        index = min(max(cases.index(self.current_case) + offset, 0), len(cases) - 1)
        if cases[index] != self.current_case:
            self.show(cases[index])

    def show(self, case: str, first: bool = False) -> None:
        """Show ``case``; ``first`` marks the kernel's opening screen (see `publish`)."""
        cases = self.cases
        position = cases.index(case) + 1
        screen = self.screens[position - 1]
        self.current_item = screen.item
        self.current_case = case
        publish(screen.item, case, first=first)  # the participants' view follows
        self.clicker.planned_seconds = screen.minutes * 60
        self.clicker.item = str(screen.item)
        self.previous.disabled = position == 1
        self.next.disabled = position == len(cases)
        self.top.value = (f'<p class="kim-presenter-top">{html.escape(screen.heading)} · '
                          f"Fall {screen.number_in_item} von {screen.item_size} "
                          f"({position}/{len(cases)})</p>")
        self.sentence.value = (f'<p class="kim-presenter-sentence">'
                               f"{html.escape(screen.sentence)}</p>")
        self.profile.value = '<div class="kim-compact">' + "".join(
            f'<div><span class="kim-key">{html.escape(k)}:</span> {html.escape(v)}</div>'
            for k, v in screen.compact) + "</div>"
        self._show_timeline(screen)
        self.obstacles.value = "<h3>Hürden</h3>" + screen.obstacles
        self.goals.value = "<h3>Ziele</h3>" + screen.goals
        self.earlier.value = self._earlier_html(case)
        self._show_findings(screen.item, case)

    def _show_timeline(self, screen: CaseScreen) -> None:
        """One chart widget whose spec changes: the next case costs one message, no new
        widget and no second Vega bundle. Under our server no chart object is made at all."""
        current = self.timeline.children[0] if self.timeline.children else None
        if isinstance(current, VegaChart):
            current.spec = screen.spec
        elif (bundle := static_bundle()) is not None:
            self.timeline.children = (VegaChart(spec=screen.spec, bundle=bundle),)
        else:  # JupyterLab: the chart brings its own bundle
            from kimtools.presentation.timeline import timeline_chart

            package = self.plan.item_of(screen.case).package
            self.timeline.children = (chart_widget(timeline_chart(package, screen.case,
                                                                  TIMELINE_WIDTH)),)

    def _show_findings(self, number: int, case: str) -> None:
        """The findings form of the item's package (kept per TOP), following the case; made
        when first opened, so that moving on stays fast and the kernel loads the packages
        only for it."""
        if self.register is None:
            return
        self._wanted = (number, case)
        self._build_findings()

    def _build_findings(self) -> None:
        if self._wanted is None or self.details.selected_index != 1:
            return
        number, case = self._wanted
        if number not in self._panels:
            # the first form loads the packages (and pandas) into this kernel: a few seconds
            self.findings.children = (w.HTML("<p>Befundformular wird geladen …</p>"),)
        from kimtools.widgets.findings import Befunderfassung, findings_panel

        if number not in self._panels:
            try:
                package = self.plan.item_of(case).package
            except Exception as exc:  # noqa: BLE001 (narrowed in _refusal)
                self.findings.children = (w.HTML(_refusal(exc)),)
                return
            self._panels[number] = findings_panel(self.register, package, case)
        panel = self._panels[number]
        self.findings.children = (panel,)
        if isinstance(panel, Befunderfassung):
            panel.set_case(case)

    def _earlier_html(self, case: str) -> str:
        if self.register is None:
            return ""
        try:
            if isinstance(self.register, Register):
                found = earlier_presentations(self.register, case, self.date,
                                              self.conference_id)
            else:
                with open_register(self.register, read_only=True) as register:
                    found = earlier_presentations(register, case, self.date,
                                                  self.conference_id)
        except RegisterError as exc:
            return f'<p class="kim-error">{html.escape(str(exc))}</p>'
        if not found:
            return ""
        lines = [line for earlier in found for line in earlier.describe()]
        return ('<div class="kim-earlier"><b>Schon einmal vorgestellt:</b><br>'
                + "<br>".join(html.escape(line) for line in lines) + "</div>")


def _refusal(exc: Exception) -> str:
    """A refused conference, register or package as the German message it carries; anything
    else is a bug and goes up."""
    from kimtools.conference.agenda import ConferenceError
    from kimtools.package import PackageError

    if not isinstance(exc, ConferenceError | RegisterError | PackageError):
        raise exc
    return f'<p class="kim-error">{html.escape(str(exc))}</p>'
