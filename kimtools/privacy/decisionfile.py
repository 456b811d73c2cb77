"""The decisions file: the flags of a draft as a CSV for Excel, filled in and read back.

For the command line: ``kimtools markierungen`` writes one row per flag, the case manager
fills in "Entscheidung" (behalten, verallgemeinern, löschen), "Ersatztext" and "Begründung",
and ``kimtools pseudonymise --decisions`` reads it back. The file holds the flagged phrases in
plain text: it stays with the case manager, like the caseload, and never goes into a package.
Semicolons and a BOM so that a German Excel opens it in columns; every cell formula-safe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kimtools.caseload.problems import column_letter
from kimtools.files import atomic_write, neutralise_formula
from kimtools.privacy.decisions import ACTIONS, Decision, FlagKey, flag_key, listed_flags
from kimtools.privacy.pseudonymise import Draft

__all__ = ["HEADER", "DecisionFileError", "read_decisions", "write_decisions"]

HEADER = ("Fall", "Eintrag", "Spalte", "Zeichen", "Art", "Textstelle", "Vorschlag",
          "Entscheidung", "Ersatztext", "Begründung")
_ACTION_OF = {name: action for action, name in ACTIONS.items()} | {
    "loeschen": "delete", "verallgemeinert": "generalise", "behalte": "keep"}


class DecisionFileError(ValueError):
    """A decisions file that cannot be used; the message names file, row and column."""


def _cell(value: object) -> str:
    return neutralise_formula(str(value))


def _plain(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def write_decisions(draft: Draft, out: Path) -> int:
    """Write one row per flag of ``draft`` to ``out`` (never over an existing file)."""
    out = Path(out)
    if out.exists():
        raise DecisionFileError(f"{out} existiert bereits; bitte einen anderen Namen wählen. "
                                "Nichts geschrieben.")
    entries = listed_flags(draft)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for case, review, flag in entries:
        previous = draft.decisions.get(flag_key(case, review, flag))
        writer.writerow([_cell(v) for v in (
            case.case_id, review.record_id, review.column, flag.start + 1, flag.label,
            flag.phrase, flag.suggestion,
            ACTIONS[previous.action] if previous else "",
            (previous.text or "") if previous else "", previous.reason if previous else "")])
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    atomic_write(out, lambda stream: stream.write(data))
    return len(entries)


def read_decisions(path: Path, draft: Draft) -> dict[FlagKey, Decision]:
    """The decisions of the file for the flags of ``draft``, or ``DecisionFileError``.

    Every row must name a flag of the draft with the same phrase (else the notes changed since
    the file was written) and carry a complete decision. Flags without a row stay open.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DecisionFileError(f"{path}: Datei nicht gefunden.") from None
    except UnicodeDecodeError:
        try:
            text = path.read_bytes().decode("cp1252")
        except UnicodeDecodeError:
            raise DecisionFileError(f"{path}: Zeichenkodierung nicht lesbar (erwartet UTF-8 "
                                    "oder Windows-1252).") from None
    except OSError as exc:
        raise DecisionFileError(f"{path}: nicht lesbar ({exc.strerror}).") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows or [h.strip() for h in rows[0]][:len(HEADER)] != list(HEADER):
        raise DecisionFileError(f"{path}, Zeile 1: Kopfzeile erwartet: {';'.join(HEADER)}.")
    flags = {flag_key(*entry): entry[2] for entry in listed_flags(draft)}
    result: dict[FlagKey, Decision] = {}

    def error(row: int, column: str, message: str) -> DecisionFileError:
        letter = column_letter(HEADER.index(column))
        return DecisionFileError(f"{path}, Zeile {row}, Spalte {letter} ({column}): {message}")

    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(HEADER, (_plain(c.strip()) for c in row + [""] * len(HEADER)),
                         strict=False))
        try:
            start = int(cells["Zeichen"]) - 1
        except ValueError:
            raise error(number, "Zeichen", "eine Zahl erwartet.") from None
        key = (cells["Fall"], cells["Eintrag"], cells["Spalte"], start)
        flag = flags.get(key)
        if flag is None:
            raise error(number, "Fall", "keine solche Markierung in den gewählten Fällen "
                                        "(andere Fälle gewählt oder Texte geändert?). Bitte "
                                        "die Datei mit „kimtools markierungen“ neu erstellen.")
        if cells["Textstelle"] != flag.phrase:
            raise error(number, "Textstelle", "passt nicht mehr zum Text; die Notiz wurde "
                                              "geändert. Bitte die Datei neu erstellen.")
        if key in result:
            raise error(number, "Fall", "diese Markierung steht doppelt in der Datei.")
        action = _ACTION_OF.get(cells["Entscheidung"].strip().lower())
        if action is None:
            shown = cells["Entscheidung"] or "leer"
            raise error(number, "Entscheidung", f"„{shown}“ – erwartet: "
                                                + ", ".join(ACTIONS.values()) + ".")
        if action == "keep" and not cells["Begründung"].strip():
            raise error(number, "Begründung", "„behalten“ braucht eine Begründung.")
        replacement = cells["Ersatztext"].strip() or None
        result[key] = Decision(action, cells["Begründung"].strip(),
                               replacement if action == "generalise" else None)
    return result
