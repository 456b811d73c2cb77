"""`kimtools serve PACKAGE --share`: in the local network, only with the token.

The server binds to this machine's LAN address (never 0.0.0.0, not 127.0.0.1) and asks for a
fresh random token; the URL handed out carries it. Tests talk only to addresses of this machine
and skip when it has no address but loopback.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest
from browser import http_get, kernel_message, page_config, talk_to_kernel
from tornado.httpclient import HTTPClientError

from kimtools import serve

pytest_plugins = ["serve_fixtures"]


def cookies(reply) -> str:
    return "; ".join(value.split(";")[0] for value in reply.headers.get_all("Set-Cookie") or [])


def test_binds_to_the_lan_address_not_loopback_not_everywhere(shared_server, share_address):
    address = ipaddress.ip_address(shared_server.address)
    assert shared_server.address == share_address
    assert not address.is_loopback and not address.is_unspecified
    assert f"--Voila.ip={share_address}" in shared_server.process.args
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", shared_server.port), timeout=3)


def test_url_to_hand_out_carries_a_fresh_token(shared_server, share_address):
    assert shared_server.url == (f"http://{share_address}:{shared_server.port}/"
                                 f"?token={shared_server.token}")
    assert len(shared_server.token) >= 43  # secrets.token_urlsafe(32)


def test_token_is_not_on_any_command_line(shared_server):
    assert not any(shared_server.token in part for part in shared_server.process.args)
    cmdline = Path(f"/proc/{shared_server.process.pid}/cmdline")
    if cmdline.exists():
        assert shared_server.token.encode() not in cmdline.read_bytes()


@pytest.mark.parametrize("query", ["", "?token=falsch", "?token=", "?Token={token}x"])
def test_without_the_token_the_dashboard_is_refused(shared_server, query):
    path = "/" + query.format(token=shared_server.token)
    first = http_get(shared_server.base_url, path, follow=False)
    assert first.status in (302, 403), first.chain
    if first.status == 302:
        assert first.headers["Location"].startswith("/login")
    final = http_get(shared_server.base_url, path)
    assert 'id="jupyter-config-data"' not in final.text
    assert "kernelId" not in final.text


@pytest.fixture(scope="module")
def token_page(shared_server):
    """The dashboard opened with the handed-out URL (one notebook run for this module)."""
    return http_get(shared_server.base_url, f"/?token={shared_server.token}")


# A cheap request that needs authentication: unknown kernel → 404 if let in, 403 if not.
NO_KERNEL = "/api/kernels/00000000-0000-0000-0000-000000000000"


def test_with_the_token_the_dashboard_is_shown_and_a_cookie_set(shared_server, token_page):
    assert token_page.status == 200
    assert page_config(token_page.text)["kernelId"]
    cookie = cookies(token_page)
    assert cookie
    # the browser's next requests carry the cookie, not the token
    assert http_get(shared_server.base_url, NO_KERNEL, headers={"Cookie": cookie}).status == 404
    assert http_get(shared_server.base_url, NO_KERNEL).status == 403


def test_token_in_the_authorization_header_works(shared_server):
    headers = {"Authorization": f"token {shared_server.token}"}
    assert http_get(shared_server.base_url, NO_KERNEL, headers=headers).status == 404
    headers = {"Authorization": "token falsch"}
    assert http_get(shared_server.base_url, NO_KERNEL, headers=headers).status == 403


def test_kernel_websocket_needs_the_cookie_and_still_refuses_code(shared_server, token_page,
                                                                  tmp_path):
    kernel_id = page_config(token_page.text)["kernelId"]
    ws_url = (shared_server.base_url.replace("http://", "ws://")
              + f"api/kernels/{kernel_id}/channels")
    origin = shared_server.base_url.rstrip("/")
    with pytest.raises(HTTPClientError) as refused:
        talk_to_kernel(ws_url, [], origin=origin)
    assert refused.value.code == 403
    marker = tmp_path / "eingeschleust.txt"
    execute = {"code": f"open({str(marker)!r}, 'w').write('x')", "silent": False,
               "store_history": True, "user_expressions": {}, "allow_stdin": False,
               "stop_on_error": True}
    received = talk_to_kernel(ws_url, [("shell", kernel_message("execute_request", execute, "s"))],
                              cookie=cookies(token_page), origin=origin)
    types = {m["header"]["msg_type"] for m in received}
    assert "kernel_info_reply" in types
    assert "execute_reply" not in types
    assert not marker.exists()


def test_files_stay_locked_with_the_token(shared_server, conference):
    headers = {"Authorization": f"token {shared_server.token}"}
    for path in (f"/voila/files/{conference.key_file.name}",
                 f"/voila/files/../{conference.key_file.name}",
                 f"/voila/files/%2e%2e/{conference.caseload.name}/persons.csv",
                 f"/voila/static/{'../' * 12}{str(conference.key_file).lstrip('/')}",
                 f"/{conference.package.name}/manifest.json"):
        reply = http_get(shared_server.base_url, path, headers=headers)
        assert reply.status in (403, 404), (path, reply.chain)
        assert not conference.leaks(reply.body), path


def test_login_page_does_not_offer_to_set_a_password(shared_server):
    reply = http_get(shared_server.base_url, "/login")
    assert reply.status == 200
    assert "new_password" not in reply.text


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "127.0.0.1", "::1", "203.0.113.7",
                                     "kein-rechner"])
def test_share_refuses_addresses_that_are_not_this_machine_in_the_lan(address):
    with pytest.raises(serve.ServeError):
        serve.check_share_address(address)


def test_share_accepts_this_machines_lan_address(share_address):
    assert serve.check_share_address(share_address) == share_address


def test_a_port_taken_on_loopback_is_not_chosen_for_a_shared_conference(monkeypatch):
    """The presenter listens on 127.0.0.1, the participants on the LAN address, both on one
    port: a port free on the LAN address but taken on loopback is skipped."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        offered = iter([busy, busy, serve.free_port()])
        monkeypatch.setattr(serve, "free_port", lambda address=None: next(offered))
        port = serve._port_free_on("127.0.0.1", "127.0.0.1")
    assert port != busy
