"""Annual report figures: small groups suppressed, medians from the history."""

from __future__ import annotations

import datetime as dt

import pytest

from kimtools.findings import (
    Conference,
    Finding,
    HistoryEntry,
    PresentedCase,
    annual_stats,
    open_register,
    render_stats,
)
from kimtools.findings.stats import show_counts, show_median


def stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T12:00:00+00:00"


def column(frame, name: str) -> dict[str, str]:
    """Label (first column) → cell of column ``name``."""
    return dict(zip(frame[frame.columns[0]], frame[name], strict=True))


@pytest.fixture
def register(tmp_path):
    days = {"2025": dt.date(2025, 5, 1), "2026a": dt.date(2026, 2, 1),
            "2026b": dt.date(2026, 6, 1)}
    cases = {"2025": ["F-AAAAAAAA"], "2026a": ["F-AAAAAAAA", "F-BBBBBBBB"],
             "2026b": ["F-AAAAAAAA", "F-CCCCCCCC"]}
    conferences = [Conference(id=key, date=day, municipality="Kreis Gütersloh",
                              cases=[PresentedCase(c) for c in cases[key]],
                              created_at=stamp(day), updated_at=stamp(day))
                   for key, day in days.items()]
    findings, history = [], []

    def add(conference: str, level: str, field: str, status: str,
            done_after: int | None = None) -> None:
        raised = days[conference]
        number = len(findings)
        done = None if done_after is None else raised + dt.timedelta(days=done_after)
        findings.append(Finding(id=f"b{number}", title=f"Befund {number}",
                                conference_id=conference, fields=[field], level=level,
                                status=status, created_at=stamp(raised),
                                updated_at=stamp(done or raised)))
        history.append(HistoryEntry(f"b{number}", stamp(raised), "A", "created", None,
                                    f"Befund {number}", id=f"h{number}c"))
        if done is not None:
            history.append(HistoryEntry(f"b{number}", stamp(done), "A", "status", "neu",
                                        "umgesetzt", id=f"h{number}s"))

    for after in (10, 20, 30, 40, 50):
        add("2026a", "kommunal", "work", "umgesetzt", after)
    for after in (100, 200):
        add("2026b", "Kreis", "residence", "umgesetzt", after)
    for _ in range(4):
        add("2026b", "Lenkungsgruppe", "housing", "neu")
    add("2026b", "Land", "health", "verworfen")
    add("2025", "kommunal", "work", "umgesetzt", 254)  # raised 2025, done 2026-01-10
    with open_register(tmp_path / "register.db", create=True) as opened:
        opened.import_records(conferences, findings, history)
        yield opened


def test_primary_and_secondary_suppression():
    assert show_counts([0, 1, 2, 3]) == ["0", "<3", "<3", "3"]
    assert show_counts([5, 2, 4, 9]) == ["5", "<3", "x", "9"]
    assert show_counts([2]) == ["<3"]
    assert show_median([]) == "–"
    assert show_median([5, 400]) == "<3"
    assert show_median([10, 20, 30, 41]) == "25"
    assert show_median([10, 20, 30, 40]) == "25"
    assert show_median([1, 2, 4, 5]) == "3"
    assert show_median([1, 2, 3, 5]) == "2,5"


def test_year_figures(register):
    stats = annual_stats(register, 2026)
    summary = column(stats.summary, "Wert")
    assert summary == {"Planungskonferenzen": "<3", "Fallvorstellungen": "4",
                       "vorgestellte Fälle": "3", "Befunde erhoben": "12",
                       "Befunde umgesetzt": "8",
                       "Median Tage bis umgesetzt": "45"}  # 10 … 50, 100, 200, 254
    assert column(stats.by_level, "erhoben") == {
        "kommunal": "5", "Kreis": "<3", "Lenkungsgruppe": "4", "Land": "<3"}
    assert column(stats.by_level, "umgesetzt") == {
        "kommunal": "x", "Kreis": "<3", "Lenkungsgruppe": "0", "Land": "0"}
    assert column(stats.by_level, "Median Tage bis umgesetzt") == {
        "kommunal": "35", "Kreis": "<3", "Lenkungsgruppe": "–", "Land": "–"}
    assert column(stats.by_status, "erhoben") == {
        "neu": "x", "übergeben": "0", "in Bearbeitung": "0", "umgesetzt": "7",
        "verworfen": "<3"}
    assert column(stats.by_field, "erhoben") == {
        "Aufenthalt": "<3", "Arbeit": "5", "Wohnen": "4", "Gesundheit": "<3"}
    assert column(stats.by_field, "Median Tage bis umgesetzt")["Arbeit"] == "35"


def test_other_year_and_all_years(register):
    earlier = column(annual_stats(register, 2025).summary, "Wert")
    assert earlier["Planungskonferenzen"] == "<3" and earlier["Befunde erhoben"] == "<3"
    assert earlier["Befunde umgesetzt"] == "0" and earlier["Median Tage bis umgesetzt"] == "–"
    every = column(annual_stats(register).summary, "Wert")
    assert every["Planungskonferenzen"] == "3" and every["Befunde erhoben"] == "13"
    assert every["vorgestellte Fälle"] == "3" and every["Fallvorstellungen"] == "5"


def test_rendered_text_is_german_and_has_no_small_number(register):
    text = render_stats(annual_stats(register, 2026))
    assert text.startswith("Befundregister – Jahr 2026")
    assert "Nach Handlungsfeld" in text and "weniger als 3" in text
    for line in text.splitlines()[2:]:
        assert not {"1", "2"} & set(line.split()), line
