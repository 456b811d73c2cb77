"""The demo register: four earlier conferences, so every view of notebook 03 shows something."""

from __future__ import annotations

import datetime as dt

from clock import REFERENCE_DAY

from kimtools.findings import Filters, open_register, overview
from kimtools.findings.themes import lenkungsgruppe_findings, recurring_themes
from synthetic.register import demo_records, write_demo_register


def test_the_same_seed_gives_the_same_register_and_another_seed_another():
    assert demo_records(REFERENCE_DAY, seed=1) == demo_records(REFERENCE_DAY, seed=1)
    assert demo_records(REFERENCE_DAY, seed=1) != demo_records(REFERENCE_DAY, seed=2)


def test_every_view_of_the_coordination_notebook_has_something_to_show(tmp_path):
    for seed in (1, 2, 3):
        path = write_demo_register(tmp_path / f"demo{seed}.sqlite", REFERENCE_DAY, seed=seed)
        with open_register(path, read_only=True) as register:
            conferences = register.conferences()
            findings = register.findings()
            history = register.history()
            overdue = overview(register, Filters(overdue_only=True), today=REFERENCE_DAY)
        assert len(conferences) == 4
        assert all(c.date < REFERENCE_DAY for c in conferences)
        assert REFERENCE_DAY - conferences[0].date > dt.timedelta(days=300)
        assert not recurring_themes(findings, conferences).empty
        assert len(overdue) >= 1
        assert lenkungsgruppe_findings(findings)
        done = {f.id for f in findings if f.status == "umgesetzt"}
        assert done and all(any(h.finding_id == i and h.new == "umgesetzt" for h in history)
                            for i in done)
        assert all(h.at[:10] < REFERENCE_DAY.isoformat() for h in history)


def test_writing_twice_adds_nothing(tmp_path):
    path = write_demo_register(tmp_path / "demo.sqlite", REFERENCE_DAY)
    write_demo_register(path, REFERENCE_DAY)
    with open_register(path, read_only=True) as register:
        assert len(register.conferences()) == 4 and len(register.findings()) == 12


def test_the_coordination_app_fills_its_views_from_the_demo(tmp_path):
    from clock import on_day

    from kimtools.widgets.coordination import Koordinierung

    path = write_demo_register(tmp_path / "demo.sqlite", REFERENCE_DAY)
    with on_day(REFERENCE_DAY):
        app = Koordinierung(path)
        app.tabs.selected_index = 1
    for view in (app.themes, app.overdue, app.lenkungsgruppe, app.table):
        assert "<table" in view.value
