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

The parts live along the domain: conference preparation in conference_setup.py, the list of
a conference's findings in finding_list.py, the notes in case_notes.py, the recording form here.

Every handler shows its errors in the app (German), never as a traceback in the cell.
Drivable without a browser: set ``.value`` of the controls and call ``button.click()``. Key
controls carry CSS classes (``kim-finding-…``, ``kim-conference-…``, ``kim-note-…``) for tests
in a served dashboard.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

import ipywidgets as w
import pandas as pd

from kimtools import codes
from kimtools.findings.evidence import compute_evidence
from kimtools.findings.model import (
    FINDING_LABELS,
    LEVELS,
    PRIORITIES,
    STATUSES,
    Conference,
    Evidence,
    Finding,
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
from kimtools.widgets.conference_setup import (
    ConferenceSetup,
    conferences_for_package,
    package_institutions,
    package_reference,
)
from kimtools.widgets.finding_inputs import (
    FieldChoice,
    Obstacle,
    case_obstacles_for_finding,
    evidence_html,
)
from kimtools.widgets.finding_list import FindingList, findings_table_html
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
    "findings_panel", "findings_table_html", "package_institutions", "package_reference",
    "text_warnings",
]

REGISTER_ENV = "KIMTOOLS_REGISTER"
DEFAULT_WHO = "Koordinierungsstelle"

CSS = ("<style>" + projector_css("kim-findings") + """
.kim-findings .widget-dropdown select { font-size: 17px; }
.kim-findings .kim-list-scroll { overflow-x: auto; max-width: 100%; }
.kim-findings td.kim-nowrap { white-space: nowrap; }
</style>""")


# -- the panel -------------------------------------------------------------------------------

class Befunderfassung(CaseNotes, ConferenceSetup, FindingList, w.VBox):
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
