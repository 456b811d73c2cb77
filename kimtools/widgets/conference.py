"""The conference dashboard: the pseudonymised cases of one package, as participants see them.

Thin widgets over `kimtools.presentation`; reads the package only. The tab for recording
structural findings holds `kimtools.widgets.findings.Befunderfassung` when a register is given
(argument ``register`` or the environment variable ``KIMTOOLS_REGISTER``), else a German hint;
it follows the case in view.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w
import pandas as pd

from kimtools.findings.register import Register
from kimtools.package import ConferencePackage, PackageError, load_package, month_text
from kimtools.presentation import (
    TOOLTIP_CSS,
    case_choices,
    case_obstacle_sentence,
    case_obstacles,
    case_profile,
    goals_table,
    recurring_obstacles,
    timeline_widget,
)
from kimtools.widgets.findings import REGISTER_ENV, Befunderfassung, findings_panel
from kimtools.widgets.style import projector_css

PACKAGE_ENV = "KIMTOOLS_PACKAGE"

STYLE = ("<style>" + projector_css("kim-dashboard") + """
.kim-dashboard { --jp-widgets-horizontal-tab-width: 260px; }
.kim-dashboard h1 { font-size: 30px; margin: 0 0 4px 0; }
.kim-dashboard .kim-meta { color: #333; font-size: 16px; }
.kim-dashboard dl.kim-profile { display: grid; grid-template-columns: max-content 1fr;
  gap: 4px 18px; margin: 6px 0; }
.kim-dashboard dl.kim-profile dt { font-weight: bold; }
.kim-dashboard dl.kim-profile dd { margin: 0; }
.kim-dashboard .kim-sentence { font-size: 20px; font-weight: bold; margin: 8px 0; }
.kim-dashboard .widget-dropdown select { font-size: 18px; }
.kim-dashboard .kim-error { color: #8b0000; font-weight: bold; }
""" + TOOLTIP_CSS + "\n</style>")


def table_html(frame: pd.DataFrame, empty: str) -> str:
    """A DataFrame as an escaped HTML table with German empty text; missing values as '–'."""
    if frame.empty:
        return f"<p>{html.escape(empty)}</p>"
    shown = frame.astype("object").where(frame.notna(), "–")
    return shown.to_html(index=False, escape=True, classes="kim-table", border=0)


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


class Planungskonferenz(w.VBox):
    """Case navigation, timeline, obstacles and goals, and the view across all cases."""

    def __init__(self, package: ConferencePackage | str | Path | None = None,
                 register: Register | str | Path | None = None,
                 findings_panel: w.Widget | None = None):
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
        self.profile = w.HTML()
        self.timeline = w.Box(layout=w.Layout(width="100%", overflow="auto"))
        self.obstacle_sentence = w.HTML()
        self.obstacles = w.HTML()
        self.goals = w.HTML()
        self.across = w.HTML()
        case_page = w.VBox([
            self.profile,
            w.HTML("<h2>Zeitleiste</h2>"), self.timeline,
            w.HTML("<h2>Hürden</h2>"), self.obstacle_sentence, self.obstacles,
            w.HTML("<h2>Ziele</h2>"), self.goals,
        ])
        self.findings_panel = findings_panel or w.HTML(
            "<p>Für das Festhalten struktureller Befunde wird ein Befundregister benötigt "
            f"(Umgebungsvariable {REGISTER_ENV}).</p>")
        self.tabs = w.Tab(children=[case_page, self.across, self.findings_panel])
        for index, title in enumerate(["Fall", "Fallübergreifend", "Strukturelle Befunde"]):
            self.tabs.set_title(index, title)
        self.children = [w.HTML(STYLE), self.header, self.error, self.case_select, self.tabs]
        self.package: ConferencePackage | None = None
        self.case_select.observe(self._on_case, names="value")
        if package is None:
            package = os.environ.get(PACKAGE_ENV)
        if package is not None:
            self.load(package)
        else:
            self.error.value = ('<p class="kim-error">Kein Konferenzpaket angegeben '
                                f"(Umgebungsvariable {PACKAGE_ENV}).</p>")

    def __repr__(self) -> str:
        return "Planungskonferenz (kimtools)"

    def load(self, package: ConferencePackage | str | Path) -> None:
        try:
            self.package = (package if isinstance(package, ConferencePackage)
                            else load_package(package))
        except PackageError as exc:
            self.error.value = f'<p class="kim-error">{html.escape(str(exc))}</p>'
            return
        self.error.value = ""
        self.header.value = ("<h1>Planungskonferenz – Fallvorstellung</h1>"
                             f'<p class="kim-meta">{html.escape(package_summary(self.package))}'
                             "</p>")
        self.across.value = ("<h2>Hürden über alle Fälle</h2>"
                             + table_html(recurring_obstacles(self.package),
                                          "In diesem Paket sind keine Hürden erfasst."))
        choices = case_choices(self.package)
        self.case_select.options = choices
        if choices:
            self.case_select.value = choices[0][1]
        if self._own_panel and self.register is not None:
            self.findings_panel = findings_panel(self.register, self.package, self.case)
            self.tabs.children = (*self.tabs.children[:2], self.findings_panel)

    @property
    def case(self) -> str | None:
        return self.case_select.value

    def _on_case(self, change) -> None:
        if change["new"] is not None:
            self.show_case(change["new"])
            if isinstance(self.findings_panel, Befunderfassung):
                self.findings_panel.set_case(change["new"])

    def show_case(self, case: str) -> None:
        package = self.package
        self.profile.value = profile_html(case_profile(package, case))
        self.timeline.children = (timeline_widget(package, case),)
        self.obstacle_sentence.value = (f'<p class="kim-sentence">'
                                        f"{html.escape(case_obstacle_sentence(package, case))}"
                                        "</p>")
        self.obstacles.value = table_html(case_obstacles(package, case),
                                          "Für diesen Fall sind keine Hürden erfasst.")
        self.goals.value = table_html(goals_table(package, case),
                                      "Für diesen Fall sind keine Ziele erfasst.")
