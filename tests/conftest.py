"""Shared fixtures: a tiny hand-written caseload whose every value is known, a synthetic
conference package, and the suite's clock (see clock.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from builders import synthetic_package
from clock import REFERENCE_DAY, start_session_clock

TODAY = REFERENCE_DAY


def pytest_configure(config) -> None:
    start_session_clock()
    # The coordination office's list of confirmed provider keys: the suite's own, never the
    # user's (servers and commands started by tests inherit it).
    os.environ["KIMTOOLS_TRUST_FILE"] = str(Path(tempfile.mkdtemp(prefix="kim-trust-"))
                                            / "traeger_schluessel.json")
    # The place names derived for the scrubber: kept for this run only, shared by the servers
    # and commands it starts (derived once instead of in every process).
    os.environ["KIMTOOLS_CACHE_DIR"] = tempfile.mkdtemp(prefix="kim-cache-")


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Two cases, canonical headers, ISO dates, all cells as text (as a CSV would hold them).

    Names avoid letters outside Windows-1252 so that every encoding variant can carry them.
    """
    return {
        "cases": pd.DataFrame([
            ["KIM-2023-0001", "Gütersloh", "Caritasverband für den Kreis Gütersloh e.V.",
             "Jana Brockmann", "2023-01-10", "", "active", "yes"],
            ["KIM-2022-0002", "Verl", "AWO Kreisverband Gütersloh e.V.", "Timo Weß",
             "2022-05-02", "2024-03-01", "closed", "no"],
        ], columns=["case_id", "municipality", "provider", "case_manager", "opened_on",
                    "closed_on", "status", "consent_conference"]),
        "persons": pd.DataFrame([
            ["P-0001", "KIM-2023-0001", "client", "Gülay", "Öztürk", "1985-03-04", "f", "TR",
             "tr;de", "2016-07-01", "Niederlassungserlaubnis", "Königstraße 5", "33330",
             "Gütersloh", "05241 123456", "guelay.oeztuerk@example.org"],
            ["P-0002", "KIM-2023-0001", "child", "Emre", "Öztürk", "2012-09-10", "m", "TR",
             "tr;de", "2016-07-01", "Niederlassungserlaubnis", "Königstraße 5", "33330",
             "Gütersloh", "", ""],
            ["P-0003", "KIM-2022-0002", "client", "Mohammad", "Al-Khatib", "1979-11-23", "m",
             "SY", "ar", "2015-10-12", "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG",
             "Am Bahnhof 3a", "33415", "Verl", "+49 171 2345678", ""],
        ], columns=["person_id", "case_id", "role", "given_name", "family_name", "birth_date",
                    "gender", "nationality", "languages", "arrival_date", "residence_status",
                    "street", "postcode", "city", "phone", "email"]),
        "events": pd.DataFrame([
            ["E-0001", "KIM-2023-0001", "2023-01-10", "first_contact", "consultation",
             "residence", "Ausländerbehörde Kreis Gütersloh",
             "Erstgespräch mit Frau Öztürk, Termin am 12.01.2023"],
            ["E-0002", "KIM-2022-0002", "2022-05-02", "first_contact", "consultation", "work",
             "Jobcenter Kreis Gütersloh",
             'Mehrzeilige Notiz;\nHerr Al-Khatib sagt: "Zeugnis fehlt"'],
            ["E-0003", "KIM-2023-0001", "2023-02-01", "assessment", "phone", "language",
             "VHS Gütersloh", "Rückruf wegen B1-Kurs"],
        ], columns=["event_id", "case_id", "date", "phase", "kind", "field", "institution",
                    "note"]),
        "obstacles": pd.DataFrame([
            ["O-0001", "KIM-2023-0001", "childcare", "Kita", "missing_offer",
             "Kein Integrationskurs mit Kinderbetreuung", "2023-02-01", ""],
            ["O-0002", "KIM-2022-0002", "recognition", "Anerkennungsstelle", "waiting_time",
             "Anerkennung des Abschlusses dauert", "2022-06-01", "2023-08-15"],
        ], columns=["obstacle_id", "case_id", "field", "institution", "category",
                    "description", "since", "resolved_on"]),
        "goals": pd.DataFrame([
            ["G-0001", "KIM-2023-0001", "language", "B1 erreichen", "2023-03-01",
             "2027-03-01", "in_progress"],
            ["G-0002", "KIM-2022-0002", "work", "Arbeitsstelle finden", "2022-07-01",
             "2023-12-31", "achieved"],
        ], columns=["goal_id", "case_id", "field", "description", "agreed_on", "due_on",
                    "status"]),
    }


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return tiny_tables()


@pytest.fixture(scope="session")
def conference_package(tmp_path_factory):
    """A package of four synthetic cases, made the way a case manager makes one."""
    return synthetic_package(tmp_path_factory.mktemp("conference"), cases=200, seed=1,
                             count=4).package
