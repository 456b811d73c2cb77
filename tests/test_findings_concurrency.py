"""Several sessions write at once, and a killed kernel loses nothing shown as saved.

Real processes on a real SQLite file: this is what two Voila sessions or a crashed JupyterLab
kernel do to the register.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kimtools.findings import Conference, open_register

ROOT = Path(__file__).resolve().parent.parent
PER_PROCESS = 500

WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from kimtools.findings import Finding, open_register
    path, conference_id, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    register = open_register(path)
    print("bereit", flush=True)
    sys.stdin.readline()
    for number in range(count):
        register.add_finding(Finding(title=f"{name} {number}", conference_id=conference_id,
                                     fields=["housing"]), name, dt.date(2026, 11, 1))
    print("fertig", flush=True)
""")

SAVER = textwrap.dedent("""
    import datetime as dt, itertools, sys
    from kimtools.findings import Finding, open_register
    register = open_register(sys.argv[1])
    for number in itertools.count():
        saved = register.add_finding(Finding(title=f"Befund {number}",
                                             conference_id=sys.argv[2], fields=["work"]),
                                     "Kernel", dt.date(2026, 11, 1))
        register.update_finding(saved.id, {"status": "übergeben"}, "Kernel",
                                dt.date(2026, 11, 1))
        print(saved.id, flush=True)
""")


def _start(script: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)


@pytest.fixture
def register_path(tmp_path):
    path = tmp_path / "register.db"
    with open_register(path, create=True) as register:
        conference = register.add_conference(Conference(date=dt.date(2026, 10, 1)))
    return path, conference.id


def test_two_processes_write_at_the_same_time(register_path):
    path, conference_id = register_path
    writers = [_start(WRITER, str(path), conference_id, name, str(PER_PROCESS))
               for name in ("Sitzung A", "Sitzung B")]
    for writer in writers:
        assert writer.stdout.readline().strip() == "bereit", writer.stderr.read()
    for writer in writers:
        writer.stdin.write("los\n")
        writer.stdin.flush()
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "fertig"
    with open_register(path) as register:
        findings = register.findings()
        history = register.history()
    assert len(findings) == 2 * PER_PROCESS
    assert len({f.title for f in findings}) == 2 * PER_PROCESS
    created = [e for e in history if e.field == "created"]
    assert len(created) == len(history) == 2 * PER_PROCESS
    assert {e.finding_id for e in created} == {f.id for f in findings}
    spans = [(min(e.at for e in created if e.who == name),
              max(e.at for e in created if e.who == name)) for name in ("Sitzung A", "Sitzung B")]
    assert max(s[0] for s in spans) < min(s[1] for s in spans), "Sitzungen liefen nacheinander"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="braucht SIGKILL (POSIX)")
def test_sigkill_right_after_save_loses_nothing(register_path):
    """The child keeps saving; it is killed right after the 20th save was reported."""
    path, conference_id = register_path
    saver = _start(SAVER, str(path), conference_id)
    shown = [saver.stdout.readline().strip() for _ in range(20)]
    saver.send_signal(signal.SIGKILL)
    saver.wait(timeout=30)
    assert saver.returncode == -signal.SIGKILL
    assert all(shown), saver.stderr.read()
    with open_register(path) as register:
        saved = {f.id: f for f in register.findings()}
        for finding_id in shown:
            assert saved[finding_id].status == "übergeben"
            assert [e.field for e in register.history(finding_id)] == ["created", "status"]


OPENER = textwrap.dedent("""
    import sys
    from kimtools.findings import open_register
    print("bereit", flush=True)
    sys.stdin.readline()
    with open_register(sys.argv[1], create=True) as register:
        print(register.info.register_id, flush=True)
""")


def test_sessions_creating_the_same_new_register(tmp_path):
    """Dashboard sessions started together on a fresh path all get one and the same register."""
    path = tmp_path / "neu.db"
    openers = [_start(OPENER, str(path)) for _ in range(4)]
    for opener in openers:
        assert opener.stdout.readline().strip() == "bereit"
    for opener in openers:
        opener.stdin.write("los\n")
        opener.stdin.flush()
    results = [opener.communicate(timeout=120) for opener in openers]
    assert all(opener.returncode == 0 for opener in openers), [err for _, err in results]
    assert len({out.strip() for out, _ in results}) == 1
