"""The conference dashboard: the pseudonymised cases of one package or of a whole conference
(several packages on one agenda, `kimtools.conference`), as participants see them.

Thin widgets over `kimtools.presentation`; reads the package only. The tab for recording
structural findings holds `kimtools.widgets.findings.Befunderfassung` when a register is given
(argument ``register`` or the environment variable ``KIMTOOLS_REGISTER``), else a German hint;
it follows the case in view. A conference comes as a `ConferencePlan` or from the register
(``conference`` argument or ``KIMTOOLS_CONFERENCE``, with the register): the presenter moves along
the agenda across all packages, each case shown from its own package.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from kimtools.conference import ConferenceError, ConferencePlan, load_plan, merged_package
from kimtools.findings.register import Register, RegisterError, open_register
from kimtools.package import ConferencePackage, PackageError, load_package, month_text
from kimtools.presentation import (
    TOOLTIP_CSS,
    case_choices,
    case_obstacle_sentence,
    case_obstacles,
    case_profile,
    goals_table,
    recurring_obstacles,
)
from kimtools.presentation._common import table_html  # noqa: F401 (importable from here)
from kimtools.widgets.findings import REGISTER_ENV, Befunderfassung, findings_panel
from kimtools.widgets.style import projector_css

PACKAGE_ENV = "KIMTOOLS_PACKAGE"
CONFERENCE_ENV = "KIMTOOLS_CONFERENCE"

STYLE = ("<style>" + projector_css("kim-dashboard") + """
.kim-dashboard h1 { font-size: 30px; margin: 0 0 4px 0; }
.kim-dashboard .kim-meta { color: #333; font-size: 16px; }
.kim-dashboard dl.kim-profile { display: grid; grid-template-columns: max-content 1fr;
  gap: 4px 18px; margin: 6px 0; }
.kim-dashboard dl.kim-profile dt { font-weight: bold; }
.kim-dashboard dl.kim-profile dd { margin: 0; }
.kim-dashboard .kim-sentence { font-size: 20px; font-weight: bold; margin: 8px 0; }
.kim-dashboard .widget-dropdown select { font-size: 18px; }
.kim-dashboard .kim-error { color: #8b0000; font-weight: bold; }
.kim-dashboard .kim-agenda { font-size: 20px; font-weight: bold; margin: 4px 0; }
.kim-dashboard .kim-agenda-step button { font-size: 18px; }
""" + TOOLTIP_CSS + "\n</style>")


def profile_html(profile: dict[str, str]) -> str:
    rows = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>"
                   for k, v in profile.items())
    return f'<dl class="kim-profile">{rows}</dl>'


def package_summary(package: ConferencePackage) -> str:
    """One German line about the package: cases, date, approval."""
    manifest = package.manifest
    made = month_text(manifest.get("created"))
    approval = manifest.get("approval")
    state = "freigegeben" if approval else "Entwurf – nicht freigegeben"
    count = len(package.cases)
    return (f"{count} {'Fall' if count == 1 else 'Fälle'} · Paket vom {made} · {state} · "
            "pseudonymisiert, vertraulich")


def open_plan(register: Register | str | Path, conference: str) -> ConferencePlan:
    """The conference's agenda from the register, its packages checked again."""
    if isinstance(register, Register):
        return load_plan(register, conference)
    with open_register(register, read_only=True) as opened:
        return load_plan(opened, conference)


class Planungskonferenz(w.VBox):
    """Case navigation, timeline, obstacles and goals, and the view across all cases."""

    def __init__(self, package: ConferencePackage | str | Path | None = None,
                 register: Register | str | Path | None = None,
                 findings_panel: w.Widget | None = None,
                 conference: ConferencePlan | str | None = None):
        super().__init__()
        if register is None:
            register = os.environ.get(REGISTER_ENV) or None
        self.register = register
        self._own_panel = findings_panel is None
        self.add_class("kim-dashboard")
        self.error = w.HTML()
        self.header = w.HTML()
        self.case_select = w.Dropdown(description="Fall:", layout=w.Layout(width="640px"),
                                      style={"description_width": "60px"})
        self.previous = w.Button(description="◀ Zurück", tooltip="voriger Fall (Bild ↑)")
        self.next = w.Button(description="Weiter ▶", tooltip="nächster Fall (Bild ↓)")
        for button in (self.previous, self.next):
            button.add_class("kim-agenda-step")
            button.on_click(self._step)
        self.agenda_item = w.HTML()
        self.profile = w.HTML()
        self.timeline = w.Box(layout=w.Layout(width="100%", overflow="auto"))
        self.obstacle_sentence = w.HTML()
        self.obstacles = w.HTML()
        self.goals = w.HTML()
        self.across = w.HTML()
        self.across_chart = w.Box(layout=w.Layout(width="100%", overflow="auto"))
        across_page = w.VBox([w.HTML("<h2>Dauer der Hürden nach Institution und Kategorie"
                                     "</h2>"), self.across_chart, self.across])
        case_page = w.VBox([
            self.profile,
            w.HTML("<h2>Zeitleiste</h2>"), self.timeline,
            w.HTML("<h2>Hürden</h2>"), self.obstacle_sentence, self.obstacles,
            w.HTML("<h2>Ziele</h2>"), self.goals,
        ])
        self.findings_panel = findings_panel or w.HTML(
            "<p>Für das Festhalten struktureller Befunde wird ein Befundregister benötigt "
            f"(Umgebungsvariable {REGISTER_ENV}).</p>")
        self.tabs = w.Tab(children=[case_page, across_page, self.findings_panel])
        for index, title in enumerate(["Fall", "Fallübergreifend", "Strukturelle Befunde"]):
            self.tabs.set_title(index, title)
        navigation = w.HBox([self.case_select, self.previous, self.next])
        self.children = [w.HTML(STYLE), self.header, self.error, self.agenda_item, navigation,
                         self.tabs]
        self.package: ConferencePackage | None = None
        self.plan: ConferencePlan | None = None
        self._packages: dict[str, ConferencePackage] = {}
        self._panels: dict[int, w.Widget] = {}
        self.case_select.observe(self._on_case, names="value")
        if conference is None and package is None:
            conference = os.environ.get(CONFERENCE_ENV) or None
        if conference is not None:
            self.load_conference(conference)
            return
        if package is None:
            package = os.environ.get(PACKAGE_ENV)
        if package is not None:
            self.load(package)
        else:
            self.error.value = ('<p class="kim-error">Kein Konferenzpaket angegeben '
                                f"(Umgebungsvariable {PACKAGE_ENV}).</p>")

    def __repr__(self) -> str:
        return "Planungskonferenz (kimtools)"

    def _show_error(self, exc: Exception) -> None:
        self.error.value = f'<p class="kim-error">{html.escape(str(exc))}</p>'

    def load(self, package: ConferencePackage | str | Path) -> None:
        try:
            self.package = (package if isinstance(package, ConferencePackage)
                            else load_package(package))
        except PackageError as exc:
            self._show_error(exc)
            return
        self.error.value = ""
        self.header.value = ("<h1>Planungskonferenz – Fallvorstellung</h1>"
                             f'<p class="kim-meta">{html.escape(package_summary(self.package))}'
                             "</p>")
        self._packages = dict.fromkeys(self.package.case_ids(), self.package)
        self._show_across()
        choices = case_choices(self.package)
        self.case_select.options = choices
        if choices:
            self.case_select.value = choices[0][1]
        if self._own_panel and self.register is not None:
            self._set_panel(findings_panel(self.register, self.package, self.case))

    def load_conference(self, conference: ConferencePlan | str) -> None:
        """Show a whole conference: its agenda across all packages, each case from its own."""
        try:
            if isinstance(conference, ConferencePlan):
                plan = conference
            elif self.register is None:
                raise ConferenceError("Für eine Konferenz wird das Befundregister benötigt, "
                                      f"in dem sie angelegt ist (Umgebungsvariable "
                                      f"{REGISTER_ENV}).")
            else:
                plan = open_plan(self.register, conference)
        except (ConferenceError, RegisterError, PackageError) as exc:
            self._show_error(exc)
            return
        self.error.value = ""
        self.plan = plan
        self.package = merged_package(plan.packages)
        self._packages = {case: item.package for item in plan.items for case in item.cases}
        where = f" · {html.escape(plan.place)}" if plan.place else ""
        self.header.value = (
            f"<h1>Planungskonferenz am {plan.date:%d.%m.%Y}</h1>"
            f'<p class="kim-meta">{len(plan.items)} Tagesordnungspunkte · '
            f"{len(plan.cases)} Fälle aus {len(plan.items)} Paketen · {plan.minutes} Min. "
            f"geplant{where} · pseudonymisiert, vertraulich</p>")
        self._show_across()
        choices = []
        for item in plan.items:
            labels = dict((case, text) for text, case in case_choices(item.package))
            choices += [(f"TOP {item.number} · {item.provider} · {labels[case]}", case)
                        for case in item.cases]
        self.case_select.options = choices
        if choices:
            self.case_select.value = choices[0][1]

    def _show_across(self) -> None:
        from kimtools.presentation.across import waiting_widget  # Altair: loaded when shown

        self.across_chart.children = (waiting_widget(self.package),)
        self.across.value = ("<h2>Hürden über alle Fälle</h2>"
                             + table_html(recurring_obstacles(self.package),
                                          "In diesem Paket sind keine Hürden erfasst."))

    def _set_panel(self, panel: w.Widget) -> None:
        self.findings_panel = panel
        self.tabs.children = (*self.tabs.children[:2], panel)

    @property
    def case(self) -> str | None:
        return self.case_select.value

    def step(self, offset: int) -> None:
        """Move along the agenda: the next (+1) or previous (−1) case, across TOPs."""
        cases = [value for _, value in self.case_select.options]
        if not cases or self.case is None:
            return
        index = min(max(cases.index(self.case) + offset, 0), len(cases) - 1)
        self.case_select.value = cases[index]

    def _step(self, button: w.Button) -> None:
        self.step(-1 if button is self.previous else 1)

    def _on_case(self, change) -> None:
        case = change["new"]
        if case is None:
            return
        self.show_case(case)
        if self.plan is not None and self._own_panel and self.register is not None:
            item = self.plan.item_of(case)
            if item.number not in self._panels:
                self._panels[item.number] = findings_panel(self.register, item.package, case)
            if self.findings_panel is not self._panels[item.number]:
                self._set_panel(self._panels[item.number])
        if isinstance(self.findings_panel, Befunderfassung):
            self.findings_panel.set_case(case)

    def _show_agenda_item(self, case: str) -> None:
        cases = [value for _, value in self.case_select.options]
        position = cases.index(case) + 1 if case in cases else 0
        self.previous.disabled = position <= 1
        self.next.disabled = position >= len(cases)
        if self.plan is None:
            self.agenda_item.value = ""
            return
        item = self.plan.item_of(case)
        self.agenda_item.value = (
            f'<p class="kim-agenda">{html.escape(item.heading())} · Fall '
            f"{item.cases.index(case) + 1} von {len(item.cases)} · insgesamt {position} von "
            f"{len(cases)}</p>")

    def show_case(self, case: str) -> None:
        from kimtools.presentation.timeline import timeline_widget  # Altair: when shown

        package = self._packages.get(case, self.package)
        self._show_agenda_item(case)
        self.profile.value = profile_html(case_profile(package, case))
        self.timeline.children = (timeline_widget(package, case),)
        self.obstacle_sentence.value = (f'<p class="kim-sentence">'
                                        f"{html.escape(case_obstacle_sentence(package, case))}"
                                        "</p>")
        self.obstacles.value = table_html(case_obstacles(package, case),
                                          "Für diesen Fall sind keine Hürden erfasst.")
        self.goals.value = table_html(goals_table(package, case),
                                      "Für diesen Fall sind keine Ziele erfasst.")
