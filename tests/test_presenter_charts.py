"""The presenter's charts and screens: drawn by the server's static Vega bundle, fitted to their
box, made once by the server (the kernel then needs neither pandas nor Altair nor
cryptography), and its kernel preheated by a local server only."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest
from test_presentation import hand_package

from kimtools import serve
from kimtools.conference import collect_packages, create_conference, participants, plan_conference
from kimtools.conference.screens import (
    SCREENS_ENV,
    case_screens,
    prepared_screens,
    write_screens,
)
from kimtools.findings import open_register
from kimtools.presentation import timeline_chart
from kimtools.presentation.vega_widget import BUNDLE_ENV, VegaChart, chart_widget
from kimtools.widgets.presenter import (
    LABEL_ROOM,
    MIN_TEXT,
    TIMELINE_WIDTH,
    Praesentation,
    fit_box,
)

pytest_plugins = ["conference_fixtures"]

# What a presenter kernel under `kimtools serve` runs: the screen, then every case in turn.
KERNEL = """
import json, sys
from kimtools.widgets.presenter import Praesentation
screen = Praesentation(sys.argv[1], register=sys.argv[2])
shown = []
for _ in screen.cases:
    shown.append([screen.top.value, screen.sentence.value, screen.profile.value,
                  screen.obstacles.value, screen.goals.value, screen.timeline.children[0].spec])
    screen.step(1)
heavy = sorted(m for m in ("pandas", "numpy", "altair", "jsonschema", "vl_convert",
                           "cryptography") if m in sys.modules)
print(json.dumps({"heavy": heavy, "error": screen.error.value, "shown": shown}))
"""


@pytest.fixture
def chart():
    return timeline_chart(hand_package(), "F-AAAAAAAA", TIMELINE_WIDTH)


def test_served_chart_carries_only_the_spec_and_the_bundle_path(chart, monkeypatch):
    monkeypatch.setenv(BUNDLE_ENV, "templates/kim/static/vega-bundle.js")
    widget = chart_widget(chart)
    assert isinstance(widget, VegaChart)
    assert widget.bundle == "templates/kim/static/vega-bundle.js"
    assert widget.spec["usermeta"]["embedOptions"]["actions"] is False
    assert "https://" not in widget._esm and len(widget._esm) < 5000


def test_without_our_server_the_chart_brings_its_own_bundle(chart, monkeypatch):
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    assert not isinstance(chart_widget(chart), VegaChart)


def test_fit_box_makes_the_chart_as_wide_as_its_box_with_readable_text(chart):
    spec = fit_box(chart.to_dict(validate=False))
    assert spec["width"] == "container" and spec["autosize"]["type"] == "fit-x"
    sizes = [layer["mark"]["fontSize"] for layer in spec["layer"]
             if isinstance(layer.get("mark"), dict) and "fontSize" in layer["mark"]]
    assert sizes and min(sizes) >= MIN_TEXT
    legends = [channel["legend"] for layer in spec["layer"]
               for channel in layer.get("encoding", {}).values()
               if isinstance(channel, dict) and isinstance(channel.get("legend"), dict)]
    assert legends and all(lg["orient"] == "right" and lg["offset"] == LABEL_ROOM
                           for lg in legends)


def test_only_the_local_presenter_gets_preheated_kernels():
    presenter = serve.voila_config(share=False, preheat=True)["VoilaConfiguration"]
    assert presenter["preheat_kernel"] is True and presenter["default_pool_size"] >= 1
    assert serve.voila_config(share=True)["VoilaConfiguration"]["preheat_kernel"] is False
    # Voilà refuses a prelaunch hook together with preheating: the cap stays for the rest
    assert "prelaunch_hook" not in serve.voila_python_config(5, preheat=True)
    assert "KernelCap(5)" in serve.voila_python_config(5)


def test_run_folder_serves_the_bundle_from_the_template(tmp_path):
    run_dir = serve.prepare_run_dir(serve.PRESENTER_NOTEBOOK, preheat=True)
    try:
        bundle = run_dir / "share/nbconvert/templates/kim/static/vega-bundle.js"
        assert bundle.stat().st_size > 500_000
        config = json.loads((run_dir / "config" / "voila.json").read_text(encoding="utf-8"))
        assert config["VoilaConfiguration"]["preheat_kernel"] is True
    finally:
        shutil.rmtree(run_dir)
    env = serve.voila_environment(None, tmp_path, None, base={})
    assert env[BUNDLE_ENV] == "templates/kim/static/vega-bundle.js"


def test_presenter_kernel_shows_the_servers_screens_without_pandas_altair_cryptography(
        packages, tmp_path, monkeypatch):
    register = tmp_path / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three), dt.date(2026, 12, 3), "Kreishaus")
    with open_register(register, create=True) as opened:
        create_conference(opened, plan)
    screens = tmp_path / "praesentation.json"
    # what `kimtools serve` runs once at start (site for the participants, screens for the kernel)
    assert participants.main([str(register), "03.12.2026", str(tmp_path / "site"),
                              str(screens)]) == 0
    monkeypatch.setenv(BUNDLE_ENV, "templates/kim/static/vega-bundle.js")
    env = {**os.environ, SCREENS_ENV: str(screens)}
    ran = subprocess.run([sys.executable, "-c", KERNEL, plan.conference_id, str(register)],
                         env=env, capture_output=True, text=True, check=True)
    kernel = json.loads(ran.stdout.splitlines()[-1])
    assert kernel["error"] == "" and kernel["heavy"] == []
    # exactly what a kernel shows that loads and checks the packages itself, case by case
    itself = Praesentation(plan, register=register)
    made = []
    for _ in plan.cases:
        made.append([itself.top.value, itself.sentence.value, itself.profile.value,
                     itself.obstacles.value, itself.goals.value, itself.timeline.children[0].spec])
        itself.step(1)
    assert kernel["shown"] == json.loads(json.dumps(made))
    assert "Hürden" in made[0][3] and "kim-compact" in made[0][2]


def test_screens_are_taken_only_for_the_conference_they_were_made_for(packages, tmp_path,
                                                                      monkeypatch):
    register = tmp_path / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three[:1]), dt.date(2026, 12, 3), "Saal")
    with open_register(register, create=True) as opened:
        create_conference(opened, plan)
    path = write_screens(tmp_path / "praesentation.json", plan)
    monkeypatch.setenv(SCREENS_ENV, str(path))
    prepared = prepared_screens(plan.conference_id)
    assert [s.case for s in prepared.screens] == plan.cases
    assert prepared.screens == case_screens(plan)
    assert (prepared.conference_id, prepared.date) == (plan.conference_id, plan.date)
    assert prepared_screens("eine-andere-konferenz") is None
    path.write_text("{", encoding="utf-8")  # a broken file: the kernel makes its own screens
    assert prepared_screens(plan.conference_id) is None
    monkeypatch.delenv(SCREENS_ENV)
    assert prepared_screens(plan.conference_id) is None
