"""The discussion note per presented case, for the minutes (part „Notizen zu den Fällen“ of
the findings panel; see its module doc for the checks and the concurrency rules)."""

from __future__ import annotations

import ipywidgets as w

from kimtools.findings.register import RegisterError
from kimtools.widgets.form import _DESC, _WIDE, _button, box, guarded
from kimtools.widgets.typed_text import Confirmation, text_warnings


class CaseNotes:
    """Mixin of ``Befunderfassung``: builds and saves the notes of the open conference."""

    def _build_notes(self) -> w.VBox:
        self.note_case = w.Dropdown(description="Fall", style=_DESC,
                                    layout=w.Layout(width="640px"))
        self.note_case.add_class("kim-note-case")
        self.note_case.observe(self._on_note_case, names="value")
        self.note = w.Textarea(description="Notiz", rows=8, style=_DESC,
                               placeholder="Was wurde zu diesem Fall besprochen? (für das "
                                           "Protokoll; ohne Namen und tagesgenaue Daten)",
                               layout=w.Layout(width=_WIDE))
        self.note.add_class("kim-note-text")
        self.note_save = _button("Notiz speichern", "kim-note-save", "primary", "save")
        self.note_save.on_click(lambda _: self.save_note())
        self.note_message = w.HTML()
        self.note_message.add_class("kim-note-message")
        self.note_guard = Confirmation(self.note_message, "kim-note-confirm")
        self.note_guard.button.on_click(lambda _: self.save_note(confirmed=True))
        return w.VBox([
            w.HTML("<p class='kim-hint'>Gesprächsnotiz je vorgestelltem Fall; das Protokoll "
                   "übernimmt sie.</p>"),
            self.note_case, self.note,
            w.HBox([self.note_save, self.note_guard.button]), self.note_message])

    def _fill_note_cases(self) -> None:
        if self.conference is not None:
            cases = [p.case for p in self.conference.cases]
        else:
            cases = self.package.case_ids() if self.package is not None else []
        labels = dict(self._case_options())
        labels = {v: k for k, v in labels.items()}
        options = [(labels.get(c, c), c) for c in cases]
        previous = self.note_case.value
        wanted = previous if previous in cases else self.case if self.case in cases else (
            cases[0] if cases else None)
        self._quiet_notes = True  # new options move the value: not a choice of the user
        try:
            self.note_case.options = options
            self.note_case.value = wanted
        finally:
            self._quiet_notes = False
        self._show_note()

    def _on_note_case(self, change) -> None:
        if self._quiet_notes:
            return
        old = change["old"]
        if old is not None and self.note.value != self._notes_loaded.get(old, ""):
            self._note_drafts[old] = self.note.value
        self._show_note()

    def _show_note(self) -> None:
        """The chosen case's note; an unsaved draft typed for it earlier comes back."""
        self.note_guard.reset()
        case = self.note_case.value or ""
        if case in self._note_drafts:
            self.note.value = self._note_drafts.pop(case)
            self.note_message.value = box("warn", f"Die Notiz zu Fall {case} ist noch nicht "
                                                  "gespeichert.")
        else:
            self.note.value = self._notes_loaded.get(case, "")
            self.note_message.value = ""

    @guarded("note_message")
    def save_note(self, confirmed: bool = False) -> bool:
        """Save the note of the chosen case; refused if another session changed it since."""
        case = self.note_case.value
        if case is None:
            self.note_message.value = box("error", "Kein Fall gewählt.")
            return False
        text = self.note.value.strip()
        texts = {f"Notiz zu {case}": text}
        if self.note_guard.blocks(texts, text_warnings(texts), confirmed):
            return False
        conference = self.ensure_conference()
        loaded = self._notes_loaded.get(case, "")
        with self.register.transaction():
            current = next((p.note for p in self.register.conference(conference.id).cases
                            if p.case == case), None)
            if current is None:
                raise RegisterError(f"Fall {case} gehört nicht zu dieser Konferenz.")
            if current != loaded:
                self._notes_loaded[case] = current
                self.note_message.value = box(
                    "error", "Die Notiz wurde inzwischen in einer anderen Sitzung geändert – "
                             "Ihre Fassung ist nicht gespeichert.",
                    [f"Gespeicherte Fassung: „{current}“"],
                    after="Ihre Fassung steht noch im Feld. Bitte abgleichen; der nächste "
                          "Klick auf „Notiz speichern“ ersetzt die gespeicherte Fassung.")
                return False
            self.register.set_case_note(conference.id, case, text)
        self._notes_loaded[case] = text
        self.note_message.value = box("ok", f"Notiz zu Fall {case} gespeichert.")
        return True
