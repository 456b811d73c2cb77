"""Benchmark of the participants' view (issue 13), in one run on this machine:

- 30 participants open the view at once (30 pages in headless Chromium, and 30 plain HTTP
  clients that fetch what a browser fetches): time until all show the presenter's current
  case, its chart on the screen (target ≤ 5 s);
- memory of the whole server beyond the presenter's kernel: RSS of the server process tree
  minus the kernel, with the 30 participants polling (target ≤ 300 MB);
- follow latency: PageDown in the presenter until all 30 pages show the next case
  (target ≤ 1 s).

The targets are absolute (issue 13), not ratios against a floor, so this script prints its
own figures instead of going through ``harness.interleave``; the load average is printed
with them.

The 30 browser pages share this machine's two cores, and one browser's process for the
network and its windows, with the server and the presenter's browser; 30 laptops in the room
each have their own. That part is measured as a floor in the same run, in turns with the
view: the same 30 fresh pages open a static page of the same size (one document, no style,
script or chart) from a plain static server. The view's figure is printed as measured, the
floor beside it, and their difference is what the view itself costs.

Each page notes in itself (a script added by the benchmark, not the view's) when it first
showed the current case with its chart on the screen, and when it followed to the next
one, so the benchmark polls it every quarter second instead of on every frame of 30 pages.

    .venv/bin/python benchmarks/bench_participants.py [--participants 30]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
AS_OF = dt.date(2026, 10, 1)

TARGET_OPEN = 5.0
TARGET_MEMORY_MB = 300
TARGET_FOLLOW = 1.0
ROUNDS = 2  # floor and view in turns, each with 30 fresh pages
POLL = 250  # ms: how often the benchmark asks a page whether it is done
# Added to every page by the benchmark: the wall-clock time (ms) of the first frame after the
# page showed a case, that is, marked it current with its chart inside and its section on the
# screen; for the floor page the first frame after it was parsed.
WATCH = """(() => {
  window.__kimShown = {};
  const frame = (key) => {
    if (key in window.__kimShown) return;
    window.__kimShown[key] = null;
    requestAnimationFrame(() => {
      window.__kimShown[key] = performance.timeOrigin + performance.now();
    });
  };
  const check = () => {
    const body = document.body;
    if (!body) return;
    if ('boden' in body.dataset) { if (document.readyState !== 'loading') frame('boden'); return; }
    const section = document.querySelector('.kim-case.kim-current');
    if (!section || !body.dataset.current || !section.querySelector('.kim-chart svg')) return;
    const top = section.getBoundingClientRect().top;
    if (top >= 0 && top < innerHeight) frame(body.dataset.current);
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  addEventListener('scroll', check);
  document.addEventListener('DOMContentLoaded', check);
})()"""


def tree_memory(pid: int) -> tuple[float, float]:
    """(MB of the server tree without kernels, MB of the kernels), by RSS."""
    import psutil

    root = psutil.Process(pid)
    server = kernels = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            rss = process.memory_info().rss
            kernel = any("ipykernel" in part for part in process.cmdline())
        except psutil.NoSuchProcess:
            continue
        if kernel:
            kernels += rss
        else:
            server += rss
    return server / 2**20, kernels / 2**20


def http_participant(url: str, case: str) -> float:
    """What one participant's browser fetches, by plain HTTP; seconds until the state names
    the current case."""
    split = urlsplit(url)
    start = time.perf_counter()
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=60)
    try:
        connection.request("GET", f"{split.path}?{split.query}")
        page = connection.getresponse()
        page.read()
        cookie = page.getheader("Set-Cookie").split(";")[0]
        assert page.status == 200, page.status
        while True:
            connection.request("GET", "/teilnehmende/stand", headers={"Cookie": cookie})
            reply = connection.getresponse()
            if case.encode() in reply.read():
                return time.perf_counter() - start
            time.sleep(0.05)
    finally:
        connection.close()


def build_packages(root: Path) -> list[Path]:
    """Two synthetic caseloads, two provider keys, three approved packages of two cases; every
    review flag decided as "generalise", as a case manager who agrees with the suggestions."""
    import pandas as pd

    from kimtools.caseload import read_caseload
    from kimtools.caseload.summary import conference_candidates
    from kimtools.package import load_package
    from kimtools.privacy.decisions import Decision, decide, flag_key, open_flags
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
            decide(draft, {flag_key(*entry): Decision("generalise")
                           for entry in open_flags(draft)})
            draft.approve("Benchmark")
            path = write_package(draft, folder / f"paket_{start}", caseload)
            loaded = load_package(path)
            TrustStore.load().confirm(loaded, loaded.fingerprint, also=True)
            written.append(path)
    return written


def http_poller(url: str, stop) -> None:
    """One participant's laptop as the server sees it: opens the view, then asks for the state
    as the page does (with the version it has: the server answers when the state changes, or
    after a while unchanged), until `stop` is set."""
    split = urlsplit(url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=60)
    try:
        connection.request("GET", f"{split.path}?{split.query}")
        page = connection.getresponse()
        page.read()
        cookie = page.getheader("Set-Cookie").split(";")[0]
        version = ""
        while not stop.is_set():
            connection.request("GET", f"/teilnehmende/stand?seit={version}",
                               headers={"Cookie": cookie})
            version = json.loads(connection.getresponse().read())["version"]
    finally:
        connection.close()


async def shown_at(page, key: str) -> float:
    """Wall-clock seconds at which the page first showed `key` (a case, or "boden")."""
    found = await page.wait_for_function(
        "k => window.__kimShown && window.__kimShown[k]", arg=key, polling=POLL,
        timeout=120_000)
    return await found.json_value() / 1000


async def follow_latencies(presenter, pages, cases) -> list[float]:
    """PageDown in the presenter until every page showed the next case (its own clock)."""
    latencies = []
    for case in cases:
        start = time.time()
        await presenter.keyboard.press("PageDown")
        shown = await asyncio.gather(*(shown_at(page, case) for page in pages))
        latencies.append(max(shown) - start)
    return latencies


def floor_site(size: int) -> Path:
    """A static page of `size` bytes: one document, no style, script or chart."""
    folder = Path(tempfile.mkdtemp(prefix="kim-bench-boden-"))
    head = ('<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Boden</title>'
            '</head><body data-boden><h1>Boden</h1>\n')
    tail = "</body></html>\n"
    line = "<p>Eine statische Seite, so groß wie die Ansicht für Teilnehmende.</p>\n"
    body = line * ((size - len(head) - len(tail)) // len(line) + 1)
    (folder / "index.html").write_text((head + body)[:size - len(tail)] + tail,
                                       encoding="utf-8")
    return folder


async def open_all(browser, size: dict, count: int, url: str, key: str):
    """Seconds from asking `count` fresh pages to open `url` until the last one showed `key`,
    and the contexts. Contexts and pages are made before the clock starts: a participant's
    browser is running already."""
    contexts = [await browser.new_context(viewport=size, bypass_csp=True)
                for _ in range(count)]
    for context in contexts:
        await context.add_init_script(WATCH)
    pages = [await context.new_page() for context in contexts]
    await asyncio.sleep(1)
    start = time.time()
    await asyncio.gather(*(page.goto(url, timeout=120_000) for page in pages))
    shown = await asyncio.gather(*(shown_at(page, key) for page in pages))
    return max(shown) - start, contexts


@contextlib.contextmanager
def static_server(folder: Path):
    """A plain static server for the floor page (Python's http.server, its own process)."""
    from kimtools.serve import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                                "127.0.0.1", "--directory", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/index.html"
    finally:
        process.terminate()
        process.wait(10)


async def run(count: int) -> None:
    from playwright.async_api import async_playwright

    from kimtools import serve
    from kimtools.conference import collect_packages, create_conference, plan_conference
    from kimtools.findings import open_register

    root = Path(tempfile.mkdtemp(prefix="kim-bench-teilnehmende-"))
    os.environ["KIMTOOLS_TRUST_FILE"] = str(root / "traeger_schluessel.json")
    packages = build_packages(root)
    register = root / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages), dt.date(2026, 12, 3), "Kreishaus")
    with open_register(register, create=True) as opened:
        create_conference(opened, plan)
    size = {"width": 1280, "height": 720}

    with serve.running_server(None, register=register, conference=plan.conference_id,
                              notebook=serve.PRESENTER_NOTEBOOK) as server:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                       args=CHROMIUM_ARGS)
            presenter = await browser.new_page(viewport=size)
            await presenter.goto(server.url, timeout=300_000)
            await presenter.wait_for_selector(".kim-presenter-top", timeout=300_000)
            await presenter.locator(".kim-presenter-top").click()
            await presenter.keyboard.press("PageDown")
            await presenter.wait_for_timeout(1000)
            current = plan.cases[1]
            before, kernel = tree_memory(server.process.pid)

            with ThreadPoolExecutor(count) as pool:
                start = time.perf_counter()
                plain = list(pool.map(lambda _: http_participant(server.participants_url,
                                                                 current), range(count)))
                plain_all = time.perf_counter() - start

            # The room: every laptop draws its own page; the server serves all of them. One
            # browser page here, the other participants as HTTP clients polling like the page.
            stop = threading.Event()
            with ThreadPoolExecutor(count - 1) as pool:
                pollers = [pool.submit(http_poller, server.participants_url, stop)
                           for _ in range(count - 1)]
                room_open, (alone,) = await open_all(browser, size, 1,
                                                     server.participants_url, current)
                one = alone.pages[0]
                room_follow = await follow_latencies(presenter, [one], plan.cases[2:])
                room_memory, _ = tree_memory(server.process.pid)
                stop.set()
                for poller in pollers:
                    poller.result()
            await alone.close()
            for _ in plan.cases[2:]:
                await presenter.keyboard.press("PageUp")
            await presenter.wait_for_timeout(1500)

            # bypass_csp: Playwright's waiting compiles its predicates with eval, which the
            # page's policy forbids; the page itself runs no eval either way
            page_bytes = (server.run_dir / "teilnehmende" / "index.html").stat().st_size
            floors, opened = [], []
            with static_server(floor_site(page_bytes)) as floor_url:
                for turn in range(ROUNDS):
                    seconds, contexts = await open_all(browser, size, count, floor_url, "boden")
                    floors.append(seconds)
                    for context in contexts:
                        await context.close()
                    seconds, contexts = await open_all(browser, size, count,
                                                       server.participants_url, current)
                    opened.append(seconds)
                    if turn < ROUNDS - 1:
                        for context in contexts:
                            await context.close()
            pages = [context.pages[0] for context in contexts]
            latencies = await follow_latencies(presenter, pages, plan.cases[2:])
            during, kernel_during = tree_memory(server.process.pid)
            await browser.close()

    def verdict(ok: bool) -> str:
        return "erreicht" if ok else "verfehlt"

    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"Ansicht für Teilnehmende, {len(plan.items)} TOPs, {len(plan.cases)} Fälle, "
          f"{count} Teilnehmende, Fenster 1280x720; Last {load}")
    opened_all, floor = statistics.median(opened), statistics.median(floors)
    runs = " ".join(f"{t:.2f}" for t in opened)
    print(f"  {count} öffnen gleichzeitig (Chromium-Seiten) bis alle den aktuellen Fall mit "
          f"Zeitleiste zeigen: {opened_all:5.2f} s (Läufe {runs}; Ziel ≤ {TARGET_OPEN:g} s: "
          f"{verdict(opened_all <= TARGET_OPEN)})")
    print(f"    Boden: dieselben {count} Seiten öffnen eine statische Seite gleicher Größe "
          f"({page_bytes / 1024:.0f} KB, ohne Stil, Skript, Grafik): {floor:5.2f} s (Läufe "
          f"{' '.join(f'{t:.2f}' for t in floors)}): das kostet der eine Browser für {count} "
          f"auf diesem Rechner; die Ansicht selbst {opened_all - floor:5.2f} s mehr")
    print(f"  {count} öffnen gleichzeitig (HTTP wie ein Browser, Seite + Stand): "
          f"alle nach {plain_all:5.2f} s, Median {statistics.median(plain):5.2f} s "
          f"(Ziel ≤ {TARGET_OPEN:g} s: {verdict(plain_all <= TARGET_OPEN)})")
    print(f"  Raum: 1 Chromium-Seite und {count - 1} HTTP-Teilnehmende, die wie die Seite "
          f"abfragen: Seite zeigt den aktuellen Fall nach {room_open:5.2f} s (Ziel ≤ "
          f"{TARGET_OPEN:g} s: {verdict(room_open <= TARGET_OPEN)}); Folgen Median "
          f"{statistics.median(room_follow) * 1000:5.0f} ms, max {max(room_follow) * 1000:5.0f} "
          f"ms (Ziel ≤ {TARGET_FOLLOW * 1000:.0f} ms: "
          f"{verdict(max(room_follow) <= TARGET_FOLLOW)}); Server ohne Kern {room_memory:5.0f} MB")
    worst = max(before, during, room_memory)
    print(f"  Server ohne Kern (RSS der Prozesse ohne ipykernel): vorher {before:5.0f} MB, "
          f"mit {count} Teilnehmenden {during:5.0f} MB (Ziel ≤ {TARGET_MEMORY_MB} MB: "
          f"{verdict(worst <= TARGET_MEMORY_MB)}); Kern der Präsentation {kernel_during:5.0f} MB"
          f" (vorher {kernel:5.0f} MB)")
    print(f"  Folgen: Bild ab bis alle {count} den nächsten Fall zeigen: Median "
          f"{statistics.median(latencies) * 1000:5.0f} ms, max {max(latencies) * 1000:5.0f} ms "
          f"(Ziel ≤ {TARGET_FOLLOW * 1000:.0f} ms: {verdict(max(latencies) <= TARGET_FOLLOW)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} fehlt: dieser Benchmark braucht Chromium.")
    asyncio.run(run(args.participants))


if __name__ == "__main__":
    main()
