"""`kimtools serve --max-kernels N`: Voilà starts a kernel per page view; at most N run at once.

A real server with a cap of 2: two page views get their kernels, the third gets the German
page of the template (503), no traceback and no English server error.
"""

from __future__ import annotations

import pytest
from browser import authorised, http_get, page_config
from typer.testing import CliRunner

from kimtools import serve
from kimtools.cli import app

pytest_plugins = ["serve_fixtures"]


@pytest.fixture(scope="module")
def capped_server(conference, dashboard_notebook):
    with serve.running_server(conference.package, notebook=dashboard_notebook,
                              max_kernels=2) as server:
        yield server


def kernels(server) -> list[str]:
    """Connection files of the running kernels (Voilà keeps them in the run folder)."""
    return sorted(p.name for p in server.run_dir.rglob("kernel-*.json"))


def kernel_exists(server, kernel_id: str) -> bool:
    reply = http_get(server.base_url, f"/api/kernels/{kernel_id}",
                     headers=authorised(server.token))
    assert reply.status in (200, 404), reply.chain
    return reply.status == 200


def test_page_views_beyond_the_cap_get_a_german_page(capped_server):
    views = [http_get(capped_server.base_url, f"/?token={capped_server.token}")
             for _ in range(2)]
    assert [v.status for v in views] == [200, 200]
    started = {page_config(v.text)["kernelId"] for v in views}
    assert len(started) == 2
    assert all(kernel_exists(capped_server, kernel) for kernel in started)
    assert len(kernels(capped_server)) == 2

    refused = http_get(capped_server.base_url, f"/?token={capped_server.token}")
    assert refused.status == 503
    text = refused.text
    assert '<html lang="de">' in text
    assert "Höchstzahl gleichzeitiger" in text and "--max-kernels" in text
    assert "kernelId" not in text and 'id="jupyter-config-data"' not in text
    for english in ("Traceback", "Service Unavailable", "Internal Server Error", "HTTPError"):
        assert english not in text, english
    assert len(kernels(capped_server)) == 2  # no kernel was started for it
    assert "Höchstzahl 2 erreicht" in capped_server.log()


def test_cap_below_one_is_refused(conference):
    with (pytest.raises(serve.ServeError, match="mindestens 1"),
          serve.running_server(conference.package, max_kernels=0)):
        pass


def test_cli_refuses_a_cap_below_one(conference):
    result = CliRunner().invoke(app, ["serve", str(conference.package), "--max-kernels", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output

