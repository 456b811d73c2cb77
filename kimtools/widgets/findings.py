"""Recording structural findings during the Planungskonferenz (tab „Strukturelle Befunde“ of
the dashboard ``02_planungskonferenz.ipynb``, usable on its own in JupyterLab).

``Befunderfassung(register, package)`` has three parts:

- *Konferenz vorbereiten*: date, place, municipality/district, chair, minute-taker, attendees
  as institution + role rows, agenda (one item per line), next date. Saved as a ``Conference``
  whose presented cases are the package's cases. The newest conference of the register for this
  package (one whose presented cases came from this package) is reopened at start.
- *Befunde*: this conference's findings as a list, and the form to create one from the case in
  view (the case linked; the obstacle that blocks longest, or another one chosen, is shown as
  a suggestion for Handlungsfeld and institution, taken over only by a click on „Vorschlag
  übernehmen“; see finding_inputs.py), to edit one, to link further
  cases, and to set measure, responsible body, due date, priority, level and status. The
  evidence is computed from the package (``compute_evidence``) and shown read-only.
- *Notizen zu den Fällen*: the discussion note per presented case for the minutes.

Decisions:
- Everything typed here never went through the pseudonymiser. Before anything is saved, the
  scrubber's analysis (``Scrubber().analyze``, without known persons) runs over every typed
  text. When it finds what looks like a name, phone number, e-mail address, IBAN, passport or
  file number, street address or day-precise date, nothing is saved: the warning names each
  word and where it stands, and a second, explicit click on „Trotzdem speichern“ is needed.
  That confirmation holds only for exactly the texts that were checked; any change is checked
  anew. (Refusing outright would block the false alarms the analysis cannot avoid, e.g. an
  institution named after a person, and lead people to misspell on purpose.) Institution
  names taken over unchanged from the package passed the pseudonymisation and are not checked
  again.
- Who changed something (the register's history requires it) is the field „Erfasst von“,
  prefilled with „Koordinierungsstelle“: the coordination office records the findings. It is
  not checked by the scrubber: it names the staff member, on purpose.
- The first finding or note saved without a conference creates one for this package with the
  date from „Konferenz vorbereiten“ (default today), so that nothing said in the room is lost
  because the preparation was skipped. Checking for an existing conference and creating it is
  one transaction: two sessions cannot create two conferences for one package.
- Concurrency: a finding is saved with the ``updated_at`` it was loaded with; if another
  session changed it since, the register refuses and the form says so in German and offers
  „Neu laden“, which lists the unsaved inputs that differ from the stored version. A note is
  compared with the text loaded before it is replaced, in the same transaction.
- After a new finding is saved, the form edits that finding: a second click on „Speichern“
  never creates a duplicate.
- A package is referred to from the register by its path relative to the register's folder (or
  absolute when it lies elsewhere), as the minutes resolve it.

Every handler shows its errors in the app (German), never as a traceback in the cell.
Drivable without a browser: set ``.value`` of the controls and call ``button.click()``. Key
controls carry CSS classes (``kim-finding-…``, ``kim-conference-…``, ``kim-note-…``) for tests
in a served dashboard.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import ipywidgets as w
import pandas as pd

from kimtools import codes
from kimtools.findings.evidence import compute_evidence
from kimtools.findings.model import (
    FINDING_LABELS,
    LEVELS,
    PRIORITIES,
    STATUSES,
    Attendee,
    Conference,
    Evidence,
    Finding,
    PresentedCase,
    validate_conference,
    validate_finding,
)
from kimtools.findings.register import (
    ConflictError,
    Register,
    RegisterError,
    open_register,
)
from kimtools.package import ConferencePackage, load_package
from kimtools.widgets.case_notes import CaseNotes
from kimtools.widgets.finding_inputs import (
    FieldChoice,
    Obstacle,
    case_obstacles_for_finding,
    evidence_html,
)
from kimtools.widgets.form import (
    _DESC,
    _WIDE,
    _area,
    _button,
    _esc,
    _hidden,
    _text,
    box,
    german_date,
    guarded,
    split_list,
)
from kimtools.widgets.style import projector_css
from kimtools.widgets.typed_text import Confirmation, TextWarning, text_warnings

__all__ = [
    "DEFAULT_WHO", "REGISTER_ENV", "Befunderfassung", "TextWarning", "conferences_for_package",
    "findings_panel", "package_reference", "text_warnings",
]

REGISTER_ENV = "KIMTOOLS_REGISTER"
DEFAULT_WHO = "Koordinierungsstelle"
NO_CONFERENCE = "__neu__"

CSS = ("<style>" + projector_css("kim-findings") + """
.kim-findings .widget-dropdown select { font-size: 17px; }
.kim-findings .kim-list-scroll { overflow-x: auto; max-width: 100%; }
.kim-findings td.kim-nowrap { white-space: nowrap; }
.kim-findings-sections { --jp-widgets-horizontal-tab-width: 260px; }
</style>""")


# -- packages and conferences ---------------------------------------------------------------

def package_reference(package: ConferencePackage, register_path: Path) -> str:
    """How a presented case names its package: relative to the register's folder when the
    package lies below it, else absolute (the minutes resolve it the same way)."""
    if package.path is None:
        return str(package.manifest.get("created", ""))
    path = Path(package.path).resolve()
    try:
        return str(path.relative_to(Path(register_path).resolve().parent))
    except ValueError:
        return str(path)


def _resolves_to(reference: str, target: Path, register_path: Path) -> bool:
    if not reference:
        return False
    path = Path(reference).expanduser()
    candidates = [path] if path.is_absolute() else [Path(register_path).parent / path,
                                                    Path.cwd() / path]
    for candidate in candidates:
        try:
            if candidate.resolve() == target:
                return True
        except OSError:
            continue
    return False


def conferences_for_package(register: Register, package: ConferencePackage | None
                            ) -> list[Conference]:
    """Conferences of the register whose presented cases came from this package, newest first.

    A package moved since is recognised by its file name together with a shared case.
    """
    if package is None:
        return []
    conferences = register.conferences()
    cases = set(package.case_ids())
    reference = package_reference(package, register.path)
    found = []
    for conference in conferences:
        for presented in conference.cases:
            if package.path is not None:
                target = Path(package.path).resolve()
                same = (_resolves_to(presented.package, target, register.path)
                        or (Path(presented.package).name == target.name
                            and presented.case in cases))
            else:
                same = presented.package == reference and presented.case in cases
            if same:
                found.append(conference)
                break
    return sorted(found, key=lambda c: (c.date, c.created_at or ""), reverse=True)


def conference_label(conference: Conference) -> str:
    parts = [f"Konferenz vom {german_date(conference.date)}"]
    parts += [p for p in (conference.place, conference.municipality) if p]
    return " · ".join(parts)


def package_institutions(package: ConferencePackage | None) -> set[str]:
    """Institution names as the package has them (they passed the pseudonymisation)."""
    if package is None:
        return set()
    names = set()
    for frame in (package.obstacles, package.events):
        if "institution" in frame:
            names |= {str(v).strip() for v in frame["institution"].dropna() if str(v).strip()}
    return names


def findings_table_html(findings: Sequence[Finding], history_who: Mapping[str, str]) -> str:
    """This conference's findings as an escaped HTML table; rows carry the finding's id."""
    if not findings:
        return "<p class='kim-hint'>Für diese Konferenz ist noch kein Befund festgehalten.</p>"
    head = "".join(f"<th>{h}</th>" for h in (
        "Nr.", "Titel", "Handlungsfelder / Institutionen", "Fälle", "Belege",
        "Maßnahme / zuständig / fällig", "Ebene / Priorität / Status"))
    rows = []
    for number, f in enumerate(findings, start=1):
        lines = [[str(number)], [f.title],
                 [", ".join(codes.label(codes.FIELDS, x) for x in f.fields),
                  "; ".join(f.institutions)],
                 list(f.cases),
                 [f.evidence.describe() if f.evidence is not None else "–"],
                 [f.measure or "–", f.responsible,
                  f"fällig am {german_date(f.due_date)}" if f.due_date else ""],
                 [LEVELS.get(f.level, f.level), f"Priorität {f.priority}", f.status,
                  f"zuletzt: {history_who[f.id]}" if f.id in history_who else ""]]
        tds = "".join(
            f"<td{' class=kim-nowrap' if index == 3 else ''}>"
            + "<br>".join(_esc(x) for x in cell if x) + "</td>"
            for index, cell in enumerate(lines))
        rows.append(f"<tr class='kim-finding-row' data-finding-id='{_esc(f.id)}'>{tds}</tr>")
    return (f"<div class='kim-list-scroll'><table class='kim-table kim-findings-table'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


# -- the panel -------------------------------------------------------------------------------

class Befunderfassung(CaseNotes, w.VBox):
    """Conference preparation, findings and case notes of one conference (see module doc).

    ``register``: a ``Register`` or a path (created if missing); ``package``: the conference
    package (object or path) whose cases are presented; ``case``: the case in view;
    ``today``: fixes the date for validation (tests); ``who``: prefill of „Erfasst von“.
    """

    def __init__(self, register: Register | str | os.PathLike,
                 package: ConferencePackage | str | os.PathLike | None = None, *,
                 case: str | None = None, today: dt.date | None = None,
                 who: str = DEFAULT_WHO):
        super().__init__()
        self.add_class("kim-findings")
        self.register = (register if isinstance(register, Register)
                         else open_register(register, create=True))
        self.package = (package if isinstance(package, ConferencePackage) or package is None
                        else load_package(package))
        self._today = today
        self._default_who = who
        self.conference: Conference | None = None
        self.case: str | None = None
        self._editing: Finding | None = None
        self._filling = False
        self._exempt = package_institutions(self.package)
        self._obstacles: list[Obstacle] = []
        self._suggested: Obstacle | None = None
        self._notes_loaded: dict[str, str] = {}
        self._note_drafts: dict[str, str] = {}
        self._quiet_notes = False

        self.status_line = w.HTML()
        self.status_line.add_class("kim-findings-status")
        prepare = self._build_preparation()
        findings = self._build_findings()
        notes = self._build_notes()
        self.sections = w.Tab(children=[prepare, findings, notes])
        for index, title in enumerate(["Konferenz vorbereiten", "Befunde",
                                       "Notizen zu den Fällen"]):
            self.sections.set_title(index, title)
        self.sections.add_class("kim-findings-sections")
        self.children = [w.HTML(CSS), self.status_line, self.sections]

        found = conferences_for_package(self.register, self.package)
        self._fill_conference_choices(found)
        if found:
            self.open_conference(found[0].id)
        else:
            self._show_conference(None)
        self.sections.selected_index = 1 if self.conference else 0
        self.set_case(case if case is not None else (
            self.package.case_ids()[0] if self.package is not None
            and len(self.package.cases) else None))

    def __repr__(self) -> str:
        return "Befunderfassung (kimtools)"

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- conference preparation ----------------------------------------------------------------

    def _build_preparation(self) -> w.VBox:
        self.conference_select = w.Dropdown(description="Konferenz", style=_DESC,
                                            layout=w.Layout(width="640px"))
        self.conference_select.add_class("kim-conference-select")
        self.open_button = _button("Öffnen", "kim-conference-open")
        self.open_button.on_click(lambda _: self._open_selected())
        self.date = w.DatePicker(description="Datum", value=self.today, style=_DESC)
        self.date.add_class("kim-conference-date")
        self.place = _text("Ort", "kim-conference-place", "z. B. Kreishaus, Raum 214")
        self.municipality = _text("Kommune / Kreis", "kim-conference-municipality",
                                  "z. B. Kreis Gütersloh")
        self.chair = _text("Leitung", "kim-conference-chair",
                           "Stelle oder Funktion, kein Name (z. B. Koordinierungsstelle KI)")
        self.minute_taker = _text("Protokollführung", "kim-conference-minute-taker",
                                  "Stelle oder Funktion, kein Name")
        self.attendee_rows = w.VBox()
        self.attendee_rows.add_class("kim-attendees")
        self.add_attendee_button = _button("Teilnehmende Institution hinzufügen",
                                           "kim-attendee-add", icon="plus")
        self.add_attendee_button.on_click(lambda _: self.add_attendee())
        self.agenda = _area("Tagesordnung", "kim-conference-agenda",
                            "ein Punkt je Zeile", rows=5)
        self.next_date = w.DatePicker(description="Nächster Termin", style=_DESC)
        self.next_date.add_class("kim-conference-next-date")
        self.conference_save = _button("Konferenz speichern", "kim-conference-save", "primary",
                                       "save")
        self.conference_save.on_click(lambda _: self.save_conference())
        self.conference_message = w.HTML()
        self.conference_message.add_class("kim-conference-message")
        self.conference_guard = Confirmation(self.conference_message, "kim-conference-confirm")
        self.conference_guard.button.on_click(lambda _: self.save_conference(confirmed=True))
        return w.VBox([
            w.HTML("<p class='kim-hint'>Vor der Konferenz ausfüllen. Teilnehmende werden mit "
                   "Institution und Funktion erfasst, ohne Namen.</p>"),
            w.HBox([self.conference_select, self.open_button]),
            self.date, self.place, self.municipality, self.chair, self.minute_taker,
            w.HTML("<h3>Teilnehmende</h3>"), self.attendee_rows, self.add_attendee_button,
            w.HTML("<h3>Tagesordnung und nächster Termin</h3>"), self.agenda, self.next_date,
            w.HBox([self.conference_save, self.conference_guard.button]),
            self.conference_message])

    def add_attendee(self, institution: str = "", role: str = "") -> w.HBox:
        """One more attendee row (institution, role, remove button); returns the row."""
        inst = w.Text(value=institution, placeholder="Institution, z. B. Jobcenter Kreis …",
                      layout=w.Layout(width="420px"))
        inst.add_class("kim-attendee-institution")
        function = w.Text(value=role, placeholder="Funktion, z. B. Teamleitung",
                          layout=w.Layout(width="300px"))
        function.add_class("kim-attendee-role")
        remove = _button("Entfernen", "kim-attendee-remove", icon="trash")
        row = w.HBox([inst, function, remove])
        remove.on_click(lambda _: self.remove_attendee(row))
        self.attendee_rows.children = (*self.attendee_rows.children, row)
        return row

    def remove_attendee(self, row: w.HBox) -> None:
        self.attendee_rows.children = tuple(r for r in self.attendee_rows.children
                                            if r is not row)

    def attendees(self) -> list[Attendee]:
        """The attendee rows; rows left completely empty are ignored."""
        result = []
        for row in self.attendee_rows.children:
            institution, role = row.children[0].value.strip(), row.children[1].value.strip()
            if institution or role:
                result.append(Attendee(institution, role))
        return result

    def _fill_conference_choices(self, found: list[Conference] | None = None) -> None:
        if found is None:
            found = conferences_for_package(self.register, self.package)
        others = [] if self.package is not None else self.register.conferences()[::-1]
        options = [(conference_label(c), c.id) for c in [*found, *others]]
        options.append(("Neue Konferenz anlegen", NO_CONFERENCE))
        current = self.conference.id if self.conference else NO_CONFERENCE
        self.conference_select.options = options
        self.conference_select.value = (current if current in [v for _, v in options]
                                        else NO_CONFERENCE)

    @guarded("conference_message")
    def _open_selected(self) -> None:
        value = self.conference_select.value
        if value == NO_CONFERENCE:
            self._show_conference(None)
            self.conference_message.value = box(
                "info", "Neue Konferenz: Angaben eintragen und „Konferenz speichern“.")
        else:
            self.open_conference(value)
            self.conference_message.value = box("ok", f"{conference_label(self.conference)} "
                                                      "geöffnet.")

    def open_conference(self, conference_id: str) -> Conference:
        """Show a conference of the register: its details, findings and notes."""
        conference = self.register.conference(conference_id)
        self._show_conference(conference)
        return conference

    def _show_conference(self, conference: Conference | None) -> None:
        case = self.note_case.value
        if case is not None and self.note.value != self._notes_loaded.get(case, ""):
            self._note_drafts[case] = self.note.value  # an unsaved note is not lost
        self.conference = conference
        self.conference_guard.reset()
        c = conference or Conference(date=self.today)
        self.date.value = c.date
        self.place.value, self.municipality.value = c.place, c.municipality
        self.chair.value, self.minute_taker.value = c.chair, c.minute_taker
        self.attendee_rows.children = ()
        for attendee in c.attendees:
            self.add_attendee(attendee.institution, attendee.role)
        if not c.attendees:
            self.add_attendee()
        self.agenda.value = "\n".join(c.agenda)
        self.next_date.value = c.next_date
        self.conference_save.description = ("Änderungen speichern" if conference
                                            else "Konferenz speichern")
        if conference is not None and conference.id in [v for _, v in
                                                        self.conference_select.options]:
            self.conference_select.value = conference.id
        self._notes_loaded = {p.case: p.note for p in c.cases}
        self.refresh_list()
        self._fill_note_cases()

    def _conference_texts(self) -> dict[str, str | list[str]]:
        attendees = self.attendees()
        return {"Ort": self.place.value, "Kommune / Kreis": self.municipality.value,
                "Leitung": self.chair.value, "Protokollführung": self.minute_taker.value,
                "Teilnehmende (Institution)": [a.institution for a in attendees],
                "Teilnehmende (Funktion)": [a.role for a in attendees],
                "Tagesordnung": split_lines(self.agenda.value)}

    def _presented_cases(self, existing: Sequence[PresentedCase] = ()) -> list[PresentedCase]:
        """The presented cases to save: those already there plus the package's. Without notes:
        the register keeps each case's note (a note loaded earlier must not overwrite a newer
        one)."""
        cases = [PresentedCase(p.case, p.package) for p in existing]
        if self.package is not None:
            known = {p.case for p in cases}
            reference = package_reference(self.package, self.register.path)
            cases += [PresentedCase(case, reference) for case in self.package.case_ids()
                      if case not in known]
        return cases

    @guarded("conference_message")
    def save_conference(self, confirmed: bool = False) -> Conference | None:
        """Save the preparation as a new conference or as changes to the open one."""
        values = dict(date=self.date.value, place=self.place.value.strip(),
                      municipality=self.municipality.value.strip(),
                      chair=self.chair.value.strip(), minute_taker=self.minute_taker.value.strip(),
                      attendees=self.attendees(), agenda=split_lines(self.agenda.value),
                      next_date=self.next_date.value)
        draft = Conference(**values, cases=self._presented_cases(
            self.conference.cases if self.conference else ()))
        problems = validate_conference(draft)
        if problems:
            self.conference_guard.reset()
            self.conference_message.value = box("error", "Nicht gespeichert:", problems)
            return None
        texts = self._conference_texts()
        if self.conference_guard.blocks(texts, text_warnings(texts), confirmed):
            return None
        if self.conference is None:
            saved = self.register.add_conference(draft)
            verb = "angelegt"
        else:
            with self.register.transaction():
                current = self.register.conference(self.conference.id)
                if current.updated_at != self.conference.updated_at:
                    self.conference_guard.reset()
                    self.conference_message.value = box(
                        "error", "Die Konferenz wurde inzwischen in einer anderen Sitzung "
                                 "geändert – Ihre Angaben sind nicht gespeichert.",
                        after="„Öffnen“ lädt den aktuellen Stand; Ihre Angaben danach bitte "
                              "erneut eintragen und speichern.")
                    return None
                saved = self.register.update_conference(self.conference.id,
                                                        {**values, "cases": draft.cases})
            verb = "gespeichert"
        self._fill_conference_choices()
        self._show_conference(saved)
        self.conference_message.value = box(
            "ok", f"{conference_label(saved)} {verb}: {len(saved.attendees)} Teilnehmende, "
                  f"{len(saved.agenda)} Punkte der Tagesordnung, {len(saved.cases)} "
                  "vorgestellte Fälle.")
        return saved

    def ensure_conference(self) -> Conference:
        """The open conference; else this package's newest, else a new one with the date of
        the preparation. Looking and creating are one transaction."""
        if self.conference is not None:
            return self.conference
        created = False
        with self.register.transaction():
            found = conferences_for_package(self.register, self.package)
            if found:
                conference = found[0]
            else:
                conference = self.register.add_conference(Conference(
                    date=self.date.value or self.today, cases=self._presented_cases()))
                created = True
        self._fill_conference_choices()
        self._show_conference(conference)
        if created:
            self.conference_message.value = box(
                "info", f"{conference_label(conference)} wurde angelegt. Ort, Teilnehmende "
                        "und Tagesordnung bitte hier ergänzen und speichern.")
        return conference

    # -- findings ------------------------------------------------------------------------------

    def _build_findings(self) -> w.VBox:
        self.findings_list = w.HTML()
        self.findings_list.add_class("kim-findings-list")
        self.refresh_button = _button("Liste aktualisieren", "kim-findings-refresh",
                                      icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh_list())
        self.edit_select = w.Dropdown(description="Befund bearbeiten", style=_DESC,
                                      layout=w.Layout(width="640px"))
        self.edit_select.add_class("kim-finding-pick")
        self.edit_button = _button("Laden", "kim-finding-edit", icon="pencil")
        self.edit_button.on_click(lambda _: self._edit_selected())

        self.new_button = _button("Neuer Befund aus dem Fall im Blick", "kim-finding-new",
                                  icon="plus")
        self.new_button.on_click(lambda _: self.new_from_case())
        self.clear_button = _button("Leeres Formular", "kim-finding-clear", icon="file-o")
        self.clear_button.on_click(lambda _: self.new_blank())
        self.mode = w.HTML()
        self.mode.add_class("kim-finding-mode")
        self.obstacle_select = w.Dropdown(description="Ausgangspunkt", style=_DESC,
                                          layout=w.Layout(width=_WIDE))
        self.obstacle_select.add_class("kim-finding-obstacle")
        self.obstacle_select.observe(self._on_obstacle, names="value")
        self.suggestion = w.HTML()
        self.suggestion.add_class("kim-finding-suggestion")
        self.accept_button = _button("Vorschlag übernehmen", "kim-finding-accept", "info",
                                     "check")
        self.accept_button.on_click(lambda _: self.accept_suggestion())
        self.title = _text("Titel", "kim-finding-title",
                           "z. B. Wartezeit bei der Ausländerbehörde über 12 Monate")
        self.description = _area("Beschreibung", "kim-finding-description",
                                 "Was zeigt sich strukturell, über den Einzelfall hinaus?")
        self.fields = FieldChoice(codes.FIELDS)
        self.institutions = _text("Institutionen", "kim-finding-institutions",
                                  "mehrere mit ; trennen")
        self.cases = w.SelectMultiple(description="Verknüpfte Fälle", rows=4, style=_DESC,
                                      layout=w.Layout(width="560px"))
        self.cases.add_class("kim-finding-cases")
        self.other_cases = _text("Weitere Fälle", "kim-finding-other-cases",
                                 "Pseudonyme früherer Konferenzen, z. B. F-7KQ2M4XA; mit ; "
                                 "trennen")
        self.evidence = w.HTML()
        self.evidence.add_class("kim-finding-evidence")
        self.measure = _area("Maßnahme", "kim-finding-measure", "vorgeschlagene Maßnahme")
        self.responsible = _text("Zuständig", "kim-finding-responsible",
                                 "Stelle, z. B. Ausländerbehörde Kreis …")
        self.due_date = w.DatePicker(description="Fällig am", style=_DESC)
        self.due_date.add_class("kim-finding-due")
        self.priority = w.Dropdown(description="Priorität", style=_DESC,
                                   options=[(v, k) for k, v in PRIORITIES.items()],
                                   value="mittel")
        self.priority.add_class("kim-finding-priority")
        self.level = w.Dropdown(description="Ebene", style=_DESC,
                                options=[(v, k) for k, v in LEVELS.items()], value="kommunal")
        self.level.add_class("kim-finding-level")
        self.status = w.Dropdown(description="Status", style=_DESC,
                                 options=[(v, k) for k, v in STATUSES.items()], value="neu")
        self.status.add_class("kim-finding-status")
        self.who = _text("Erfasst von", "kim-finding-who", "Kürzel oder Stelle",
                         width="520px")
        self.who.value = self._default_who
        self.save_button = _button("Befund speichern", "kim-finding-save", "primary", "save")
        self.save_button.on_click(lambda _: self.save())
        self.message = w.HTML()
        self.message.add_class("kim-finding-message")
        self.guard = Confirmation(self.message, "kim-finding-confirm")
        self.guard.button.on_click(lambda _: self.save(confirmed=True))
        self.confirm_button = self.guard.button
        self.reload_button = _button("Neu laden", "kim-finding-reload", "warning", "refresh")
        self.reload_button.on_click(lambda _: self.reload())
        _hidden(self.reload_button, True)
        for control in (self.fields, self.institutions, self.cases, self.other_cases):
            control.observe(self._on_evidence_input, names="value")
        form = w.VBox([
            w.HTML("<h3>Befund festhalten</h3>"),
            w.HBox([self.new_button, self.clear_button]), self.mode, self.obstacle_select,
            w.HBox([self.suggestion, self.accept_button]),
            self.title, self.description, self.fields, self.institutions, self.cases,
            self.other_cases, self.evidence, self.measure, self.responsible, self.due_date,
            self.priority, self.level, self.status, self.who,
            w.HBox([self.save_button, self.guard.button, self.reload_button]), self.message])
        form.add_class("kim-finding-form")
        return w.VBox([
            w.HTML("<h3>Befunde dieser Konferenz</h3>"), self.findings_list,
            w.HBox([self.edit_select, self.edit_button, self.refresh_button]), form])

    @guarded("message")
    def set_case(self, case: str | None) -> None:
        """The case in view changed: its obstacles become the starting points; an untouched
        new form is prefilled from it, and the note of that case is shown."""
        self.case = case
        self.new_button.description = (f"Neuer Befund aus Fall {case}" if case
                                       else "Neuer Befund")
        if self._editing is None and self._untouched():
            self.new_from_case()
        if case is not None and case in [v for _, v in self.note_case.options]:
            self.note_case.value = case

    def _untouched(self) -> bool:
        return not any(x.value.strip() for x in (self.title, self.description, self.measure,
                                                 self.responsible))

    def _case_options(self, extra: Iterable[str] = ()) -> list[tuple[str, str]]:
        options = []
        if self.package is not None:
            for row in self.package.cases.itertuples(index=False):
                label = "" if pd.isna(row.label) else str(row.label)
                options.append((f"{row.case} – {label}" if label else str(row.case),
                                str(row.case)))
        known = {v for _, v in options}
        options += [(case, case) for case in extra if case not in known]
        return options

    def _fill(self, finding: Finding | None, case: str | None = None) -> None:
        """Put a finding (or an empty new one for ``case``) into the form."""
        self._filling = True
        try:
            f = finding or Finding(title="", conference_id="",
                                   cases=[case] if case else [], level="kommunal")
            package_cases = {v for _, v in self._case_options()}
            in_package = [c for c in f.cases if c in package_cases]
            self.cases.options = self._case_options()
            self.cases.value = tuple(in_package)
            self.other_cases.value = "; ".join(c for c in f.cases if c not in package_cases)
            self.title.value, self.description.value = f.title, f.description
            self.fields.value = tuple(x for x in f.fields if x in codes.FIELDS)
            self.institutions.value = "; ".join(f.institutions)
            self.measure.value, self.responsible.value = f.measure, f.responsible
            self.due_date.value = f.due_date
            self.priority.value, self.level.value = f.priority, f.level
            self.status.value = f.status
            if not self.who.value.strip():
                self.who.value = self._default_who
            self._obstacles = (case_obstacles_for_finding(self.package, case)
                               if finding is None and case and self.package is not None
                               else [])
            options = [(o.label(), i) for i, o in enumerate(self._obstacles)]
            self.obstacle_select.options = options or [("–", -1)]
            self.obstacle_select.value = 0 if options else -1
            _hidden(self.obstacle_select, finding is not None)
        finally:
            self._filling = False
        self._editing = finding
        self._suggest(self._obstacles[0] if finding is None and self._obstacles else None)
        self.guard.reset()
        _hidden(self.reload_button, True)
        if finding is None:
            self.mode.value = (f"<p><b>Neuer Befund</b> – verknüpft mit Fall {_esc(case)}</p>"
                               if case else "<p><b>Neuer Befund</b></p>")
            self.save_button.description = "Befund speichern"
        else:
            self.mode.value = (f"<p><b>Befund bearbeiten:</b> „{_esc(finding.title)}“ "
                               f"<span class='kim-hint'>(ID {_esc(finding.id[:8])})</span></p>")
            self.save_button.description = "Änderungen speichern"
        self._show_evidence()

    def new_from_case(self) -> None:
        """A new finding linked to the case in view; its longest obstacle as a suggestion."""
        self._fill(None, self.case)
        self.message.value = ""

    def new_blank(self) -> None:
        self._fill(None, None)
        self.message.value = ""

    def _on_obstacle(self, change) -> None:
        if self._filling or self._editing is not None or change["new"] is None:
            return
        if 0 <= change["new"] < len(self._obstacles):
            self._suggest(self._obstacles[change["new"]])

    def _suggest(self, obstacle: Obstacle | None) -> None:
        """Show what an obstacle suggests; the form itself stays as the user left it."""
        self._suggested = obstacle
        self.suggestion.value = obstacle.suggestion_html() if obstacle else ""
        _hidden(self.accept_button, obstacle is None)

    @guarded("message")
    def accept_suggestion(self) -> None:
        """Take the suggested Handlungsfeld and institution into the form (added to what is
        already chosen, nothing removed)."""
        obstacle = self._suggested
        if obstacle is None:
            return
        self._filling = True
        try:
            if obstacle.field in codes.FIELDS:
                self.fields.value = (*self.fields.value, obstacle.field)
            typed = split_list(self.institutions.value)
            if obstacle.institution and obstacle.institution not in typed:
                self.institutions.value = "; ".join([*typed, obstacle.institution])
        finally:
            self._filling = False
        self.suggestion.value = self.suggestion.value.replace(
            "(noch nicht übernommen)", "(übernommen – bitte prüfen)")
        self._show_evidence()

    def _form_cases(self) -> list[str]:
        return list(dict.fromkeys([*self.cases.value, *split_list(self.other_cases.value)]))

    def _form_values(self) -> dict:
        return dict(title=self.title.value.strip(), description=self.description.value.strip(),
                    fields=list(self.fields.value),
                    institutions=split_list(self.institutions.value),
                    cases=self._form_cases(), measure=self.measure.value.strip(),
                    responsible=self.responsible.value.strip(), due_date=self.due_date.value,
                    priority=self.priority.value, level=self.level.value,
                    status=self.status.value)

    def _computed_evidence(self, values: dict) -> Evidence | None:
        if self.package is None:
            return None
        return compute_evidence([self.package], values["cases"], values["fields"],
                                values["institutions"])

    def _evidence_inputs_changed(self, values: dict) -> bool:
        return self._editing is None or any(
            values[name] != getattr(self._editing, name)
            for name in ("cases", "fields", "institutions"))

    def _on_evidence_input(self, _change) -> None:
        if not self._filling:
            self._show_evidence()

    def _show_evidence(self) -> None:
        values = self._form_values()
        if self._editing is not None and not self._evidence_inputs_changed(values):
            stored = self._editing.evidence
            self.evidence.value = evidence_html(
                stored if stored is not None else self._computed_evidence(values),
                computed=stored is None)
        else:
            self.evidence.value = evidence_html(self._computed_evidence(values))

    def _finding_texts(self, values: dict) -> dict[str, str | list[str]]:
        return {"Titel": values["title"], "Beschreibung": values["description"],
                "Institutionen": values["institutions"], "Maßnahme": values["measure"],
                "Zuständig": values["responsible"]}

    @guarded("message")
    def save(self, confirmed: bool = False) -> Finding | None:
        """Check and save the form: a new finding, or the changes to the one being edited."""
        _hidden(self.reload_button, True)
        values = self._form_values()
        editing = self._editing
        conference_id = (editing.conference_id if editing else
                         self.conference.id if self.conference else "(wird angelegt)")
        problems = validate_finding(Finding(conference_id=conference_id, **values), self.today,
                                    previous=editing)
        if not self.who.value.strip():
            problems.append("Bitte unter „Erfasst von“ Kürzel oder Stelle angeben: der "
                            "Verlauf hält fest, wer etwas geändert hat.")
        if problems:
            self.guard.reset()
            self.message.value = box("error", "Nicht gespeichert – bitte ergänzen:", problems)
            return None
        texts = self._finding_texts(values)
        if self.guard.blocks(texts, text_warnings(texts, self._exempt), confirmed):
            return None
        who = self.who.value.strip()
        if editing is None:
            conference = self.ensure_conference()
            finding = Finding(conference_id=conference.id, evidence=self._computed_evidence(
                values), **values)
            saved = self.register.add_finding(finding, who, self.today)
            note = "angelegt"
        else:
            changes = {name: value for name, value in values.items()
                       if value != getattr(editing, name)}
            if self._evidence_inputs_changed(values) and self.package is not None:
                changes["evidence"] = self._computed_evidence(values)
            if not changes:
                self.message.value = box("info", "Keine Änderungen zu speichern.")
                return editing
            try:
                saved = self.register.update_finding(editing.id, changes, who, self.today,
                                                     expect_updated_at=editing.updated_at)
            except ConflictError as exc:
                _hidden(self.reload_button, False)
                self.message.value = box(
                    "error", "Dieser Befund wurde inzwischen in einer anderen Sitzung "
                             "geändert – Ihre Änderung ist nicht gespeichert.",
                    [str(exc)],
                    after="„Neu laden“ holt den aktuellen Stand ins Formular und zeigt, was "
                          "Sie eingegeben hatten; danach die Änderung wiederholen.")
                return None
            note = "gespeichert: " + ", ".join(FINDING_LABELS[n] for n in changes)
        self._fill(saved)
        self.refresh_list()
        lines = [f"Im Befundregister {self.register.path.name} festgehalten (Verlauf: {who})."]
        if confirmed and text_warnings(texts, self._exempt):
            lines.append("Trotz des Hinweises auf mögliche personenbezogene Angaben gespeichert.")
        self.message.value = box("ok", f"Befund „{saved.title}“ {note}.", lines)
        return saved

    @guarded("message")
    def reload(self) -> Finding | None:
        """After a conflict: the stored version into the form; list what was typed."""
        if self._editing is None:
            return None
        typed = self._form_values()
        current = self.register.finding(self._editing.id)
        self._fill(current)
        lost = []
        for name, value in typed.items():
            if value != getattr(current, name):
                shown = self._show_value(name, value)
                lost.append(f"{FINDING_LABELS[name]}: {shown}")
        self.message.value = box(
            "info", "Aktueller Stand aus dem Register geladen.",
            lost, after=("Oben: Ihre nicht gespeicherten Eingaben. Bitte erneut eintragen "
                         "und speichern." if lost else "Ihre Eingaben stimmen mit dem "
                                                       "gespeicherten Stand überein."))
        return current

    @staticmethod
    def _show_value(name: str, value: object) -> str:
        if isinstance(value, dt.date):
            return german_date(value)
        if name == "fields":
            return ", ".join(codes.label(codes.FIELDS, x) for x in value) or "–"
        if name == "level":
            return LEVELS.get(value, value)
        if isinstance(value, list):
            return "; ".join(value) or "–"
        return f"„{value}“" if value else "–"

    @guarded("message")
    def edit(self, finding_id: str) -> Finding:
        """Load a finding of the register into the form."""
        finding = self.register.finding(finding_id)
        self._fill(finding)
        self.message.value = ""
        return finding

    def _edit_selected(self) -> None:
        if self.edit_select.value:
            self.edit(self.edit_select.value)

    def conference_findings(self) -> list[Finding]:
        if self.conference is None:
            return []
        return self.register.findings(conference_id=self.conference.id)

    @guarded("message")
    def refresh_list(self) -> None:
        """This conference's findings from the register (also those of other sessions)."""
        findings = self.conference_findings()
        last: dict[str, str] = {}
        if findings:
            last = dict(self.register.query(
                "SELECT finding_id, who FROM history WHERE finding_id IN "
                "(SELECT id FROM findings WHERE conference_id = ?) ORDER BY at, rowid",
                (self.conference.id,)))
        self.findings_list.value = findings_table_html(findings, last)
        count = len(findings)
        self.edit_select.options = [
            (f"– {count} {'Befund' if count == 1 else 'Befunde'} dieser Konferenz, bitte "
             "wählen –" if findings else "– noch kein Befund in dieser Konferenz –", ""),
            *((f"{n}. {f.title}", f.id) for n, f in enumerate(findings, start=1))]
        self.edit_select.value = ""
        if self.conference is None:
            self.status_line.value = (
                "<p class='kim-hint'><b>Noch keine Konferenz zu diesem Paket im "
                "Befundregister.</b> Unter „Konferenz vorbereiten“ anlegen – oder den ersten "
                "Befund speichern, dann wird sie mit dem Datum von dort angelegt.</p>")
        else:
            self.status_line.value = (
                f"<p><b>{_esc(conference_label(self.conference))}</b> – "
                f"{count} {'Befund' if count == 1 else 'Befunde'} festgehalten "
                f"<span class='kim-hint'>(Register {_esc(self.register.path.name)})</span></p>")


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def findings_panel(register: Register | str | os.PathLike | None,
                   package: ConferencePackage | None, case: str | None = None) -> w.Widget:
    """The panel for the dashboard's tab, or a German hint when it cannot be shown."""
    if register is None or (not isinstance(register, Register) and not str(register).strip()):
        return w.HTML("<p>Für das Festhalten struktureller Befunde wird ein Befundregister "
                      f"benötigt (Umgebungsvariable {REGISTER_ENV}).</p>")
    try:
        return Befunderfassung(register, package, case=case)
    except RegisterError as exc:
        return w.HTML(f'<p class="kim-error">{_esc(exc)}</p>')
