"""Inputs of the finding form that must not decide for the user: the Handlungsfelder as
checkboxes that all stay in view, the case's obstacles as suggestions, the evidence block.

Decisions:
- An obstacle of the case is only ever a *suggestion*: it is shown with its Handlungsfeld and
  institution and taken over by one click on „Vorschlag übernehmen“. Prefilling silently led to
  findings about the Ausländerbehörde saved under the Handlungsfeld of another obstacle.
- The Handlungsfelder are checkboxes in a grid, so every chosen field is visible without
  scrolling (a multi-select list hid the choice below its fold).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as w
import pandas as pd
import traitlets

from kimtools import codes
from kimtools.durations import span_text
from kimtools.findings.model import Evidence
from kimtools.package import ConferencePackage
from kimtools.presentation._common import time_resolution
from kimtools.presentation.obstacles import obstacle_days


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


class FieldChoice(w.VBox):
    """Checkboxes for the Handlungsfelder; ``value`` is the tuple of chosen codes in the order
    of the code list (set it, or observe it, like a ``SelectMultiple``)."""

    value = traitlets.Tuple()

    def __init__(self, options: Mapping[str, str], description: str = "Handlungsfelder",
                 columns: int = 4, css: str = "kim-finding-fields"):
        self.boxes = {code: w.Checkbox(description=label, indent=False, value=False,
                                       layout=w.Layout(width="auto"))
                      for code, label in options.items()}
        for code, box in self.boxes.items():
            box.add_class(f"kim-field-{code}")
            box.observe(self._on_box, names="value")
        grid = w.GridBox(list(self.boxes.values()), layout=w.Layout(
            grid_template_columns=f"repeat({columns}, max-content)", grid_gap="2px 18px"))
        self.chosen = w.HTML()
        self.chosen.add_class("kim-finding-fields-chosen")
        self._syncing = False
        super().__init__([w.HTML(f"<b>{_esc(description)}</b>"), grid, self.chosen])
        self.add_class(css)
        self._show_chosen()

    def _on_box(self, _change) -> None:
        if not self._syncing:
            self.value = tuple(code for code, box in self.boxes.items() if box.value)

    @traitlets.validate("value")
    def _valid(self, proposal):
        unknown = [code for code in proposal["value"] if code not in self.boxes]
        if unknown:
            raise traitlets.TraitError(f"Unbekanntes Handlungsfeld: {', '.join(unknown)}")
        wanted = set(proposal["value"])
        return tuple(code for code in self.boxes if code in wanted)

    @traitlets.observe("value")
    def _on_value(self, change) -> None:
        self._syncing = True
        try:
            for code, box in self.boxes.items():
                box.value = code in change["new"]
        finally:
            self._syncing = False
        self._show_chosen()

    def _show_chosen(self) -> None:
        labels = [codes.label(codes.FIELDS, code) for code in self.value]
        self.chosen.value = (f"<span class='kim-hint'>Gewählt: {_esc(', '.join(labels))}</span>"
                             if labels else "<span class='kim-hint'>Noch kein Handlungsfeld "
                                            "gewählt.</span>")


@dataclass(frozen=True)
class Obstacle:
    """An obstacle of the case in view, offered as a suggestion for a finding."""

    field: str
    institution: str
    category: str
    days: int | None
    open: bool
    resolution: str = "day"  # the case's time resolution: the duration is shown at it

    def label(self) -> str:
        parts = [codes.label(codes.FIELDS, self.field), self.institution or "ohne Institution",
                 codes.label(codes.OBSTACLE_CATEGORIES, self.category)]
        if self.days is not None:
            parts.append(span_text(self.days, self.resolution))
        parts.append("offen" if self.open else "gelöst")
        return " · ".join(parts)

    def suggestion_html(self) -> str:
        """What „Vorschlag übernehmen“ would put into the form, said before it does."""
        field = codes.label(codes.FIELDS, self.field)
        institution = self.institution or "keine"
        return ("<div class='kim-finding-suggestion-text' style='border-left:4px solid #2b5797;"
                "padding:2px 10px;background:#eef3fb;max-width:800px'><b>Vorschlag aus der "
                f"Hürde:</b> Handlungsfeld „{_esc(field)}“, Institution „{_esc(institution)}“"
                " <span class='kim-hint'>(noch nicht übernommen)</span></div>")


def case_obstacles_for_finding(package: ConferencePackage, case: str) -> list[Obstacle]:
    """The case's obstacles, open ones first and the longest first (as the dashboard shows)."""
    rows = package.obstacles[package.obstacles["case"] == case]
    if rows.empty:
        return []
    days_open = package.cases.loc[package.cases["case"] == case, "days_open"]
    frame = obstacle_days(rows, days_open.iloc[0] if len(days_open) else None)
    frame = frame.sort_values(["open", "days", "since_day"], ascending=[False, False, True],
                              na_position="last", kind="stable")
    result = []
    for row in frame.itertuples(index=False):
        institution = "" if pd.isna(row.institution) else str(row.institution).strip()
        days = None if pd.isna(row.days) else int(row.days)
        result.append(Obstacle(str(row.field), institution, str(row.category), days,
                               bool(row.open), time_resolution(package, case)))
    return result


def evidence_html(evidence: Evidence | None, computed: bool = True) -> str:
    """The evidence as a read-only block: counts, days (named by category), sources."""
    if evidence is None:
        return ("<div class='kim-evidence kim-hint'><b>Belege:</b> keine (ohne Konferenzpaket "
                "nicht berechenbar).</div>")
    rows = [("Fälle", f"{evidence.cases} verknüpft, {evidence.cases_with_obstacles} mit "
                      "passenden Hürden"),
            ("Hürden", f"{evidence.obstacles} ({evidence.open_obstacles} offen)")]
    if evidence.median_days is not None and evidence.resolution != "day":
        rows.append((evidence.duration_label,
                     f"Median {span_text(evidence.median_days, evidence.resolution)}, "
                     f"max. {span_text(evidence.max_days, evidence.resolution)}"))
    elif evidence.median_days is not None:
        median = f"{evidence.median_days:.1f}".replace(".", ",").removesuffix(",0")
        rows.append((f"{evidence.duration_label} (Tage)",
                     f"Median {median}, max. {evidence.max_days}"))
    else:
        rows.append(("Tage", "–"))
    if evidence.categories:
        rows.append(("Kategorien", ", ".join(
            f"{codes.label(codes.OBSTACLE_CATEGORIES, c)} {n}"
            for c, n in evidence.categories.items())))
    if evidence.missing_cases:
        rows.append(("nicht im Paket", ", ".join(evidence.missing_cases)))
    if evidence.sources:
        rows.append(("Quelle", ", ".join(evidence.sources)))
    body = "".join(f"<dt style='font-weight:bold'>{_esc(k)}</dt><dd style='margin:0'>"
                   f"{_esc(v)}</dd>" for k, v in rows)
    origin = ("berechnet aus dem Konferenzpaket, nicht änderbar" if computed
              else "gespeicherter Stand")
    return (f"<div class='kim-evidence' style='border:1px solid #bbb;padding:6px 10px;"
            f"background:#f7f7f7;max-width:800px'><b>Belege</b> <span class='kim-hint'>"
            f"({origin})</span><dl style='display:grid;grid-template-columns:max-content 1fr;"
            f"gap:2px 16px;margin:4px 0'>{body}</dl></div>")
