"""The presenter screen with ipywidgets' own objects: keys, agenda, timer settings, history."""

from __future__ import annotations

import datetime as dt

from kimtools.conference import collect_packages, create_conference, plan_conference
from kimtools.findings import Conference, Finding, PresentedCase, open_register
from kimtools.widgets.presenter import Praesentation

pytest_plugins = ["conference_fixtures"]
DAY = dt.date(2026, 12, 3)


def _conference(packages, tmp_path):
    path = tmp_path / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three), DAY, "Kreishaus",
                           minutes_per_case=10)
    with open_register(path, create=True) as register:
        create_conference(register, plan)
    return path, plan


def press(screen: Praesentation, step: int) -> None:
    """What the browser sends for PageDown (+1) or PageUp (−1)."""
    screen.clicker._handle_custom_msg({"step": step}, [])


def test_clicker_keys_run_the_agenda_and_the_traitlets_follow(packages, tmp_path):
    path, plan = _conference(packages, tmp_path)
    screen = Praesentation("03.12.2026", register=path)
    assert screen.error.value == ""
    assert (screen.current_case, screen.current_item) == (plan.cases[0], 1)
    assert screen.clicker.planned_seconds == 20 * 60 and screen.clicker.item == "1"
    press(screen, -1)
    assert screen.current_case == plan.cases[0]
    seen = [screen.current_case]
    items = [screen.current_item]
    for _ in range(7):
        press(screen, 1)
        if screen.current_case != seen[-1]:
            seen.append(screen.current_case)
            items.append(screen.current_item)
    assert seen == plan.cases and items == [1, 1, 2, 2, 3, 3]
    assert screen.next.disabled and "TOP 3" in screen.top.value
    screen.clicker._handle_custom_msg({"step": 5}, [])
    assert screen.current_case == plan.cases[-1]
    screen.previous.click()
    assert screen.current_case == plan.cases[-2]


def test_one_screen_per_case_profile_beside_timeline_sentence_large(packages, tmp_path):
    path, plan = _conference(packages, tmp_path)
    screen = Praesentation(plan, register=path)
    item = plan.items[0]
    assert item.label(plan.cases[0]) in screen.profile.value
    assert "Sprachen" not in screen.profile.value  # the rest is in the details
    assert "kim-presenter-sentence" in screen.sentence.value
    (chart,) = screen.timeline.children
    assert chart.chart.to_dict()["width"] == 400
    assert screen.details.selected_index is None and "Hürden" in screen.obstacles.value


def test_case_presented_before_shows_then_and_the_status_now(packages, tmp_path):
    path, plan = _conference(packages, tmp_path)
    case = plan.cases[2]
    with open_register(path) as register:
        june = register.add_conference(Conference(date=dt.date(2026, 6, 4), place="Rathaus",
                                                  cases=[PresentedCase(case, "alt")]))
        found = register.add_finding(Finding(title="Wartezeit Ausländerbehörde",
                                             conference_id=june.id, cases=[case],
                                             fields=["residence"]),
                                     "Koordinierung", dt.date(2026, 6, 4))
        register.update_finding(found.id, {"status": "umgesetzt"}, "Koordinierung",
                                dt.date(2026, 10, 1))
    screen = Praesentation(plan.conference_id, register=path)
    assert screen.earlier.value == ""
    press(screen, 1)
    press(screen, 1)
    assert screen.current_case == case
    assert "vorgestellt am 04.06.2026 (Rathaus)" in screen.earlier.value
    assert "Wartezeit Ausländerbehörde" in screen.earlier.value
    assert "Status heute: umgesetzt" in screen.earlier.value


def test_without_register_a_german_message(packages):
    screen = Praesentation("03.12.2026")
    assert "Befundregister" in screen.error.value and screen.current_case == ""
    press(screen, 1)
    assert screen.current_case == ""


def test_findings_form_beside_the_case_per_package(packages, tmp_path, monkeypatch):
    from kimtools.widgets.findings import Befunderfassung

    path, plan = _conference(packages, tmp_path)
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(path))
    monkeypatch.setenv("KIMTOOLS_CONFERENCE", plan.conference_id)
    screen = Praesentation()
    assert screen.findings.children == ()  # made when opened, so moving on stays fast
    screen.details.selected_index = 1
    (first,) = screen.findings.children
    assert isinstance(first, Befunderfassung)
    assert first.package.path.resolve() == plan.items[0].package.path.resolve()
    press(screen, 1)
    press(screen, 1)
    (second,) = screen.findings.children
    assert second is not first
    assert second.package.path.resolve() == plan.items[1].package.path.resolve()
