"""Acting as the participants' browser towards `kimtools serve`: plain HTTP with paths exactly
as written, the kernel websocket as Voilà's page uses it, and headless Chromium.

Used by the test_serve_* modules and by serve_fixtures (the pytest plugin with the fixtures).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
HANDBOOK_PICTURES = ROOT / "docs" / "handbuch" / "bilder"
HANDBOOK_SWITCH = "KIMTOOLS_HANDBUCH_BILDER"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def missing(reason: str) -> None:
    """Skip locally; in CI (environment variable CI set) a missing prerequisite is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI ist gesetzt: hier wird nicht übersprungen)", pytrace=False)
    pytest.skip(reason)


# --- HTTP and the kernel websocket ---------------------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    chain: list[tuple[int, str]]  # every (status, path) on the way, redirects included

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def http_get(base_url: str, path: str, follow: bool = True, headers: dict | None = None,
             method: str = "GET") -> Reply:
    """Request `path` exactly as written (no normalisation of ../ or %2e), without proxies.

    Redirects are followed on the same server only; a redirect elsewhere is returned as is.
    """
    split = urlsplit(base_url)
    chain = []
    for _ in range(6):
        connection = http.client.HTTPConnection(split.hostname, split.port, timeout=90)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        chain.append((response.status, path))
        location = response.getheader("Location")
        if not (follow and response.status in (301, 302, 303, 307, 308) and location):
            return Reply(response.status, response.headers, body, chain)
        target = urlsplit(location)
        if target.netloc and target.netloc != split.netloc:
            return Reply(response.status, response.headers, body, chain)
        path = target.path + (f"?{target.query}" if target.query else "")
    raise AssertionError(f"Zu viele Weiterleitungen: {chain}")


def authorised(token: str) -> dict:
    """Request headers that carry the server's token (what the tokenised URL gives a browser)."""
    return {"Authorization": f"token {token}"}


def cookies(reply: Reply) -> str:
    """The cookies a reply sets, as a Cookie header for the next request."""
    return "; ".join(value.split(";")[0] for value in reply.headers.get_all("Set-Cookie") or [])


def page_config(page_html: str) -> dict:
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      page_html, re.S)
    assert match, "Seite ohne jupyter-config-data"
    return json.loads(match.group(1))


def kernel_message(msg_type: str, content: dict, session: str) -> dict:
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
                   "username": "", "version": "5.3", "date": "2026-01-01T00:00:00.000000Z"},
        "parent_header": {}, "metadata": {}, "content": content, "buffers": [],
    }


def talk_to_kernel(ws_url: str, messages: list[tuple[str, dict]], cookie: str | None = None,
                   origin: str | None = None, subprotocol: str | None = None,
                   settle: float = 2.0) -> list[dict]:
    """Send (channel, message) pairs over the kernel websocket, then a kernel_info_request.

    Returns every message received until the kernel_info_reply arrived and `settle` seconds
    passed. The kernel handles shell messages in order, so had anything been forwarded, its
    effect would be done before the reply.
    """
    from jupyter_server.services.kernels.connection.base import (
        deserialize_msg_from_ws_v1,
        serialize_msg_to_ws_v1,
    )
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    session = uuid.uuid4().hex
    probe = kernel_message("kernel_info_request", {}, session)

    def encode(channel, msg):
        if subprotocol == "v1.kernel.websocket.jupyter.org":
            parts = [json.dumps(msg[k]).encode() for k in
                     ("header", "parent_header", "metadata", "content")]
            return serialize_msg_to_ws_v1(parts, channel), True
        return json.dumps({**msg, "channel": channel}), False

    def decode(raw):
        if isinstance(raw, bytes):
            channel, parts = deserialize_msg_from_ws_v1(raw)
            header, parent, _, content = (json.loads(p) for p in parts[:4])
            return {"channel": channel, "header": header, "parent_header": parent,
                    "content": content}
        return json.loads(raw)

    async def run() -> list[dict]:
        headers = {}
        if cookie:
            headers["Cookie"] = cookie
        if origin:
            headers["Origin"] = origin
        request = HTTPRequest(f"{ws_url}?session_id={session}", headers=headers,
                              request_timeout=30)
        connection = await websocket_connect(
            request, subprotocols=[subprotocol] if subprotocol else None)
        received = []
        try:
            for channel, msg in [*messages, ("shell", probe)]:
                data, binary = encode(channel, msg)
                await connection.write_message(data, binary=binary)
            loop = asyncio.get_running_loop()
            deadline = None
            while deadline is None or loop.time() < deadline:
                timeout = 30 if deadline is None else max(deadline - loop.time(), 0.01)
                try:
                    raw = await asyncio.wait_for(connection.read_message(), timeout)
                except TimeoutError:
                    if deadline is None:
                        raise AssertionError("Keine Antwort auf kernel_info_request") from None
                    break
                if raw is None:
                    break
                msg = decode(raw)
                received.append(msg)
                if (deadline is None and msg["header"].get("msg_type") == "kernel_info_reply"
                        and msg["parent_header"].get("msg_id") == probe["header"]["msg_id"]):
                    deadline = loop.time() + settle
        finally:
            connection.close()
        return received

    # In a thread of its own: Playwright's sync API keeps an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(run())).result()


# --- the browser --------------------------------------------------------------------------------

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class WatchedPage:
    """A page whose every request to another host is aborted and recorded."""

    page: object
    aborted: list[str] = field(default_factory=list)  # requests to other hosts
    csp_blocked: list[str] = field(default_factory=list)  # loads the server's CSP stopped
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)


#: The screens the dashboard is shown on: a projector or an office laptop, and a full-HD screen.
#: Tests use these as they are and never enlarge the viewport to fit the page.
PROJECTOR = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}
SCREENS = {"1280x720": PROJECTOR, "1920x1080": FULL_HD}


def watched_page(browser, allowed_hosts: set[str] | None = None, viewport: dict | None = None,
                 bypass_csp: bool = False) -> WatchedPage:
    """A fresh page in its own context. bypass_csp=True ignores the server's Content Security
    Policy, so that any load from elsewhere reaches the route and is recorded in `aborted`
    (with the policy, the browser blocks it before: it shows up in `csp_blocked`)."""
    allowed = LOCAL_HOSTS | (allowed_hosts or set())
    context = browser.new_context(viewport=viewport or PROJECTOR,
                                  locale="de-DE", service_workers="block",
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    watched = WatchedPage(page)

    def route(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in allowed:
            route.continue_()
        else:
            watched.aborted.append(url)
            route.abort()

    def console(message):
        if message.type != "error":
            return
        if "Content Security Policy" in message.text:
            watched.csp_blocked.append(message.text)
        else:
            watched.console_errors.append(message.text)

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda e: watched.page_errors.append(str(e)))
    page.on("response", lambda r: watched.failed_responses.append(f"{r.status} {r.url}")
            if r.status >= 400 else None)
    return watched


def clipped_tab_titles(page) -> list[str]:
    """Titles of the ipywidgets tabs on the page that do not fit their tab (cut off with
    "…"), as a reader of the screen would find them."""
    return page.locator(".lm-TabBar-tab").evaluate_all("""tabs => tabs.filter(tab => {
        const label = tab.querySelector(".lm-TabBar-tabLabel");
        return tab.scrollWidth > tab.clientWidth + 1
            || label.scrollWidth > label.clientWidth + 1;
    }).map(tab => tab.textContent)""")


def handbook_picture(page, name: str, element=None) -> Path:
    """A picture for the user handbook from the screen the test is looking at: 1280×720 as the
    room sees it, never an enlarged viewport; ``element`` crops to one part of that screen.
    Written into docs/handbuch/bilder/ only with KIMTOOLS_HANDBUCH_BILDER=1 (``make
    handbuch-bilder``), so a normal test run leaves the tree as it is; else into test-artifacts/.
    """
    assert page.viewport_size == PROJECTOR, "Bilder fürs Handbuch nur bei 1280×720"
    folder = HANDBOOK_PICTURES if os.environ.get(HANDBOOK_SWITCH) == "1" else (
        ARTIFACTS / "handbuch")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    (element or page).screenshot(path=str(path), animations="disabled")
    return path
