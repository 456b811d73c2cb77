"""Reader of the hand-written corpus in tests/data (format: tests/data/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kimtools.privacy.scrubber import KnownPerson

DATA = Path(__file__).parent / "data"
NOTES = DATA / "notes_handwritten.txt"
HELDOUT = DATA / "notes_heldout.txt"
PROSE = (DATA / "prose_kim.txt", DATA / "prose_notes_clean.txt",
         *sorted(DATA.glob("prose_heldout_*.txt")))


@dataclass
class Note:
    """One hand-written note with what must leave it, what must show and what must stay."""

    note_id: str
    municipality: str = ""
    district: str = ""
    persons: list[KnownPerson] = field(default_factory=list)
    text: str = ""
    leaks: list[tuple[str, str]] = field(default_factory=list)
    wants: list[str] = field(default_factory=list)
    keeps: list[str] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)


def _pair(value: str) -> tuple[str, str]:
    kind, _, text = value.partition("|")
    return kind.strip(), text.strip()


def load_notes(path: Path = NOTES) -> list[Note]:
    """Every note of the corpus; a malformed line raises ValueError naming its line number."""
    notes: list[Note] = []
    in_text = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#") or (not line.strip() and not in_text):
            continue
        if line.startswith("=== "):
            notes.append(Note(line[4:].strip()))
            in_text = False
            continue
        note = notes[-1]
        if in_text and not line.startswith(("leak:", "want:", "keep:", "flag:")):
            note.text += ("\n" if note.text else "") + line
            continue
        in_text = False
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "ort":
            note.municipality, note.district = _pair(value)
        elif key == "person":
            pid, role, gender, given, family, label = (v.strip() for v in value.split("|"))
            note.persons.append(KnownPerson(pid, given, family, label, role, gender))
        elif key == "text":
            in_text = True
        elif key == "leak":
            note.leaks.append(_pair(value))
        elif key == "want":
            note.wants.append(value)
        elif key == "keep":
            note.keeps.append(value)
        elif key == "flag":
            note.flags.append(_pair(value))
        else:
            raise ValueError(f"{path.name}, Zeile {number}: unbekannte Angabe {key!r}")
    for note in notes:
        note.text = note.text.strip()
    return notes


def prose_words() -> tuple[str, int]:
    """The clean prose and its number of words."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in PROSE)
    return text, len(text.split())
