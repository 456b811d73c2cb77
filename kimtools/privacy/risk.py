"""Re-identification risk of the cases chosen for a conference (DESIGN §4): k-anonymity.

A participant from the Ausländerbehörde or the Jobcenter knows the clients of the town. What a
package shows about a client (age, gender, nationality, municipality, household size, arrival
year: the *quasi-identifiers*) must therefore fit at least k clients of the whole caseload, so
that nobody can point at one person. ``assess`` counts, for each selected case, how many cases of
the caseload share its generalised quasi-identifiers (its *equivalence class*), and picks the
generalisation along each QI's ladder that costs the conference least while the class holds at
least k cases; if even the most general one does not, the case is refused.

The institutions in the room compare more than these: with ``timelines`` (``attack.py``) every
institution of a case also compares its own dated dealings at the package's time resolution,
k is the smallest count over them, and time resolution and leaving an institution unnamed are
further rungs of the same cost-optimal choice. The ladder itself is in ``generalise.py``.

Because every rung nests in the next, a row matches the selected case at a combination of
levels exactly when each QI is at least at the rung where the two first agree. ``assess``
therefore counts, per selected case, the rows by that "rung needed" vector and takes cumulative
sums along each QI: one array holds k for every combination of levels at once (at most
5·2·3·2·4·4·4·3 = 11,520 per time rung and naming), and the cheapest one is read off it.
The result is exact and optimal for the cost table, not a greedy or fixed-order approximation.

Missing values count as a value of their own ("unbekannt") until the QI is suppressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kimtools.caseload.validation import parse_dates
from kimtools.privacy.attack import RESOLUTION_OF, RESOLUTIONS, Timelines, institution_type
from kimtools.privacy.generalise import (
    MISSING,
    QI_COLUMNS,
    QI_LABELS,
    REQUIRED_QIS,
    SPAN_ANCHOR,
    SUPPRESSED,
    Level,
    describe_ladder,
    generalise,
    ladder,
    level_of,
)

# The ladder lives in generalise.py; these names stay importable from here.
__all__ = ["DEFAULT_K", "MISSING", "QI_COLUMNS", "QI_LABELS", "REQUIRED_QIS", "SPAN_ANCHOR",
           "SUPPRESSED", "RiskResult", "assess", "describe_ladder", "generalise", "ladder",
           "member_age_band", "quasi_identifiers"]

DEFAULT_K = 3
#: Institutions by name, or by type where a name alone singles a client out: their costs.
NAMINGS: tuple[str, ...] = ("name", "type")
NAMING_COSTS: tuple[int, ...] = (0, 4)
#: Cost of leaving one institution unnamed in a case (its rows stay, without the name). Dearer
#: than phases only with status and languages suppressed (12 + 7 + 3): the conference must see
#: which authority an obstacle is with, so an unnamed institution is the last resort.
HIDE_COST = 35


# ---------------------------------------------------------------------------------------------
# Quasi-identifiers
# ---------------------------------------------------------------------------------------------

def _table(caseload: object, name: str) -> pd.DataFrame:
    if isinstance(caseload, Mapping):
        return caseload[name]
    return getattr(caseload, name)


def _dates(values: pd.Series) -> pd.Series:
    """Typed dates as they are; date objects converted; text (ISO or German) parsed as the
    caseload reader does."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    is_date = values.map(lambda v: isinstance(v, dt.date), na_action="ignore")
    is_date = is_date.fillna(False).astype(bool)
    text = parse_dates(values.where(~is_date).astype("string").fillna("").str.strip())
    return text.where(~is_date, pd.to_datetime(values.where(is_date)))


def quasi_identifiers(caseload: object, as_of: dt.date) -> pd.DataFrame:
    """One row per case (index case_id): what a package could reveal about the client.

    ``caseload`` is a ``Caseload`` or a mapping of its tables (typed or as text, e.g. from the
    synthetic generator). Age is in completed years at ``as_of``; household size counts every
    person of the case. A case with several client rows uses the first; a case without a
    client has missing age, gender, nationality and arrival year.
    """
    cases = _table(caseload, "cases")
    persons = _table(caseload, "persons")
    as_of = pd.Timestamp(as_of)
    clients = persons[persons["role"].astype("string").eq("client").fillna(False)]
    clients = clients.drop_duplicates("case_id").set_index("case_id")
    birth = _dates(clients["birth_date"])
    before_birthday = (birth.dt.month > as_of.month) | (
        (birth.dt.month == as_of.month) & (birth.dt.day > as_of.day))
    age = as_of.year - birth.dt.year - before_birthday.astype("Int64")
    arrival = _dates(clients["arrival_date"]).dt.year
    household = persons.groupby(persons["case_id"].astype("string")).size()

    index = pd.Index(cases["case_id"].astype("string"), name="case_id")
    qi = pd.DataFrame({
        "age": age.reindex(index).astype("Int64"),
        "gender": clients["gender"].astype("string").reindex(index),
        "nationality": clients["nationality"].astype("string").str.upper().reindex(index),
        "municipality": pd.Series(cases["municipality"].astype("string").to_numpy(),
                                  index=index, dtype="string"),
        "household_size": household.reindex(index).astype("Int64"),
        "arrival_year": arrival.reindex(index).astype("Int64"),
    }, index=index)
    qi.loc[qi["household_size"] < 1, "household_size"] = pd.NA
    if "residence_status" in clients:
        qi["residence_status"] = clients["residence_status"].astype("string").str.strip() \
            .reindex(index)
    if "languages" in clients:
        qi["languages"] = clients["languages"].map(_language_set, na_action="ignore") \
            .astype("string").reindex(index)
    qi["household"] = _compositions(persons, as_of).reindex(index).astype("string")
    return qi


def _language_set(value: object) -> str:
    """Languages as a set: "de;ar" and "ar; de" are the same to anyone comparing files."""
    parts = sorted({part.strip().lower() for part in str(value).split(";") if part.strip()})
    return ";".join(parts)


def member_age_band(age: float | None) -> str:
    """Ages of household members: bands that keep what the conference needs (Kita, school)."""
    if age is None or pd.isna(age):
        return "unbekannt"
    age = int(age)
    for upper, band in ((2, "0–2"), (5, "3–5"), (9, "6–9"), (13, "10–13"), (17, "14–17"),
                        (24, "18–24")):
        if age <= upper:
            return band
    start = (age // 10) * 10
    return f"{start}–{start + 9}"


def _compositions(persons: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """What persons.csv shows of a household at exact size: size, then role, gender and age
    band of every other member; it nests in the size, so the size ladder stays a ladder."""
    birth = _dates(persons["birth_date"])
    age = ((as_of - birth).dt.days // 365.25)
    member = (persons["role"].astype("string").fillna("") + ":"
              + persons["gender"].astype("string").fillna("") + ":"
              + age.map(member_age_band))
    member = member.where(persons["role"].astype("string").ne("client").fillna(True), "")
    frame = pd.DataFrame({"case": persons["case_id"].astype("string"), "member": member})
    return frame.groupby("case")["member"].agg(
        lambda parts: f"{len(parts)}|" + ",".join(sorted(p for p in parts if p)))


# ---------------------------------------------------------------------------------------------
# Assessment
# ---------------------------------------------------------------------------------------------

@dataclass
class RiskResult:
    """The risk report of one selected case, as the review screen and the manifest show it.

    ``levels`` holds level keys (e.g. "band5"), ``values`` what the package shows; neither
    the steps nor the reason contain a raw value, only generalised ones and the case id.
    ``institutions`` holds k per institution of the case at the chosen levels (the attack of
    DESIGN §4); ``time_resolution`` the key of the time rung ("week", "month", …).
    """

    case_id: str
    k_initial: int
    k_final: int
    threshold: int
    levels: dict[str, str]
    values: dict[str, str]
    steps: list[str] = field(default_factory=list)
    refused: bool = False
    reason: str = ""
    time_resolution: str = "week"
    institutions: dict[str, int] = field(default_factory=dict)
    institution_names: str = "name"  # or "type": institutions named by their type only
    hidden: list[str] = field(default_factory=list)  # institutions left unnamed in the package

    @property
    def message(self) -> str:
        """One German sentence for lists and logs."""
        if self.refused:
            return self.reason
        if not self.steps:
            return (f"Fall {self.case_id}: k = {self.k_final} ≥ {self.threshold} "
                    "ohne Verallgemeinerung.")
        return (f"Fall {self.case_id}: k = {self.k_final} ≥ {self.threshold} nach "
                f"{len(self.steps)} Verallgemeinerung{'en' if len(self.steps) > 1 else ''} "
                f"(vorher k = {self.k_initial}).")

    @property
    def report(self) -> list[str]:
        """One line per institution: "Ausländerbehörde: k = 4 bei Monatsauflösung, …"."""
        rest = [f"{QI_LABELS[name]} {_level_names(name, key)}"
                for name, key in self.levels.items() if key != "exact"]
        if self.institution_names == "type":
            rest.append("Stellen nur als Art genannt")
        how = ", ".join([f"bei {RESOLUTION_OF[self.time_resolution].name}", *rest])
        return [f"{institution}: k = {k} {how}" for institution, k in self.institutions.items()]


def _level_names(name: str, key: str) -> str:
    level = level_of(ladder("Kreis"), name, key)
    return level.name if level.key != "suppressed" else "unterdrückt"


class _Classes:
    """Integer codes of every QI at every level over the whole caseload.

    Each level is applied to the distinct raw values only, then spread by their codes: the
    caseload may be large, but ages, years and countries are few. The exact household size
    compares the household's composition where known (persons.csv lists every member).
    """

    def __init__(self, qi: pd.DataFrame, rungs: Mapping[str, tuple[Level, ...]],
                 names: Sequence[str]):
        self.size = len(qi)
        self.names = tuple(names)
        self.raw: dict[str, np.ndarray] = {}
        self.codes: dict[str, list[np.ndarray]] = {}
        self.shown: dict[str, list[np.ndarray]] = {}
        for name in self.names:
            self.raw[name], uniques = pd.factorize(qi[name], use_na_sentinel=False)
            uniques = pd.Series(uniques)
            self.codes[name], self.shown[name] = [], []
            for level in rungs[name]:
                shown = level.generalise(uniques).to_numpy(dtype=object)
                level_codes, level_uniques = pd.factorize(shown)
                self.codes[name].append(level_codes[self.raw[name]])
                self.shown[name].append(np.asarray(level_uniques, dtype=object)[level_codes])
        if "household" in qi.columns and "household_size" in self.names:
            composition = pd.factorize(qi["household"], use_na_sentinel=False)[0]
            size = self.codes["household_size"][0]
            self.codes["household_size"][0] = pd.factorize(
                pd.Series(size).astype(str) + "/" + pd.Series(composition).astype(str))[0]

    def need(self, row: int, shape: tuple[int, ...]) -> np.ndarray:
        """``need[r, q]``: the first rung at which row r shows the same value as ``row`` for
        QI q (rungs nest, so it matches at every rung above)."""
        need = np.zeros((self.size, len(shape)), dtype=np.intp)
        for axis, name in enumerate(self.names):
            for codes in self.codes[name][:shape[axis]]:
                need[:, axis] += codes != codes[row]
        return need

    @staticmethod
    def sizes(need: np.ndarray, shape: tuple[int, ...],
              mask: np.ndarray | None = None) -> np.ndarray:
        """k for every combination of levels, counting only rows in ``mask``: rows that differ
        even at the highest allowed rung never join the class. Counting rows per need vector
        and summing up along every axis gives the number of rows with need ≤ levels."""
        if mask is not None:
            need = need[mask]
        need = need[(need < np.array(shape)).all(axis=1)]
        counts = np.bincount(np.ravel_multi_index(need.T, shape), minlength=int(np.prod(shape)))
        sizes = counts.reshape(shape)
        for axis in range(len(shape)):
            sizes = sizes.cumsum(axis=axis)
        return sizes

    @staticmethod
    def sizes_many(need: np.ndarray, shape: tuple[int, ...],
                   masks: Sequence[np.ndarray]) -> np.ndarray:
        """``sizes`` for each mask, stacked: one count and one running sum over all masks
        instead of a dozen array calls per mask (a case has a mask per institution and time
        rung, a package thousands). Equal masks are counted once: coarser time rungs often
        leave an institution's mask as it was (half of them in a synthetic caseload)."""
        first: dict[bytes, int] = {}
        distinct: list[np.ndarray] = []
        position = []
        for mask in masks:
            key = mask.tobytes()
            if key not in first:
                first[key] = len(distinct)
                distinct.append(mask)
            position.append(first[key])
        inside = (need < np.array(shape)).all(axis=1)
        cells = int(np.prod(shape))
        flat = np.ravel_multi_index(need[inside].T, shape)
        counts = np.bincount(
            np.concatenate([flat[mask[inside]] + i * cells for i, mask in enumerate(distinct)]),
            minlength=cells * len(distinct))
        sizes = counts.reshape((len(distinct), *shape))
        for axis in range(1, sizes.ndim):
            sizes = sizes.cumsum(axis=axis)
        return sizes[position]

    def values(self, row: int, levels: Mapping[str, int]) -> dict[str, str]:
        """What the package shows for one row: level values of its distinct raw value."""
        return {name: str(self.shown[name][level][self.raw[name][row]])
                for name, level in levels.items()}


def _allowed(rungs: Mapping[str, tuple[Level, ...]], names: Sequence[str],
             limits: Mapping[str, str] | None) -> dict[str, int]:
    """Number of usable rungs per QI: the whole ladder unless ``limits`` caps it."""
    allowed = {name: len(rungs[name]) for name in names}
    for name, key in (limits or {}).items():
        if name in ("time", "institutions"):
            continue
        if name not in rungs:
            raise ValueError(f"unbekanntes Merkmal {name!r}; bekannt: {', '.join(QI_COLUMNS)}.")
        if name in allowed:
            allowed[name] = rungs[name].index(level_of(rungs, name, key)) + 1
    return allowed


def _costs(rungs: Mapping[str, tuple[Level, ...]], names: Sequence[str],
           shape: tuple[int, ...]) -> np.ndarray:
    """Total cost of every combination of (names, time rung, levels), shaped like the sizes."""
    total = np.zeros(shape, dtype=np.int64)
    axes = [list(NAMING_COSTS)[:shape[0]], [r.cost for r in RESOLUTIONS][:shape[1]],
            *([level.cost for level in rungs[name]][:shape[i + 2]]
              for i, name in enumerate(names))]
    for axis, along in enumerate(axes):
        along = np.array(along, dtype=np.int64)
        total = total + along.reshape([-1 if i == axis else 1 for i in range(len(shape))])
    return total


def assess(qi: pd.DataFrame, selected: Sequence[str], k: int = DEFAULT_K,
           district: str | None = None, *,
           limits: Mapping[str, str] | None = None, timelines: Timelines | None = None,
           tolerance: int = 0, named: Sequence[str] = ()) -> dict[str, RiskResult]:
    """Risk report per selected case: k over the whole caseload, generalised until k ≥ threshold.

    ``qi`` is the table of ``quasi_identifiers`` for the whole caseload (every case counts,
    whether or not it is presented). With ``timelines`` (built over the same table), each
    institution appearing in a case also compares its own dated items at the package's time
    resolution (``attack.Timelines``): k is the smallest count over the institutions, and the
    time resolution is one more rung to generalise (``limits={"time": "month"}`` caps it).
    ``named`` lists institutions named in an earlier package of the case: never hidden.
    ``tolerance`` widens the institution's dates (0 is the sharpest adversary, so the
    safest count). ``district`` enables showing the district instead of the municipality.
    ``Assessment`` does the same for several calls over one caseload.
    """
    if k < 1:
        raise ValueError(f"Die Schwelle k muss mindestens 1 sein, nicht {k}.")
    return Assessment(qi, district, timelines).assess(selected, k, limits=limits,
                                                      tolerance=tolerance, named=named)


class Assessment:
    """``assess`` over one caseload, with what does not depend on the limits (the classes of
    every quasi-identifier, the institutions' views by type) built once: a case shown before
    is assessed again under the limits of its earlier package."""

    def __init__(self, qi: pd.DataFrame, district: str | None = None,
                 timelines: Timelines | None = None):
        missing_columns = [name for name in REQUIRED_QIS if name not in qi.columns]
        if missing_columns:
            raise ValueError(f"Merkmale fehlen in der Tabelle: {', '.join(missing_columns)}.")
        if not qi.index.is_unique:
            raise ValueError("Die Fall-IDs der Merkmalstabelle sind nicht eindeutig.")
        self.qi = qi
        self.timelines = timelines
        self.names = [name for name in QI_COLUMNS if name in qi.columns]
        self.rungs = ladder(district)
        self.classes = _Classes(qi, self.rungs, self.names)
        self._by_type: Timelines | None = None

    def assess(self, selected: Sequence[str], k: int = DEFAULT_K, *,
               limits: Mapping[str, str] | None = None, tolerance: int = 0,
               named: Sequence[str] = ()) -> dict[str, RiskResult]:
        """``assess`` of the selected cases; see there."""
        if isinstance(selected, str):
            selected = [selected]
        if k < 1:
            raise ValueError(f"Die Schwelle k muss mindestens 1 sein, nicht {k}.")
        unknown = [case for case in selected if case not in self.qi.index]
        if unknown:
            raise KeyError(f"Fall {', '.join(map(str, unknown))} ist nicht im Fallbestand.")
        allowed = _allowed(self.rungs, self.names, limits)
        times, namings, views = 1, 1, None
        if self.timelines is not None:
            cap = (limits or {}).get("time")
            times = ([r.key for r in RESOLUTIONS].index(cap) + 1) if cap else len(RESOLUTIONS)
            # By type, every institution of that type counts as one that holds all their
            # dates (``Timelines.by_type``): at least as strong as any single one seeing
            # "Kita". A case named by name before stays at names
            # (``limits={"institutions": "name"}``).
            namings = 1 if (limits or {}).get("institutions") == "name" else 2
            if namings == 2 and self._by_type is None:
                self._by_type = self.timelines.by_type()
            views = (self.timelines, self._by_type) if namings == 2 else (self.timelines,)
        shape = (namings, times, *(allowed[name] for name in self.names))
        costs = _costs(self.rungs, self.names, shape)
        return {case: _assess_one(self.classes, self.rungs, costs, str(case),
                                  self.qi.index.get_loc(case), k, views, tolerance,
                                  frozenset(named))
                for case in selected}


def _attack(classes: _Classes, costs: np.ndarray, row: int,
            views: tuple[Timelines, ...] | None,
            tolerance: int) -> tuple[np.ndarray, list[dict[str, np.ndarray]], np.ndarray]:
    """Sizes over (names, time rung, levels…): the minimum over the institutions of the case,
    each counting the clients consistent with its quasi-identifiers and its own dated items;
    per naming rung, k of every institution as it is named there; and the sizes by the
    quasi-identifiers alone."""
    shape = costs.shape[2:]
    need = classes.need(row, shape)
    plain = classes.sizes(need, shape)
    sizes = np.broadcast_to(plain, costs.shape).copy()
    reports: list[dict[str, np.ndarray]] = []
    resolutions = RESOLUTIONS[:costs.shape[1]]
    for naming, view in enumerate(views or ()):
        institutions = view.institutions(row)
        per_institution = {}
        if institutions:
            stacked = classes.sizes_many(need, shape, [
                view.consistent(row, institution, resolution.key, tolerance)
                for institution in institutions for resolution in resolutions]).reshape(
                    (len(institutions), len(resolutions), *shape))
            for institution, per in zip(institutions, stacked, strict=True):
                per_institution[institution] = per
                sizes[naming] = np.minimum(sizes[naming], per)
        reports.append(per_institution)
    return sizes, reports, plain


def _assess_one(classes: _Classes, rungs: Mapping[str, tuple[Level, ...]], costs: np.ndarray,
                case: str, row: int, threshold: int, views: tuple[Timelines, ...] | None,
                tolerance: int, named: frozenset[str] = frozenset()) -> RiskResult:
    sizes, reports, plain = _attack(classes, costs, row, views, tolerance)
    k_initial = int(sizes[(0,) * sizes.ndim])
    costs = costs.copy()
    if reports:
        # An institution that alone would single the client out can be left unnamed: then it
        # does not appear in the package and compares nothing but the quasi-identifiers.
        kept = np.array(np.broadcast_to(plain, costs.shape), dtype=np.int64)
        for naming, per_institution in enumerate(reports):
            for institution, per in per_institution.items():
                # one named at an earlier conference knows the case already: never hidden
                low = (per < threshold) & (not _known(institution, named))
                kept[naming] = np.where(low, kept[naming], np.minimum(kept[naming], per))
                costs[naming] += HIDE_COST * low
        sizes = kept
    candidates = np.flatnonzero(sizes.ravel() >= threshold)
    refused = candidates.size == 0
    if refused:
        chosen = tuple(n - 1 for n in costs.shape)
    else:
        order = np.lexsort((candidates, -sizes.ravel()[candidates], costs.ravel()[candidates]))
        chosen = tuple(int(i) for i in np.unravel_index(candidates[order[0]], costs.shape))
    levels = dict(zip(classes.names, chosen[2:], strict=True))
    values = classes.values(row, levels)
    resolution = RESOLUTIONS[chosen[1]].key
    per_institution = reports[chosen[0]] if reports else {}
    result = RiskResult(
        case_id=case, k_initial=k_initial, k_final=int(sizes[chosen]),
        threshold=threshold,
        levels={name: rungs[name][level].key for name, level in levels.items()},
        values=values, steps=_narrate(sizes, chosen, classes.names, rungs), refused=refused,
        time_resolution=resolution,
        institutions={name: int(per[chosen[1:]]) for name, per in per_institution.items()
                      if per[chosen[1:]] >= threshold or _known(name, named)},
        hidden=sorted(name for name, per in per_institution.items()
                      if per[chosen[1:]] < threshold and not _known(name, named))
        if not refused else [],
        institution_names=NAMINGS[chosen[0]])
    if result.hidden:
        count = len(result.hidden)
        result.steps.append(f"{count} Stelle{'n' if count > 1 else ''} ohne Namen, weil der "
                            "Name allein den Fall eingrenzen würde")
    if refused:
        result.reason = _refusal(case, result.k_final, threshold, levels, values)
    return result


def _known(institution: str, named: frozenset[str]) -> bool:
    """Named (or shown by its type) at an earlier conference: it knows the case already, by
    whichever of name and type it appears under now."""
    return bool({institution, institution_type(institution)}
                & (named | {institution_type(name) for name in named}))


def _narrate(sizes: np.ndarray, chosen: tuple[int, ...], names: Sequence[str],
             rungs: Mapping[str, tuple[Level, ...]]) -> list[str]:
    """One German sentence per generalised QI, cheapest first, with k before and after."""
    axes = [("names", chosen[0]), ("time", chosen[1]), *zip(names, chosen[2:], strict=True)]

    def cost(axis: int) -> int:
        name, level = axes[axis]
        if name == "names":
            return NAMING_COSTS[level]
        return RESOLUTIONS[level].cost if name == "time" else rungs[name][level].cost

    order = sorted((axis for axis, (_, level) in enumerate(axes) if level > 0), key=cost)
    state = [0] * len(axes)
    before = int(sizes[tuple(state)])
    steps = []
    for axis in order:
        name, level = axes[axis]
        state[axis] = level
        after = int(sizes[tuple(state)])
        text = ("Stellen nur als Art genannt (z. B. „Kita“ statt ihres Namens)"
                if name == "names" else f"Zeitangaben in {RESOLUTIONS[level].name}"
                if name == "time" else f"{QI_LABELS[name]} {rungs[name][level].step}")
        steps.append(f"{text} (k {before} → {after})")
        before = after
    return steps


def _refusal(case: str, k: int, threshold: int, levels: Mapping[str, int],
             values: Mapping[str, str]) -> str:
    """Names what is left of the combination; an exact value only for the municipality, which
    the package shows anyway, so a capped ladder (``limits``) never puts a raw value here."""
    kept = []
    for name, value in values.items():
        if value == SUPPRESSED:
            continue
        exact = levels[name] == 0 and name != "municipality"
        kept.append(f"{QI_LABELS[name]} (genau)" if exact else f"{QI_LABELS[name]} {value}")
    if kept:
        combination = "Kombination aus " + ", ".join(kept)
    else:
        combination = f"der Fallbestand umfasst nur {k} Fälle"
    return (f"Fall {case}: auch nach allen Verallgemeinerungen nur k = {k} < {threshold} "
            f"({combination}), geprüft gegenüber jeder beteiligten Stelle bis hin zu "
            "„nur Phasen“; bitte einen anderen Fall wählen oder die Schwelle begründet senken.")
