"""The caseload exchange format, version 1 (DESIGN §3): tables, columns and German aliases.

The alias tables are the documented contract with exports from case-management systems;
docs/entwicklung/caseload-format.md prints them for users.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kimtools import codes


@dataclass(frozen=True)
class Column:
    """One column of the exchange format and what the reader expects in it."""

    name: str
    kind: str  # id, ref, text, date, code, country, languages
    label: str  # German name shown in messages
    required: bool = True  # the column must be present in the file
    mandatory: bool = False  # every row must have a value
    vocabulary: dict[str, str] | None = None
    aliases: tuple[str, ...] = ()
    free_text: bool = False  # notes and descriptions: scrubbed before they leave


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    id_column: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _case_ref() -> Column:
    return Column("case_id", "ref", "Fall-ID", mandatory=True,
                  aliases=("Fall-ID", "Fallnummer", "Fall-Nr.", "Fallnr", "Fall"))


CASES = Table("cases", "Fälle", "case_id", (
    Column("case_id", "id", "Fall-ID", mandatory=True,
           aliases=("Fall-ID", "Fallnummer", "Fall-Nr.", "Fallnr")),
    Column("municipality", "text", "Kommune", mandatory=True,
           aliases=("Kommune", "Gemeinde", "Stadt/Gemeinde", "Stadt")),
    Column("provider", "text", "Träger", mandatory=True, aliases=("Träger", "Anbieter")),
    Column("case_manager", "text", "Case Manager/in", aliases=(
        "Case Manager", "Case Managerin", "Case Manager/in", "Casemanager", "Fallmanager",
        "Fallmanagerin", "Fallmanager/in", "Fallverantwortlich")),
    Column("opened_on", "date", "Eröffnet am", mandatory=True,
           aliases=("Eröffnet am", "Fallbeginn", "Beginn", "Aufnahmedatum", "Fall eröffnet")),
    Column("closed_on", "date", "Abgeschlossen am", required=False,
           aliases=("Abgeschlossen am", "Fallende", "Ende", "Abschlussdatum", "Fall geschlossen")),
    Column("status", "code", "Status", mandatory=True, vocabulary=codes.CASE_STATUS,
           aliases=("Status", "Fallstatus")),
    Column("consent_conference", "code", "Einwilligung Planungskonferenz",
           vocabulary=codes.CONSENT, aliases=(
               "Einwilligung Planungskonferenz", "Einwilligung Konferenz", "Einwilligung",
               "Einverständnis Konferenz", "Einverständnis Planungskonferenz")),
), aliases=("Fälle", "Faelle", "Falle"))

PERSONS = Table("persons", "Personen", "person_id", (
    Column("person_id", "id", "Personen-ID", mandatory=True,
           aliases=("Personen-ID", "Person-ID", "Personennummer", "Personen-Nr.")),
    _case_ref(),
    Column("role", "code", "Rolle", mandatory=True, vocabulary=codes.ROLES,
           aliases=("Rolle", "Rolle im Fall")),
    Column("given_name", "text", "Vorname", mandatory=True, aliases=("Vorname", "Vornamen")),
    Column("family_name", "text", "Nachname", mandatory=True,
           aliases=("Nachname", "Familienname", "Name")),
    Column("birth_date", "date", "Geburtsdatum", aliases=("Geburtsdatum", "geboren am")),
    Column("gender", "code", "Geschlecht", vocabulary=codes.GENDERS, aliases=("Geschlecht",)),
    Column("nationality", "country", "Staatsangehörigkeit",
           aliases=("Staatsangehörigkeit", "Staatsangehoerigkeit", "Nationalität")),
    Column("languages", "languages", "Sprachen", required=False,
           aliases=("Sprachen", "Sprache", "Sprachkenntnisse")),
    Column("arrival_date", "date", "Einreisedatum", required=False,
           aliases=("Einreisedatum", "Einreise", "Einreise am", "Ankunft in Deutschland")),
    Column("residence_status", "text", "Aufenthaltsstatus", required=False,
           aliases=("Aufenthaltsstatus", "Aufenthaltstitel")),
    Column("street", "text", "Straße", required=False,
           aliases=("Straße", "Strasse", "Straße und Hausnummer", "Anschrift", "Adresse")),
    Column("postcode", "text", "PLZ", required=False, aliases=("PLZ", "Postleitzahl")),
    Column("city", "text", "Ort", required=False, aliases=("Ort", "Wohnort")),
    Column("phone", "text", "Telefon", required=False,
           aliases=("Telefon", "Telefonnummer", "Tel.", "Mobil", "Handy")),
    Column("email", "text", "E-Mail", required=False,
           aliases=("E-Mail", "Email", "E-Mail-Adresse", "Mail")),
), aliases=("Personen",))

EVENTS = Table("events", "Ereignisse", "event_id", (
    Column("event_id", "id", "Ereignis-ID", mandatory=True,
           aliases=("Ereignis-ID", "Kontakt-ID", "Eintrag-ID", "Eintrags-ID")),
    _case_ref(),
    Column("date", "date", "Datum", mandatory=True, aliases=("Datum", "Termin")),
    Column("phase", "code", "Phase", mandatory=True, vocabulary=codes.PHASES,
           aliases=("Phase", "Fallphase")),
    Column("kind", "code", "Art", mandatory=True, vocabulary=codes.EVENT_KINDS,
           aliases=("Art", "Kontaktart", "Ereignisart")),
    Column("field", "code", "Handlungsfeld", required=False, vocabulary=codes.FIELDS,
           aliases=("Handlungsfeld",)),
    Column("institution", "text", "Institution", required=False,
           aliases=("Institution", "Stelle", "Behörde", "Einrichtung")),
    Column("note", "text", "Notiz", required=False, free_text=True,
           aliases=("Notiz", "Vermerk", "Bemerkung", "Notizen")),
), aliases=("Ereignisse", "Kontakte", "Verlauf"))

OBSTACLES = Table("obstacles", "Hürden", "obstacle_id", (
    Column("obstacle_id", "id", "Hürden-ID", mandatory=True,
           aliases=("Hürden-ID", "Huerden-ID", "Hindernis-ID")),
    _case_ref(),
    Column("field", "code", "Handlungsfeld", mandatory=True, vocabulary=codes.FIELDS,
           aliases=("Handlungsfeld",)),
    Column("institution", "text", "Institution", required=False,
           aliases=("Institution", "Stelle", "Behörde", "Einrichtung")),
    Column("category", "code", "Kategorie", mandatory=True,
           vocabulary=codes.OBSTACLE_CATEGORIES, aliases=("Kategorie", "Art der Hürde")),
    Column("description", "text", "Beschreibung", required=False, free_text=True,
           aliases=("Beschreibung",)),
    Column("since", "date", "seit", mandatory=True, aliases=("seit", "besteht seit", "Beginn")),
    Column("resolved_on", "date", "gelöst am", required=False,
           aliases=("gelöst am", "behoben am", "erledigt am")),
), aliases=("Hürden", "Huerden", "Hindernisse"))

GOALS = Table("goals", "Ziele", "goal_id", (
    Column("goal_id", "id", "Ziel-ID", mandatory=True, aliases=("Ziel-ID", "Zielnummer")),
    _case_ref(),
    Column("field", "code", "Handlungsfeld", mandatory=True, vocabulary=codes.FIELDS,
           aliases=("Handlungsfeld",)),
    Column("description", "text", "Beschreibung", required=False, free_text=True,
           aliases=("Beschreibung", "Ziel")),
    Column("agreed_on", "date", "vereinbart am", required=False,
           aliases=("vereinbart am", "Vereinbarungsdatum")),
    Column("due_on", "date", "fällig am", required=False,
           aliases=("fällig am", "Frist", "Zieldatum")),
    Column("status", "code", "Status", mandatory=True, vocabulary=codes.GOAL_STATUS,
           aliases=("Status", "Zielstatus")),
), aliases=("Ziele",))

TABLES: dict[str, Table] = {t.name: t for t in (CASES, PERSONS, EVENTS, OBSTACLES, GOALS)}

# Extra spellings of codes seen in exports, beyond the code itself and its German label.
CODE_ALIASES: dict[str, str] = {
    "j": "yes", "n": "no", "y": "yes", "true": "yes", "false": "no", "1": "yes", "0": "no",
    "w": "f", "weiblich": "f", "männlich": "m", "maennlich": "m", "divers": "d", "x": "d",
    "klient": "client", "klientin": "client", "partner": "partner", "partnerin": "partner",
    "ehemann": "partner", "ehefrau": "partner", "sohn": "child", "tochter": "child",
    "mutter": "parent", "vater": "parent", "angehöriger": "relative", "angehörige": "relative",
    "pausiert": "paused", "ruhend": "paused", "geschlossen": "closed",
}


def normalise_key(text: str) -> str:
    """Fold a header or code for lookup: case, umlauts, accents, spaces and punctuation."""
    folded = text.strip().casefold()
    folded = folded.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", folded)


def header_lookup(table: Table) -> dict[str, str]:
    """Map every accepted header spelling of a table to its canonical column name."""
    lookup: dict[str, str] = {}
    for column in table.columns:
        for spelling in (column.name, column.label, *column.aliases):
            lookup.setdefault(normalise_key(spelling), column.name)
    return lookup


def code_lookup(vocabulary: dict[str, str]) -> dict[str, str]:
    """Map codes, their German labels and known aliases to the canonical code."""
    lookup = {normalise_key(code): code for code in vocabulary}
    for code, german in vocabulary.items():
        lookup.setdefault(normalise_key(german), code)
        for part in re.split(r"[/]", german):
            lookup.setdefault(normalise_key(part), code)
    for alias, code in CODE_ALIASES.items():
        if code in vocabulary:
            lookup.setdefault(normalise_key(alias), code)
    return lookup


def table_lookup() -> dict[str, str]:
    """Map accepted file or sheet names (without extension) to table names."""
    lookup: dict[str, str] = {}
    for table in TABLES.values():
        for spelling in (table.name, table.label, *table.aliases):
            lookup.setdefault(normalise_key(spelling), table.name)
    return lookup


def format_reference_markdown() -> str:
    """The column and alias tables for docs/entwicklung/caseload-format.md, generated so they
    cannot drift."""
    lines: list[str] = []
    for table in TABLES.values():
        names = ", ".join(f"`{n}`" for n in dict.fromkeys((table.name, table.label,
                                                             *table.aliases)))
        lines += [f"### `{table.name}` ({table.label})", "",
                  f"File or sheet names accepted: {names}", "",
                  "| column | German label | required column | value required | "
                  "accepted headers |",
                  "|---|---|---|---|---|"]
        for column in table.columns:
            headers = ", ".join(f"`{a}`" for a in dict.fromkeys((column.label, *column.aliases)))
            lines.append(f"| `{column.name}` | {column.label} | "
                         f"{'yes' if column.required else 'no'} | "
                         f"{'yes' if column.mandatory else 'no'} | {headers} |")
        lines.append("")
    lines += ["### Code aliases", "",
              "Besides each code and its German label (e.g. `housing` or `Wohnen`, `active` or "
              "`aktiv`), these spellings are accepted:", "",
              "| spelling | code |", "|---|---|"]
    lines += [f"| `{alias}` | `{code}` |" for alias, code in CODE_ALIASES.items()]
    return "\n".join(lines) + "\n"
