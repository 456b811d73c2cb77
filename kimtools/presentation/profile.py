"""The header of a case in the dashboard: who the client is, as far as the package tells.

Values are shown as the pseudonymisation left them: a generalised value ("30–49", "2021–2023")
stays generalised and a suppressed one ("*") is shown as withheld, never guessed back.
"""

from __future__ import annotations

import gettext
from functools import cache

import pandas as pd

from kimtools import codes
from kimtools.package import ConferencePackage
from kimtools.presentation._common import (
    NOT_SHOWN,
    SUPPRESSED,
    case_row,
    day,
    days_text,
    duration_text,
    label,
    of_case,
    plural,
    text,
    time_resolution,
)

WITHHELD = "nicht angegeben (Datenschutz)"
PROFILE_KEYS = ["Pseudonym", "Bezeichnung", "Alter", "Geschlecht", "Herkunft", "Einreise",
                "Haushalt", "Aufenthaltsstatus", "Sprachen", "Kommune", "Träger", "Status",
                "Dauer", "Handlungsfelder"]


def _shown(value: object) -> str:
    """A package value for display: suppressed and missing values say so in words."""
    value = text(value)
    if value == SUPPRESSED:
        return WITHHELD
    return value or NOT_SHOWN


def _age(value: object) -> str:
    """'34' → '34 Jahre', '30–49' → '30–49 Jahre', 'unter 30' → 'unter 30 Jahre'."""
    shown = _shown(value)
    if shown[:1].isdigit() or shown.startswith("unter "):
        return f"{shown} Jahre"
    return shown


def _household(package: ConferencePackage, case: str, size: object) -> str:
    """Household size as the package gives it, and its people with their age bands.

    The people are listed only when the size is exact: where the risk check generalised or
    suppressed the size to keep the client among k others, a list of members would show the
    exact number again.
    """
    size_text = text(size)
    if not size_text.isdigit():
        shown = _shown(size_text)
        return f"{shown} Personen" if shown[:1].isdigit() else f"Größe {shown}"
    head = plural(int(size_text), "Person", "Personen")
    members = []
    for person in of_case(package.persons, case).itertuples(index=False):
        age = text(person.age)
        if text(person.role) == "client" or age in ("", SUPPRESSED, "unbekannt"):
            members.append(text(person.label))
        else:
            members.append(f"{text(person.label)}, {_age(age)}")
    return f"{head}: {'; '.join(members)}" if members else head


@cache
def _language_names() -> gettext.NullTranslations:
    """German names of ISO 639 languages from pycountry's translations (no network)."""
    import pycountry

    try:
        return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:
        return gettext.NullTranslations()


def language_name(code: str) -> str:
    """German name of an ISO 639-1 (or 639-3) code, e.g. 'ar' → 'Arabisch'; else the code."""
    import pycountry

    shown, code = code.strip(), code.strip().lower()
    language = None
    if len(code) == 2:
        language = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    if language is None:  # a language family ("iranisch") as the package generalised it
        return shown
    return _language_names().gettext(language.name).split(";")[0].strip()


def _languages(value: object) -> str:
    codes_ = [c for c in text(value).split(";") if c.strip()]
    if text(value) == SUPPRESSED:
        return WITHHELD
    return ", ".join(language_name(c) for c in codes_) or NOT_SHOWN


def _duration(status: str, days_open: int | None, resolution: str = "day") -> str:
    if resolution == "phase":
        return "nur Phasen (keine Zeitangaben, Datenschutz)"
    if days_open is None:
        return NOT_SHOWN
    if resolution != "day":  # the package knows the start of the unit only: no day count
        first = {"week": "unter 1 Woche", "month": "unter 1 Monat", "quarter": "unter 3 Monaten"}
        span = duration_text(days_open) if days_open else first.get(resolution, "")
        return f"{span}, abgeschlossen" if status == "closed" else f"{span} seit Erstkontakt"
    span = duration_text(days_open)
    spelled = "" if span == days_text(days_open) else f" ({span})"
    if status == "closed":
        return f"{days_text(days_open)}{spelled}, abgeschlossen"
    day_word = "Tag" if days_open == 1 else "Tagen"
    return f"seit {days_open} {day_word}{spelled}"


def _fields(value: object) -> str:
    found = [c.strip() for c in text(value).split(";") if c.strip()]
    return ", ".join(label(codes.FIELDS, c) for c in found) or NOT_SHOWN


def case_profile(package: ConferencePackage, case: str) -> dict[str, str]:
    """German label → display text for the case header, in the order of `PROFILE_KEYS`."""
    row = case_row(package, case)
    status = text(row["status"])
    profile = {
        "Pseudonym": text(row["case"]),
        "Bezeichnung": _shown(row["label"]),
        "Alter": _age(row["age"]),
        "Geschlecht": _shown(row["gender"]),
        "Herkunft": _shown(row["origin"]),
        "Einreise": _shown(row["arrival"]),
        "Haushalt": _household(package, case, row["household_size"]),
        "Aufenthaltsstatus": _shown(row["residence_status"]),
        "Sprachen": _languages(row["languages"]),
        "Kommune": _shown(row["municipality"]),
        "Träger": _shown(row["provider"]),
        "Status": label(codes.CASE_STATUS, status),
        "Dauer": _duration(status, day(row["days_open"]), time_resolution(package, case)),
        "Handlungsfelder": _fields(row["fields"]),
    }
    return {key: profile[key] for key in PROFILE_KEYS}


def case_choices(package: ConferencePackage) -> list[tuple[str, str]]:
    """(display text, pseudonym) pairs for a dropdown, e.g. 'Klientin A – F-XXXX – Verl'."""
    choices = []
    for row in package.cases.itertuples(index=False):
        place = text(row.municipality)
        parts = [text(row.label) or text(row.case), text(row.case)]
        if place and place != SUPPRESSED:
            parts.append(place)
        choices.append((" – ".join(parts), text(row.case)))
    return choices


def profile_frame(package: ConferencePackage, case: str) -> pd.DataFrame:
    """The profile as a two-column table (Merkmal, Angabe), e.g. for the minutes."""
    profile = case_profile(package, case)
    return pd.DataFrame({"Merkmal": list(profile), "Angabe": list(profile.values())},
                        dtype="string")
