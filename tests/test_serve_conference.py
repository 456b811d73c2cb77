"""`kimtools serve --konferenz`: a conference from the register, every package checked first."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from kimtools import serve
from kimtools.cli import app
from kimtools.conference import collect_packages, create_conference, plan_conference
from kimtools.findings import open_register
from kimtools.trust import TrustStore

pytest_plugins = ["conference_fixtures"]
runner = CliRunner()


@pytest.fixture
def register(packages, tmp_path):
    path = tmp_path / "befunde.sqlite"
    plan = plan_conference(collect_packages(packages.three), dt.date(2026, 12, 3), "Kreishaus")
    with open_register(path, create=True) as opened:
        create_conference(opened, plan)
    return path, plan


def test_conference_reaches_the_kernel_by_id_and_register(register, tmp_path):
    path, plan = register
    base = {"KIMTOOLS_CONFERENCE": "fremd", "KIMTOOLS_PACKAGE": "/fremd", "PATH": "/usr/bin"}
    env = serve.voila_environment(None, tmp_path, None, base=base, register=path,
                                  conference=plan.conference_id)
    assert env["KIMTOOLS_CONFERENCE"] == plan.conference_id
    assert "KIMTOOLS_PACKAGE" not in env
    assert env["KIMTOOLS_REGISTER"] == str(path.resolve())
    plain = serve.voila_environment(None, tmp_path, None, base=base)
    assert "KIMTOOLS_CONFERENCE" not in plain


def test_check_conference_finds_it_by_date(register):
    path, plan = register
    assert serve.check_conference(path, "2026-12-03").cases == plan.cases


def test_check_conference_without_register(tmp_path):
    with pytest.raises(serve.ServeError, match="--register"):
        serve.check_conference(None, "2026-12-03")
    with pytest.raises(serve.ServeError, match="--register"):
        serve.check_conference(tmp_path / "fehlt.sqlite", "2026-12-03")


def test_a_package_whose_key_is_no_longer_trusted_stops_the_start(register, packages,
                                                                  tmp_path, monkeypatch):
    path, plan = register
    monkeypatch.setenv("KIMTOOLS_TRUST_FILE", str(tmp_path / "leer.json"))
    assert TrustStore.load().keys == {}
    with pytest.raises(serve.ServeError) as refused:
        serve.check_conference(path, plan.conference_id)
    assert "TOP 1 abgelehnt" in str(refused.value)
    assert "nicht gestartet" in str(refused.value)


def test_cli_exit_codes(register, packages):
    path, _ = register
    for args, message in (
            ([], "entweder ein Konferenzpaket oder --konferenz"),
            ([str(packages.first), "--konferenz", "2026-12-03"], "entweder"),
            (["--konferenz", "2026-12-03"], "--register"),
            (["--konferenz", "2030-01-01", "--register", str(path)], "nicht im Register"),
            (["--konferenz", "2026-12-03", "--register", str(path), "--trust-key", "AB"],
             "--trust-key gilt für ein Paket")):
        result = runner.invoke(app, ["serve", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output
