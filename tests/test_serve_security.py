"""`kimtools serve` hardening: nothing but the dashboard leaves the server.

One real server (session fixture) shows a package whose folder also holds the raw caseload, the
provider key and the pseudonym mapping. Every route Voilà 0.5 exposes is tried with names, ../,
%2e%2e, double encoding and absolute paths; the kernel websocket is offered code to execute;
the page is checked for notebook source and for anything from another host.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import authorised, cookies, http_get, kernel_message, page_config, talk_to_kernel
from tornado.httpclient import HTTPClientError

from kimtools import serve

pytest_plugins = ["serve_fixtures"]


# Voilà's routes in single-notebook mode (voila/app.py, init_handlers) and the Jupyter routes
# a client might try. Everything not matched by a Voilà route falls to the notebook handler,
# which redirects to /voila/files/…, where the empty allowlist refuses.
PREFIXES = [
    "/voila/files/", "/files/", "/static/", "/voila/static/", "/voila/templates/kim/static/",
    "/voila/templates/lab/static/", "/voila/labextensions/", "/voila/api/themes/",
    "/api/contents/", "/voila/api/contents/", "/tree/", "/voila/tree/", "/notebooks/",
    "/voila/render/", "/view/", "/edit/", "/nbconvert/html/", "/api/kernels/",
    "/voila/api/shutdown/", "/", "//",
]


def targets(conference) -> list[str]:
    """What an attacker would ask for: names and paths of the package's neighbours."""
    folder = conference.folder
    neighbours = [f"{conference.caseload.name}/persons.csv", conference.key_file.name,
                  conference.mapping_file.name, f"{conference.package.name}/manifest.json"]
    up = [f"{dots}{name}" for name in neighbours for dots in (
        "", "../", "../../", "%2e%2e/", "%2e%2e/%2e%2e/", "%252e%252e/", "..%2f", "..%2F..%2F",
        "%2e%2e%2f", "....//", "..\\", ".%2e/")]
    deep = "../" * 12
    absolute = [str(folder / name) for name in neighbours] + ["/etc/passwd"]
    return (up + [f"{deep}{p.lstrip('/')}" for p in absolute]
            + [f"%2e%2e/{'%2e%2e/' * 11}{p.lstrip('/')}" for p in absolute]
            + absolute + [f"/{p}" for p in absolute]
            + [p.replace("/", "%2F") for p in absolute])


def test_every_route_refuses_the_neighbours_of_the_package(local_server, conference):
    base = local_server.base_url
    token = authorised(local_server.token)  # what a holder of the address can reach
    served = []
    for prefix in PREFIXES:
        for target in targets(conference):
            path = prefix + target
            reply = http_get(base, path, headers=token)
            leaks = conference.leaks(reply.body)
            assert not leaks, f"{path}: {leaks}"
            assert "root:x:0:0" not in reply.text, path
            assert "Traceback" not in reply.text, path
            if reply.status == 200:
                served.append(path)
            elif prefix.startswith("/voila/templates/") and reply.status == 500:
                # Voilà's TemplateStaticFileHandler asserts on a path that leaves
                # <template>/static after normalising; nothing is read.
                continue
            elif prefix == "/voila/api/shutdown/":
                assert reply.status == 405, path  # POST only, and that needs _xsrf
            else:
                assert reply.status in (403, 404), f"{path}: {reply.chain}"
    assert served == []


def test_files_route_refuses_everything_even_the_dashboard_notebook(local_server,
                                                                       dashboard_notebook):
    for path in [dashboard_notebook.name, "voila.json", "../config/voila.json", "x.png",
                 "x.svg", "logo.PNG"]:
        reply = http_get(local_server.base_url, f"/voila/files/{path}",
                         headers=authorised(local_server.token))
        assert reply.status == 403, path


def test_kernel_websocket_refuses_code_from_the_browser(local_server, tmp_path):
    page = http_get(local_server.base_url, f"/?token={local_server.token}")  # a kernel of its own
    assert page.status == 200
    kernel_id = page_config(page.text)["kernelId"]
    ws_url = local_server.base_url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
    origin = local_server.base_url.rstrip("/")
    cookie = cookies(page)
    assert cookie
    marker = tmp_path / "eingeschleust.txt"
    code = f"open({str(marker)!r}, 'w').write('Code aus dem Browser')"
    execute = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True}
    debug = {"command": "evaluate", "arguments": {"expression": code, "context": "repl"},
             "seq": 1, "type": "request"}
    for subprotocol in (None, "v1.kernel.websocket.jupyter.org"):
        attempts = [("shell", kernel_message("execute_request", execute, "s")),
                    ("control", kernel_message("execute_request", execute, "s")),
                    ("control", kernel_message("debug_request", debug, "s")),
                    ("shell", kernel_message("inspect_request",
                                             {"code": "open", "cursor_pos": 4,
                                              "detail_level": 1}, "s"))]
        received = talk_to_kernel(ws_url, attempts, cookie=cookie, origin=origin,
                                  subprotocol=subprotocol)
        replies = {m["header"]["msg_type"] for m in received}
        # The channel works (kernel_info_reply came back), the code never ran.
        assert "kernel_info_reply" in replies
        assert not replies & {"execute_reply", "execute_input", "execute_result",
                              "debug_reply", "inspect_reply", "error"}, replies
        assert not marker.exists(), subprotocol

    # A web page from elsewhere, open in the same browser, cannot talk to the kernel at all.
    with pytest.raises(HTTPClientError) as refused:
        talk_to_kernel(ws_url, [], cookie=cookie, origin="http://evil.example")
    assert refused.value.code == 403


def test_local_kernel_websocket_without_the_token_is_refused(local_server, dashboard_page):
    """On a terminal server every logged-in user reaches 127.0.0.1: the token is required."""
    kernel_id = page_config(dashboard_page.text)["kernelId"]
    ws_url = local_server.base_url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
    origin = local_server.base_url.rstrip("/")
    for cookie in (None, "username-127-0-0-1=falsch", "_xsrf=x"):
        with pytest.raises(HTTPClientError) as refused:
            talk_to_kernel(ws_url, [], cookie=cookie, origin=origin)
        assert refused.value.code == 403, cookie
    with pytest.raises(HTTPClientError) as refused:
        talk_to_kernel(ws_url + "?token=falsch", [], origin=origin)
    assert refused.value.code in (403, 400)


@pytest.mark.parametrize("path", ["/", "/?token=", "/?token=falsch", "/api/kernels",
                                  "/api/kernels/00000000-0000-0000-0000-000000000000",
                                  "/api/sessions", "/api/status"])
def test_local_dashboard_and_apis_without_the_token_are_refused(local_server, path):
    first = http_get(local_server.base_url, path, follow=False)
    assert first.status in (302, 403, 404), first.chain
    if first.status == 302:
        assert first.headers["Location"].startswith("/login")
    final = http_get(local_server.base_url, path)
    assert 'id="jupyter-config-data"' not in final.text
    assert "kernelId" not in final.text and '"id"' not in final.text


def test_page_has_no_notebook_source_and_no_raw_data(dashboard_page, dashboard_notebook,
                                                       conference):
    page = dashboard_page.text
    assert not conference.leaks(page)
    for marker in ("import kimtools", "from kimtools", "load_package(", "os.environ",
                   serve.PACKAGE_ENV):
        assert marker not in page, marker
    cells = json.loads(dashboard_notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for line in "".join(cell["source"]).splitlines():
            line = line.strip()
            # Lines that are code (not a bare string that may also be an output).
            if len(line) >= 12 and re.search(r"[(=]|^(import|from|def|for|if) ", line) \
                    and not line.startswith(("'", '"', "<", "#")):
                assert line not in page, f"Quelltext in der Seite: {line}"


def test_page_loads_nothing_from_other_hosts(dashboard_page):
    reply = dashboard_page
    page = reply.text
    assert '<html lang="de">' in page
    assert "/voila/templates/kim/static/kim.css" in page
    external = re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']*)""", page)
    assert external == []
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "esm.sh", "fonts.googleapis"):
        assert cdn not in page
    policy = reply.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert reply.headers["Referrer-Policy"] == "no-referrer"


def test_template_and_theme_cannot_be_switched_by_url(local_server):
    # Voilà's default lets ?template= and ?theme= choose others (the lab template with its CDN
    # links); serve.py switches that off. Each page runs the notebook: one request for all.
    reply = http_get(local_server.base_url, f"/?token={local_server.token}"
                     "&template=lab&theme=dark&template=reveal")
    assert reply.status == 200
    assert "/voila/templates/kim/static/kim.css" in reply.text
    assert "/voila/templates/lab/" not in reply.text and "cdn.jsdelivr" not in reply.text
    assert 'data-jp-theme-name="JupyterLab Light"' in reply.text


def test_foreign_host_header_is_refused_locally(local_server):
    """DNS rebinding: a web page must not reach the local dashboard under its own name."""
    reply = http_get(local_server.base_url, "/", headers={"Host": "evil.example:80"},
                     follow=False)
    assert reply.status == 403
    assert 'id="jupyter-config-data"' not in reply.text


def test_template_files_name_no_other_host():
    for path in Path(serve.TEMPLATE_DIR).rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://", text), path

