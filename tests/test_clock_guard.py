"""The suite does not depend on today's date.

Three guards, each shown able to fail:
- ruff's banned-API rule (pyproject.toml) refuses a test that reads the real clock;
- the suite's data builders give the same data whatever day the clock shows, which catches
  a builder that reads the clock indirectly (a product default of "today");
- `make test-dates` runs the whole suite with the clock frozen on other days
  (``KIMTOOLS_TEST_TODAY``), reaching every Python process the suite starts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from builders import synthetic_package
from clock import REFERENCE_DAY, TODAY_ENV, morning, on_day, session_day
from conftest import tiny_tables
from minutes_fixtures import build_package, build_register

from kimtools.findings import open_register
from synthetic import write_synthetic_caseload

ROOT = Path(__file__).resolve().parent.parent
OTHER_DAYS = (dt.date(2025, 1, 15), dt.date(2027, 3, 1))
TIME_FIELDS = ("created", "approved_at", "created_at", "updated_at", "at")


def _without_times(value):
    """A JSON-like value without the fields that record when something was done."""
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in TIME_FIELDS}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file's checksum; a manifest without its creation and approval times."""
    digest = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.name == "manifest.json":
            manifest = _without_times(json.loads(data))
            manifest.pop("checksum", None)
            data = json.dumps(manifest, sort_keys=True).encode()
        digest[str(path.relative_to(folder))] = hashlib.sha256(data).hexdigest()
    return digest


def register_digest(path: Path, root: Path) -> str:
    """What a register holds, without its random ids and the folder it was built in; change
    stamps by their day only."""
    with open_register(path) as register:
        conferences = {c.id: c for c in register.conferences()}
        findings = {f.id: f for f in register.findings()}
        history = register.history()
    order = {cid: i for i, cid in enumerate(sorted(conferences, key=lambda c: (
        conferences[c].date, conferences[c].place)))}

    def plain(record) -> dict:
        fields = dataclasses.asdict(record)
        fields["conference_id"] = order.get(fields.get("conference_id"))
        return {k: str(v) for k, v in fields.items() if k not in ("id", *TIME_FIELDS)}

    summary = {
        "conferences": sorted(json.dumps(plain(c), sort_keys=True)
                              for c in conferences.values()),
        "findings": sorted(json.dumps(plain(f), sort_keys=True) for f in findings.values()),
        "history": sorted(f"{findings[h.finding_id].title}|{h.at[:10]}|{h.field}|{h.new}"
                          for h in history),
    }
    text = json.dumps(summary, sort_keys=True, ensure_ascii=False).replace(str(root), "…")
    return hashlib.sha256(text.encode()).hexdigest()


def replay(build, tmp_path: Path) -> list:
    """The builder's result on each of two days the clock might show."""
    results = []
    for day in OTHER_DAYS:
        with time_machine.travel(morning(day), tick=True):
            results.append(build(tmp_path / day.isoformat()))
    return results


# --- ruff ---------------------------------------------------------------------------------------

def _ruff(code: str, filename: str) -> subprocess.CompletedProcess:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff fehlt (gehört zu den Test-Abhängigkeiten)")
    return subprocess.run([ruff, "check", "--no-cache", "--stdin-filename", filename, "-"],
                          input=code, capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("line", [
    "import datetime as dt\n\nday = dt.date.today()\n",
    "from datetime import datetime\n\nnow = datetime.now()\n",
    "import datetime as dt\n\nnow = dt.datetime.now(dt.UTC)\n",
    "import pandas as pd\n\nday = pd.Timestamp.today()\n",
    "import time\n\nstart = time.time()\n",
])
def test_ruff_refuses_a_test_that_reads_the_clock(line):
    in_tests = _ruff(line, "tests/test_beispiel.py")
    assert in_tests.returncode == 1 and "TID251" in in_tests.stdout, in_tests.stdout
    assert "Tests lesen die echte Uhr nicht" in in_tests.stdout
    in_product = _ruff(line, "kimtools/beispiel.py")
    assert in_product.returncode == 0, in_product.stdout


# --- the frozen clock ---------------------------------------------------------------------------

def _child_today() -> str:
    return subprocess.run(
        [sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        capture_output=True, text=True, check=True).stdout.strip()


def test_on_day_reaches_this_process_and_the_processes_it_starts():
    for day in OTHER_DAYS:
        with on_day(day):
            assert dt.date.today() == day  # noqa: TID251 (this test is about the clock)
            assert _child_today() == day.isoformat()
            later = dt.datetime.now(dt.UTC)  # noqa: TID251
            assert later.date() == day and later > morning(day)  # the clock runs on


def test_the_run_stands_on_the_day_it_was_given():
    day = session_day()
    if day is None:
        pytest.skip(f"{TODAY_ENV} ist nicht gesetzt: dieser Lauf nimmt die echte Uhr "
                    "(make test-dates setzt es)")
    assert dt.date.today() == day  # noqa: TID251 (this test is about the clock)
    assert _child_today() == day.isoformat()


# --- the builders -------------------------------------------------------------------------------

def test_the_guard_sees_a_builder_that_reads_the_clock(tmp_path):
    """A caseload generated without a reference day takes today's: the replay tells."""
    first, second = replay(lambda folder: folder_digest(write_synthetic_caseload(
        folder, cases=8, seed=2)), tmp_path)
    assert first != second
    first, second = replay(lambda folder: folder_digest(write_synthetic_caseload(
        folder, cases=8, seed=2, as_of=REFERENCE_DAY)), tmp_path / "fest")
    assert first == second


def test_the_tiny_caseload_is_the_same_on_any_day():
    first, second = (tiny_tables() for _ in range(2))
    for day in OTHER_DAYS:
        with time_machine.travel(morning(day)):
            again = tiny_tables()
        for name, frame in first.items():
            assert frame.equals(again[name]) and frame.equals(second[name])


def test_the_conference_package_is_the_same_on_any_day(tmp_path):
    first, second = replay(lambda folder: folder_digest(synthetic_package(
        folder, cases=60, seed=5, count=2).package), tmp_path)
    assert first == second and "cases.csv" in first


@pytest.mark.slow
def test_the_minutes_conference_is_the_same_on_any_day(tmp_path):
    def build(folder: Path) -> tuple:
        package = build_package(folder / "traeger", cases=120)
        conference = build_register(package, folder / "befundregister.db")
        return (folder_digest(package.package), tuple(sorted(package.client_names.items())),
                register_digest(conference.register, folder), conference.date)

    first, second = replay(build, tmp_path)
    assert first == second
    assert first[3] == REFERENCE_DAY
