"""A synthetic Planungskonferenz for the minutes: six cases, fifteen findings, notes, history.

Test modules load it explicitly with ``pytest_plugins = ["minutes_fixtures"]`` (one session
fixture for all of them); the benchmark imports ``build_conference`` directly. The package is
made the way a case manager makes one (synthetic caseload, keyed pseudonyms, approval); the
register the way the coordination office fills it during the conference.

The conference is held on `CONFERENCE_DAY` and recorded that day: the register stamps every
change with the clock, so the clock stands on that day while it is filled, and the minutes report
status changes between the previous conference and this one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import synthetic_package
from clock import REFERENCE_DAY, on_day

DISTRICT = "Kreis Gütersloh"
CONFERENCE_DAY = REFERENCE_DAY
WHO = "Koordinierungsstelle KIM"

ATTENDEES = [
    ("Kommunales Integrationszentrum Kreis Gütersloh", "Koordinierungsstelle KIM"),
    ("Ausländerbehörde Kreis Gütersloh", "Sachgebietsleitung"),
    ("Jobcenter Kreis Gütersloh", "Teamleitung Markt und Integration"),
    ("Agentur für Arbeit Bielefeld", "Beauftragte für Chancengleichheit am Arbeitsmarkt"),
    ("Jugendamt der Stadt Gütersloh", "Allgemeiner Sozialer Dienst"),
    ("Schulamt für den Kreis Gütersloh", "Schulaufsicht, Seiteneinstieg"),
    ("VHS Gütersloh", "Fachbereich Integration und Sprache"),
    ("Caritasverband für den Kreis Gütersloh e.V.", "Case Management KIM"),
    ("AWO Kreisverband Gütersloh e.V.", "Case Management KIM"),
    ("DRK-Kreisverband Gütersloh e.V.", "Case Management KIM"),
    ("IQ Netzwerk NRW, Anerkennungsberatung", "Beratung"),
    ("Stadt Verl, Sozialamt", "Sachbearbeitung"),
]
AGENDA = [
    "Begrüßung und Genehmigung des Protokolls der letzten Sitzung",
    "Vorstellung der Fälle durch das Case Management",
    "Strukturelle Befunde (generative Themen) und Maßnahmen",
    "Stand der Befunde aus früheren Konferenzen",
    "Verschiedenes und nächster Termin",
]
CHAIR = "Dr. Anke Brinkmann (Kommunales Integrationszentrum)"
MINUTE_TAKER = "Jonas Albers (Koordinierungsstelle KIM)"

NOTES = [
    "Die Wartezeit bei der Ausländerbehörde ist der eigentliche Engpass. Die Ausländerbehörde "
    "prüft, ob Fiktionsbescheinigungen ohne persönliche Vorsprache verlängert werden können.",
    "Das Jobcenter sagt eine Klärung der Zuständigkeit innerhalb von vier Wochen zu.\n"
    "Das Case Management meldet den Stand in der nächsten Konferenz.",
    "Ohne Kinderbetreuung kann der Integrationskurs nicht begonnen werden; die VHS nennt "
    "fehlende Räume als Grund. Thema für die Kita-Bedarfsplanung.",
    "Die Anerkennung des Abschlusses liegt seit Monaten bei der zuständigen Stelle. Die "
    "Anerkennungsberatung bietet eine fallbezogene Nachfrage an.",
    "Schulplatz für das Kind fehlt weiterhin; das Schulamt verweist auf volle "
    "Seiteneinsteigerklassen im Nordkreis.",
    "Wohnungssuche für eine große Familie seit über einem Jahr erfolglos. Keine Lösung im "
    "Einzelfall; als struktureller Befund aufgenommen.",
]

# title, fields, institutions, case indexes, measure, responsible, days until due, priority,
# level, description
FINDINGS = [
    ("Kein Integrationskurs mit Kinderbetreuung in Verl", ["language", "childcare"],
     ["VHS", "Kita"], [2, 0], "Integrationskurs mit paralleler Kinderbetreuung für das "
     "nächste Kursjahr ausschreiben; Räume mit der Kita-Bedarfsplanung abstimmen.",
     "Kreis Gütersloh, Kommunales Integrationszentrum", 180, "hoch", "Kreis",
     "Mütter mit Kleinkindern können keinen Kurs besuchen; der nächste Kurs mit Betreuung "
     "ist in Gütersloh und mit dem Bus kaum erreichbar."),
    ("Wartezeit auf Termine der Ausländerbehörde über zwölf Monate", ["residence"],
     ["Ausländerbehörde"], [0, 1, 5], "Terminkontingent für Fälle im Case Management; "
     "Fiktionsbescheinigungen ohne Vorsprache verlängern.",
     "Ausländerbehörde Kreis Gütersloh", 90, "hoch", "Kreis",
     "Verlängerungen des Aufenthaltstitels scheitern an fehlenden Terminen."),
    ("Anerkennung ausländischer Berufsabschlüsse dauert länger als ein Jahr",
     ["recognition"], ["Anerkennungsstelle"], [0, 5], "Beschleunigung beim Land anregen; "
     "fallbezogene Abstimmung über die Anerkennungsberatung.", "Lenkungsgruppe KIM", 240,
     "mittel", "Lenkungsgruppe", "Fachkräfte arbeiten während des Verfahrens unterhalb "
     "ihrer Qualifikation."),
    ("Unklare Zuständigkeit zwischen Jobcenter und Sozialamt beim Rechtskreiswechsel",
     ["benefits", "authorities"], ["Jobcenter", "Sozialamt"], [1], "Gemeinsames "
     "Übergabeverfahren mit fester Frist vereinbaren.",
     "Jobcenter Kreis Gütersloh und Sozialamt der Stadt Verl", 120, "hoch", "kommunal",
     "Leistungen werden beim Wechsel des Rechtskreises wochenlang nicht gezahlt."),
    ("Fehlende Sprachmittlung in Arztpraxen und Kliniken", ["health", "language"], [],
     [4], "Finanzierung von Sprachmittlung im Gesundheitswesen auf Landesebene klären.",
     "Lenkungsgruppe KIM zur Weitergabe an das Land", 300, "mittel", "Land",
     "Behandlungen werden verschoben, weil niemand übersetzt."),
    ("Kaum bezahlbarer Wohnraum für große Familien", ["housing"], [], [0, 3],
     "Kontingent im geförderten Wohnungsbau für große Haushalte prüfen.",
     "Stadt Gütersloh, Fachbereich Wohnen", 365, "mittel", "kommunal",
     "Familien mit mehr als fünf Personen finden keine Wohnung unter der Mietobergrenze."),
    ("Digitale Anträge ohne Unterstützung nicht zu bewältigen", ["authorities"],
     ["Jobcenter"], [1, 4], "Sprechstunde für digitale Anträge in den Stadtteilbüros "
     "einrichten.", "Jobcenter Kreis Gütersloh", 150, "niedrig", "kommunal",
     "Online-Portale sind nur auf Deutsch und verlangen ein eigenes Konto."),
    ("Schulplatzvergabe für Seiteneinsteiger dauert zu lange", ["education"], ["Schulamt"],
     [3], "Zusätzliche Seiteneinsteigerklasse im Nordkreis beantragen.",
     "Schulamt für den Kreis Gütersloh", 200, "hoch", "Kreis",
     "Kinder warten mehrere Monate ohne Schulbesuch."),
    ("Führerscheinumschreibung scheitert an nicht anerkannten Übersetzungen",
     ["mobility", "documents"], [], [5], "Liste anerkannter Übersetzungsbüros "
     "veröffentlichen.", "Straßenverkehrsamt Kreis Gütersloh", 100, "niedrig", "kommunal",
     "Arbeitsaufnahme im ländlichen Raum scheitert am fehlenden Führerschein."),
    ("Passbeschaffung für Geflüchtete aus Eritrea unzumutbar", ["documents", "residence"],
     ["Ausländerbehörde"], [4], "Einheitliche Praxis zur Unzumutbarkeit beim Land "
     "anfragen.", "Lenkungsgruppe KIM", 270, "mittel", "Land",
     "Die Botschaft verlangt eine Aufbausteuer; die Praxis der Behörden ist uneinheitlich."),
    ("Keine Kita-Plätze für Kinder von Kursteilnehmerinnen", ["childcare"], ["Kita"],
     [2], "Belegungskriterien der Kitas um den Kursbesuch der Eltern ergänzen.",
     "Jugendamt der Stadt Gütersloh", 160, "hoch", "kommunal",
     "Ohne Kita-Platz kein Kurs, ohne Kurs keine Arbeit."),
    ("Schuldnerberatung mit Wartezeit von mehreren Monaten", ["debt"], [], [1],
     "Zusätzliche Beratungsstunden beim Kreis beantragen.",
     "Kreis Gütersloh, Sozialplanung", 210, "mittel", "Kreis",
     "Mietschulden führen zu Kündigungen, bevor die Beratung beginnt."),
    ("Berufssprachkurse nur in Bielefeld erreichbar", ["language", "work", "mobility"],
     [], [5, 2], "Berufssprachkurs im Kreisgebiet beim Bundesamt anregen.",
     "Lenkungsgruppe KIM", 330, "mittel", "Lenkungsgruppe",
     "Die Fahrzeit von über einer Stunde je Strecke verhindert die Teilnahme."),
    ("Informationen zu Elternrechten fehlen in Herkunftssprachen", ["family", "orientation"],
     ["Jugendamt"], [3], "Merkblätter in den fünf häufigsten Sprachen erstellen.",
     "Jugendamt der Stadt Gütersloh", 140, "niedrig", "kommunal",
     "Eltern kennen ihre Rechte im Hilfeplanverfahren nicht."),
    ("Bescheide des Jobcenters sind für Klientinnen und Klienten unverständlich",
     ["benefits", "language"], ["Jobcenter"], [1, 0], "Erläuterung in einfacher Sprache "
     "jedem Bescheid beilegen.", "Jobcenter Kreis Gütersloh", 120, "mittel", "kommunal",
     "Fristen werden versäumt, weil Bescheide nicht verstanden werden."),
]

# Findings of the earlier conference: title, field, status changes after it.
EARLIER = [
    ("Lange Bearbeitungszeiten beim Familiennachzug", "residence",
     ["übergeben", "in Bearbeitung"]),
    ("Integrationskurse ohne Alphabetisierung in Harsewinkel", "language", ["umgesetzt"]),
    ("Fahrtkosten zum Sprachkurs werden nicht übernommen", "mobility", ["verworfen"]),
    ("Zu wenige Plätze in Erstorientierungskursen", "orientation", []),
]


@dataclass(frozen=True)
class ConferencePackageFolder:
    folder: Path
    package: Path
    caseload: Path
    cases: list[str]  # pseudonyms, in package order
    client_names: dict[str, str]  # pseudonym → "Given Family" of the client (raw!)


@dataclass(frozen=True)
class SyntheticConference:
    package: ConferencePackageFolder
    register: Path
    conference_id: str
    earlier_id: str
    date: dt.date
    findings: list[str]  # titles raised at the conference
    changed: list[str]  # titles of earlier findings whose status changed
    chair: str = CHAIR

    @property
    def cases(self) -> list[str]:
        return self.package.cases


def build_package(folder: Path, cases: int = 300, seed: int = 1) -> ConferencePackageFolder:
    """Six conference candidates of a synthetic caseload, pseudonymised and approved."""
    built = synthetic_package(folder, cases=cases, seed=seed, count=6, day=CONFERENCE_DAY,
                              approved_by="Case Management (synthetische Daten)")
    persons = built.caseload.persons[built.caseload.persons["role"] == "client"]
    persons = persons.set_index("case_id")
    names = {case.pseudonym: f"{persons.loc[case.case_id, 'given_name']} "
                             f"{persons.loc[case.case_id, 'family_name']}"
             for case in built.draft.cases}
    return ConferencePackageFolder(folder, built.package, built.caseload_dir, built.pseudonyms,
                                   names)


def build_register(package: ConferencePackageFolder, path: Path,
                   today: dt.date = CONFERENCE_DAY) -> SyntheticConference:
    """A register with an earlier conference and one on `today`: 15 findings, notes, status
    changes, all recorded on that day (the register stamps every change with the clock)."""
    with on_day(today):
        return _fill_register(package, path, today)


def _fill_register(package: ConferencePackageFolder, path: Path,
                   today: dt.date) -> SyntheticConference:
    from kimtools.findings import (
        Attendee,
        Conference,
        Finding,
        PresentedCase,
        compute_evidence,
        open_register,
    )
    from kimtools.package import load_package

    loaded = load_package(package.package)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_register(path, create=True) as register:
        earlier = register.add_conference(Conference(
            date=today - dt.timedelta(days=126), place="Kreishaus Gütersloh, Raum 2.14",
            municipality=DISTRICT, attendees=[Attendee(*a) for a in ATTENDEES[:6]],
            agenda=AGENDA[:3], chair=CHAIR, minute_taker=MINUTE_TAKER, next_date=today))
        earlier_findings = []
        for title, field, _ in EARLIER:
            earlier_findings.append(register.add_finding(Finding(
                title=title, conference_id=earlier.id, fields=[field],
                measure="Thema an die zuständige Stelle geben.",
                responsible="Koordinierungsstelle KIM", level="Kreis",
                due_date=today + dt.timedelta(days=60)), WHO, today=today))
        conference = register.add_conference(Conference(
            date=today, place="Kreishaus Gütersloh, Sitzungssaal",
            municipality=DISTRICT, attendees=[Attendee(*a) for a in ATTENDEES],
            agenda=AGENDA, chair=CHAIR, minute_taker=MINUTE_TAKER,
            next_date=today + dt.timedelta(days=91),
            cases=[PresentedCase(case, str(package.package)) for case in package.cases]))
        for case, note in zip(package.cases, NOTES, strict=True):
            register.set_case_note(conference.id, case, note)
        for (title, fields, institutions, case_indexes, measure, responsible, due, priority,
             level, description) in FINDINGS:
            cases = [package.cases[i] for i in case_indexes]
            register.add_finding(Finding(
                title=title, conference_id=conference.id, fields=fields,
                institutions=institutions, cases=cases, description=description,
                evidence=compute_evidence([loaded], cases, fields, institutions),
                measure=measure, responsible=responsible,
                due_date=today + dt.timedelta(days=due), priority=priority, level=level),
                WHO, today=today)
        for finding, (_, _, statuses) in zip(earlier_findings, EARLIER, strict=True):
            for status in statuses:
                register.update_finding(finding.id, {"status": status}, WHO, today=today)
    return SyntheticConference(
        package=package, register=path, conference_id=conference.id, earlier_id=earlier.id,
        date=today, findings=[f[0] for f in FINDINGS],
        changed=[title for title, _, statuses in EARLIER if statuses])


def build_conference(folder: Path) -> SyntheticConference:
    package = build_package(folder / "traeger")
    return build_register(package, folder / "koordinierung" / "befundregister.db")


@pytest.fixture(scope="session")
def minutes_package(tmp_path_factory) -> ConferencePackageFolder:
    return build_package(tmp_path_factory.mktemp("minutes") / "traeger")


@pytest.fixture(scope="session")
def minutes_conference(tmp_path_factory, minutes_package) -> SyntheticConference:
    folder = tmp_path_factory.mktemp("koordinierung")
    return build_register(minutes_package, folder / "befundregister.db")


@pytest.fixture
def fresh_conference(tmp_path, minutes_package) -> SyntheticConference:
    """A register of one's own, for tests that change it."""
    return build_register(minutes_package, tmp_path / "befundregister.db")
