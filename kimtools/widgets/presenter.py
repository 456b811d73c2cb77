"""The presenter screen: one screen per case for the projector, along the conference agenda.

Compact profile beside the timeline, the obstacle sentence large, obstacles and goals one click
away; what presentation clickers send (PageDown/PageUp, arrow keys) moves to the next or
previous case; a timer per agenda item against its planned minutes; for a case presented
before, when and the findings linked to it then with their status now. The current case and
agenda item are traitlets (`current_case`, `current_item`), synced to the browser, so that a
participants' view can follow them. Logic lives in `kimtools.conference` and
`kimtools.presentation`; this module only lays it out.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from kimtools.conference import ConferenceError, ConferencePlan
from kimtools.conference.follow import publish
from kimtools.conference.history import earlier_presentations
from kimtools.conference.share import share_html
from kimtools.findings.register import Register, RegisterError, open_register
from kimtools.package import PackageError
from kimtools.presentation import (
    TOOLTIP_CSS,
    case_obstacle_sentence,
    case_obstacles,
    case_profile,
    goals_table,
    timeline_chart,
)
from kimtools.presentation.vega_widget import VegaChart, chart_widget
from kimtools.widgets.conference import CONFERENCE_ENV, open_plan, table_html
from kimtools.widgets.findings import REGISTER_ENV, Befunderfassung, findings_panel
from kimtools.widgets.style import projector_css

# What the compact profile shows beside the timeline; the rest is in the details.
COMPACT = ("Bezeichnung", "Alter", "Geschlecht", "Herkunft", "Einreise", "Haushalt",
           "Aufenthaltsstatus", "Kommune")
TIMELINE_WIDTH = 400  # for the time axis' ticks; on screen the chart takes its box's width
PROFILE_WIDTH = "240px"
MIN_TEXT = 16  # px: the smallest chart text at 1280×720
LABEL_ROOM = 150  # px between plot and legends, for the labels at the bars' ends

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


def fit_box(spec: dict) -> dict:
    """The timeline as its box wants it on the projector: as wide as the box, legends right.

    Vega-Lite then fits plot, lane labels and legends into the box's width at any screen size
    (``width: "container"``), and the legends beside the plot no longer add to its height.
    """
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    for layer in spec.get("layer", []):
        mark = layer.get("mark")
        if isinstance(mark, dict) and mark.get("fontSize", MIN_TEXT) < MIN_TEXT:
            mark["fontSize"] = MIN_TEXT
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and isinstance(channel.get("legend"), dict):
                # the bars' labels ("8 Wochen, offen") stand right of the plot
                channel["legend"].update(orient="right", direction="vertical",
                                         offset=LABEL_ROOM, padding=2, rowPadding=1)
    return spec


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
        self._specs: dict[str, dict] = {}
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
        self.plan: ConferencePlan | None = None
        self.children = [
            w.HTML(STYLE), self.error,
            w.HBox([self.top, self.clicker, self.previous, self.next],
                   layout=w.Layout(align_items="center", justify_content="space-between")
                   ).add_class("kim-presenter-head"),
            self.sentence,
            w.HBox([self.profile, self.timeline]),
            self.earlier, self.details]
        try:
            self.plan = (conference if isinstance(conference, ConferencePlan)
                         else open_plan(self._need_register(), conference))
        except (ConferenceError, RegisterError, PackageError) as exc:
            self.error.value = f'<p class="kim-error">{html.escape(str(exc))}</p>'
            return
        if self.plan.cases:
            self.show(self.plan.cases[0], first=True)

    def __repr__(self) -> str:
        return "Präsentation (kimtools)"

    def _need_register(self) -> Register | str | Path:
        if self.register is None:
            raise ConferenceError("Für eine Konferenz wird das Befundregister benötigt, in "
                                  "dem sie angelegt ist.")
        return self.register

    def _on_key(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("step") in (-1, 1):
            self.step(content["step"])

    def step(self, offset: int) -> None:
        """The next (+1) or previous (−1) case of the agenda; stays at either end."""
        if self.plan is None or not self.current_case:
            return
        cases = self.plan.cases
        index = min(max(cases.index(self.current_case) + offset, 0), len(cases) - 1)
        if cases[index] != self.current_case:
            self.show(cases[index])

    def show(self, case: str, first: bool = False) -> None:
        """Show ``case``; ``first`` marks the kernel's opening screen (see `publish`)."""
        plan = self.plan
        item = plan.item_of(case)
        package = item.package
        position = plan.cases.index(case) + 1
        self.current_item = item.number
        self.current_case = case
        publish(item.number, case, first=first)  # the participants' view follows
        self.clicker.planned_seconds = item.minutes * 60
        self.clicker.item = str(item.number)
        self.previous.disabled = position == 1
        self.next.disabled = position == len(plan.cases)
        self.top.value = (f'<p class="kim-presenter-top">{html.escape(item.heading())} · '
                          f"Fall {item.cases.index(case) + 1} von {len(item.cases)} "
                          f"({position}/{len(plan.cases)})</p>")
        self.sentence.value = (f'<p class="kim-presenter-sentence">'
                               f"{html.escape(case_obstacle_sentence(package, case))}</p>")
        profile = case_profile(package, case)
        compact = {"Pseudonym": case, **{k: v for k, v in profile.items() if k in COMPACT}}
        self.profile.value = '<div class="kim-compact">' + "".join(
            f'<div><span class="kim-key">{html.escape(k)}:</span> {html.escape(v)}</div>'
            for k, v in compact.items()) + "</div>"
        self._show_timeline(package, case)
        self.obstacles.value = "<h3>Hürden</h3>" + table_html(
            case_obstacles(package, case), "Für diesen Fall sind keine Hürden erfasst.")
        self.goals.value = "<h3>Ziele</h3>" + table_html(
            goals_table(package, case), "Für diesen Fall sind keine Ziele erfasst.")
        self.earlier.value = self._earlier_html(case)
        self._show_findings(item.number, package, case)
        if position < len(plan.cases):  # shown already; the next key press finds it ready
            self._spec(plan.cases[position])

    def _spec(self, case: str) -> dict:
        """The case's chart spec, made once (the tests validate our charts, not each view)."""
        if case not in self._specs:
            package = self.plan.item_of(case).package
            self._specs[case] = fit_box(timeline_chart(package, case, TIMELINE_WIDTH).to_dict(
                validate=False))
        return self._specs[case]

    def _show_timeline(self, package, case: str) -> None:
        """One chart widget whose spec changes: the next case costs one message, no new
        widget and no second Vega bundle."""
        current = self.timeline.children[0] if self.timeline.children else None
        if isinstance(current, VegaChart):
            current.spec = self._spec(case)
        else:
            self.timeline.children = (chart_widget(timeline_chart(package, case,
                                                                  TIMELINE_WIDTH),
                                                   spec=self._spec(case)),)

    def _show_findings(self, number: int, package, case: str) -> None:
        """The findings form of the item's package (kept per TOP), following the case; made
        when first opened, so that moving on stays fast."""
        if self.register is None:
            return
        self._wanted = (number, package, case)
        self._build_findings()

    def _build_findings(self) -> None:
        if self._wanted is None or self.details.selected_index != 1:
            return
        number, package, case = self._wanted
        if number not in self._panels:
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
                found = earlier_presentations(self.register, case, self.plan.date,
                                              self.plan.conference_id)
            else:
                with open_register(self.register, read_only=True) as register:
                    found = earlier_presentations(register, case, self.plan.date,
                                                  self.plan.conference_id)
        except RegisterError as exc:
            return f'<p class="kim-error">{html.escape(str(exc))}</p>'
        if not found:
            return ""
        lines = [line for earlier in found for line in earlier.describe()]
        return ('<div class="kim-earlier"><b>Schon einmal vorgestellt:</b><br>'
                + "<br>".join(html.escape(line) for line in lines) + "</div>")
