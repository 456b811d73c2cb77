"""Part „Konferenz vorbereiten“ of the findings panel: which conference of the register
belongs to the package in view, and the form for date, place, attendees and agenda (see the
module doc of findings.py for the rules on typed text and on creating a conference)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import ipywidgets as w

from kimtools.findings.model import (
    Attendee,
    Conference,
    PresentedCase,
    validate_conference,
)
from kimtools.findings.register import Register
from kimtools.package import ConferencePackage
from kimtools.widgets.form import (
    _DESC,
    _area,
    _button,
    _text,
    box,
    german_date,
    guarded,
)
from kimtools.widgets.typed_text import Confirmation, text_warnings

NO_CONFERENCE = "__neu__"


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


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]



class ConferenceSetup:
    """Mixin of ``Befunderfassung``: builds, opens and saves the conference of the package."""

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
