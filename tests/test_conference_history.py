"""A case presented before: the earlier conference and its findings with their status now."""

from __future__ import annotations

import datetime as dt

from kimtools.conference.history import earlier_presentations
from kimtools.findings import Conference, Finding, PresentedCase, open_register

CASE = "F-7KQ2M4XA"
OTHER = "F-3HJ5N6PR"


def test_earlier_conference_with_linked_finding_and_its_status_today(tmp_path):
    with open_register(tmp_path / "befunde.sqlite", create=True) as register:
        june = register.add_conference(Conference(
            date=dt.date(2026, 6, 4), place="Rathaus Verl",
            cases=[PresentedCase(CASE, "paket_juni"), PresentedCase(OTHER, "paket_juni")]))
        march = register.add_conference(Conference(
            date=dt.date(2026, 3, 5), municipality="Verl", cases=[PresentedCase(OTHER, "p")]))
        linked = register.add_finding(Finding(title="Wartezeit Ausländerbehörde",
                                              conference_id=june.id, cases=[CASE],
                                              fields=["residence"]),
                                      "Koordinierung", dt.date(2026, 6, 4))
        register.add_finding(Finding(title="Kein Kitaplatz", conference_id=june.id,
                                     cases=[OTHER], fields=["childcare"]),
                             "Koordinierung", dt.date(2026, 6, 4))
        register.update_finding(linked.id, {"status": "in Bearbeitung"}, "Koordinierung",
                                dt.date(2026, 9, 1))
        december = register.add_conference(Conference(
            date=dt.date(2026, 12, 3), cases=[PresentedCase(CASE, "paket_dez")]))

        (earlier,) = earlier_presentations(register, CASE, december.date, december.id)
        assert earlier.conference.id == june.id
        assert [f.title for f in earlier.findings] == ["Wartezeit Ausländerbehörde"]
        lines = earlier.describe()
        assert lines[0] == "vorgestellt am 04.06.2026 (Rathaus Verl)"
        assert "Status heute: in Bearbeitung" in lines[1]

        both = earlier_presentations(register, OTHER, december.date)
        assert [e.conference.id for e in both] == [june.id, march.id]
        assert both[1].describe() == ["vorgestellt am 05.03.2026 (Verl)",
                                      "  damals kein Befund mit diesem Fall verknüpft"]
        assert earlier_presentations(register, CASE, june.date) == []
