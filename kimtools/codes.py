"""Domain vocabularies of the KIM exchange format (DESIGN §3) with their German labels.

Shared by every stage, so it holds codes only and never reads data: modules downstream of the
conference package may import it without touching the raw caseload.
"""

from __future__ import annotations

# Handlungsfelder: code -> German label, in the order the case managers know them.
FIELDS: dict[str, str] = {
    "residence": "Aufenthalt",
    "language": "Sprache",
    "work": "Arbeit",
    "recognition": "Anerkennung",
    "education": "Bildung/Schule",
    "childcare": "Kita/Kinderbetreuung",
    "housing": "Wohnen",
    "health": "Gesundheit",
    "family": "Ehe und Familie",
    "benefits": "Sozialleistungen",
    "debt": "Schulden",
    "authorities": "Ämter und Behörden",
    "orientation": "gesellschaftliche Orientierung",
    "documents": "Pass und Dokumente",
    "mobility": "Führerschein und Mobilität",
}

CASE_STATUS: dict[str, str] = {
    "active": "aktiv",
    "paused": "ruhend",
    "closed": "abgeschlossen",
}

CONSENT: dict[str, str] = {"yes": "ja", "no": "nein"}

ROLES: dict[str, str] = {
    "client": "Klient/in",
    "partner": "Partner/in",
    "child": "Kind",
    "parent": "Elternteil",
    "relative": "Angehörige/r",
    "other": "Sonstige",
}

GENDERS: dict[str, str] = {"f": "weiblich", "m": "männlich", "d": "divers", "u": "unbekannt"}

PHASES: dict[str, str] = {
    "first_contact": "Erstberatung",
    "assessment": "Bestandsaufnahme",
    "agreement": "Integrationsvereinbarung",
    "monitoring": "Monitoring",
    "closure": "Abschluss",
}

EVENT_KINDS: dict[str, str] = {
    "consultation": "Beratung",
    "phone": "Telefonat",
    "accompaniment": "Begleitung",
    "application": "Antrag",
    "decision": "Bescheid",
    "referral": "Vermittlung",
    "other": "Sonstiges",
}

OBSTACLE_CATEGORIES: dict[str, str] = {
    "waiting_time": "Wartezeit",
    "responsibility": "Zuständigkeit",
    "language_barrier": "Sprachbarriere",
    "missing_offer": "fehlendes Angebot",
    "documents": "Dokumente",
    "legal": "Rechtslage",
    "cost": "Kosten",
    "digital_access": "digitaler Zugang",
    "discrimination": "Diskriminierung",
    "other": "Sonstiges",
}

GOAL_STATUS: dict[str, str] = {
    "open": "offen",
    "in_progress": "in Arbeit",
    "achieved": "erreicht",
    "not_achieved": "nicht erreicht",
    "dropped": "verworfen",
}


def label(vocabulary: dict[str, str], code: object) -> str:
    """German label of a code; unknown or missing codes are shown as they are, never hidden."""
    if code is None or (isinstance(code, float) and code != code):
        return "–"
    return vocabulary.get(str(code), str(code))
