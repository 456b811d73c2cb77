"""The chart across cases: every obstacle of the conference, readable and inside its box."""

from __future__ import annotations

import re

import pandas as pd

from kimtools.package import load_package
from kimtools.presentation.across import UNDATED, undated_counts, waiting_chart, waiting_frame
from kimtools.presentation.timeline import chart_svg

BOX_WIDTH = 1180  # the dashboard's content width at a 1280 px wide window


def test_one_row_per_obstacle_with_days_and_status(conference_package):
    package = load_package(conference_package)
    frame = waiting_frame(package)
    # an obstacle has a duration when the package gives its start and its end or the case's
    # days; at "phases only" it gives neither: it stays in the frame without days
    days_open = package.cases.set_index("case")["days_open"]
    obstacles = package.obstacles
    ends = obstacles["resolved_day"].notna() | obstacles["case"].map(days_open).notna()
    assert len(frame) == len(obstacles)
    assert int(frame["Tage"].notna().sum()) == int((obstacles["since_day"].notna()
                                                    & ends).sum()) > 0
    assert set(frame["Status"]) <= {"offen", "gelöst"}
    resolved = package.obstacles.dropna(subset=["resolved_day"])
    if len(resolved):
        first = resolved.iloc[0]
        row = frame[(frame["Fall"] == first["case"]) & (frame["Status"] == "gelöst")]
        assert int(first["resolved_day"] - first["since_day"]) in row["Tage"].tolist()


def test_institutions_shared_by_most_cases_come_first(tables):
    from kimtools.presentation.across import _institution_order

    frame = pd.DataFrame({"Fall": ["F-1", "F-2", "F-3", "F-3"],
                          "Institution": ["Jobcenter", "Ausländerbehörde", "Ausländerbehörde",
                                          "Jobcenter"],
                          "Kategorie": ["Wartezeit"] * 4, "Tage": [300, 10, 20, 5],
                          "Status": ["offen"] * 4})
    frame = pd.concat([frame, frame.assign(Fall="F-4", Institution="Ausländerbehörde")])
    assert _institution_order(frame)[0] == "Ausländerbehörde"


def test_text_at_least_16_px_and_chart_inside_its_box(conference_package):
    chart = waiting_chart(load_package(conference_package))
    spec = chart.to_dict()
    config = spec["config"]
    sizes = [config["axis"]["labelFontSize"], config["axis"]["titleFontSize"],
             config["legend"]["labelFontSize"], config["legend"]["titleFontSize"],
             config["title"]["fontSize"], config["title"]["subtitleFontSize"]]
    assert min(sizes) >= 16
    svg = chart_svg(chart)
    width = float(re.search(r'<svg[^>]*\bwidth="([0-9.]+)"', svg).group(1))
    assert width <= BOX_WIDTH
    assert "Kategorie" in svg and "Dauer der Hürde" in svg
    drawn = [float(size) for size in re.findall(r'font-size="([0-9.]+)px"', svg)]
    assert drawn and min(drawn) >= 16


def test_open_obstacles_without_a_duration_are_counted_not_dropped(conference_package):
    package = load_package(conference_package)
    undated = package.obstacles.assign(since_day=pd.array([pd.NA] * len(package.obstacles),
                                                          dtype="Int64"))
    first = undated["case"].iloc[0]
    # one case released at "phases only": its obstacles have no days; the others keep theirs
    mixed = package.obstacles.where(package.obstacles["case"] != first, undated)
    package.obstacles = mixed.astype(package.obstacles.dtypes.to_dict())
    frame = waiting_frame(package)
    counts = undated_counts(frame)
    theirs = package.obstacles[package.obstacles["case"] == first]
    assert len(theirs) > 0 and frame.loc[frame["Fall"] == first, "Tage"].isna().all()
    without = frame[frame["Tage"].isna()]
    assert int(counts["Anzahl"].sum()) == len(without) >= len(theirs)
    assert int(counts["offen"].sum()) == int((without["Status"] == "offen").sum())
    spec = waiting_chart(package).to_dict()
    notes = [row for data in spec["datasets"].values() for row in data if "Hinweis" in row]
    assert sorted(n["Institution"] for n in notes) == sorted(counts["Institution"])
    assert all(UNDATED in n["Hinweis"] and n["Hinweis"].startswith("+") for n in notes)
    dots = [row for data in spec["datasets"].values() for row in data if "Tage" in row]
    assert first not in {d["Fall"] for d in dots}
    assert UNDATED in chart_svg(waiting_chart(package))
