"""What the leak gate reads of a package, and where each text stands.

The gate compares with client names only what came from raw records or was typed by people:
notes, descriptions, institutions, status and language texts. The tool's own words
(pseudonyms, labels such as "Klientin A", item numbers, codes, day counts) are checked for the
shape the tool writes instead; a value without that shape is scanned like any text, so a bug
cannot pass a name through a vocabulary column. The manifest is the package's metadata (who
approved, key fingerprint, risk report): it is checked for what never belongs in a package
(e-mail, IBAN, day-precise dates) but never compared with client names, so a case manager
called like a client does not block their own package.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping

from kimtools import codes
from kimtools.package import MANIFEST
from kimtools.privacy.leakgate import Leak, LeakGate

_PSEUDONYM = re.compile(r"[FP]-[A-Z2-7]{8}")
_LABEL = re.compile(r"(?:Klientin|Klient|Klient/in|Partnerin|Partner|Partner/in|Kind|Elternteil"
                    r"|Angehörige/r|Person) [A-Z]{1,3}\d*")
SIGNATURE_FIELDS = ("signature", "signer")
_INTEGER = re.compile(r"-?\d+")
_GENDER_TEXTS = frozenset(codes.GENDERS.values()) | {"keine Angabe"}


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda value: pattern.fullmatch(value) is not None


def _one_of(*vocabularies: Mapping[str, str] | frozenset[str]) -> Callable[[str], bool]:
    allowed = frozenset().union(*vocabularies)
    return lambda value: value in allowed


def _item(prefix: str) -> Callable[[str], bool]:
    return _matches(re.compile(rf"{prefix}\d{{2,}}"))


def _fields(value: str) -> bool:
    return all(part in codes.FIELDS for part in value.split(";"))


# (table, column) → the shape of what the tool itself writes there.
VOCABULARY: dict[tuple[str, str], Callable[[str], bool]] = {
    **{(table, "case"): _matches(_PSEUDONYM)
       for table in ("cases", "persons", "events", "obstacles", "goals")},
    ("persons", "person"): _matches(_PSEUDONYM),
    ("cases", "label"): _matches(_LABEL),
    ("persons", "label"): _matches(_LABEL),
    ("cases", "status"): _one_of(codes.CASE_STATUS),
    ("cases", "days_open"): _matches(_INTEGER),
    ("cases", "gender"): _one_of(_GENDER_TEXTS),
    ("cases", "fields"): _fields,
    ("persons", "role"): _one_of(codes.ROLES),
    ("persons", "gender"): _one_of(_GENDER_TEXTS),
    ("events", "event"): _item("E"),
    ("events", "day"): _matches(_INTEGER),
    ("events", "phase"): _one_of(codes.PHASES),
    ("events", "kind"): _one_of(codes.EVENT_KINDS),
    ("events", "field"): _one_of(codes.FIELDS),
    ("obstacles", "obstacle"): _item("H"),
    ("obstacles", "field"): _one_of(codes.FIELDS),
    ("obstacles", "category"): _one_of(codes.OBSTACLE_CATEGORIES),
    ("obstacles", "since_day"): _matches(_INTEGER),
    ("obstacles", "resolved_day"): _matches(_INTEGER),
    ("goals", "goal"): _item("Z"),
    ("goals", "field"): _one_of(codes.FIELDS),
    ("goals", "agreed_day"): _matches(_INTEGER),
    ("goals", "due_day"): _matches(_INTEGER),
    ("goals", "status"): _one_of(codes.GOAL_STATUS),
}

ITEM_COLUMNS = {"events": "event", "obstacles": "obstacle", "goals": "goal",
                "persons": "person"}


def scan_package(gate: LeakGate, files: Mapping[str, bytes]) -> list[Leak]:
    """Every leak in the files about to be written, each with its table, item and column."""
    leaks: list[Leak] = []
    for name, data in files.items():
        text = data.decode("utf-8", errors="replace")
        if name == MANIFEST:
            leaks += gate.scan_text(_metadata(text), name, names=False)
        elif name.endswith(".csv"):
            leaks += _scan_table(gate, name, text)
        else:
            leaks += gate.scan_text(text, name)
    return leaks


def _metadata(manifest: str) -> str:
    """The manifest without its signature and public key: random base64, in which an e-mail
    or IBAN pattern may turn up by chance."""
    fields = json.loads(manifest)
    for name in SIGNATURE_FIELDS:
        fields.pop(name, None)
    return json.dumps(fields, ensure_ascii=False, indent=2)


def _scan_table(gate: LeakGate, name: str, text: str) -> list[Leak]:
    table = name.removesuffix(".csv")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    leaks: list[Leak] = []
    first_line = reader.line_num + 1
    for row in reader:
        values = dict(zip(header, row, strict=False))
        place = _place(table, values)
        for column, value in values.items():
            if not value:
                continue
            shape = VOCABULARY.get((table, column))
            if shape is not None and shape(value):
                continue
            leaks += gate.scan_text(value, name, first_line, place=f"{place}, Spalte {column}")
        first_line = reader.line_num + 1
    return leaks


def _place(table: str, values: Mapping[str, str]) -> str:
    case = values.get("case", "")
    item = values.get(ITEM_COLUMNS.get(table, ""), "")
    return f"Fall {case}" + (f", {item}" if item else "")
