"""Types the cells of a raw caseload and checks them, collecting every problem with its place.

Checks are vectorised over whole columns; only the rows that fail become Python objects, so a
district's full caseload is checked in about a second.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import numpy as np
import pandas as pd

from kimtools.caseload.problems import ERROR, WARNING, Problem
from kimtools.caseload.reader import ROW_COLUMN, RawTable
from kimtools.caseload.schema import TABLES, Column, code_lookup, normalise_key

DATE_EXPECTED = "ein Datum als TT.MM.JJJJ (z. B. 03.04.2023) oder JJJJ-MM-TT (2023-04-03)"
MIN_YEAR, MAX_YEAR = 1900, 2100  # plausible years; pandas itself holds only 1677–2262
_DATE = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))$")
_INVALID, _IMPLAUSIBLE = "invalid", "implausible"


@cache
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _languages() -> frozenset[str]:
    import pycountry

    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


class _Collector:
    """Collects problems of one table, naming the user's own header and column letter."""

    def __init__(self, raw: RawTable):
        self.raw = raw
        self.problems: list[Problem] = []

    def add(self, severity: str, rows: pd.Series | list[int], column: str | None,
            values: pd.Series | list[str] | None, message: str) -> None:
        header, letter = self.raw.place(column) if column else (None, None)
        values = list(values) if values is not None else [None] * len(rows)
        for row, value in zip(list(rows), values, strict=True):
            self.problems.append(Problem(severity, self.raw.display, int(row), header,
                                         None if value is None else str(value), message, letter))


_EPOCH = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min


def _one_date(text: str) -> int | str:
    """A day-precise date, or why not: not a date at all, or a year nobody in a caseload has."""
    match = _DATE.match(text)
    if match is None:
        return _INVALID
    iso_y, iso_m, iso_d, de_d, de_m, de_y = match.groups()
    year, month, day = ((iso_y, iso_m, iso_d) if iso_y else (de_y, de_m, de_d))
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return _INVALID
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        return _IMPLAUSIBLE
    return date.toordinal() - _EPOCH  # days since 1970, as datetime64[D] counts them


def _dates(text: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Dates of a column (NaT where missing or bad), and masks of invalid and implausible
    values; each distinct text is parsed once (a caseload has a few thousand distinct days)."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object, na_value=""), sort=False)
    parsed = [_one_date(u) if u else None for u in uniques]
    days = np.array([p if type(p) is int else _NAT for p in parsed] + [_NAT],
                    dtype=np.int64).view("datetime64[D]")
    invalid = np.array([p == _INVALID if isinstance(p, str) else False for p in parsed]
                       + [False])
    implausible = np.array([p == _IMPLAUSIBLE if isinstance(p, str) else False
                            for p in parsed] + [False])
    values = pd.Series(days[codes].astype("datetime64[ns]"), index=text.index)
    return values, invalid[codes], implausible[codes]


def parse_dates(text: pd.Series) -> pd.Series:
    """ISO or German day-precise dates to datetime64; anything else, or a year outside
    1900–2100, becomes NaT."""
    return _dates(text)[0]


def _by_unique(text: pd.Series, convert) -> np.ndarray:
    """`convert` applied once per distinct value (codes and dates repeat a lot)."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), sort=False)
    converted = np.array([convert(u) for u in uniques] + [None], dtype=object)
    return converted[codes]


def _type_column(column: Column, text: pd.Series, present: np.ndarray, rows: pd.Series,
                 report: _Collector) -> pd.Series:
    """One column from text to its type, reporting each value that does not fit."""
    if column.kind == "date":
        values, invalid, implausible = _dates(text)
        report.add(ERROR, rows[invalid], column.name, text[invalid],
                   f"kein gültiges Datum; erwartet: {DATE_EXPECTED}.")
        report.add(ERROR, rows[implausible], column.name, text[implausible],
                   f"Datum unplausibel; erwartet: ein Jahr von {MIN_YEAR} bis {MAX_YEAR}.")
        return values
    if column.kind == "code":
        lookup = code_lookup(column.vocabulary)
        categories = list(column.vocabulary)
        position = {code: i for i, code in enumerate(categories)}
        codes = _by_unique(text, lambda v: position.get(lookup.get(normalise_key(v)), -1)
                           if v else -1).astype(np.int64)
        bad = present & (codes < 0)
        allowed = ", ".join(f"{code} ({german})" for code, german in column.vocabulary.items())
        report.add(ERROR, rows[bad], column.name, text[bad],
                   f"unbekannter Code; erwartet einer von: {allowed}.")
        return pd.Categorical.from_codes(codes, categories=categories)
    if column.kind == "country":
        known = _countries()
        upper = pd.Series(_by_unique(text, str.upper), index=text.index)
        bad = present & ~upper.isin(known).to_numpy()
        report.add(ERROR, rows[bad], column.name, text[bad],
                   "unbekannter Ländercode; erwartet: ISO 3166-1 alpha-2, z. B. SY, AF, TR, UA.")
        return upper.where(present).astype("string")
    if column.kind == "languages":
        known = _languages()

        def clean(value: str) -> tuple[str, bool]:
            items = [i.strip() for i in value.lower().replace(",", ";").split(";")]
            return ";".join(i for i in items if i), any(i and i not in known for i in items)

        pairs = _by_unique(text, clean)
        cleaned = pd.Series([p[0] for p in pairs], index=text.index, dtype=object)
        bad = present & np.array([p[1] for p in pairs], dtype=bool)
        report.add(ERROR, rows[bad], column.name, text[bad],
                   "unbekannter Sprachcode; erwartet: ISO 639-1, mit Semikolon getrennt, "
                   "z. B. ar;de.")
        return cleaned.where(present).astype("string")
    return text.where(present).astype("string")


def _text_of(column: Column, cells: pd.Series) -> pd.Series:
    """The cells as text; spaces around a value removed, except in free text, which the
    scrubber reads exactly as written."""
    values = cells.to_numpy(dtype=object)
    if column.free_text:
        return pd.Series(values, index=cells.index, dtype=object)
    if column.kind != "id":  # codes, dates, references and short texts repeat a lot
        return pd.Series(_by_unique(cells, lambda v: str(v).strip()), index=cells.index,
                         dtype=object)
    return pd.Series([str(v).strip() for v in values], index=cells.index, dtype=object)


def type_table(raw: RawTable, present: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed DataFrame of one table, with problems for empty mandatory cells and bad values."""
    table = TABLES[raw.name]
    report = _Collector(raw)
    rows = raw.cells[ROW_COLUMN]
    typed = {}
    consent_text = None
    for column in table.columns:
        text = _text_of(column, raw.cells[column.name])
        empty = text.to_numpy() == ""
        if column.mandatory and column.name in present:
            report.add(ERROR, rows[empty], column.name, None,
                       f"Pflichtfeld ist leer; erwartet: {column.label}.")
        if column.name == "consent_conference":
            consent_text = text
        typed[column.name] = _type_column(column, text, ~empty, rows, report)
    frame = pd.DataFrame(typed, index=raw.cells.index)
    if raw.name == "cases" and "consent_conference" in present:
        missing = frame["consent_conference"].isna() & (consent_text == "")
        report.add(WARNING, rows[missing], "consent_conference", None,
                   "keine Angabe zur Einwilligung; der Fall gilt als ohne Einwilligung und "
                   "kann nicht vorgestellt werden.")
    return frame, report.problems


def check_tables(typed: dict[str, pd.DataFrame], raws: dict[str, RawTable],
                 today: dt.date) -> list[Problem]:
    """Checks across rows and tables: ids, references, clients and the order of dates."""
    reports = {name: _Collector(raw) for name, raw in raws.items()}
    rows = {name: raw.cells[ROW_COLUMN] for name, raw in raws.items()}

    for name, frame in typed.items():
        id_column = TABLES[name].id_column
        ids = frame[id_column]
        duplicated = ids.notna() & ids.duplicated(keep="first")
        if not duplicated.any():
            continue
        firsts = ~ids.duplicated(keep="first")
        first_row = dict(zip(ids[firsts], rows[name][firsts], strict=True))
        for index in ids[duplicated].index:
            reports[name].add(ERROR, [rows[name][index]], id_column, [ids[index]],
                              f"ID kommt mehrfach vor (zuerst in Zeile "
                              f"{first_row[ids[index]]}); erwartet: jede ID nur einmal.")

    cases = typed.get("cases")
    if cases is not None:
        known_cases = set(cases["case_id"].dropna())
        for name in ("persons", "events", "obstacles", "goals"):
            if name not in typed:
                continue
            refs = typed[name]["case_id"]
            unknown = refs.notna() & ~refs.isin(known_cases)
            reports[name].add(ERROR, rows[name][unknown], "case_id", refs[unknown],
                              "verweist auf einen Fall, den es in der Tabelle cases nicht gibt.")

    _check_clients(typed, rows, reports)
    _check_dates(typed, rows, reports, today)

    return [p for report in reports.values() for p in report.problems]


def _check_clients(typed, rows, reports) -> None:
    if "cases" not in typed or "persons" not in typed:
        return
    persons = typed["persons"]
    is_client = persons["role"] == "client"
    clients_per_case = persons.loc[is_client, "case_id"].value_counts()
    cases = typed["cases"]
    without = cases["case_id"].notna() & ~cases["case_id"].isin(clients_per_case.index)
    reports["cases"].add(ERROR, rows["cases"][without], "case_id", cases["case_id"][without],
                         "Fall ohne Klient/in; erwartet: genau eine Person mit Rolle client "
                         "in der Tabelle persons.")
    clients = persons[is_client & persons["case_id"].notna()]
    extra = persons.index.isin(clients.index[clients["case_id"].duplicated(keep="first")])
    reports["persons"].add(ERROR, rows["persons"][extra], "role", persons["role"][extra],
                           "zweite Person mit Rolle client im selben Fall; erwartet: genau "
                           "eine Klientin oder ein Klient je Fall.")


def _check_dates(typed, rows, reports, today: dt.date) -> None:
    limit = pd.Timestamp(today)
    for name, frame in typed.items():
        for column in TABLES[name].columns:
            if column.kind != "date" or column.name == "due_on":
                continue
            future = frame[column.name] > limit
            reports[name].add(ERROR, rows[name][future], column.name,
                              frame[column.name][future].dt.strftime("%d.%m.%Y"),
                              f"Datum liegt in der Zukunft; erwartet: spätestens "
                              f"{today:%d.%m.%Y}.")

    def before(name, later, earlier_values, message):
        frame = typed[name]
        bad = frame[later].notna() & earlier_values.notna() & (frame[later] < earlier_values)
        reports[name].add(ERROR, rows[name][bad], later,
                          frame[later][bad].dt.strftime("%d.%m.%Y"), message)

    if "cases" in typed:
        cases = typed["cases"]
        before("cases", "closed_on", cases["opened_on"],
               "Abschluss liegt vor der Eröffnung des Falls; erwartet: nach „opened_on“.")
        closed_without = (cases["status"] == "closed") & cases["closed_on"].isna()
        reports["cases"].add(WARNING, rows["cases"][closed_without], "closed_on", None,
                             "Status ist closed, aber kein Abschlussdatum eingetragen.")
        open_with = cases["status"].isin(["active", "paused"]) & cases["closed_on"].notna()
        reports["cases"].add(WARNING, rows["cases"][open_with], "status",
                             cases["status"][open_with].astype(str),
                             "Abschlussdatum ist eingetragen, aber der Status ist nicht closed.")
    if "persons" in typed:
        persons = typed["persons"]
        before("persons", "arrival_date", persons["birth_date"],
               "Einreise liegt vor der Geburt; erwartet: nach „birth_date“.")
    if "obstacles" in typed:
        obstacles = typed["obstacles"]
        before("obstacles", "resolved_on", obstacles["since"],
               "gelöst vor dem Beginn der Hürde; erwartet: nach „since“.")
    if "goals" in typed:
        goals = typed["goals"]
        before("goals", "due_on", goals["agreed_on"],
               "fällig vor der Vereinbarung; erwartet: nach „agreed_on“.")

    if "cases" not in typed:
        return
    opened = typed["cases"].drop_duplicates("case_id").set_index("case_id")["opened_on"]
    birth = None
    if "persons" in typed:
        persons = typed["persons"]
        clients = persons[persons["role"] == "client"].drop_duplicates("case_id")
        birth = clients.set_index("case_id")["birth_date"]
        before("cases", "opened_on", typed["cases"]["case_id"].map(birth),
               "Fall eröffnet vor der Geburt der Klientin oder des Klienten.")
    if "events" in typed:
        events = typed["events"]
        before("events", "date", events["case_id"].map(opened),
               "Ereignis liegt vor der Eröffnung des Falls; erwartet: ab „opened_on“ des Falls.")
    for name, column in (("obstacles", "since"), ("goals", "agreed_on")):
        if name in typed and birth is not None:
            before(name, column, typed[name]["case_id"].map(birth),
                   "Datum liegt vor der Geburt der Klientin oder des Klienten.")
