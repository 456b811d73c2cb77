"""The leak gate: the last check before any file leaves the case manager's machine.

It scans the bytes about to be written for every identifier of every person in the source
caseload (not only the selected cases), diacritic- and case-folded, and for anything that has
no place in a package at all (e-mail addresses, IBANs, day-precise dates). It is deliberately
independent of the scrubber: a gap in the scrubber must not be a gap in the gate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from kimtools.caseload import Caseload
from kimtools.privacy.lexicon import fold as fold_with_map

_PARTICLES = {"al", "el", "ul", "abu", "bin", "ben", "ibn", "bint", "van", "von", "der", "de",
              "da", "di", "la", "le", "du", "del", "zu", "ter", "ten", "oglu", "oğlu"}
_TOKEN = re.compile(r"[a-z0-9]+")
_MAX_SEQUENCE = 6

_MONTHS = (r"jan(?:uar)?|feb(?:ruar)?|m(?:a|ae)rz|apr(?:il)?|mai|jun[i]?|jul[i]?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?")
_GENERIC = {
    "E-Mail-Adresse": re.compile(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"),
    "IBAN": re.compile(r"\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){3,7}(?:\s?[a-z0-9]{1,4})?\b"),
    "Datum": re.compile(
        r"(?<![\d.])(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?!\d)"
        r"|\d{4}-\d{1,2}-\d{1,2}"
        rf"|\d{{1,2}}\.\s?(?:{_MONTHS})\.?\s+\d{{4}})"),
}


def fold(text: str) -> str:
    """Lower case without diacritics (ß → ss, ı → i, ł → l), as names get typed anyway."""
    return fold_with_map(text)[0]


def _umlaut_variant(text: str) -> str:
    return (text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


def _street_tokens(text: str) -> tuple[str, ...]:
    folded = re.sub(r"stra(?:ss|ß)e|str\b\.?", "str", fold(text))
    return _tokens(folded)


@dataclass(frozen=True)
class Leak:
    file: str
    line: int
    kind: str
    text: str
    owner: str  # which record of the source caseload the identifier belongs to
    place: str = ""  # where in the file: case, item and column, when the file is a table

    def __str__(self) -> str:
        owner = f" ({self.owner})" if self.owner else ""
        place = f" ({self.place})" if self.place else ""
        return f"{self.file}, Zeile {self.line}{place}: {self.kind} „{self.text}“{owner}"


class LeakGate:
    """Identifiers of a whole caseload, compiled once, scanned for in any text."""

    def __init__(self, caseload: Caseload, common_words: Iterable[str] = ()):
        """common_words: folded German words that are also names; alone they are no hit."""
        self.common = {fold(w) for w in common_words}
        self.sequences: dict[tuple[str, ...], tuple[str, str]] = {}
        self.phones: dict[str, str] = {}
        self._collect(caseload)
        self.lengths = sorted({len(s) for s in self.sequences}, reverse=True)

    def _add(self, tokens: tuple[str, ...], kind: str, owner: str) -> None:
        if not tokens or len(tokens) > _MAX_SEQUENCE:
            return
        if len(tokens) == 1:
            token = tokens[0]
            if len(token) < 3 or token in _PARTICLES or token in self.common:
                return
        self.sequences.setdefault(tokens, (kind, owner))

    def _add_name(self, name: str, kind: str, owner: str) -> None:
        for variant in {fold(name), fold(_umlaut_variant(name))}:
            parts = _tokens(variant)
            self._add(parts, kind, owner)
            self._add(("".join(parts),), kind, owner)
            for part in parts:
                self._add((part,), kind, owner)

    def _collect(self, caseload: Caseload) -> None:
        persons = caseload.persons
        for row in persons.itertuples(index=False):
            owner = f"Person {row.person_id}, Fall {row.case_id}"
            given, family = _text(row.given_name), _text(row.family_name)
            for name in (given, family):
                if name:
                    self._add_name(name, "Name", owner)
            if given and family:
                self._add_name(f"{given} {family}", "Name", owner)
                self._add_name(f"{family} {given}", "Name", owner)
            if _text(row.street):
                self._add(_street_tokens(row.street), "Straße", owner)
            if _text(row.postcode):
                self._add(_tokens(fold(row.postcode)), "Postleitzahl", owner)
            if _text(row.email):
                self._add(_tokens(fold(row.email)), "E-Mail-Adresse", owner)
            digits = _phone_digits(_text(row.phone))
            if len(digits) >= 6:
                self.phones[digits] = owner
        for name, frame in caseload.tables().items():
            id_column = {"cases": "case_id", "persons": "person_id", "events": "event_id",
                         "obstacles": "obstacle_id", "goals": "goal_id"}[name]
            for raw_id in frame[id_column].dropna():
                self._add(_tokens(fold(raw_id)), "Kennung", f"{name} {raw_id}")

    def scan_text(self, text: str, file: str = "", first_line: int = 1, *, names: bool = True,
                  place: str = "") -> list[Leak]:
        """Leaks in a text; names=False checks only what never belongs in a package at all
        (for metadata such as the approver, which must not be compared with client names)."""
        leaks: list[Leak] = []
        for offset, line in enumerate(text.splitlines()):
            folded = fold(line)
            number = first_line + offset
            tokens = _tokens(folded) if names else ()
            for start in range(len(tokens)):
                for length in self.lengths:
                    hit = self.sequences.get(tuple(tokens[start:start + length]))
                    if hit:
                        leaks.append(Leak(file, number, hit[0],
                                          " ".join(tokens[start:start + length]), hit[1],
                                          place))
                        break
            for kind, pattern in _GENERIC.items():
                leaks += [Leak(file, number, kind, m.group(0), "", place)
                          for m in pattern.finditer(folded)]
            if not names:
                continue
            for match in re.finditer(r"\+?\d[\d\s/()\-]{4,}\d", line):
                digits = _phone_digits(match.group(0))
                if digits in self.phones:
                    leaks.append(Leak(file, number, "Telefonnummer", match.group(0).strip(),
                                      self.phones[digits], place))
        return leaks

    def scan_files(self, files: dict[str, bytes]) -> list[Leak]:
        leaks: list[Leak] = []
        for name, data in files.items():
            leaks += self.scan_text(data.decode("utf-8", errors="replace"), name)
        return leaks


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float)
                                                     and value != value) else str(value).strip()


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+"):
        digits = "0" + digits[2:] if digits.startswith("49") else "00" + digits
    elif digits.startswith("0049"):
        digits = "0" + digits[4:]
    return digits
