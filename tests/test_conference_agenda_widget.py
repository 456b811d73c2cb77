"""The dashboard along a conference's agenda, checked with ipywidgets' own objects."""

from __future__ import annotations

import datetime as dt

from kimtools.conference import collect_packages, create_conference, plan_conference
from kimtools.findings import open_register
from kimtools.package import load_package
from kimtools.widgets.conference import Planungskonferenz
from kimtools.widgets.findings import Befunderfassung

pytest_plugins = ["conference_fixtures"]
DAY = dt.date(2026, 12, 3)


def _register(packages, tmp_path):
    path = tmp_path / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three), DAY, "Kreishaus")
    with open_register(path, create=True) as register:
        create_conference(register, plan)
    return path, plan


def test_next_moves_through_all_packages_in_agenda_order(packages, tmp_path):
    path, plan = _register(packages, tmp_path)
    app = Planungskonferenz(register=path, conference="03.12.2026")
    assert app.error.value == "" and app.plan.conference_id == plan.conference_id
    assert "3 Tagesordnungspunkte" in app.header.value and "6 Fälle" in app.header.value
    seen = [app.case]
    tops = [app.agenda_item.value]
    while not app.next.disabled:
        app.next.click()
        seen.append(app.case)
        tops.append(app.agenda_item.value)
    assert seen == plan.cases
    assert "TOP 1" in tops[0] and "TOP 2" in tops[2] and "TOP 3" in tops[5]
    assert plan.items[1].provider in tops[2] and "6 von 6" in tops[5]
    app.previous.click()
    assert app.case == plan.cases[4] and not app.next.disabled


def test_each_case_keeps_its_own_package_labels(packages, tmp_path):
    path, plan = _register(packages, tmp_path)
    app = Planungskonferenz(register=path, conference=plan.conference_id)
    for item in plan.items:
        own = load_package(item.package.path)
        for case in item.cases:
            app.case_select.value = case
            label = str(own.cases.set_index("case").loc[case, "label"])
            assert label in app.profile.value and case in app.profile.value
            assert app.timeline.children[0].chart is not None
    shown = {text for text, _ in app.case_select.options}
    assert all(text.startswith("TOP ") for text in shown)


def test_across_cases_covers_the_whole_conference(packages, tmp_path):
    path, plan = _register(packages, tmp_path)
    app = Planungskonferenz(register=path, conference=plan.conference_id)
    single = Planungskonferenz(packages.first)
    assert app.across.value != single.across.value
    assert "Hürden über alle Fälle" in app.across.value


def test_findings_panel_follows_the_package_of_the_item(packages, tmp_path):
    path, plan = _register(packages, tmp_path)
    app = Planungskonferenz(register=path, conference=plan.conference_id)
    first = app.findings_panel
    assert isinstance(first, Befunderfassung)
    assert first.package.path.resolve() == plan.items[0].package.path.resolve()
    app.case_select.value = plan.items[1].cases[0]
    assert app.findings_panel is not first
    assert app.findings_panel.package.path.resolve() == plan.items[1].package.path.resolve()
    app.case_select.value = plan.items[0].cases[1]
    assert app.findings_panel is first


def test_unknown_conference_or_no_register_is_a_german_message(packages, tmp_path):
    path, _ = _register(packages, tmp_path)
    assert "nicht im Register" in Planungskonferenz(register=path,
                                                    conference="2030-01-01").error.value
    lost = Planungskonferenz(conference="03.12.2026")
    assert "Befundregister" in lost.error.value and lost.case_select.options == ()


def test_conference_from_environment(packages, tmp_path, monkeypatch):
    path, plan = _register(packages, tmp_path)
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(path))
    monkeypatch.setenv("KIMTOOLS_CONFERENCE", plan.conference_id)
    monkeypatch.delenv("KIMTOOLS_PACKAGE", raising=False)
    assert Planungskonferenz().plan.cases == plan.cases


def test_across_tab_has_the_waiting_chart_beside_the_table(packages, tmp_path):
    path, plan = _register(packages, tmp_path)
    app = Planungskonferenz(register=path, conference=plan.conference_id)
    (chart,) = app.across_chart.children
    values = [row for data in chart.chart.to_dict()["datasets"].values() for row in data
              if "Tage" in row and "Fall" in row and row["Tage"] is not None]
    assert len(values) == sum(_with_duration(p) for p in plan.packages) > 0
    assert {v["Fall"] for v in values} <= set(plan.cases)


def _with_duration(package) -> int:
    """Obstacles whose duration the package gives: a start, and an end or the case's days."""
    days_open = package.cases.set_index("case")["days_open"]
    obstacles = package.obstacles
    ends = obstacles["resolved_day"].notna() | obstacles["case"].map(days_open).notna()
    return int((obstacles["since_day"].notna() & ends).sum())
