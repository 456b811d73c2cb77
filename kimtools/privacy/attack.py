"""The adversary of DESIGN §4 in code: which clients could an institution in the room match?

A participant from an institution holds the dates of its own dealings with each of its clients
(events and obstacles with that institution), to within a few days, but not the day the KIM case
was opened. The package shows each dated item as a number of time units since first contact
(weeks, months, quarters; or no number at all, "phases only"). A client of the caseload is
consistent with a presented case when one unknown first-contact day ``s`` maps every one of the
client's own dated items at that institution onto the unit the package shows:

    floor((date_i - s) / unit) = shown_i   for all i, each date_i known to ± ``tolerance`` days.

Counting these clients, together with the quasi-identifiers, is the attack; the risk stage takes
the smallest count over the institutions of a case as its k. Matching the client's items in date
order to the shown items in unit order is enough: the units grow with the dates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Resolution:
    """One rung of the time ladder; ``unit`` in days, None for "phases only"."""

    key: str
    name: str  # "Monatsauflösung"
    unit: float | None
    cost: int


RESOLUTIONS: tuple[Resolution, ...] = (
    Resolution("week", "Wochenauflösung", 7.0, 0),
    Resolution("month", "Monatsauflösung", DAYS_PER_MONTH, 1),
    Resolution("quarter", "Quartalsauflösung", 3 * DAYS_PER_MONTH, 3),
    Resolution("phase", "nur Phasen (ohne Zeitangaben, Kontakte je Stelle zusammengefasst)",
               None, 12),
)
RESOLUTION_OF = {r.key: r for r in RESOLUTIONS}
#: Kinds of dated items an institution can compare; events and obstacle dates are told apart.
#: "open" marks each unresolved obstacle (undated): at "phases only" the package shows only
#: those, so their number is all an institution can count there.
KINDS = ("event", "since", "resolved", "open")


def shown_day(days: object, resolution: str) -> int | None:
    """A day since first contact as the package stores it: the start of its unit, in days.

    "phases only" stores no number. Stored as days so that every reader keeps working; the
    manifest names the resolution, and the unit number is ``round(day / unit)``.
    """
    unit = RESOLUTION_OF[resolution].unit
    if unit is None or days is None or pd.isna(days):
        return None
    return int(round(math.floor(int(days) / unit) * unit))


def _ordinal(values: pd.Series) -> np.ndarray:
    days = pd.to_datetime(values, errors="coerce")
    return ((days - pd.Timestamp("1970-01-01")).dt.days).to_numpy(dtype="float64")


#: Words in an institution's name → its type, first match wins; types name no place.
_TYPES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("kita", "familienzentrum"), "Kita"),
    (("schule", "gymnasium", "berufskolleg", "euro-schulen"), "Schule/Bildungsträger"),
    (("botschaft", "konsul", "auslandsvertretung"), "Auslandsvertretung"),
    (("aok", "bkk", "ikk", "barmer", "dak-", "techniker", "krankenkasse"), "Krankenkasse"),
    (("schuldner",), "Schuldnerberatung"),
    (("vhs", "inlingua", "kolping", "daa ", "tüv", "akademie"), "Sprach-/Bildungsträger"),
    (("leg ", "vonovia", "vivawest", "gwg", "wohnungs"), "Wohnungsunternehmen"),
    (("migrationsberatung", "psz", "flüchtling", "initiative", "nachbarschaft"),
     "Beratungsstelle/Initiative"),
    (("kammer", "ihk", "zab", "anerkennung", "bezirksregierung"), "Anerkennungsstelle"),
    (("ausländerbehörde",), "Ausländerbehörde"),
    (("jobcenter",), "Jobcenter"),
    (("agentur für arbeit",), "Agentur für Arbeit"),
    (("jugendamt",), "Jugendamt"),
    (("familienkasse",), "Familienkasse"),
    (("bamf",), "BAMF"),
    (("sozialamt", "wohngeld", "bürgerbüro", "standesamt", "führerschein", "stadt "),
     "Kommunalverwaltung"),
    (("gericht",), "Gericht"),
)


def institution_type(name: object) -> str:
    """The type of an institution, for when its name alone would single a client out."""
    text = f"{name} ".lower()
    for words, kind in _TYPES:
        if any(word in text for word in words):
            return kind
    return "andere Stelle"


def merge_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events of one institution as one row ("phases only"): the first of them, the other
    notes appended; events without institution stay as they are.

    The merged row is always of kind "other": a kept kind ("Antrag") would tell the
    institution it dealt with the client exactly once, a count "phases only" is not charged for.
    """
    if events.empty:
        return events
    named = events["institution"].astype("string").str.strip().fillna("").ne("")
    key = events["institution"].astype("string").str.strip().where(named, None)
    merged = []
    for _, rows in events[named].groupby(key[named], sort=False):
        first = rows.iloc[0].copy()
        notes = [str(n) for n in rows["note"] if isinstance(n, str) and n.strip()]
        first["note"] = " / ".join(notes)
        first["kind"] = "other"
        merged.append(first)
    rest = events[~named]
    frame = pd.DataFrame(merged, columns=events.columns) if merged else events.iloc[:0]
    return pd.concat([frame, rest]).sort_values(["date"], kind="stable")


class Timelines:
    """Every dated item of every case, per institution, ready for vectorised matching.

    ``index`` is the case order of the quasi-identifier table: rows of the attack are positions
    in it. Items without institution or date are not comparable and left out.
    """

    def __init__(self, caseload: object, index: pd.Index):
        def table(name: str) -> pd.DataFrame:
            return caseload[name] if isinstance(caseload, Mapping) else getattr(caseload, name)

        self.size = len(index)
        position = pd.Series(np.arange(len(index)), index=index.astype("string"))
        cases = table("cases")
        opened = pd.Series(_ordinal(cases["opened_on"]),
                           index=cases["case_id"].astype("string"))
        self.opened = opened.reindex(index.astype("string")).to_numpy()
        events, obstacles = table("events"), table("obstacles")
        parts = [
            pd.DataFrame({"case": events["case_id"], "institution": events["institution"],
                          "kind": "event", "date": _ordinal(events["date"])}),
            pd.DataFrame({"case": obstacles["case_id"], "institution": obstacles["institution"],
                          "kind": "since", "date": _ordinal(obstacles["since"])}),
            pd.DataFrame({"case": obstacles["case_id"], "institution": obstacles["institution"],
                          "kind": "resolved", "date": _ordinal(obstacles["resolved_on"])}),
            pd.DataFrame({"case": obstacles["case_id"], "institution": obstacles["institution"],
                          "kind": "open", "date": np.where(
                              pd.to_datetime(obstacles["resolved_on"], errors="coerce").isna(),
                              0.0, np.nan)}),
        ]
        items = pd.concat(parts, ignore_index=True)
        items["institution"] = items["institution"].astype("string").str.strip()
        items["row"] = items["case"].astype("string").map(position)
        items = items.dropna(subset=["institution", "date", "row"])
        items = items[items["institution"] != ""]
        items["row"] = items["row"].astype(np.int64)
        self._index(items)

    def by_type(self) -> Timelines:
        """The same items with every institution replaced by its type: what the institutions
        can compare when the package names types only."""
        typed = object.__new__(Timelines)
        typed.size, typed.opened = self.size, self.opened
        items = self.items.copy()
        names = items["institution"]
        types = {name: institution_type(name) for name in names.unique()}  # few, many rows
        items["institution"] = names.map(types)
        typed._index(items)
        return typed

    def _index(self, items: pd.DataFrame) -> None:
        items = items.sort_values(["institution", "kind", "row", "date"], kind="stable")
        self.items = items
        names = items["institution"].to_numpy(dtype=object)
        kinds = items["kind"].to_numpy(dtype=object)
        rows = items["row"].to_numpy(dtype=np.int64)
        dates = items["date"].to_numpy(dtype="float64")
        # per case: its own items as plain arrays, so one case's lookups stay small
        order = np.argsort(rows, kind="stable")
        self._names, self._kinds, self._dates = names[order], kinds[order], dates[order]
        first, begin = np.unique(rows[order], return_index=True)
        finish = np.r_[begin[1:], len(order)]
        self._span = dict(zip(first.tolist(), zip(begin.tolist(), finish.tolist(),
                                                  strict=True), strict=True))
        # (institution, kind) → per-row count, and count → (rows, dates sorted per row)
        self.counts: dict[tuple[str, str], np.ndarray] = {}
        self.groups: dict[tuple[str, str, int], tuple[np.ndarray, np.ndarray]] = {}
        key = pd.Series(names + "\x00" + kinds)
        bounds = np.flatnonzero(key.to_numpy()[1:] != key.to_numpy()[:-1]) + 1
        for low, high in zip(np.r_[0, bounds], np.r_[bounds, len(key)], strict=True):
            institution, kind = names[low], kinds[low]
            part_rows, part_dates = rows[low:high], dates[low:high]
            self.counts[(institution, kind)] = np.bincount(part_rows, minlength=self.size)
            starts = np.r_[0, np.flatnonzero(np.diff(part_rows)) + 1]
            lengths = np.diff(np.r_[starts, len(part_rows)])
            for m in np.unique(lengths):
                chosen = starts[lengths == m]
                take = chosen[:, None] + np.arange(m)[None, :]
                self.groups[(institution, kind, int(m))] = (part_rows[chosen], part_dates[take])

    def _of(self, row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        low, high = self._span.get(row, (0, 0))
        return self._names[low:high], self._kinds[low:high], self._dates[low:high]

    def institutions(self, row: int) -> list[str]:
        """Institutions that appear in what a package shows of this case."""
        return sorted(set(self._of(row)[0]))

    def consistent(self, row: int, institution: str, resolution: str,
                   tolerance: int = 0) -> np.ndarray:
        """Boolean mask over all rows: clients this institution cannot tell apart from ``row``
        by its own dated items, at the given resolution, under any shift of first contact."""
        unit = RESOLUTION_OF[resolution].unit
        names, kinds, days = self._of(row)
        at = names == institution
        mask = np.ones(self.size, dtype=bool)
        low = np.full(self.size, -np.inf)
        high = np.full(self.size, np.inf)
        for kind in KINDS:
            count = self.counts.get((institution, kind))
            dates = np.sort(days[at & (kinds == kind)].astype("float64"))
            m = len(dates)
            if count is None:
                if m:
                    mask[:] = False
                continue
            if unit is None and kind == "event":
                # Phases only: the events of one institution are merged into one row, so the
                # institution learns that it dealt with the client, not how often.
                mask &= (count > 0) == (m > 0)
                continue
            if (unit is None) != (kind == "open"):
                # Phases only shows the open obstacles and nothing else of them; with a time
                # unit the dates of "since" and "resolved" say more than their number.
                continue
            mask &= count == m
            if m == 0 or unit is None:
                continue
            shown = np.floor((dates - self.opened[row]) / unit)
            rows, theirs = self.groups[(institution, kind, m)]
            lo = (theirs - (shown + 1) * unit - tolerance).max(axis=1)
            hi = (theirs - shown * unit + tolerance).min(axis=1)
            low[rows] = np.maximum(low[rows], lo)
            high[rows] = np.minimum(high[rows], hi)
        if unit is not None:
            mask &= np.floor(high) > low
        return mask
