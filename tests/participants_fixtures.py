"""A conference of three packages (two keys, six cases) served with the presenter screen and
the participants' view; a pytest plugin, so both test modules of the view share its fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from kimtools import serve
from kimtools.conference import collect_packages, create_conference, plan_conference
from kimtools.findings import open_register


@pytest.fixture(scope="module")
def plan(packages):
    return plan_conference(collect_packages(packages.three), dt.date(2026, 12, 3), "Kreishaus")


@pytest.fixture(scope="module")
def conference_server(plan, tmp_path_factory):
    path = tmp_path_factory.mktemp("koordinierung") / "befunde.sqlite"
    with open_register(path, create=True) as opened:
        create_conference(opened, plan)
    with serve.running_server(None, notebook=serve.PRESENTER_NOTEBOOK, register=path,
                              conference=plan.conference_id) as server:
        yield server, path
