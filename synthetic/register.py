"""A synthetic findings register with a year behind it: four earlier conferences of a district.

For the demo and the annual report's tests: recurring themes (the same institution and obstacle
category at several conferences), overdue findings, a Lenkungsgruppe list and findings that
were carried through to "umgesetzt", each with a dated history. Deterministic for
(seed, as_of); written through the register API (``import_records``, which keeps the dates).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from kimtools.findings import (
    Attendee,
    Conference,
    Evidence,
    Finding,
    HistoryEntry,
    PresentedCase,
    open_register,
)

PSEUDONYM_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# (title, fields, institution kind, obstacle category, proposed measure)
THEMES = [
    ("Aufenthaltserlaubnis: Anträge warten über ein Jahr", ["residence"], "abh",
     "waiting_time", "Terminvergabe und Bearbeitungsstand mit der Ausländerbehörde klären"),
    ("Kein Integrationskurs mit Kinderbetreuung", ["language", "childcare"], "vhs",
     "missing_offer", "Kursträger und Jugendamt: Kurs mit Kinderbetreuung planen"),
    ("Zuständigkeit Jobcenter/Sozialamt bei Statuswechsel ungeklärt", ["benefits"], "jc",
     "responsibility", "Schnittstellenvereinbarung Jobcenter und Sozialamt"),
    ("Anerkennungsverfahren scheitern an Übersetzungskosten", ["recognition", "work"],
     "anerkennung", "cost", "Fonds für Übersetzungen beim Land anfragen"),
    ("Online-Terminvergabe ohne Sprachauswahl", ["authorities"], "abh", "digital_access",
     "Mehrsprachige Terminvergabe und Telefonsprechstunde"),
    ("Wohnungsbewerbungen ohne Schufa-Auskunft chancenlos", ["housing"], "wohnen",
     "discrimination", "Gespräch mit den großen Vermietern des Kreises"),
    ("Familiennachzug: Visumtermine an den Auslandsvertretungen", ["family", "residence"],
     "abh", "waiting_time", "Über die Lenkungsgruppe an das Land herantragen"),
    ("Gesundheitskarte bei Leistungswechsel verzögert", ["health", "benefits"], "jc",
     "waiting_time", "Meldewege Jobcenter – Krankenkasse vereinfachen"),
]
ATTENDEES = ["Ausländerbehörde", "Jobcenter", "Agentur für Arbeit", "Jugendamt",
             "Sozialamt", "Integrationskursträger", "Anerkennungsstelle", "Schulamt"]


def _institutions(district: str) -> dict[str, str]:
    place = district.removeprefix("Kreis ").strip()
    return {"abh": f"Ausländerbehörde {district}", "jc": f"Jobcenter {district}",
            "vhs": f"VHS {place}", "anerkennung": "Bezirksregierung Detmold",
            "wohnen": f"Wohnungsbaugesellschaft {place}"}


def _stamp(day: dt.date, hour: int = 12) -> str:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC).isoformat(
        timespec="microseconds")


def _pseudonym(rng: random.Random) -> str:
    return "F-" + "".join(rng.choice(PSEUDONYM_LETTERS) for _ in range(8))


def demo_records(as_of: dt.date, *, seed: int = 1, district: str = "Kreis Gütersloh",
                 conferences: int = 4
                 ) -> tuple[list[Conference], list[Finding], list[HistoryEntry]]:
    """Conferences every three months before `as_of`, their findings and each change."""
    rng = random.Random(seed)
    institutions = _institutions(district)
    pool = [_pseudonym(rng) for _ in range(12)]
    held, findings, history = [], [], []
    for number in range(conferences):
        day = as_of - dt.timedelta(days=91 * (conferences - number) + rng.randint(0, 6))
        cases = rng.sample(pool, 4)
        conference = Conference(
            date=day, place="Kreishaus, Sitzungssaal 2", municipality=district,
            attendees=[Attendee(name) for name in rng.sample(ATTENDEES, 6)],
            agenda=["Begrüßung", "Fallvorstellungen", "Strukturelle Befunde", "Verschiedenes"],
            cases=[PresentedCase(case, note="") for case in cases],
            chair="Koordinierungsstelle KIM", minute_taker="Koordinierungsstelle KIM",
            id=f"demo-konferenz-{number + 1}", created_at=_stamp(day), updated_at=_stamp(day))
        held.append(conference)
        themes = rng.sample(THEMES, 3) if number else THEMES[:3]
        for index, (title, fields, kind, category, measure) in enumerate(themes):
            linked = rng.sample(cases, 2)
            level = rng.choice(["kommunal", "kommunal", "Kreis", "Lenkungsgruppe", "Land"])
            due = rng.choice([60, 120, 240])
            path = _path(rng)
            if (number, index) == (0, 0):  # overdue: handed over, never taken further
                due, path = 60, ["übergeben"]
            if (number, index) == (conferences - 1, 0):  # for the next Lenkungsgruppe
                level, path = "Lenkungsgruppe", []
            if (number, index) == (0, 1):  # carried through within the year
                path = ["übergeben", "in Bearbeitung", "umgesetzt"]
            finding = Finding(
                title=title, conference_id=conference.id, fields=list(fields),
                institutions=[institutions[kind]], cases=linked,
                description=f"In {len(linked)} vorgestellten Fällen beobachtet.",
                evidence=Evidence(cases=2, cases_with_obstacles=2, obstacles=rng.randint(2, 5),
                                  open_obstacles=1, categories={category: 2}),
                measure=measure, responsible=institutions[kind],
                due_date=day + dt.timedelta(days=due),
                priority=rng.choice(["hoch", "mittel", "niedrig"]), level=level,
                id=f"demo-befund-{number + 1}-{index + 1}", created_at=_stamp(day))
            history.append(HistoryEntry(finding.id, _stamp(day), "Koordinierungsstelle",
                                        "created", None, title, id=f"{finding.id}-0"))
            status, changed = "neu", day
            for step, new in enumerate(path):
                changed = changed + dt.timedelta(days=rng.randint(20, 80))
                if changed >= as_of:
                    break
                history.append(HistoryEntry(finding.id, _stamp(changed, 13),
                                            "Koordinierungsstelle", "status", status, new,
                                            id=f"{finding.id}-{step + 1}"))
                status = new
            finding.status = status
            finding.updated_at = _stamp(changed, 13) if status != "neu" else _stamp(day)
            findings.append(finding)
    return held, findings, history


def _path(rng: random.Random) -> list[str]:
    """The states a finding passes through; most stop somewhere on the way."""
    full = ["übergeben", "in Bearbeitung", "umgesetzt"]
    if rng.random() < 0.15:
        return ["verworfen"]
    return full[:rng.choice([0, 1, 2, 3, 3])]


def write_demo_register(path: str | os.PathLike, as_of: dt.date, *, seed: int = 1,
                        district: str = "Kreis Gütersloh", conferences: int = 4) -> Path:
    """Create (or extend) the register at `path` with the demo's earlier conferences."""
    path = Path(path)
    records = demo_records(as_of, seed=seed, district=district, conferences=conferences)
    with open_register(path, create=True) as register:
        register.import_records(*records)
    return path
