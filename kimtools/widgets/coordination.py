"""The coordination office's register notebook (``03_koordinierung.ipynb``): all findings across
conferences and municipalities, recurring themes, overdue measures, the list for the next
Lenkungsgruppe, status changes with their history, and a new conference from the packages the
case managers sent (tab „Konferenz anlegen“, conference_builder.py).

A thin view: the overview query is ``kimtools.findings.overview``, recurring themes and the
Lenkungsgruppe list are ``kimtools.findings.themes``. The register path comes from the
environment variable ``KIMTOOLS_REGISTER`` or the path field; an existing register is opened,
never created here (a typo must not start an empty register).

Tables show at most ``MAX_ROWS`` rows (filters narrow them); the finding list for status changes
follows the filters too. A status change needs who changes it; a comment is optional, checked
by the scrubber's analysis like everything typed (second click „Trotzdem speichern“), and kept
in the history together with the name (see ``themes.who_with_comment``). A change made in
another session since the finding was selected is refused with a German message.

Drivable without a browser: set ``.value`` of the controls and call ``button.click()``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import ipywidgets as w
import pandas as pd

from kimtools import codes
from kimtools.findings.model import LEVELS, STATUSES, Finding
from kimtools.findings.overview import Filters, overview
from kimtools.findings.register import ConflictError, Register, open_register
from kimtools.findings.themes import (
    LENKUNGSGRUPPE_LEVELS,
    LENKUNGSGRUPPE_STATUSES,
    filter_institution,
    history_table,
    lenkungsgruppe_findings,
    lenkungsgruppe_items,
    recurring_themes,
    who_with_comment,
)
from kimtools.widgets.conference_builder import KonferenzAnlegen
from kimtools.widgets.findings import DEFAULT_WHO, REGISTER_ENV
from kimtools.widgets.form import _area, _button, _text, box, guarded
from kimtools.widgets.style import projector_css
from kimtools.widgets.typed_text import Confirmation, text_warnings

__all__ = ["MAX_ROWS", "OVERVIEW_COLUMNS", "Koordinierung", "overview_table"]

MAX_ROWS = 300
THEMES_TAB = 1
_THEMES_HEAD = (
    "<h3>Wiederkehrende Themen</h3><p class='kim-hint'>Dieselbe Institution und dieselbe "
    "Hürden-Kategorie in Befunden aus mindestens zwei Konferenzen und mit mindestens zwei "
    "verschiedenen Fällen (aus allen Befunden außer „verworfen“; die Kategorien stammen aus "
    "den Belegen).</p>")
MAX_CHOICES = 500
_DESC = {"description_width": "190px"}
OVERVIEW_COLUMNS = ["Titel", "Konferenz", "Handlungsfelder / Institutionen", "Fälle", "Stand",
                    "fällig / zuständig"]
#: pandas writes a line break in a cell as the two characters "\n"; cells carry this
#: separator through ``to_html`` instead, and it becomes "<br>" in the escaped table.
_BREAK = "\x1e"
#: The findings tables' widgets may shrink below the table's width (a flex item grows to its
#: content otherwise, and the tab cut off what its scrolling box should have scrolled).
CSS = ("<style>" + projector_css("kim-coordination") + """
.kim-coordination .kim-table-scroll { overflow-x: auto; max-width: 100%; }
.kim-coordination .kim-coord-table > .widget-html-content,
.kim-coordination .kim-coord-overdue > .widget-html-content { min-width: 0; }
</style>""")


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _breakable(value: object) -> object:
    return value.replace(_BREAK, " ").replace("\n", _BREAK) if isinstance(value, str) else value


def table_html(frame: pd.DataFrame, empty: str, limit: int = MAX_ROWS,
               total: int | None = None) -> str:
    """An escaped HTML table, at most ``limit`` rows, with a German note on the rest
    (``total`` rows in all when ``frame`` holds only those to show); a line break in a cell
    stays one."""
    total = len(frame) if total is None else total
    if frame.empty:
        return f"<p class='kim-hint'>{_esc(empty)}</p>"
    shown = frame.head(limit).astype("object")
    shown = shown.where(shown.notna(), "").map(_breakable)
    table = ("<div class='kim-table-scroll'>"
             + shown.to_html(index=False, escape=True, classes="kim-table", border=0)
             .replace(_BREAK, "<br>") + "</div>")
    if total > limit:
        table += (f"<p class='kim-hint'>… und {total - limit} weitere; bitte die Filter "
                  "verwenden.</p>")
    return table


def _day(value: object) -> str:
    return "" if pd.isna(value) else f"{value:%d.%m.%Y}"


def _days(values: pd.Series) -> pd.Series:
    """Dates as TT.MM.JJJJ, missing ones empty; vectorised for registers of many years."""
    return pd.to_datetime(values).dt.strftime("%d.%m.%Y").fillna("")


def _lines(*parts: pd.Series) -> pd.Series:
    """Values joined into one cell, one per line; empty parts leave no empty line."""
    columns = [part.astype("string").fillna("").str.strip() for part in parts]
    return pd.Series(["\n".join(v for v in values if v) for values in zip(*columns, strict=True)],
                     index=parts[0].index, dtype="object")


def overview_table(frame: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """The overview (``kimtools.findings.overview``) as the screen shows it, German headers.

    Six columns fit 1280 px at projector type, so short values share a cell, one per line
    (``table_html`` keeps the line breaks): „Stand“ is status, level and priority; the due
    date with „überfällig seit …“ and who is responsible stay in view at the right."""
    today = today or dt.date.today()
    if frame.empty:
        return pd.DataFrame(columns=OVERVIEW_COLUMNS)
    due = _days(frame["due_date"])
    due = due.where(due == "", "fällig am " + due)
    # whole days even beside findings without a due date (floats would say "10.0 Tagen")
    late = (pd.Timestamp(today) - pd.to_datetime(frame["due_date"])).dt.days.astype("Int64")
    overdue = frame["overdue"].astype(bool)
    late = ("überfällig seit " + late.astype("string") + " Tagen").where(overdue, "")
    responsible = frame["responsible"].astype("string").fillna("").str.strip()
    responsible = ("zuständig: " + responsible).where(responsible != "", "")
    return pd.DataFrame({
        "Titel": frame["title"],
        "Konferenz": _lines(_days(frame["conference_date"]), frame["municipality"]),
        "Handlungsfelder / Institutionen": _lines(frame["fields"], frame["institutions"]),
        "Fälle": frame["cases"],
        "Stand": _lines(frame["status"], frame["level"].map(lambda v: LEVELS.get(v, v)),
                        "Priorität " + frame["priority"].astype("string")),
        "fällig / zuständig": _lines(due, late, responsible),
    }, columns=OVERVIEW_COLUMNS)


class Koordinierung(w.VBox):
    """The register notebook's app; ``register`` a ``Register`` or a path (default: env
    ``KIMTOOLS_REGISTER``); ``today`` fixes the date for overdue and validation (tests)."""

    def __init__(self, register: Register | str | os.PathLike | None = None,
                 today: dt.date | None = None):
        super().__init__()
        self.add_class("kim-coordination")
        self._today = today
        self.register: Register | None = None
        self.selected: Finding | None = None
        self._frame = pd.DataFrame()

        self.path = _text("Befundregister", "kim-coord-path", "Pfad zur Registerdatei (.db)")
        self.open_button = _button("Öffnen", "kim-coord-open", "primary", "folder-open")
        self.open_button.on_click(lambda _: self.open_path(self.path.value))
        self.refresh_button = _button("Aktualisieren", "kim-coord-refresh", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.message = w.HTML()
        self.message.add_class("kim-coord-open-message")

        self._build_filters()
        self._build_status()
        self.table = w.HTML()
        self.table.add_class("kim-coord-table")
        self.themes = w.HTML()
        self.themes.add_class("kim-coord-themes")
        self.overdue = w.HTML()
        self.overdue.add_class("kim-coord-overdue")
        self.lenkungsgruppe = w.HTML()
        self.lenkungsgruppe.add_class("kim-coord-lenkungsgruppe")
        all_page = w.VBox([self.filters, self.table])
        self.new_conference = KonferenzAnlegen(lambda: self.register, lambda _: self.refresh())
        self.tabs = w.Tab(children=[all_page, self.themes, self.overdue, self.lenkungsgruppe,
                                    self.status_page, self.new_conference])
        for index, title in enumerate(["Alle Befunde", "Wiederkehrende Themen", "Überfällig",
                                       "Nächste Lenkungsgruppe", "Status ändern",
                                       "Konferenz anlegen"]):
            self.tabs.set_title(index, title)
        self.tabs.add_class("kim-coord-tabs")
        self._themes_stale = True
        self.tabs.observe(self._on_tab, names="selected_index")
        self.children = [
            w.HTML(CSS + "<h2>Befundregister der Koordinierungsstelle</h2>"),
            w.HBox([self.path, self.open_button, self.refresh_button]), self.message, self.tabs]
        if isinstance(register, Register):
            self.path.value = str(register.path)
            self._use(register)
        else:
            start = register if register is not None else os.environ.get(REGISTER_ENV, "")
            self.path.value = str(start or "")
            if self.path.value.strip():
                self.open_path(self.path.value)
            else:
                self.message.value = box("info", "Bitte den Pfad zum Befundregister angeben und "
                                                 "„Öffnen“ drücken.")

    def __repr__(self) -> str:
        return "Koordinierung (kimtools)"

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- register ------------------------------------------------------------------------------

    @guarded("message")
    def open_path(self, path: str | os.PathLike) -> Register | None:
        text = str(path).strip()
        if not text:
            self.message.value = box("error", "Bitte den Pfad zum Befundregister angeben.")
            return None
        register = open_register(Path(text).expanduser())
        if self.register is not None and self.register is not register:
            self.register.close()
        self._use(register)
        return register

    def _use(self, register: Register) -> None:
        self.register = register
        count = register.query("SELECT count(*) FROM findings")[0][0]
        conferences = register.query("SELECT count(*) FROM conferences")[0][0]
        self.message.value = box(
            "ok", f"Befundregister {register.path.name} geöffnet: {count} "
                  f"{'Befund' if count == 1 else 'Befunde'} aus {conferences} "
                  f"{'Konferenz' if conferences == 1 else 'Konferenzen'}.")
        self.refresh()

    @guarded("message")
    def refresh(self) -> None:
        """Everything anew from the register (also what other sessions saved)."""
        if self.register is None:
            return
        conferences = self.register.conferences()
        self._themes_stale = True
        if self.tabs.selected_index == THEMES_TAB:
            self.show_themes()
        everything = overview(self.register, Filters(), self.today)
        self.overdue.value = (
            f"<h3>Überfällige Maßnahmen (Stand {self.today:%d.%m.%Y})</h3>"
            + self._overview_html(everything[everything["overdue"]],
                                  "Keine Maßnahme ist überfällig."))
        chosen = lenkungsgruppe_findings(self.register.findings(
            status=LENKUNGSGRUPPE_STATUSES, level=LENKUNGSGRUPPE_LEVELS))
        self.lenkungsgruppe.value = (
            "<h3>Für die nächste Lenkungsgruppe</h3><p class='kim-hint'>Befunde der Ebene "
            "Lenkungsgruppe oder Land mit Status „neu“ oder „übergeben“; hohe Priorität und "
            "frühe Fälligkeit zuerst.</p>"
            + table_html(lenkungsgruppe_items(chosen[:MAX_ROWS], conferences),
                         "Nichts für die Lenkungsgruppe offen.", limit=MAX_ROWS,
                         total=len(chosen)))
        self.apply_filters(everything)

    def _on_tab(self, change: dict) -> None:
        if change["new"] == THEMES_TAB and self._themes_stale:
            self.show_themes()

    @guarded("message")
    def show_themes(self) -> None:
        """Recurring themes, reckoned when their tab is shown: they read every finding's
        evidence (a second for 50,000 findings), which the opening view does not need."""
        if self.register is None:
            return
        self.themes.value = _THEMES_HEAD + "<p class='kim-hint'>Wird berechnet …</p>"
        self.themes.value = _THEMES_HEAD + table_html(
            recurring_themes(self.register.theme_sources(), self.register.conferences()),
            "Noch keine wiederkehrenden Themen.")
        self._themes_stale = False

    def _overview_html(self, frame: pd.DataFrame, empty: str) -> str:
        """Only the rows shown are formatted: the register may hold tens of thousands."""
        return table_html(overview_table(frame.head(MAX_ROWS), self.today), empty,
                          limit=MAX_ROWS, total=len(frame))

    # -- all findings with filters ---------------------------------------------------------

    def _build_filters(self) -> None:
        def choice(description: str, options: dict[str, str], css: str) -> w.SelectMultiple:
            select = w.SelectMultiple(description=description, rows=5, style=_DESC,
                                      options=[(label, code) for code, label in options.items()],
                                      layout=w.Layout(width="440px"))
            select.add_class(css)
            select.observe(lambda _: self.apply_filters(), names="value")
            return select

        self.status_filter = choice("Status", STATUSES, "kim-coord-status")
        self.level_filter = choice("Ebene", LEVELS, "kim-coord-level")
        self.field_filter = choice("Handlungsfeld", codes.FIELDS, "kim-coord-fields")
        self.institution_filter = _text("Institution enthält", "kim-coord-institution",
                                        "z. B. Ausländerbehörde", width="560px")
        self.text_filter = _text("Suchtext", "kim-coord-text",
                                 "in Titel, Beschreibung, Maßnahme", width="560px")
        for field in (self.institution_filter, self.text_filter):
            field.continuous_update = False
            field.observe(lambda _: self.apply_filters(), names="value")
        self.reset_button = _button("Filter zurücksetzen", "kim-coord-reset", icon="times")
        self.reset_button.on_click(lambda _: self.reset_filters())
        self.count = w.HTML()
        self.count.add_class("kim-coord-count")
        self.filters = w.VBox([
            w.HBox([self.status_filter, self.level_filter]),
            w.HBox([self.field_filter, w.VBox([self.institution_filter, self.text_filter,
                                               self.reset_button])]),
            self.count])

    def reset_filters(self) -> None:
        for select in (self.status_filter, self.level_filter, self.field_filter):
            select.value = ()
        self.institution_filter.value = self.text_filter.value = ""
        self.apply_filters()

    def current_filters(self) -> Filters:
        return Filters(status=tuple(self.status_filter.value),
                       level=tuple(self.level_filter.value),
                       fields=tuple(self.field_filter.value),
                       text=self.text_filter.value.strip() or None)

    @guarded("message")
    def apply_filters(self, everything: pd.DataFrame | None = None) -> pd.DataFrame | None:
        """The overview narrowed by the filters; also the choice of findings to change.

        ``everything`` is the unfiltered overview when the caller has just read it."""
        if self.register is None:
            return None
        filters = self.current_filters()
        if everything is None or filters != Filters():
            frame = overview(self.register, filters, self.today)
        else:
            frame = everything
        frame = filter_institution(frame, self.institution_filter.value)
        self._frame = frame
        total = self.register.query("SELECT count(*) FROM findings")[0][0]
        self.count.value = f"<p><b>{len(frame)} von {total} Befunden</b></p>"
        self.table.value = self._overview_html(frame, "Keine Befunde für diese Filter.")
        self._fill_choices(frame)
        return frame

    # -- status changes ----------------------------------------------------------------------

    def _build_status(self) -> None:
        self.finding_select = w.Dropdown(description="Befund", style=_DESC,
                                         layout=w.Layout(width="900px"))
        self.finding_select.add_class("kim-coord-finding")
        self.finding_select.observe(lambda _: self.select(self.finding_select.value),
                                    names="value")
        self.details = w.HTML()
        self.details.add_class("kim-coord-details")
        # wide enough for the longest status text next to the 190px label (was cut off)
        self.new_status = w.Dropdown(description="Neuer Status", style=_DESC,
                                     options=[(v, k) for k, v in STATUSES.items()],
                                     layout=w.Layout(width="560px"))
        self.new_status.add_class("kim-coord-new-status")
        self.who = _text("Wer ändert", "kim-coord-who", "Kürzel oder Stelle", width="560px")
        self.who.value = DEFAULT_WHO
        self.comment = _area("Kommentar", "kim-coord-comment",
                             "z. B. an die Lenkungsgruppe übergeben (ohne Namen)")
        self.status_save = _button("Status speichern", "kim-coord-save-status", "primary",
                                   "save")
        self.status_save.on_click(lambda _: self.change_status())
        self.status_message = w.HTML()
        self.status_message.add_class("kim-coord-message")
        self.status_guard = Confirmation(self.status_message, "kim-coord-confirm")
        self.status_guard.button.on_click(lambda _: self.change_status(confirmed=True))
        self.history = w.HTML()
        self.history.add_class("kim-coord-history")
        self.status_page = w.VBox([
            w.HTML("<p class='kim-hint'>Die Auswahl folgt den Filtern unter „Alle Befunde“."
                   "</p>"),
            self.finding_select, self.details, self.new_status, self.who, self.comment,
            w.HBox([self.status_save, self.status_guard.button]), self.status_message,
            w.HTML("<h3>Verlauf</h3>"), self.history])

    def _fill_choices(self, frame: pd.DataFrame) -> None:
        previous = self.finding_select.value
        options = [(" · ".join(p for p in (row.title, _day(row.conference_date),
                                            row.municipality, row.status) if p), row.id)
                   for row in frame.head(MAX_CHOICES).itertuples(index=False)]
        self.finding_select.options = options
        ids = [v for _, v in options]
        self.finding_select.value = previous if previous in ids else (ids[0] if ids else None)
        if self.finding_select.value == previous:
            self.select(previous)

    @guarded("status_message")
    def select(self, finding_id: str | None) -> Finding | None:
        """Show a finding, its status and its history; remember the version loaded."""
        self.status_guard.reset()
        if finding_id is None or self.register is None:
            self.selected = None
            self.details.value = "<p class='kim-hint'>Kein Befund ausgewählt.</p>"
            self.history.value = ""
            return None
        finding = self.register.finding(finding_id)
        self.selected = finding
        self.new_status.value = finding.status
        conference = self.register.conference(finding.conference_id)
        rows = [("Titel", finding.title), ("Status", finding.status),
                ("Ebene", LEVELS.get(finding.level, finding.level)),
                ("Priorität", finding.priority),
                ("Konferenz", f"{conference.date:%d.%m.%Y} {conference.municipality}".strip()),
                ("Maßnahme", finding.measure or "–"), ("zuständig", finding.responsible or "–"),
                ("fällig am", f"{finding.due_date:%d.%m.%Y}" if finding.due_date else "–"),
                ("Belege", finding.evidence.describe() if finding.evidence else "–")]
        self.details.value = (
            "<dl style='display:grid;grid-template-columns:max-content 1fr;gap:2px 16px'>"
            + "".join(f"<dt style='white-space:nowrap'><b>{_esc(k)}</b></dt>"
                      f"<dd style='margin:0'>{_esc(v)}</dd>"
                      for k, v in rows) + "</dl>")
        self.history.value = table_html(history_table(self.register.history(finding_id)),
                                        "Kein Verlauf.")
        return finding

    @guarded("status_message")
    def change_status(self, confirmed: bool = False) -> Finding | None:
        """Save the new status with who and comment; one history entry."""
        finding = self.selected
        if finding is None or self.register is None:
            self.status_message.value = box("error", "Bitte zuerst einen Befund auswählen.")
            return None
        problems = []
        if not self.who.value.strip():
            problems.append("Bitte unter „Wer ändert“ Kürzel oder Stelle angeben.")
        if self.new_status.value == finding.status:
            problems.append(f"Der Status ist schon „{finding.status}“; bitte einen anderen "
                            "wählen.")
        if problems:
            self.status_guard.reset()
            self.status_message.value = box("error", "Nicht gespeichert:", problems)
            return None
        texts = {"Kommentar": self.comment.value.strip()}
        if self.status_guard.blocks(texts, text_warnings(texts), confirmed):
            return None
        who = who_with_comment(self.who.value, self.comment.value)
        try:
            saved = self.register.update_finding(
                finding.id, {"status": self.new_status.value}, who, self.today,
                expect_updated_at=finding.updated_at)
        except ConflictError as exc:
            self.status_message.value = box(
                "error", "Dieser Befund wurde inzwischen in einer anderen Sitzung geändert – "
                         "der Status ist nicht gespeichert.", [str(exc)],
                after="Der aktuelle Stand ist jetzt geladen; bitte prüfen und erneut "
                      "speichern.")
            new_status = self.new_status.value
            self.select(finding.id)
            self.new_status.value = new_status
            return None
        self.comment.value = ""
        self.refresh()
        self.finding_select.value = saved.id if saved.id in [
            v for _, v in self.finding_select.options] else self.finding_select.value
        self.select(saved.id)
        self.status_message.value = box(
            "ok", f"Status von „{saved.title}“: {finding.status} → {saved.status} gespeichert.")
        return saved
