"""The wheel from anywhere: build it, install it into a fresh venv outside the clone, use it.

Run by `make test-wheel` with the development venv's Python (for Playwright). Everything of
kimtools runs from the fresh venv in a temporary folder, so a notebook, template or data file
missing from the wheel's package data fails here. Dependencies come from pip's cache and the
configured index (PIP_FIND_LINKS / --find-links work for a wheelhouse when offline).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLONE = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]

RECORD_CONFERENCE = """
import datetime as dt, sys
from kimtools.findings import Attendee, Conference, Finding, PresentedCase, open_register
from kimtools.package import load_package

package, db = sys.argv[1], sys.argv[2]
loaded = load_package(package)
day = dt.date(2026, 3, 12)
with open_register(db, create=True) as register:
    conference = register.add_conference(Conference(
        date=day, place="Kreishaus, Sitzungssaal", municipality="Kreis Gütersloh",
        attendees=[Attendee("Jobcenter Kreis Gütersloh", "Teamleitung")],
        agenda=["Vorstellung der Fälle"], chair="Vorsitz", minute_taker="Protokoll",
        cases=[PresentedCase(case, package) for case in loaded.case_ids()]))
    register.add_finding(Finding(
        title="Wartezeit bei der Ausländerbehörde", conference_id=conference.id,
        fields=["residence"], measure="Termine ohne Vorsprache prüfen.",
        responsible="Ausländerbehörde", level="Kreis", due_date=day + dt.timedelta(days=60)),
        "Koordinierungsstelle", today=day)
print(conference.id)
"""

LAB_SETUP = """
import sys
from importlib.metadata import entry_points
from pathlib import Path
from kimtools.lab import prepare

space = prepare(Path(sys.argv[1]))
packs = sorted(ep.name for ep in entry_points(group="jupyterlab.languagepack"))
print(len(space.copied), *packs)
"""


def step(title: str) -> float:
    print(f"== {title}", flush=True)
    return time.monotonic()


def run(argv: list, cwd: Path, env: dict | None = None) -> str:
    """Run a step; on failure stop with its output."""
    result = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"Fehlgeschlagen ({result.returncode}): {' '.join(map(str, argv))}\n"
                 f"{result.stdout}\n{result.stderr}")
    return result.stdout


def generalise_every_flag(path: Path) -> None:
    """Fill in the decisions file as a case manager would in Excel: generalise every flag."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    column = rows[0].index("Entscheidung")
    for row in rows[1:]:
        row[column] = "verallgemeinern"
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, delimiter=";").writerows(rows)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="kimtools-wheel-"))
    try:
        smoke(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"Wheel-Test bestanden in {time.monotonic() - started:.0f} s.")


def smoke(base: Path) -> None:
    dist, venv, work = base / "dist", base / "venv", base / "arbeit"
    work.mkdir()
    t = step("Wheel bauen")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, CLONE],
        cwd=base)
    [wheel] = dist.glob("kimtools-*.whl")
    print(f"   {wheel.name} ({time.monotonic() - t:.0f} s)")

    t = step("Frische venv außerhalb des Klons, Wheel mit Abhängigkeiten installieren")
    run([sys.executable, "-m", "venv", venv], cwd=base)
    python, kimtools = venv / "bin" / "python", venv / "bin" / "kimtools"
    # The versions the development venv tested with: no resolver backtracking; no bytecode
    # compiling of ~150 packages (Python does it on first import).
    pins = base / "pins.txt"
    frozen = run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], cwd=base)
    pins.write_text("\n".join(line for line in frozen.splitlines() if " @ " not in line),
                    encoding="utf-8")
    run([python, "-m", "pip", "install", "--quiet", "--no-compile", "-c", pins, wheel],
        cwd=base)
    print(f"   ({time.monotonic() - t:.0f} s)")
    # Trust list and configuration of the test only, never the user's.
    env = {**os.environ, "KIMTOOLS_TRUST_FILE": str(work / "traeger_schluessel.json"),
           "HOME": str(base / "home"), "XDG_CONFIG_HOME": str(base / "home" / ".config")}

    def kim(*args: str) -> str:
        """kimtools from the fresh venv, in the working folder outside the clone."""
        return run([kimtools, *args], cwd=work, env=env)

    located = run([python, "-c", "import kimtools; print(kimtools.__file__)"], cwd=work)
    assert Path(located.strip()).is_relative_to(venv), located

    t = step("synth, candidates, pseudonymise")
    kim("synth", "--out", "fallbestand", "--cases", "200", "--seed", "1")
    ids = kim("candidates", "fallbestand", "--count", "3", "--ids").strip()
    kim("markierungen", "fallbestand", "--cases", ids, "--out", "entscheidungen.csv",
        "--key-file", "traeger.key", "--district", "Kreis Gütersloh")
    generalise_every_flag(work / "entscheidungen.csv")
    kim("pseudonymise", "fallbestand", "--cases", ids, "--out", "paket", "--key-file",
        "traeger.key", "--district", "Kreis Gütersloh",
        "--approved-by", "Wheel-Test (synthetische Daten)",
        "--decisions", "entscheidungen.csv")
    print(f"   Fälle {ids} ({time.monotonic() - t:.0f} s)")
    fingerprint = run([python, "-c", "import sys; from kimtools.privacy.keys import "
                       "load_or_create_key as k; print(k(sys.argv[1]).fingerprint)",
                       "traeger.key"], cwd=work, env=env).strip()
    kim("trust", "paket", "--fingerprint", fingerprint)

    t = step("minutes --format html")
    conference = run([python, "-c", RECORD_CONFERENCE, "paket", "befunde.sqlite"],
                     cwd=work, env=env).strip()
    said = kim("minutes", "--conference", conference, "--out", "protokoll.html",
               "--db", "befunde.sqlite", "--format", "html", "--caseload", "fallbestand")
    html = (work / "protokoll.html").read_text(encoding="utf-8")
    assert "Wartezeit bei der Ausländerbehörde" in html, said
    print(f"   {said.strip()} ({time.monotonic() - t:.0f} s)")

    step("lab: Arbeitsordner mit den Notebooks aus dem Wheel, deutsches Sprachpaket")
    said = run([python, "-c", LAB_SETUP, "KIM"], cwd=work, env=env)
    shipped = len(list((CLONE / "kimtools" / "notebooks").glob("*.ipynb")))
    assert said.split() == [str(shipped), "de_DE"], said

    t = step("serve: Seite in Headless-Chromium")
    port = free_port()
    server = subprocess.Popen(
        [kimtools, "serve", "paket", "--port", str(port)],
        cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = wait_for_url(server)
        render(url)
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(f"   {url.split('?')[0]} gerendert ({time.monotonic() - t:.0f} s)")


def wait_for_url(server: subprocess.Popen) -> str:
    seen = []
    for line in server.stdout:
        seen.append(line)
        found = re.search(r"(http://127\.0\.0\.1:\d+/\S*token=\S+)", line)
        if found:
            return found.group(1)
    sys.exit("kimtools serve gab keine Adresse aus:\n" + "".join(seen))


def render(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(url, wait_until="load", timeout=120_000)
            page.wait_for_selector("#rendered_cells", state="visible", timeout=120_000)
            page.wait_for_selector(".kim-timeline svg, .kim-timeline canvas, "
                                   ".vega-embed svg, .vega-embed canvas",
                                   state="visible", timeout=120_000)
            text = page.locator("body").inner_text()
            for error in ("Traceback", "Error displaying widget",
                          "There was an error when executing cell"):
                assert error not in text, f"Fehler auf der Seite: {error}"
        finally:
            browser.close()


if __name__ == "__main__":
    main()
