"""Benchmark of the presenter screen in a real browser (headless Chromium), in one run:

- page ready (first timeline drawn) for a conference of three packages from two provider
  keys, six cases, against the floor measured in the same run: the same hardened Voilà
  serving a notebook of one HTML widget (target: at most 1.5 × the floor);
- key press (PageDown) to the next case's timeline drawn, over the whole agenda (target:
  300 ms).

Everything runs in a temporary folder with its own trust list; nothing of the user's changes.

    .venv/bin/python benchmarks/bench_presenter.py [--size 1280x720]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 10, 1)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
FLOOR_NOTEBOOK = {"cells": [{"cell_type": "code", "execution_count": None, "id": "floor",
                             "metadata": {}, "outputs": [],
                             "source": ["import ipywidgets as w\n",
                                        "w.HTML('<p class=\"kim-floor\">bereit</p>')"]}],
                  "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                              "name": "python3"}},
                  "nbformat": 4, "nbformat_minor": 5}


def build_packages(root: Path) -> list[Path]:
    """Two synthetic caseloads, two provider keys, three approved packages of two cases."""
    import pandas as pd

    from kimtools.caseload import read_caseload
    from kimtools.caseload.summary import conference_candidates
    from kimtools.package import load_package
    from kimtools.privacy.keys import load_or_create_key
    from kimtools.privacy.pseudonymise import prepare_package, write_package
    from kimtools.trust import TrustStore
    from synthetic import write_synthetic_caseload

    written = []
    for seed, slices in ((1, [(0, 2), (2, 4)]), (2, [(0, 2)])):
        folder = root / f"traeger{seed}"
        raw = write_synthetic_caseload(folder / "caseload", cases=200, seed=seed, as_of=AS_OF)
        caseload = read_caseload(raw, today=AS_OF)
        chosen = list(conference_candidates(caseload, pd.Timestamp(AS_OF)).index)
        key = load_or_create_key(folder / "traeger.key")
        for start, stop in slices:
            draft = prepare_package(caseload, chosen[start:stop], key, k=3, as_of=AS_OF,
                                    district="Kreis Gütersloh")
            draft.approve("Benchmark")
            path = write_package(draft, folder / f"paket_{start}", caseload)
            loaded = load_package(path)
            TrustStore.load().confirm(loaded, loaded.fingerprint, also=True)
            written.append(path)
    return written


def page_ready(browser, url: str, selector: str, size: dict) -> tuple[float, object]:
    page = browser.new_page(viewport=size)
    start = time.perf_counter()
    page.goto(url, timeout=300_000)
    page.wait_for_selector(selector, state="visible", timeout=300_000)
    return time.perf_counter() - start, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    size = {"width": width, "height": height}
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} fehlt: dieser Benchmark braucht Chromium.")
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="kim-bench-presenter-"))
    os.environ["KIMTOOLS_TRUST_FILE"] = str(root / "traeger_schluessel.json")
    from kimtools import serve
    from kimtools.conference import collect_packages, create_conference, plan_conference
    from kimtools.findings import open_register

    packages = build_packages(root)
    register = root / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages), dt.date(2026, 12, 3), "Kreishaus")
    with open_register(register, create=True) as opened:
        create_conference(opened, plan)
    floor_notebook = root / "floor.ipynb"
    floor_notebook.write_text(json.dumps(FLOOR_NOTEBOOK), encoding="utf-8")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with serve.running_server(packages[0], notebook=floor_notebook) as server:
            floor, page = page_ready(browser, server.url, ".kim-floor", size)
            page.close()
        with serve.running_server(None, register=register, conference=plan.conference_id,
                                  notebook=serve.PRESENTER_NOTEBOOK) as server:
            ready, page = page_ready(browser, server.url, ".kim-presenter .vega-embed svg",
                                     size)
            steps = []
            for case in plan.cases[1:]:
                start = time.perf_counter()
                page.keyboard.press("PageDown")
                page.wait_for_function(
                    "wanted => [...document.querySelectorAll('.kim-presenter .vega-embed svg')]"
                    ".some(s => s.textContent.includes(wanted))", arg=case, timeout=60_000)
                steps.append(time.perf_counter() - start)
            page.close()
        browser.close()

    print(f"Präsentation, {len(plan.items)} TOPs, {len(plan.cases)} Fälle, Fenster "
          f"{args.size}")
    print(f"  Boden: Voilà mit einem Widget bis sichtbar   {floor:6.1f} s")
    print(f"  Präsentation bis erste Zeitleiste           {ready:6.1f} s  "
          f"({ready / floor:.2f} × Boden; Ziel ≤ 1,5 ×)")
    print(f"  Bild ab bis nächste Zeitleiste: Median {statistics.median(steps) * 1000:5.0f} ms,"
          f" max {max(steps) * 1000:5.0f} ms (Ziel ≤ 300 ms)")


if __name__ == "__main__":
    main()
