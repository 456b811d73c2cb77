"""Checking what is typed into the register before it is saved (see the findings panel's
module doc): the scrubber's analysis names every word that looks like personal data, and a
second, explicit click is needed for exactly the checked texts."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as w

from kimtools.privacy.scrubber import Scrubber
from kimtools.widgets.form import _button, _hidden, box

#: What each detection type of the scrubber looks like, in the words of the warning.
KINDS: dict[str, str] = {
    "person": "Name einer Person", "name": "Name einer Person", "phone": "Telefonnummer",
    "email": "E-Mail-Adresse", "iban": "IBAN (Kontonummer)",
    "passport": "Pass- oder Ausweisnummer", "file_number": "Akten- oder Kundennummer",
    "handle": "Nutzername oder Internetadresse", "plate": "Kfz-Kennzeichen",
    "address": "Anschrift", "date": "tagesgenaues Datum", "firm": "Name einer Firma",
    "school": "Name einer Schule", "hospital": "Name eines Krankenhauses",
    "care_home": "Name eines Pflegeheims", "mosque": "Name eines Gebetshauses",
    "origin": "Herkunftsort", "quarter": "Ortsteil", "place": "Ortsname",
}

@dataclass(frozen=True)
class TextWarning:
    """A word in a typed text that looks like personal data."""

    field: str   # German label of the input
    word: str    # the word as typed
    kind: str    # what it looks like, German
    reason: str  # the scrubber's German reason

    def describe(self) -> str:
        return f"{self.field}: „{self.word}“ – sieht aus wie {self.kind} ({self.reason})"


@functools.cache
def _scrubber() -> Scrubber:
    return Scrubber()


def text_warnings(texts: Mapping[str, str | Sequence[str]],
                  exempt: Iterable[str] = ()) -> list[TextWarning]:
    """Words of the typed texts (label → text or list of texts) that look like a name, phone
    number, e-mail, day-precise date or another identifier; texts in ``exempt`` (taken over
    unchanged from the package) are not checked."""
    skip = {e.strip() for e in exempt}
    found = []
    for label, value in texts.items():
        for text in ([value] if isinstance(value, str) else list(value)):
            if not text or not text.strip() or text.strip() in skip:
                continue
            for detection in _scrubber().analyze(text):
                found.append(TextWarning(label, detection.text,
                                         KINDS.get(detection.type, detection.type),
                                         detection.reason))
    return found


def _signature(texts: Mapping[str, str | Sequence[str]]) -> tuple:
    return tuple((k, v if isinstance(v, str) else tuple(v)) for k, v in sorted(texts.items()))


class Confirmation:
    """The warning about typed identifiers and the explicit second click that overrides it.

    ``blocks(texts, warnings, confirmed)`` is True while saving must wait: there are warnings
    and they were not confirmed for exactly these texts.
    """

    def __init__(self, message: w.HTML, css: str):
        self.message = message
        self.button = _button("Trotzdem speichern", css, "danger", "exclamation-triangle")
        self.button.tooltip = ("Nur wenn sicher keine Person erkennbar ist (z. B. Name einer "
                               "Einrichtung)")
        self._pending: tuple | None = None
        _hidden(self.button, True)

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def reset(self) -> None:
        self._pending = None
        _hidden(self.button, True)

    def blocks(self, texts: Mapping[str, str | Sequence[str]], warnings: list[TextWarning],
               confirmed: bool) -> bool:
        signature = _signature(texts)
        if not warnings or (confirmed and signature == self._pending):
            self.reset()
            return False
        changed = confirmed and self._pending is not None
        self._pending = signature
        _hidden(self.button, False)
        self.message.value = box(
            "warn",
            ("Die Eingaben wurden seit der Warnung geändert und neu geprüft – noch nicht "
             "gespeichert." if changed else "Noch nicht gespeichert: Bitte prüfen, ob hier "
             "eine Person erkennbar ist."),
            [warning.describe() for warning in warnings],
            after=("Was hier steht, kommt ins Befundregister, ins Protokoll und in Berichte an "
                   "andere Stellen. Namen, Telefonnummern, E-Mail-Adressen und tagesgenaue "
                   "Daten gehören nicht hinein: bitte umschreiben (z. B. „die Sachbearbeitung "
                   "der Ausländerbehörde“, „im April 2024“) und erneut speichern. Nur wenn "
                   "sicher keine Person gemeint ist (z. B. der Name einer Einrichtung): "
                   "„Trotzdem speichern“."))
        return True
