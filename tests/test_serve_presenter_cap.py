"""The presenter's server keeps a spare (preheated) kernel ready and still caps page kernels.

Voilà refuses its prelaunch hook together with preheated kernels, so the cap of
`--max-kernels` lives in the presenter server's page handler: with a cap of 1, the first page
view gets the waiting kernel, the next one the template's German 503 page.
"""

from __future__ import annotations

import time

import pytest
from browser import http_get, page_config

from kimtools import serve
from kimtools.conference import create_conference
from kimtools.findings import open_register

pytest_plugins = ["conference_fixtures", "serve_fixtures", "participants_fixtures"]


@pytest.fixture(scope="module")
def capped_presenter(plan, tmp_path_factory):
    path = tmp_path_factory.mktemp("gedeckelt") / "befunde.sqlite"
    with open_register(path, create=True) as opened:
        create_conference(opened, plan)
    with serve.running_server(None, notebook=serve.PRESENTER_NOTEBOOK, register=path,
                              conference=plan.conference_id, max_kernels=1) as server:
        yield server


def _kernel_files(server) -> int:
    return len(list(server.run_dir.rglob("kernel-*.json")))


def test_presenter_pages_beyond_the_cap_get_the_german_page(capped_presenter):
    server = capped_presenter
    assert "capped in kimtools.conference.server" in (
        server.run_dir / "config" / "voila.py").read_text(encoding="utf-8")
    first = http_get(server.base_url, f"/?token={server.token}")
    assert first.status == 200 and page_config(first.text)["kernelId"]
    deadline = time.monotonic() + 120
    while _kernel_files(server) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)  # the pool starts the next spare kernel
    refused = http_get(server.base_url, f"/?token={server.token}")
    assert refused.status == 503
    assert '<html lang="de">' in refused.text and "Höchstzahl gleichzeitiger" in refused.text
    assert "kernelId" not in refused.text and "Traceback" not in refused.text
    assert "Höchstzahl 1 erreicht" in server.log()
    assert "is not trusted" not in server.log()  # no English warning about our own notebook


def test_cap_is_checked_after_the_token(capped_presenter):
    stranger = http_get(capped_presenter.base_url, "/", follow=False)
    assert stranger.status in (302, 401, 403)
    assert "Höchstzahl" not in stranger.text


def test_a_kernel_still_starting_counts_against_the_cap():
    from jupyter_client.multikernelmanager import MultiKernelManager

    from kimtools.conference.server import kernels_running

    manager = MultiKernelManager()
    assert kernels_running(manager) == 0
    manager._kernels["seite"] = object()
    manager._pending_kernels["vorgeheizt"] = object()  # launched, not yet listed
    assert manager.list_kernel_ids() == ["seite"]
    assert kernels_running(manager) == 2
    manager._kernels["vorgeheizt"] = manager._pending_kernels.pop("vorgeheizt")
    assert kernels_running(manager) == 2
