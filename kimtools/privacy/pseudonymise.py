"""From chosen raw cases to a conference package: gates, pseudonyms, generalisation, scrubbing.

`prepare_package` builds a draft in memory (the package plus, for the review, what was replaced
where); `write_package` runs the leak gate over the exact bytes and writes all or nothing. The
raw text stays in the draft's review objects and never reaches the package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kimtools import codes
from kimtools.caseload import Caseload
from kimtools.caseload.problems import column_letter
from kimtools.package import (
    COLUMNS,
    ConferencePackage,
    PackageError,
    check_target,
    month_stamp,
    month_text,
    os_error_text,
    render_files,
    write_files,
)
from kimtools.privacy import releases
from kimtools.privacy.attack import (
    RESOLUTIONS,
    Timelines,
    institution_type,
    merge_events,
    shown_day,
)
from kimtools.privacy.flags import Flag, find_flags
from kimtools.privacy.keys import KeyFileError, ProviderKey
from kimtools.privacy.leakgate import Leak, LeakGate
from kimtools.privacy.lexicon import NameLexicon
from kimtools.privacy.packagegate import scan_package
from kimtools.privacy.places import PlaceFinder
from kimtools.privacy.risk import Assessment, RiskResult, member_age_band, quasi_identifiers
from kimtools.privacy.scrubber import TYPES, Detection, KnownPerson, Scrubber
from kimtools.privacy.thirdparties import OtherPeople

DEFAULT_K = 3


# Labels count cases as Excel counts columns: A, B, … Z, AA, AB …
case_letter = column_letter


@dataclass(frozen=True)
class Refusal:
    case_id: str
    reason: str

    def __str__(self) -> str:
        return self.reason


class Refused(Exception):
    """Nothing was written; every reason is named, so all can be fixed at once."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        super().__init__("\n".join(str(r) for r in refusals))


class LeakDetected(Exception):
    """The leak gate found an identifier of the source caseload; nothing was written."""

    def __init__(self, leaks: list[Leak], case_ids: dict[str, str] | None = None):
        self.leaks = leaks
        case_ids = case_ids or {}

        def shown(leak: Leak) -> str:
            text = str(leak)
            for pseudonym, case_id in case_ids.items():
                text = text.replace(f"Fall {pseudonym}", f"Fall {case_id} ({pseudonym})")
            return f"  {text}"

        listed = "\n".join(shown(leak) for leak in leaks[:20])
        more = f"\n  … und {len(leaks) - 20} weitere" if len(leaks) > 20 else ""
        super().__init__(
            f"Schreiben abgebrochen: {len(leaks)} Kennzeichen aus dem Fallbestand im Paket "
            f"gefunden.\n{listed}{more}\nAusweg: den genannten Text im Fallbestand korrigieren "
            "(Fall, Eintrag und Spalte stehen oben) und neu pseudonymisieren, oder den Fall "
            "weglassen. Ist die Fundstelle kein Name und keine Kennung eines Menschen, bitte "
            "den Vorfall melden.")


@dataclass
class TextReview:
    """One free-text cell as the case manager reviews it: never written anywhere."""

    table: str
    item: str  # e.g. "Ereignis E03 (Tag 42)"
    record_id: str  # the raw id of the row, for the case manager's eyes only
    column: str
    raw: str
    scrubbed: str
    detections: list[Detection]
    flags: list[Flag] = field(default_factory=list)  # in ``scrubbed``: decided in the review


@dataclass
class CaseDraft:
    case_id: str
    pseudonym: str
    label: str
    risk: RiskResult
    texts: list[TextReview] = field(default_factory=list)

    @property
    def replacements(self) -> Counter:
        return Counter(d.type for t in self.texts for d in t.detections)


@dataclass
class Draft:
    package: ConferencePackage
    cases: list[CaseDraft]
    key: ProviderKey
    person_ids: dict[str, str] = field(default_factory=dict)  # pseudonym → raw id, never written
    decisions: dict = field(default_factory=dict)  # flag key → Decision (privacy.decisions)

    def approve(self, by: str, when: dt.datetime | None = None) -> None:
        """Record who approved the replacements, when, and with which key: never raw text.

        Refused while a flag of the review is undecided: approval means each was looked at.
        """
        if not by.strip():
            raise ValueError("Bitte den Namen der freigebenden Person angeben.")
        from kimtools.privacy.decisions import OpenFlags, open_flags

        if open_flags(self):
            raise OpenFlags(self)
        when = when or dt.datetime.now().astimezone()
        self.package.manifest["approval"] = {
            "approved_by": by.strip(),
            "approved_at": month_stamp(when),
            "key_fingerprint": self.key.fingerprint,
            "statement": "Ersetzungen und Risikobericht geprüft; Fälle für die "
                         "Planungskonferenz freigegeben.",
        }


def _label(role: str, gender: str, letter: str, number: int | None) -> str:
    """Readable label; household members are numbered only where the household size is shown."""
    if role == "client":
        return {"f": f"Klientin {letter}", "m": f"Klient {letter}"}.get(gender,
                                                                          f"Klient/in {letter}")
    if role == "partner":
        return {"f": f"Partnerin {letter}", "m": f"Partner {letter}"}.get(gender,
                                                                           f"Partner/in {letter}")
    noun = {"child": "Kind", "parent": "Elternteil", "relative": "Angehörige/r"}.get(role,
                                                                                     "Person")
    return f"{noun} {letter}{number or ''}"


_age_band = member_age_band


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


#: Indexes over the whole caseload (third parties, leak gate) by the fingerprint of the data
#: they were built from: a second package of the same caseload in one session reuses them.
#: Kept in memory only: on disk they would be one more copy of every client's name.
_INDEXES: dict[tuple, object] = {}
_INDEXES_KEPT = 4


def caseload_fingerprint(caseload: Caseload) -> str:
    """Hash of what the caseload indexes read: the persons table and the ids of every table.
    A changed name, address or id gives another fingerprint, so a stale index is never used."""
    digest = hashlib.sha256()
    ids = {"cases": "case_id", "persons": "person_id", "events": "event_id",
           "obstacles": "obstacle_id", "goals": "goal_id"}
    parts = [caseload.persons] + [caseload.table(name)[[column]] for name, column in ids.items()]
    for frame in parts:
        digest.update("|".join(map(str, frame.columns)).encode("utf-8"))
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _built(key: tuple, build):
    """The index under ``key``, built on first use; the oldest goes when too many are kept."""
    if key not in _INDEXES:
        while len(_INDEXES) >= _INDEXES_KEPT:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[key] = build()
    return _INDEXES[key]


def prepare_package(caseload: Caseload, case_ids: list[str], key: ProviderKey,
                    k: int = DEFAULT_K, as_of: dt.date | None = None,
                    district: str | None = None, lexicon: NameLexicon | None = None) -> Draft:
    """Build the package in memory, or refuse with every reason (consent, unknown, risk)."""
    as_of = as_of or dt.date.today()
    case_ids = list(dict.fromkeys(c.strip() for c in case_ids if c.strip()))
    cases = caseload.cases.set_index("case_id", drop=False)
    refusals: list[Refusal] = []
    if not case_ids:
        raise Refused([Refusal("", "Keine Fälle ausgewählt.")])
    for case_id in case_ids:
        if case_id not in cases.index:
            refusals.append(Refusal(case_id, f"Fall {case_id}: nicht im Fallbestand."))
        elif cases.at[case_id, "consent_conference"] != "yes":
            refusals.append(Refusal(case_id, f"Fall {case_id}: keine Einwilligung zur "
                                             "Vorstellung in der Planungskonferenz "
                                             "(consent_conference ist nicht „yes“)."))
    # The risk of a case refused already (unknown, no consent) is not worth a second reason.
    known = [c for c in case_ids if c in cases.index
             and cases.at[c, "consent_conference"] == "yes"]
    risks = {}
    if known:
        qi = quasi_identifiers(caseload, as_of)
        assessment = Assessment(qi, district, Timelines(caseload, qi.index))
        risks = assessment.assess(known, k)
        # A case shown before: what participants hold is the finest of both packages.
        try:
            released = releases.load(releases.record_file(key.path))
        except ValueError as exc:
            raise Refused([Refusal("", str(exc))]) from None
        for case_id in known:
            entry = released.get(key.case_pseudonym(case_id))
            if entry:
                again = assessment.assess([case_id], k, limits=releases.limits_of(entry),
                                          named=entry.get("named") or ())[case_id]
                if again.refused:
                    again.reason += (" Der Fall wurde schon vorgestellt; geprüft ist, was "
                                     "beide Pakete zusammen zeigen.")
                risks[case_id] = again
    refusals += [Refusal(c, risks[c].reason) for c in known if risks[c].refused]
    if refusals:
        raise Refused(refusals)

    lexicon = lexicon or NameLexicon.default()
    others = _built(("others", caseload_fingerprint(caseload), id(lexicon)), lambda: OtherPeople(
        zip(caseload.persons["given_name"].map(_text),
            caseload.persons["family_name"].map(_text), strict=True), lexicon))
    pseudonyms = {c: key.case_pseudonym(c) for c in case_ids}
    people = caseload.persons.loc[caseload.persons["case_id"].isin(case_ids), "person_id"]
    person_pseudonyms = {p: key.person_pseudonym(p) for p in people}
    for made in (pseudonyms, person_pseudonyms):
        if len(set(made.values())) != len(made):
            raise Refused([Refusal("", "Zwei Kennungen ergeben dasselbe Pseudonym; bitte "
                                       "einen der Fälle weglassen und den Vorfall melden.")])
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in
                                             ("cases", "persons", "events", "obstacles",
                                              "goals")}
    records = {}
    for name in ("persons", "events", "obstacles", "goals"):
        frame = caseload.table(name)
        chosen = frame[frame["case_id"].isin(case_ids)]
        records[name] = {case: rows for case, rows in chosen.groupby("case_id", sort=False)}
    drafts = []
    finders: dict[str, PlaceFinder] = {}  # one per municipality: its Ortsteile
    for index, case_id in enumerate(case_ids):
        town = _text(cases.at[case_id, "municipality"])
        if town not in finders:
            finders[town] = PlaceFinder(town or None, district)
        of_case = {name: rows.get(case_id, caseload.table(name).iloc[:0])
                   for name, rows in records.items()}
        draft, parts = _build_case(of_case, cases.loc[case_id], pseudonyms[case_id],
                                   case_letter(index), risks[case_id], person_pseudonyms,
                                   as_of, lexicon, others, finders[town])
        drafts.append(draft)
        for name, frame in parts.items():
            tables[name].append(frame)
    totals = Counter()
    for draft in drafts:
        totals.update(draft.replacements)
    manifest = {
        "created": month_stamp(dt.datetime.now().astimezone()),
        "key_fingerprint": key.fingerprint,
        "k_threshold": k,
        "time_resolution": _coarsest([d.risk.time_resolution for d in drafts]),
        "cases": [{
            "case": d.pseudonym, "label": d.label, "k_initial": d.risk.k_initial,
            "k": d.risk.k_final, "generalised": d.risk.steps,
            "time_resolution": d.risk.time_resolution, "institutions": d.risk.report,
            "replacements": dict(sorted(d.replacements.items())),
        } for d in drafts],
        "replacements": dict(sorted(totals.items())),
        "flags": {},
        "approval": None,
    }
    package = ConferencePackage(manifest=manifest, **{
        name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()})
    return Draft(package, drafts, key, {v: k for k, v in person_pseudonyms.items()})


def _coarsest(resolutions: list[str]) -> str:
    """The package's time resolution: the coarsest of its cases (each case names its own)."""
    order = [r.key for r in RESOLUTIONS]
    return max(resolutions, key=order.index) if resolutions else order[0]


def _build_case(records: dict[str, pd.DataFrame], case: pd.Series, pseudonym: str, letter: str,
                risk: RiskResult, person_pseudonyms: dict[str, str], as_of: dt.date,
                lexicon: NameLexicon, others: OtherPeople, places: PlaceFinder | None = None):
    """The package rows of one case, from that case's records of the raw tables."""
    case_id = case["case_id"]
    start = case["opened_on"]
    resolution = risk.time_resolution

    def days(when) -> int | None:
        """Days since first contact at the case's time resolution (start of its unit)."""
        return None if pd.isna(when) else shown_day(int((when - start).days), resolution)

    persons = records["persons"].copy()
    persons["order"] = persons["role"].map({"client": 0, "partner": 1, "child": 2,
                                            "parent": 3}).fillna(4)
    persons = persons.sort_values(["order", "birth_date"])
    gender_shown = risk.values.get("gender", "*") != "*"
    # A generalised household size must not be undone by listing or numbering the members.
    household_shown = risk.levels.get("household_size", "exact") == "exact"
    labels, known, person_rows, counters = {}, [], [], Counter()
    for person in persons.itertuples(index=False):
        role = str(person.role)
        counters[role] += 1
        gender = str(person.gender) if (gender_shown or role != "client") else "u"
        label = _label(role, gender, letter, counters[role] if household_shown else None)
        labels[person.person_id] = label
        known.append(KnownPerson(person.person_id, _text(person.given_name),
                                 _text(person.family_name), label, role, str(person.gender)))
        age = (None if pd.isna(person.birth_date)
               else (pd.Timestamp(as_of) - person.birth_date).days // 365.25)
        if role != "client" and not household_shown:
            continue
        person_rows.append({
            "person": person_pseudonyms[person.person_id], "case": pseudonym,
            "label": label, "role": role,
            "age": risk.values.get("age", "*") if role == "client" else _age_band(age),
            "gender": codes.label(codes.GENDERS, gender) if gender != "u" else "keine Angabe",
        })
    client_label = labels[persons.iloc[0]["person_id"]]
    scrubber = Scrubber(known, lexicon, others, places)
    draft = CaseDraft(case_id, pseudonym, client_label, risk)

    def prepared(value) -> str:
        raw = _text(value)
        for hidden in risk.hidden:  # an unnamed institution stays unnamed in the text too
            raw = re.sub(re.escape(hidden), "[Stelle]", raw, flags=re.IGNORECASE)
        return raw

    done: dict[str, tuple[str, list[Detection]]] = {}

    def scrub_all(values) -> None:
        """All texts of the case in one pass of the scrubber (``Scrubber.scrub_many``)."""
        texts = list(dict.fromkeys(t for t in map(prepared, values) if t))
        done.update(zip(texts, scrubber.scrub_many(texts), strict=True))

    def scrub(table: str, item: str, record_id: str, column: str, value) -> str:
        raw = prepared(value)
        if not raw:
            return ""
        scrubbed, detections = done.get(raw) or scrubber.scrub(raw)
        draft.texts.append(TextReview(table, item, record_id, column, raw, scrubbed,
                                      list(detections), find_flags(scrubbed)))
        return scrubbed

    events = records["events"].sort_values(["date", "event_id"])
    obstacles = records["obstacles"].sort_values(["since", "obstacle_id"])
    if risk.institution_names == "type":
        events, obstacles = events.copy(), obstacles.copy()
        for frame in (events, obstacles):
            named = frame["institution"].notna()
            frame.loc[named, "institution"] = frame.loc[named, "institution"].map(
                institution_type)
    if risk.hidden:
        events, obstacles = events.copy(), obstacles.copy()
        for frame in (events, obstacles):
            frame["institution"] = frame["institution"].where(
                ~frame["institution"].astype("string").str.strip().isin(risk.hidden).fillna(False),
                None)
    if resolution == "phase":
        events = merge_events(events)
        # Without days a resolved obstacle would look open: only the open ones are shown.
        obstacles = obstacles[obstacles["resolved_on"].isna()]
    goals = records["goals"].sort_values(["agreed_on", "goal_id"])
    scrub_all([*events["institution"], *events["note"], *obstacles["institution"],
               *obstacles["description"], *goals["description"],
               persons.iloc[0]["residence_status"]])
    event_rows = []
    for number, event in enumerate(events.itertuples(index=False), start=1):
        day = days(event.date)
        item = f"Ereignis E{number:02d} (Tag {int((event.date - start).days)})"
        event_rows.append({
            "case": pseudonym, "event": f"E{number:02d}", "day": day,
            "phase": event.phase, "kind": event.kind, "field": _text(event.field),
            "institution": scrub("events", item, event.event_id, "institution",
                                 event.institution),
            "note": scrub("events", item, event.event_id, "note", event.note)})
    obstacle_rows = []
    for number, obstacle in enumerate(obstacles.itertuples(index=False), start=1):
        item = f"Hürde H{number:02d}"
        obstacle_rows.append({
            "case": pseudonym, "obstacle": f"H{number:02d}", "field": obstacle.field,
            "institution": scrub("obstacles", item, obstacle.obstacle_id, "institution",
                                 obstacle.institution),
            "category": obstacle.category,
            "description": scrub("obstacles", item, obstacle.obstacle_id, "description",
                                 obstacle.description),
            "since_day": days(obstacle.since),
            "resolved_day": days(obstacle.resolved_on)})
    goal_rows = []
    for number, goal in enumerate(goals.itertuples(index=False), start=1):
        item = f"Ziel Z{number:02d}"
        goal_rows.append({
            "case": pseudonym, "goal": f"Z{number:02d}", "field": goal.field,
            "description": scrub("goals", item, goal.goal_id, "description",
                                 goal.description),
            "agreed_day": days(goal.agreed_on), "due_day": days(goal.due_on),
            "status": goal.status})

    client = persons.iloc[0]
    end = case["closed_on"] if pd.notna(case["closed_on"]) else pd.Timestamp(as_of)
    fields = sorted({str(f) for f in pd.concat([events["field"], obstacles["field"],
                                                goals["field"]]).dropna()},
                    key=list(codes.FIELDS).index)
    origin = risk.values.get("nationality", "*")
    case_row = {
        "case": pseudonym, "label": client_label,
        "municipality": risk.values.get("municipality", "*"),
        "provider": _text(case["provider"]), "status": case["status"],
        "days_open": days(end), "age": risk.values.get("age", "*"),
        "gender": person_rows[0]["gender"], "origin": origin,
        "arrival": risk.values.get("arrival_year", "*"),
        "household_size": risk.values.get("household_size", "*"),
        "residence_status": _shown(risk, "residence_status", scrub(
            "persons", client_label, client["person_id"], "residence_status",
            client["residence_status"])),
        "languages": _shown(risk, "languages", _text(client["languages"])),
        "fields": ";".join(fields)}
    frames = {
        "cases": pd.DataFrame([case_row]), "persons": pd.DataFrame(person_rows),
        "events": pd.DataFrame(event_rows, columns=list(COLUMNS["events"])),
        "obstacles": pd.DataFrame(obstacle_rows, columns=list(COLUMNS["obstacles"])),
        "goals": pd.DataFrame(goal_rows, columns=list(COLUMNS["goals"])),
    }
    for name in ("cases", "events", "obstacles", "goals"):
        for column in [c for c, kind in COLUMNS[name].items() if kind == "int"]:
            frames[name][column] = frames[name][column].astype("Int64")
    return draft, frames


def _shown(risk: RiskResult, name: str, exact: str) -> str:
    """A quasi-identifier the risk stage may have generalised: its shown value, or the
    (scrubbed) exact text where it stayed exact; "*" when suppressed."""
    if risk.levels.get(name, "exact") == "exact":
        return exact
    value = risk.values.get(name, "*")
    return "" if value == "unbekannt" else value


def write_package(draft: Draft, out: Path, caseload: Caseload,
                  gate: LeakGate | None = None) -> Path:
    """Sign, run the leak gate over the exact bytes, then write mapping and package, or nothing.

    The mapping is read and checked first: a package whose pseudonyms could not be recorded
    would be one the case manager can no longer link back. Should the package then fail to
    write, the mapping is put back as it was.
    """
    from kimtools.privacy.decisions import OpenFlags, open_flags

    if open_flags(draft):
        raise OpenFlags(draft)
    out = Path(out)
    try:
        draft.key.read_mapping()
    except KeyFileError as exc:
        raise PackageError(str(exc)) from None
    files = render_files(draft.package, draft.key.signing_key)
    gate = gate or _built(("gate", caseload_fingerprint(caseload)), lambda: LeakGate(
        caseload, NameLexicon.default().stop_words))
    leaks = scan_package(gate, files)
    if leaks:
        raise LeakDetected(leaks, {d.pseudonym: d.case_id for d in draft.cases})
    check_target(out)
    pairs = {**{d.pseudonym: d.case_id for d in draft.cases}, **draft.person_ids}
    try:
        undo = draft.key.remember(pairs)
    except KeyFileError as exc:
        raise PackageError(str(exc)) from None
    except OSError as exc:
        raise PackageError(os_error_text(exc, draft.key.mapping_file)) from None
    try:
        undo_release = releases.remember(releases.record_file(draft.key.path), {
            d.pseudonym: {"levels": d.risk.levels, "time_resolution": d.risk.time_resolution,
                          "named": sorted(d.risk.institutions),
                          "institution_names": d.risk.institution_names}
            for d in draft.cases})
    except OSError as exc:
        undo()
        raise PackageError(os_error_text(exc, releases.record_file(draft.key.path))) from None
    try:
        path = write_files(files, out)
    except BaseException:
        undo_release()
        undo()
        raise
    return path


REPLACEMENT_LABELS = {
    "person": "Namen von Personen des Falls", "name": "weitere Namen", "phone": "Telefonnummern",
    "email": "E-Mail-Adressen", "iban": "IBAN", "passport": "Passnummern",
    "file_number": "Aktenzeichen", "handle": "Nutzernamen und Internetadressen",
    "plate": "Kfz-Kennzeichen", "address": "Adressen", "date": "tagesgenaue Daten",
    "firm": "Firmen", "school": "Schulen mit Namen",
    "hospital": "Krankenhäuser mit Namen", "care_home": "Pflegeheime mit Namen",
    "mosque": "Gebetshäuser mit Namen", "origin": "Herkunftsorte", "quarter": "Ortsteile",
    "place": "Orte (Ebene unbekannt)",
}


def describe(draft: Draft) -> str:
    """German summary for the case manager: what was replaced, k per case, what was generalised."""
    lines = [f"Schlüssel-Fingerabdruck: {draft.key.fingerprint} (die Koordinierungsstelle "
             "gleicht ihn beim ersten Paket ab)"]
    for case in draft.cases:
        risk = case.risk
        lines.append(f"{case.pseudonym} „{case.label}“ (Fall {case.case_id}): "
                     f"k = {risk.k_initial} → {risk.k_final} (Schwelle {risk.threshold})")
        lines += [f"    verallgemeinert: {step}" for step in risk.steps]
        lines += [f"    Stelle im Raum – {line}" for line in risk.report]
        replaced = ", ".join(f"{REPLACEMENT_LABELS.get(t, t)}: {case.replacements[t]}"
                             for t in TYPES if case.replacements[t])
        lines.append(f"    ersetzt: {replaced or 'nichts'}")
    approval = draft.package.manifest.get("approval")
    if approval:
        lines.append(f"Freigegeben von {approval['approved_by']} im "
                     f"{month_text(approval['approved_at'])}.")
    else:
        lines.append("Noch nicht freigegeben (Entwurf).")
    return "\n".join(lines)
