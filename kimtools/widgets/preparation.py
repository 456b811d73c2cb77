"""The case manager's app (notebook ``01_fall_vorbereiten.ipynb``): load a caseload, pick cases,
pseudonymise, review what was replaced, approve and write the conference package.

A thin view: checking, filtering, pseudonymising, the review texts and the leak gate live in
``kimtools.caseload``, ``kimtools.privacy.pseudonymise`` and ``kimtools.privacy.review``.

Raw data stays out of the saved notebook. It is shown only in widget models (never printed,
never in a cell's output); the app's ``repr`` (the ``text/plain`` of its display output) is a
fixed text; the raw text of a note appears only while "Original anzeigen" is pressed and is
cleared when it is released or another text is chosen. JupyterLab writes widget models into
the ``.ipynb`` only when its setting "Save Jupyter widget state in notebooks" is on (default:
off). Every handler catches its own errors and shows them in the app, so that no traceback
(which could quote a note) reaches a cell's output either.

Drivable without a browser: set ``.value`` of the controls and call ``button.click()``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import traceback
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from kimtools import codes
from kimtools.caseload import Caseload, check_caseload
from kimtools.caseload.summary import filter_cases
from kimtools.package import PackageError
from kimtools.privacy.keys import (
    KeyFileError,
    default_key_file,
    load_or_create_key,
    new_key_notice,
)
from kimtools.privacy.pseudonymise import (
    DEFAULT_K,
    Draft,
    LeakDetected,
    Refused,
    TextReview,
    describe,
    prepare_package,
    write_package,
)
from kimtools.privacy.review import (
    case_replacement,
    highlight_html,
    legend_html,
    replacement_summary,
    risk_lines,
    scrubbed_with_marks,
    text_choice_label,
)
from kimtools.widgets.flagdecisions import FlagDecisions
from kimtools.widgets.style import TAB_CSS

__all__ = ["Fallvorbereitung", "default_package_path"]

STEP_TITLES = ("1 Fallbestand laden", "2 Fälle auswählen", "3 Pseudonymisieren", "4 Prüfen",
               "5 Freigeben und schreiben")
MAX_PROBLEMS = 200  # problems listed in step 1; the rest are counted
RAW_HIDDEN = ("<i style='color:#666'>Original verborgen. Zum Vergleich „Original anzeigen“ "
              "drücken; beim Loslassen oder beim Wechsel des Textes wird es wieder "
              "ausgeblendet.</i>")

_BOX_COLOURS = {"ok": ("#e6f4ea", "#1e7e34"), "info": ("#eef3fb", "#2b5797"),
                "warn": ("#fff8e1", "#8a5a00"), "error": ("#fdecea", "#b3261e")}
_WIDE = widgets.Layout(width="100%")
#: Tabs as wide as the German step titles (ipywidgets gives each 144px).
_CSS = f"<style>{TAB_CSS} .kim-steps .kim-mark {{ line-height: 1.2; }}</style>"


def _button_layout() -> widgets.Layout:
    return widgets.Layout(width="auto", align_self="flex-start")
_STYLE = {"description_width": "initial"}


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _box(kind: str, title: str, lines: list[str] | tuple[str, ...] = (), pre: str = "") -> str:
    """A coloured message box; every text is escaped."""
    background, colour = _BOX_COLOURS[kind]
    items = "".join(f"<li>{_esc(line)}</li>" for line in lines)
    body = f"<ul style='margin:4px 0 0 0;padding-left:20px'>{items}</ul>" if lines else ""
    if pre:
        body += (f"<pre style='white-space:pre-wrap;margin:6px 0 0 0;font-size:90%'>"
                 f"{_esc(pre)}</pre>")
    return (f"<div style='background:{background};border-left:4px solid {colour};"
            f"padding:6px 10px;margin:6px 0'><b style='color:{colour}'>{_esc(title)}</b>"
            f"{body}</div>")


def _text_block(inner: str) -> str:
    return ("<div style='white-space:pre-wrap;border:1px solid #ccc;border-radius:4px;"
            f"padding:8px;min-height:3em;line-height:1.7;background:#fff'>{inner}</div>")


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th style='padding:2px 8px;text-align:left'>{_esc(c)}</th>"
                   for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 8px;border-top:1px solid #ddd'>{_esc(v)}</td>"
                         for v in row) + "</tr>"
        for row in frame.itertuples(index=False))
    return f"<table style='border-collapse:collapse'><tr>{head}</tr>{rows}</table>"


def _risk_html(reached: bool, lines: list[str]) -> str:
    """The risk report's lines as a list; the generalisation steps ("  – …") nested."""
    background, colour = _BOX_COLOURS["ok" if reached else "warn"]
    items: list[str] = []
    for line in lines:
        if line.startswith("  – ") and items:
            step = f"<li>{_esc(line[4:])}</li>"
            if items[-1].endswith("</ul></li>"):
                items[-1] = items[-1][:-len("</ul></li>")] + step + "</ul></li>"
            else:
                items[-1] = items[-1][:-len("</li>")] + f"<ul>{step}</ul></li>"
        else:
            items.append(f"<li>{_esc(line)}</li>")
    return (f"<div style='background:{background};border-left:4px solid {colour};"
            f"padding:6px 10px;margin:6px 0'><b style='color:{colour}'>Risikobericht</b>"
            f"<ul style='margin:4px 0 0 0;padding-left:20px'>{''.join(items)}</ul></div>")


def _guarded(result: str) -> Callable:
    """Show an unexpected error in the widget ``result`` instead of raising it into a cell."""

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # shown to the user, never lost in a log
                getattr(self, result).value = _box(
                    "error", "Unerwarteter Fehler – der Vorgang wurde abgebrochen, nichts "
                             "wurde geschrieben.",
                    [f"{type(exc).__name__}: {exc}",
                     "Bitte diese Meldung an die IT-Betreuung weitergeben."],
                    pre="".join(traceback.format_exception(exc)))
                return None

        return wrapper

    return decorate


def default_package_path(source: Path, today: dt.date | None = None) -> Path:
    """``konferenzpaket-<Datum>`` beside the caseload (never inside its folder); a free name."""
    today = today or dt.date.today()
    base = Path(source).expanduser().resolve().parent / f"konferenzpaket-{today.isoformat()}"
    candidate, number = base, 1
    while candidate.exists() or candidate.with_suffix(".zip").exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def _case_option(case_id: str, row: pd.Series, field: bool, matches: bool) -> str:
    opened = row["offene Hürden"]
    obstacles = f"{opened} offene Hürde{'' if opened == 1 else 'n'}"
    if field:
        obstacles += f" ({row['im Feld offen']} im Feld)"
    parts = [case_id, str(row["Kommune"]), obstacles, f"{row['Dauer (Tage)']} Tage",
             str(row["Status"])]
    if row["Einwilligung"] != "ja":
        parts.append("OHNE Einwilligung")
    if not matches:
        parts.append("ausgewählt, passt nicht zum Filter")
    return " · ".join(parts)


class Fallvorbereitung(widgets.VBox):
    """Five steps in tabs; see the module documentation. ``caseload`` (a path) is loaded at
    start when it exists; ``key_file`` defaults to ``default_key_file()``; ``today`` fixes the
    date for durations, ages and the default package name (tests)."""

    def __init__(self, caseload: str | Path | None = None, key_file: str | Path | None = None,
                 today: dt.date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.today = today
        self.caseload: Caseload | None = None
        self.draft: Draft | None = None
        self.written: Path | None = None
        self._cases: pd.DataFrame | None = None  # all cases, unfiltered, for the labels
        self._draft_params: tuple | None = None
        self._texts: list[TextReview] = []
        self._replacement: Callable | None = None
        self._matching = 0
        self._refreshing = False

        self._build_load()
        self._build_select()
        self._build_pseudonymise(key_file)
        self._build_review()
        self._build_write()
        self.steps = widgets.Tab(children=[self.load_step, self.select_step,
                                           self.pseudonymise_step, self.review_step,
                                           self.write_step], titles=STEP_TITLES)
        self.steps.add_class("kim-steps")
        header = widgets.HTML(
            "<h3 style='margin:4px 0'>Fälle für die Planungskonferenz vorbereiten</h3>"
            "<div style='color:#444'>Die Rohdaten bleiben auf diesem Rechner. Nur das "
            "pseudonymisierte Konferenzpaket aus Schritt 5 verlässt ihn.</div>" + _CSS)
        self.children = [header, self.steps]
        self.add_class("kim-fallvorbereitung")

        if caseload is not None and str(caseload).strip():
            path = Path(caseload).expanduser()
            if path.exists():
                self.path.value = str(path)
                self.load()

    def __repr__(self) -> str:
        # display() puts repr() into the cell's text/plain output: never trait values here
        return "Fallvorbereitung (kimtools)"

    # -- step 1: load ------------------------------------------------------------------------

    def _build_load(self) -> None:
        self.path = widgets.Text(
            description="Fallbestand", style=_STYLE, layout=widgets.Layout(width="48em"),
            placeholder="Ordner mit den fünf CSV-Dateien oder eine .xlsx-Datei")
        self.load_button = widgets.Button(description="Laden und prüfen",
                                          button_style="primary",
                                          layout=_button_layout())
        self.load_result = widgets.HTML()
        self.load_button.on_click(lambda _: self.load())
        self.load_step = widgets.VBox([
            widgets.HTML("Den Fallbestand (Export aus der Fallakte) laden. Er wird geprüft; "
                         "Fehler werden mit Datei, Zeile und Spalte genannt."),
            widgets.HBox([self.path, self.load_button]), self.load_result])

    @_guarded("load_result")
    def load(self) -> None:
        """Read and check the caseload in the path field; fill the case list."""
        self._set_caseload(None)
        text = self.path.value.strip()
        if not text:
            self.load_result.value = _box("warn", "Bitte den Pfad zum Fallbestand angeben.")
            return
        path = Path(text).expanduser()
        self.load_result.value = _box("info", "Der Fallbestand wird geladen und geprüft …")
        self.load_button.disabled = True
        try:
            caseload, problems = check_caseload(path, self.today or dt.date.today())
        finally:
            self.load_button.disabled = False
        errors = [p for p in problems if p.is_error]
        warnings = [p for p in problems if not p.is_error]
        if caseload is None or errors:
            lines = [str(p) for p in problems[:MAX_PROBLEMS]]
            if len(problems) > MAX_PROBLEMS:
                lines.append(f"… und {len(problems) - MAX_PROBLEMS} weitere")
            self.load_result.value = _box(
                "error", f"Der Fallbestand kann so nicht verwendet werden: {len(errors)} "
                         f"Fehler, {len(warnings)} Warnungen. Bitte die Datei korrigieren "
                         "und erneut laden.", lines)
            return
        self._set_caseload(caseload)
        cases, obstacles = caseload.cases, caseload.obstacles
        consent = int((cases["consent_conference"] == "yes").sum())
        lines = [f"{len(cases)} Fälle, davon {consent} mit Einwilligung zur Vorstellung",
                 f"{len(caseload.persons)} Personen ({len(caseload.clients())} Klient/innen)",
                 f"{len(caseload.events)} Ereignisse, {len(caseload.goals)} Ziele",
                 f"{len(obstacles)} Hürden, davon {int(obstacles['resolved_on'].isna().sum())} "
                 "offen"]
        message = _box("ok", "Fallbestand geladen und geprüft.", lines)
        if warnings:
            shown = [str(p) for p in warnings[:MAX_PROBLEMS]]
            if len(warnings) > MAX_PROBLEMS:
                shown.append(f"… und {len(warnings) - MAX_PROBLEMS} weitere")
            message += _box("warn", f"{len(warnings)} Warnungen (der Fallbestand ist trotzdem "
                                    "verwendbar):", shown)
        self.load_result.value = message
        self.out_path.value = str(default_package_path(caseload.source or path, self.today))
        self.steps.selected_index = 1

    def _set_caseload(self, caseload: Caseload | None) -> None:
        self.caseload = caseload
        self._cases = (None if caseload is None else
                       filter_cases(caseload, consent_only=False, today=self.today))
        self._clear_draft()
        self.case_list.value = ()
        self.refresh_cases()

    # -- step 2: select ----------------------------------------------------------------------

    def _build_select(self) -> None:
        self.field = widgets.Dropdown(
            options=[("alle", ""), *((label, code) for code, label in codes.FIELDS.items())],
            value="", description="Handlungsfeld", style=_STYLE)
        self.min_open = widgets.BoundedIntText(value=0, min=0, max=99,
                                               description="mind. offene Hürden", style=_STYLE,
                                               layout=widgets.Layout(width="14em"))
        self.min_days = widgets.BoundedIntText(value=0, min=0, max=100_000, step=30,
                                               description="mind. Dauer (Tage)", style=_STYLE,
                                               layout=widgets.Layout(width="14em"))
        self.consent_only = widgets.Checkbox(value=True, description="nur mit Einwilligung",
                                             indent=False)
        self.case_list = widgets.SelectMultiple(options=[], rows=14, layout=_WIDE)
        self.case_info = widgets.HTML()
        for control in (self.field, self.min_open, self.min_days, self.consent_only):
            control.observe(lambda _: self.refresh_cases(), names="value")
        self.case_list.observe(lambda _: self._selection_changed(), names="value")
        self.select_step = widgets.VBox([
            widgets.HTML("Fälle filtern und auswählen (Strg- oder Umschalttaste für mehrere). "
                         "Angezeigt: Fall-ID · Kommune · offene Hürden · Dauer · Status."),
            widgets.HBox([self.field, self.min_open, self.min_days, self.consent_only]),
            self.case_list, self.case_info])

    def refresh_cases(self) -> None:
        """Fill the list from the filters; chosen cases stay listed even if they no longer match."""
        if self.caseload is None:
            self.case_list.options = []
            self.case_info.value = _box("info", "Bitte zuerst in Schritt 1 einen Fallbestand "
                                                "laden.")
            return
        matching = filter_cases(self.caseload, field=self.field.value or None,
                                min_open=self.min_open.value, min_days=self.min_days.value,
                                consent_only=self.consent_only.value, today=self.today)
        selected = list(self.case_list.value)
        kept = [c for c in selected if c not in matching.index]
        field = bool(self.field.value)
        options = [(_case_option(c, self._cases.loc[c], field, True), c) for c in matching.index]
        options += [(_case_option(c, self._cases.loc[c], field, False), c) for c in kept]
        self._matching = len(matching)
        self._refreshing = True  # new options clear the selection for a moment
        try:
            self.case_list.options = options
            self.case_list.value = tuple(selected)
        finally:
            self._refreshing = False
        self._selection_changed()

    def _selection_changed(self) -> None:
        if self.caseload is None or self._refreshing:
            return
        matching = self._matching
        chosen = len(self.case_list.value)
        without = [c for c in self.case_list.value
                   if self._cases.loc[c, "Einwilligung"] != "ja"]
        lines = [f"{matching} passende Fälle, {chosen} ausgewählt."]
        if without:
            lines.append(f"Ohne Einwilligung (werden abgelehnt): {', '.join(without)}")
        self.case_info.value = _box("warn" if without else "info", lines[0], lines[1:])
        self.selected_info.value = (
            "Ausgewählt: " + _esc(", ".join(self.case_list.value)) if chosen
            else "<i>Noch keine Fälle ausgewählt (Schritt 2).</i>")
        self._update_write_state()

    # -- step 3: pseudonymise ----------------------------------------------------------------

    def _build_pseudonymise(self, key_file: str | Path | None) -> None:
        self.selected_info = widgets.HTML("<i>Noch keine Fälle ausgewählt (Schritt 2).</i>")
        self.k = widgets.BoundedIntText(value=DEFAULT_K, min=1, max=50,
                                        description="Mindestgröße k", style=_STYLE,
                                        layout=widgets.Layout(width="12em"))
        self.district = widgets.Text(description="Kreis (optional)", style=_STYLE,
                                     placeholder="z. B. Kreis Gütersloh",
                                     layout=widgets.Layout(width="26em"))
        self.key_file = widgets.Text(value=str(key_file or default_key_file()),
                                     description="Schlüsseldatei", style=_STYLE,
                                     layout=widgets.Layout(width="48em"))
        self.pseudonymise_button = widgets.Button(description="Pseudonymisieren",
                                                  button_style="primary",
                                                  layout=_button_layout())
        self.pseudonymise_result = widgets.HTML()
        self.pseudonymise_button.on_click(lambda _: self.pseudonymise())
        for control in (self.k, self.district, self.key_file):
            control.observe(lambda _: self._update_write_state(), names="value")
        self.pseudonymise_step = widgets.VBox([
            widgets.HTML("Pseudonyme bilden, Freitexte bereinigen und das Risiko der "
                         "Wiedererkennung prüfen. k: so viele Klient/innen des Fallbestands "
                         "müssen die gezeigten Merkmale mindestens teilen. Der Kreis wird nur "
                         "als letzte Stufe statt der Kommune gezeigt."),
            self.selected_info, widgets.HBox([self.k, self.district]), self.key_file,
            self.pseudonymise_button, self.pseudonymise_result])

    def _params(self) -> tuple:
        return (tuple(self.case_list.value), self.k.value, self.district.value.strip(),
                self.key_file.value.strip())

    @_guarded("pseudonymise_result")
    def pseudonymise(self) -> None:
        """Build the draft of the chosen cases, or show every reason for refusing."""
        self._clear_draft()
        if self.caseload is None:
            self.pseudonymise_result.value = _box("warn", "Bitte zuerst in Schritt 1 einen "
                                                          "Fallbestand laden.")
            return
        key_text = self.key_file.value.strip()
        try:
            key = load_or_create_key(Path(key_text).expanduser() if key_text else None)
        except (KeyFileError, OSError) as exc:
            self.pseudonymise_result.value = _box("error", "Schlüsseldatei nicht verwendbar.",
                                                  [str(exc)])
            return
        notice = _box("warn", "Neuer Schlüssel angelegt", new_key_notice(key).splitlines()
                      ) if key.created else ""
        self.pseudonymise_result.value = _box("info", "Wird pseudonymisiert …") + notice
        try:
            draft = prepare_package(self.caseload, list(self.case_list.value), key,
                                    k=self.k.value, as_of=self.today,
                                    district=self.district.value.strip() or None)
        except Refused as exc:
            self.pseudonymise_result.value = _box(
                "error", "Nicht pseudonymisiert, nichts geschrieben. Bitte die Auswahl "
                         "oder die Einstellungen ändern:",
                [str(r) for r in exc.refusals]) + notice
            return
        self.draft = draft
        self._draft_params = self._params()
        if Path(self.out_path.value.strip() or ".").expanduser().exists():
            # the last package went there: propose a free name for this one
            self.out_path.value = str(default_package_path(self.caseload.source, self.today))
        self._replacement = case_replacement(draft)
        lines = [f"Fall {c.case_id} → {c.label} ({c.pseudonym}): k = {c.risk.k_initial} → "
                 f"{c.risk.k_final}, {sum(c.replacements.values())} Ersetzungen in "
                 f"{len(c.texts)} Texten, {sum(len(t.flags) for t in c.texts)} Markierungen"
                 for c in draft.cases]
        self.pseudonymise_result.value = _box(
            "ok", f"{len(draft.cases)} Fälle pseudonymisiert (Entwurf, noch nicht geschrieben). "
                  "Bitte in Schritt 4 prüfen.", lines) + notice
        self._show_review()
        self._update_write_state()
        self.steps.selected_index = 3

    def _clear_draft(self) -> None:
        self.draft = None
        self._draft_params = None
        self._replacement = None
        self.written = None
        if hasattr(self, "review_case"):
            self._show_review()
        if hasattr(self, "confirmed"):
            self.confirmed.value = False
            self.write_result.value = ""
            self._update_write_state()

    # -- step 4: review ----------------------------------------------------------------------

    def _build_review(self) -> None:
        self.review_case = widgets.Dropdown(options=[], description="Fall", style=_STYLE,
                                            layout=widgets.Layout(width="48em"))
        self.risk_report = widgets.HTML()
        self.only_replaced = widgets.Checkbox(value=False, indent=False,
                                              description="nur Texte mit Ersetzungen")
        self.text_list = widgets.Select(options=[], rows=10, layout=_WIDE)
        self.text_caption = widgets.HTML()
        self.show_raw = widgets.ToggleButton(value=False, description="Original anzeigen",
                                             tooltip="Zeigt den Originaltext nur, solange "
                                                     "gedrückt", layout=_button_layout())
        self.raw_view = widgets.HTML(RAW_HIDDEN)
        self.scrubbed_view = widgets.HTML()
        self.summary = widgets.HTML()
        self.flag_panel = FlagDecisions(on_change=self._update_write_state)
        self.flag_panel.add_class("kim-flags")
        self.review_case.observe(lambda _: self._show_case(), names="value")
        self.only_replaced.observe(lambda _: self._show_case(), names="value")
        self.text_list.observe(lambda _: self._show_text(), names="value")
        self.show_raw.observe(lambda _: self._show_raw(), names="value")
        half = widgets.Layout(width="50%", padding="0 6px 0 0")
        side_by_side = widgets.HBox([
            widgets.VBox([widgets.HTML("<b>Original</b> (nur auf diesem Rechner)"),
                          self.show_raw, self.raw_view], layout=half),
            widgets.VBox([widgets.HTML("<b>Im Paket</b>"), self.scrubbed_view],
                         layout=widgets.Layout(width="50%"))], layout=_WIDE)
        side_by_side.add_class("kim-compare")
        self.review_step = widgets.VBox([
            self.review_case, self.risk_report, self.flag_panel,
            widgets.HTML("<b>Texte</b> – jeden Text mit Ersetzungen prüfen; auch Texte ohne "
                         "Ersetzung können Namen enthalten, die nicht erkannt wurden."),
            self.only_replaced, self.text_list, self.text_caption, side_by_side,
            widgets.HTML(legend_html()),
            widgets.HTML("<b>Ersetzungen nach Typ</b>"), self.summary])
        self._show_review()

    def _show_review(self) -> None:
        draft = self.draft
        self.flag_panel.set_draft(draft)
        if draft is None:
            self.review_case.options = []
            self.summary.value = ""
            self._show_case()
            return
        self.review_case.options = [(f"{c.label} ({c.pseudonym}) – Fall {c.case_id}", index)
                                    for index, c in enumerate(draft.cases)]
        self.review_case.value = 0
        self.summary.value = _table_html(replacement_summary(draft))
        self._show_case()

    def _show_case(self) -> None:
        draft, index = self.draft, self.review_case.value
        if draft is None or index is None:
            self.risk_report.value = _box("info", "Noch nichts zu prüfen: bitte zuerst in "
                                                  "Schritt 3 pseudonymisieren.")
            self._texts = []
            self.text_list.options = []
            self._show_text()
            return
        case = draft.cases[index]
        self.risk_report.value = _risk_html(case.risk.k_final >= case.risk.threshold,
                                            risk_lines(case))
        self._texts = [t for t in case.texts if t.detections or not self.only_replaced.value]
        self.text_list.options = [(text_choice_label(t), i) for i, t in enumerate(self._texts)]
        self.text_list.value = 0 if self._texts else None
        self._show_text()

    def _current_text(self) -> TextReview | None:
        index = self.text_list.value
        if index is None or self.draft is None or index >= len(self._texts):
            return None
        return self._texts[index]

    def _show_text(self) -> None:
        """Another text: the original is hidden again, the package side shows the new one."""
        self.show_raw.value = False
        self.raw_view.value = RAW_HIDDEN
        review = self._current_text()
        if review is None:
            self.text_caption.value = ""
            self.scrubbed_view.value = ""
            return
        self.text_caption.value = _esc(text_choice_label(review))
        self.scrubbed_view.value = _text_block(scrubbed_with_marks(review, self._replacement))

    def _show_raw(self) -> None:
        review = self._current_text()
        if not self.show_raw.value or review is None:
            self.raw_view.value = RAW_HIDDEN
            return
        self.raw_view.value = (
            f"<div style='color:#666;font-size:90%'>Datensatz {_esc(review.record_id)}</div>"
            + _text_block(highlight_html(review.raw, review.detections, self._replacement)))

    # -- step 5: approve and write -----------------------------------------------------------

    def _build_write(self) -> None:
        self.approved_by = widgets.Text(description="Freigegeben von", style=_STYLE,
                                        placeholder="Vor- und Nachname",
                                        layout=widgets.Layout(width="30em"))
        self.confirmed = widgets.Checkbox(
            value=False, indent=False, layout=widgets.Layout(width="auto"),
            description="Ich habe alle Ersetzungen und den Risikobericht geprüft")
        self.out_path = widgets.Text(description="Paket (Ordner oder .zip)", style=_STYLE,
                                     layout=widgets.Layout(width="48em"))
        self.write_button = widgets.Button(description="Paket schreiben", disabled=True,
                                           button_style="success",
                                           layout=_button_layout())
        self.write_hint = widgets.HTML()
        self.write_result = widgets.HTML()
        for control in (self.approved_by, self.confirmed):
            control.observe(lambda _: self._update_write_state(), names="value")
        self.write_button.on_click(lambda _: self.write())
        self.write_step = widgets.VBox([
            widgets.HTML("Mit der Freigabe bestätigen Sie, dass Sie die Ersetzungen und den "
                         "Risikobericht geprüft haben. Im Paket werden Name, Zeitpunkt und "
                         "Schlüssel-Fingerabdruck vermerkt, nie Originaltexte. Vor dem "
                         "Schreiben prüft eine Sperre das Paket noch einmal auf jede Kennung "
                         "des Fallbestands."),
            self.approved_by, self.confirmed, self.out_path, self.write_button,
            self.write_hint, self.write_result])

    def _missing(self) -> list[str]:
        missing = []
        if self.draft is None:
            missing.append("ein pseudonymisierter Entwurf (Schritt 3)")
        elif self._draft_params != self._params():
            missing.append("erneutes Pseudonymisieren: Auswahl oder Einstellungen haben sich "
                           "seit Schritt 3 geändert")
        elif self.flag_panel.open_count:
            missing.append(f"eine Entscheidung zu jeder Markierung in Schritt 4 (offen: "
                           f"{self.flag_panel.open_count})")
        if not self.approved_by.value.strip():
            missing.append("der Name der freigebenden Person")
        if not self.confirmed.value:
            missing.append("die Bestätigung, dass alles geprüft ist")
        return missing

    def _update_write_state(self) -> None:
        if not hasattr(self, "write_button"):
            return
        missing = self._missing()
        done = self.written is not None
        self.write_button.disabled = bool(missing) or done
        if done:
            self.write_hint.value = ""
        elif missing:
            self.write_hint.value = _box("info", "Zum Schreiben fehlt noch:", missing)
        else:
            self.write_hint.value = ""

    @_guarded("write_result")
    def write(self) -> None:
        """Record the approval and write the package through the leak gate (all or nothing)."""
        missing = self._missing()
        if missing or self.written is not None:
            self.write_result.value = _box(
                "warn", "Nicht geschrieben." if missing else "Dieser Entwurf wurde schon "
                                                             "geschrieben.", missing)
            return
        text = self.out_path.value.strip()
        if not text:
            self.write_result.value = _box("warn", "Bitte angeben, wohin das Paket geschrieben "
                                                   "werden soll.")
            return
        out = Path(text).expanduser()
        source = self.caseload.source
        if source is not None and source.is_dir() and out.resolve().is_relative_to(
                source.resolve()):
            self.write_result.value = _box(
                "error", "Nicht geschrieben: das Paket gehört nicht in den Ordner des "
                         "Fallbestands. Bitte einen anderen Ort wählen.")
            return
        if out.exists():
            self.write_result.value = _box("error", f"Nicht geschrieben: {out} existiert "
                                                    "bereits; ein Paket wird nie überschrieben.")
            return
        self.draft.approve(self.approved_by.value)
        try:
            path = write_package(self.draft, out, self.caseload)
        except LeakDetected as exc:
            self.draft.package.manifest["approval"] = None
            self.write_result.value = _box(
                "error", "Nicht geschrieben: die Sperre hat Kennungen aus dem Fallbestand im "
                         "Paket gefunden. Bitte die Fälle prüfen und den Vorfall melden.",
                str(exc).splitlines())
            return
        except (PackageError, OSError) as exc:
            self.draft.package.manifest["approval"] = None
            self.write_result.value = _box("error", "Nicht geschrieben.", [str(exc)])
            return
        self.written = path
        self._update_write_state()
        self.write_result.value = _box("ok", f"Konferenzpaket geschrieben: {path}",
                                       pre=describe(self.draft))
