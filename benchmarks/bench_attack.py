"""The institutions in the room, tried independently of the risk stage (DESIGN §4).

Writes real packages with ``prepare_package`` and attacks them with code of its own (nothing of
the risk stage is imported): a participant of each institution that dealt with a presented
client holds every client's quasi-identifiers and the dates of its own dealings, exact or off by
up to ± 3 days, and lists the clients of the caseload consistent with what the package shows of
the presented client, trying every first-contact day. Printed per institution and overall:
unique re-identifications, true client within the top 3, clients with fewer than k candidates,
the share of consenting cases with an open obstacle that could be presented at k, and the time
resolutions used.

    .venv/bin/python benchmarks/bench_attack.py [--seeds 11,12,13] [--cases 2000]
        [--selected 20,50] [--town 40] [--k 3]

``--town N`` adds a single-provider caseload of N clients in one town (``kimtools synth
--single-town``), as a KIM provider of a small town holds them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kimtools.caseload import read_caseload
from kimtools.caseload.writer import write_caseload
from kimtools.package import load_package
from kimtools.privacy.decisions import Decision, decide, flag_key, open_flags
from kimtools.privacy.keys import ProviderKey
from kimtools.privacy.pseudonymise import Refused, prepare_package, write_package
from kimtools.privacy.regions import REGION_OF, country_name_de
from synthetic import generate_caseload

AS_OF = dt.date(2026, 11, 1)
UNITS = {"week": 7.0, "month": 365.25 / 12, "quarter": 365.25 / 4, "phase": None}
GENDER_SHOWN = {"weiblich": "f", "männlich": "m", "divers": "d"}
UNSAFE = ("duldung", "gestattung", "fiktion", "104c", "§ 24")
#: What a participant calls its own kind of office when a package names types only: the label
#: on the package → words of the names of the offices of that kind (the participant's view).
KIND_WORDS = {
    "Ausländerbehörde": ["ausländerbehörde"], "Jobcenter": ["jobcenter"],
    "Agentur für Arbeit": ["agentur für arbeit"], "Jugendamt": ["jugendamt"],
    "Familienkasse": ["familienkasse"], "BAMF": ["bamf"], "Gericht": ["gericht"],
    "Kita": ["kita", "familienzentrum"],
    "Schule/Bildungsträger": ["schule", "gymnasium", "berufskolleg", "euro-schulen"],
    "Auslandsvertretung": ["botschaft", "konsul", "auslandsvertretung"],
    "Krankenkasse": ["aok", "bkk", "ikk", "barmer", "dak-", "techniker", "krankenkasse"],
    "Schuldnerberatung": ["schuldner"],
    "Sprach-/Bildungsträger": ["vhs", "inlingua", "kolping", "daa ", "tüv", "akademie"],
    "Wohnungsunternehmen": ["leg ", "vonovia", "vivawest", "gwg", "wohnungs"],
    "Beratungsstelle/Initiative": ["migrationsberatung", "psz", "flüchtling", "initiative",
                                   "nachbarschaft"],
    "Anerkennungsstelle": ["kammer", "ihk", "zab", "anerkennung", "bezirksregierung"],
    "Kommunalverwaltung": ["sozialamt", "wohngeld", "bürgerbüro", "standesamt",
                           "führerschein", "stadt "],
}
#: Language families as a participant looks them up (lower case, as the package shows them).
FAMILY_OF = {code: family.lower() for family, codes in {
    "germanisch": ["de", "en", "nl", "da", "sv", "no", "lb", "yi"],
    "romanisch": ["ro", "fr", "it", "es", "pt", "ca"],
    "slawisch": ["ru", "uk", "pl", "bg", "sr", "hr", "bs", "mk", "cs", "sk", "sl", "be"],
    "iranisch": ["fa", "prs", "ps", "ku", "ckb", "kmr", "tg", "bal"],
    "indoarisch": ["ur", "hi", "pa", "bn", "ne", "si", "rom"],
    "weitere indogermanische": ["sq", "el", "hy"],
    "semitisch": ["ar", "ti", "am", "he", "mt"], "kuschitisch": ["so", "om", "aa"],
    "turksprachig": ["tr", "az", "uz", "tk", "kk", "ky", "ug"], "kaukasisch": ["ka", "ce"],
    "uralisch": ["hu", "fi", "et"], "tschadisch": ["ha"],
    "Niger-Kongo": ["ff", "yo", "ig", "ak", "tw", "sw", "ln", "wo", "rw"],
}.items() for code in codes}
FAMILIES = frozenset(FAMILY_OF.values()) | {"andere sprache"}
#: Order in which a name is tested (a "Kreisjugendamt" is a Jugendamt, not a Kita).
KIND_ORDER = ["Kita", "Schule/Bildungsträger", "Auslandsvertretung", "Krankenkasse",
              "Schuldnerberatung", "Sprach-/Bildungsträger", "Wohnungsunternehmen",
              "Beratungsstelle/Initiative", "Anerkennungsstelle", "Ausländerbehörde",
              "Jobcenter", "Agentur für Arbeit", "Jugendamt", "Familienkasse", "BAMF",
              "Kommunalverwaltung", "Gericht"]


# --- what a participant knows of every client ------------------------------------------------

def _age(birth: pd.Series, on: dt.date) -> pd.Series:
    day = pd.Timestamp(on)
    years = day.year - birth.dt.year
    later = (birth.dt.month > day.month) | ((birth.dt.month == day.month)
                                           & (birth.dt.day > day.day))
    return years - later.astype(int)


def _band(age: float) -> str:
    if pd.isna(age):
        return "unbekannt"
    age = int(age)
    for top, text in ((2, "0–2"), (5, "3–5"), (9, "6–9"), (13, "10–13"), (17, "14–17"),
                      (24, "18–24")):
        if age <= top:
            return text
    return f"{age // 10 * 10}–{age // 10 * 10 + 9}"


def participant_files(caseload) -> pd.DataFrame:
    """One row per case: the client's facts as an authority's file holds them."""
    persons = caseload.persons
    clients = persons[persons["role"] == "client"].drop_duplicates("case_id")
    clients = clients.set_index("case_id")
    members = persons[persons["role"] != "client"].copy()
    members["age"] = (pd.Timestamp(AS_OF) - members["birth_date"]).dt.days // 365.25
    members["entry"] = (members["role"].astype(str) + "/" + members["gender"].astype(str)
                        + "/" + members["age"].map(_band))
    household = members.groupby("case_id")["entry"].agg(lambda e: tuple(sorted(e)))
    files = pd.DataFrame(index=caseload.cases["case_id"])
    files["municipality"] = caseload.cases.set_index("case_id")["municipality"]
    files["age"] = _age(clients["birth_date"], AS_OF).reindex(files.index)
    files["gender"] = clients["gender"].reindex(files.index)
    files["nationality"] = clients["nationality"].reindex(files.index)
    files["arrival"] = clients["arrival_date"].dt.year.reindex(files.index)
    files["status"] = clients["residence_status"].reindex(files.index)
    files["languages"] = clients["languages"].reindex(files.index).map(
        lambda v: frozenset(x.strip().lower() for x in str(v).split(";") if x.strip())
        if isinstance(v, str) else frozenset())
    files["size"] = persons.groupby("case_id").size().reindex(files.index)
    files["members"] = household.reindex(files.index).map(
        lambda v: v if isinstance(v, tuple) else ())
    return files


def dealings(caseload) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """Institution → case → [(kind, day number)]: every authority's own dated records."""
    out: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    epoch = pd.Timestamp("1970-01-01")
    for row in caseload.events.itertuples(index=False):
        if isinstance(row.institution, str) and pd.notna(row.date):
            out[row.institution.strip()][row.case_id].append(("event", (row.date - epoch).days))
    for row in caseload.obstacles.itertuples(index=False):
        if isinstance(row.institution, str) and pd.notna(row.since):
            out[row.institution.strip()][row.case_id].append(("since", (row.since - epoch).days))
            if pd.notna(row.resolved_on):
                out[row.institution.strip()][row.case_id].append(
                    ("resolved", (row.resolved_on - epoch).days))
    return out


def kind_of(name: str) -> str:
    text = f"{name} ".lower()
    return next((kind for kind in KIND_ORDER if any(w in text for w in KIND_WORDS[kind])),
                "andere Stelle")


def holders(records: dict, label: str) -> dict[str, list[tuple[str, int]]]:
    """Who recognises a label of the package as itself: the institution of that name, or,
    for a type, all offices of that kind together (pooling their files: the strongest of
    them)."""
    if label in records:
        return records[label]
    pooled: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for institution, clients in records.items():
        if kind_of(institution) == label:
            for case, items in clients.items():
                pooled[case].extend(items)
    return pooled


# --- is a client consistent with what the package shows? -------------------------------------

def _fits_number(shown: str, value: float) -> bool:
    shown = str(shown)
    if shown in ("*", "", "<NA>"):
        return True
    if pd.isna(value):
        return shown == "unbekannt"
    value = int(value)
    if shown.startswith("unter "):
        return value < int(shown.split()[1])
    if shown.endswith("+"):
        return value >= int(shown[:-1])
    if "–" in shown:
        low, high = shown.split("–")
        return int(low) <= value <= int(high)
    return shown.isdigit() and int(shown) == value


def _fits_origin(shown: str, code: object) -> bool:
    if shown in ("*", "", "<NA>"):
        return True
    if not isinstance(code, str):
        return shown == "unbekannt"
    return shown in (country_name_de(code), REGION_OF.get(code.upper()))


def _fits_status(shown: str, status: object) -> bool:
    if shown in ("*", "", "<NA>"):
        return True
    text = str(status).lower() if isinstance(status, str) else ""
    if shown in ("gesichert", "ungesichert"):
        return (shown == "ungesichert") == any(word in text for word in UNSAFE)
    if shown == str(status):
        return True
    # a group: the participant checks the words of the group against its own file
    group_words = {"Duldung": ["duldung"], "Aufenthaltsgestattung": ["gestattung"],
                   "Fiktionsbescheinigung": ["fiktion"], "Chancen-Aufenthaltsrecht": ["104c"],
                   "vorübergehender Schutz": ["§ 24"], "Freizügigkeit": ["freizügig"],
                   "Niederlassungserlaubnis/Daueraufenthalt": ["niederlassung", "dauerauf"],
                   "deutsche Staatsangehörigkeit": ["deutsch"]}
    if shown in group_words:
        return any(word in text for word in group_words[shown])
    if shown.startswith("Aufenthaltserlaubnis"):
        return "aufenthaltserlaubnis" in text and not any(word in text for word in UNSAFE)
    return shown == "sonstiger Status"


def qi_candidates(files: pd.DataFrame, case: pd.Series, members: list[tuple]) -> pd.Index:
    """Clients whose file agrees with every quasi-identifier the package shows."""
    ok = files["municipality"] == case["municipality"]
    ok &= files["age"].map(lambda v: _fits_number(case["age"], v))
    gender = GENDER_SHOWN.get(str(case["gender"]))
    if gender:
        ok &= files["gender"] == gender
    ok &= files["nationality"].map(lambda v: _fits_origin(str(case["origin"]), v))
    ok &= files["arrival"].map(lambda v: _fits_number(case["arrival"], v))
    ok &= files["size"].map(lambda v: _fits_number(case["household_size"], v))
    ok &= files["status"].map(lambda v: _fits_status(str(case["residence_status"]), v))
    shown_languages = str(case["languages"])
    if shown_languages not in ("*", "", "<NA>"):
        wanted = frozenset(x.strip().lower() for x in shown_languages.split(";"))
        if wanted <= FAMILIES:  # shown as families: compare the families of my file
            ok &= files["languages"].map(
                lambda have: frozenset(FAMILY_OF.get(x, "andere sprache") for x in have)
                == wanted)
        else:
            ok &= files["languages"] == wanted
    if members:  # persons.csv lists the household: role, gender, age band of each member
        ok &= files["members"] == tuple(sorted(members))
    return files.index[ok.to_numpy()]


def timeline_fits(mine: list[tuple[str, int]], shown: list[tuple[str, int | None]],
                  unit: float | None, tolerance: int) -> bool:
    """Try every first-contact day: does one put each of my records in the shown unit?"""
    kinds = ("event", "since", "resolved")
    if unit is None:
        have = Counter(kind for kind, _ in mine)
        want = Counter(kind for kind, _ in shown)
        # phases only: no dates, contacts of one institution merged, only open obstacles shown
        return ((have["event"] > 0) == (want["event"] > 0)
                and have["since"] - have["resolved"] == want["since"])
    by_kind = {kind: sorted(d for k, d in mine if k == kind) for kind in kinds}
    wanted = {kind: sorted(d for k, d in shown if k == kind) for kind in kinds}
    if any(len(by_kind[kind]) != len(wanted[kind]) for kind in kinds):
        return False
    pairs = [(date, day) for kind in kinds for date, day in zip(by_kind[kind], wanted[kind],
                                                                strict=True)]
    if not pairs:
        return True
    date0, day0 = pairs[0]
    for start in range(int(date0 - day0 - unit - tolerance) - 2,
                       int(date0 - day0 + tolerance) + 3):
        if all(any(round(math.floor((date + e - start) / unit) * unit) == day
                   for e in range(-tolerance, tolerance + 1)) for date, day in pairs):
            return True
    return False


# --- one experiment ----------------------------------------------------------------------------

@dataclass
class Tally:
    presented: int = 0
    unique: int = 0
    top3: int = 0
    below_k: int = 0
    per_institution: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))


def _noisy(records: dict, rng: np.random.Generator, spread: int) -> dict:
    if not spread:
        return records
    return {inst: {case: [(kind, day + int(rng.integers(-spread, spread + 1)))
                          for kind, day in items] for case, items in cases.items()}
            for inst, cases in records.items()}


def attack(caseload, package, truth: dict[str, str], k: int, spread: int,
           seed: int) -> Tally:
    files = participant_files(caseload)
    records = _noisy(dealings(caseload), np.random.default_rng(seed), spread)
    tally = Tally()
    resolution = {c["case"]: c.get("time_resolution", "week")
                  for c in package.manifest["cases"]}
    for case in package.cases.to_dict("records"):
        pseudonym, true = case["case"], truth[case["case"]]
        unit = UNITS[resolution[pseudonym]]
        people = package.persons[(package.persons["case"] == pseudonym)
                                 & (package.persons["role"] != "client")]
        members = [f"{p['role']}/{GENDER_SHOWN.get(p['gender'], 'u')}/{p['age']}"
                   for p in people.to_dict("records")]
        base = qi_candidates(files, pd.Series(case), members)
        shown: dict[str, list] = defaultdict(list)
        for e in package.events[package.events["case"] == pseudonym].to_dict("records"):
            if isinstance(e["institution"], str) and e["institution"]:
                shown[e["institution"]].append(("event", e["day"]))
        for o in package.obstacles[package.obstacles["case"] == pseudonym].to_dict("records"):
            if isinstance(o["institution"], str) and o["institution"]:
                shown[o["institution"]].append(("since", o["since_day"]))
                if pd.notna(o["resolved_day"]):
                    shown[o["institution"]].append(("resolved", o["resolved_day"]))
        # every institution the true client dealt with sits in the room; one named by its type
        # only is there together with all offices of its kind
        worst = len(base)
        rooms = {label: holders(records, label) for label in shown}
        rooms.update({name: clients for name, clients in records.items()
                      if name not in shown and kind_of(name) not in shown})
        for institution, clients in rooms.items():
            if true not in clients:
                continue
            if institution in shown:
                items = [(kind, None if pd.isna(day) else int(day))
                         for kind, day in shown[institution]]
                candidates = [c for c in base if c in clients and timeline_fits(
                    clients[c], items, unit, spread)]
            else:  # not named in the package: it compares the quasi-identifiers only
                candidates = list(base)
            count = len(candidates)
            tally.per_institution[institution][0] += 1
            tally.per_institution[institution][1] += count == 1 and candidates[0] == true
            tally.per_institution[institution][2] += true in candidates and count <= 3
            worst = min(worst, count)
            if true not in candidates:
                print(f"  Warnung: {pseudonym} bei {institution}: wahrer Fall nicht unter den "
                      "Kandidaten (Angreifer zu streng)", file=sys.stderr)
        tally.presented += 1
        tally.unique += worst == 1
        tally.top3 += worst <= 3
        tally.below_k += worst < k
    return tally


def presentable(caseload, key: ProviderKey, k: int) -> tuple[list[str], list[str]]:
    """Consenting cases with an open obstacle, and those of them the tool would present."""
    obstacles = caseload.obstacles
    open_cases = set(obstacles.loc[obstacles["resolved_on"].isna(), "case_id"])
    cases = caseload.cases
    eligible = [c for c in cases.loc[cases["consent_conference"] == "yes", "case_id"]
                if c in open_cases]
    try:
        prepare_package(caseload, eligible, key, k=k, as_of=AS_OF)
        return eligible, eligible
    except Refused as refused:
        out = {r.case_id for r in refused.refusals}
        return eligible, [c for c in eligible if c not in out]


def single_town(size: int, seed: int) -> dict[str, pd.DataFrame]:
    """A single-provider caseload of ``size`` clients in one town."""
    return generate_caseload(size, seed, AS_OF, single_town=True).tables


def obstacles_named(caseload, package, truth: dict[str, str]) -> tuple[int, int]:
    """Obstacles of the presented cases that name their institution (or its type) in the
    package, and those that name one in the caseload: can the room see who is meant?"""
    shown = package.obstacles["institution"].astype("string").str.strip().fillna("")
    source = caseload.obstacles[caseload.obstacles["case_id"].isin(set(truth.values()))]
    return int(shown.ne("").sum()), int(source["institution"].notna().sum())


def run(label: str, tables: dict[str, pd.DataFrame], selected: list[int], k: int,
        work: Path, seed: int) -> dict:
    folder = work / label
    write_caseload(tables, folder, "csv")
    caseload = read_caseload(folder, today=AS_OF)
    key = ProviderKey(secret=bytes(range(32)), path=work / "k.key", created=False)
    eligible, ok = presentable(caseload, key, k)
    share = len(ok) / len(eligible) if eligible else 0.0
    print(f"\n{label}: {len(caseload.cases)} Fälle; vorstellbar bei k = {k}: {len(ok)} von "
          f"{len(eligible)} einwilligenden Fällen mit offener Hürde ({share:.0%})")
    figures = {"share": share, "unique": 0, "below_k": 0}
    rng = np.random.default_rng(seed)
    for count in selected:
        chosen = sorted(rng.choice(ok, size=min(count, len(ok)), replace=False).tolist())
        if not chosen:
            continue
        draft = prepare_package(caseload, chosen, key, k=k, as_of=AS_OF)
        # the flags decided as a case manager agreeing with each suggestion
        decide(draft, {flag_key(*e): Decision("generalise") for e in open_flags(draft)})
        path = write_package(draft, work / f"{label}-{count}", caseload)
        package = load_package(path)
        truth = {d.pseudonym: d.case_id for d in draft.cases}
        resolutions = Counter(c["time_resolution"] for c in package.manifest["cases"])
        unnamed = sum(bool(d.risk.hidden) for d in draft.cases)
        typed = sum(d.risk.institution_names == "type" for d in draft.cases)
        named, named_before = obstacles_named(caseload, package, truth)
        print(f"  {len(chosen)} vorgestellt: {unnamed} mit mindestens einer Stelle ohne Namen, "
              f"{typed} mit Stellen nur als Art; Hürden mit Stelle (Name oder Art) im Paket: "
              f"{named} von {named_before} im Bestand")
        for spread in (0, 3):
            tally = attack(caseload, package, truth, k, spread, seed)
            figures["unique"] += tally.unique
            figures["below_k"] += tally.below_k
            print(f"  {len(chosen)} vorgestellt, Daten {'exakt' if not spread else '± 3 Tage'}:"
                  f" eindeutig {tally.unique}, unter den ersten 3: {tally.top3}, weniger als k"
                  f" Kandidaten: {tally.below_k}; Zeitauflösung {dict(resolutions)}")
            worst = sorted(tally.per_institution.items(), key=lambda kv: -kv[1][2])[:5]
            for institution, (seen, unique, top3) in worst:
                print(f"    {institution}: {seen} Fälle, eindeutig {unique}, "
                      f"unter den ersten 3: {top3}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="11,12,13")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--selected", default="20,50")
    parser.add_argument("--town", type=int, default=40)
    parser.add_argument("--k", type=int, default=3)
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s]
    selected = [int(s) for s in args.selected.split(",") if s]
    total_unique = total_below = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for seed in seeds:
            tables = generate_caseload(args.cases, seed, AS_OF).tables
            figures = run(f"seed{seed}-{args.cases}", tables, selected, args.k, work, seed)
            total_unique += figures["unique"]
            total_below += figures["below_k"]
            print(f"  Nützlichkeit {figures['share']:.0%} (Ziel ≥ 80 %)")
        if args.town:
            for seed in seeds:
                figures = run(f"ort-{args.town}-seed{seed}", single_town(args.town, seed),
                              [args.town], args.k, work, seed)
                total_unique += figures["unique"]
                total_below += figures["below_k"]
                print(f"  Nützlichkeit {figures['share']:.0%} (Ziel ≥ 50 %)")
    print(f"\nGesamt: eindeutig re-identifiziert {total_unique}, weniger als k Kandidaten "
          f"{total_below}")


if __name__ == "__main__":
    main()
