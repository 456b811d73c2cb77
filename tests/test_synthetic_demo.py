"""The demo's stand-ins for what a user does by hand (synthetic data only)."""

import csv

import pytest

from kimtools.findings import open_register
from kimtools.privacy.decisionfile import HEADER
from synthetic import demo


def _write(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([HEADER, *rows])


def test_every_flag_is_generalised_and_nothing_else_changes(tmp_path):
    path = tmp_path / "entscheidungen.csv"
    first = ["F1", "n1", "text", "12", "Einzigartigkeit", "der einzige Arzt", "[Beruf]", "", "",
             ""]
    second = ["F2", "n7", "text", "3", "Heimatort", "aus Afrin", "aus [Herkunftsort]",
              "behalten", "", "wichtig"]
    _write(path, [first, second])
    assert demo.generalise_every_flag(path) == 2
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == list(HEADER)
    decision = HEADER.index("Entscheidung")
    assert [row[decision] for row in rows[1:]] == ["verallgemeinern", "verallgemeinern"]
    for before, after in zip([first, second], rows[1:], strict=True):
        assert [c for i, c in enumerate(after) if i != decision] == [
            c for i, c in enumerate(before) if i != decision]


def test_a_file_that_is_not_a_decisions_file_is_refused(tmp_path):
    path = tmp_path / "andere.csv"
    path.write_bytes(b"Name;Alter\r\nA;3\r\n")
    with pytest.raises(SystemExit, match="keine Entscheidungsdatei"):
        demo.generalise_every_flag(path)
    assert path.read_bytes() == b"Name;Alter\r\nA;3\r\n"


def test_demo_register_has_a_year_behind_it(tmp_path, capsys):
    path = tmp_path / "befunde.sqlite"
    assert demo.main(["register", str(path), "--stand", "2026-06-30"]) == 0
    with open_register(path) as register:
        assert len(register.conferences()) == 4


def test_fingerprint_of_the_provider_key(tmp_path, capsys):
    key = tmp_path / "traeger.key"
    demo.main(["fingerabdruck", str(key)])
    first = capsys.readouterr().out.strip()
    demo.main(["fingerabdruck", str(key)])
    assert capsys.readouterr().out.strip() == first and len(first) >= 16
