"""The presenter's charts: drawn by the server's static Vega bundle, fitted to their box, and
its kernel preheated by a local server only."""

from __future__ import annotations

import json
import shutil

import pytest
from test_presentation import hand_package

from kimtools import serve
from kimtools.presentation import timeline_chart
from kimtools.presentation.vega_widget import BUNDLE_ENV, VegaChart, chart_widget
from kimtools.widgets.presenter import LABEL_ROOM, MIN_TEXT, TIMELINE_WIDTH, fit_box


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
