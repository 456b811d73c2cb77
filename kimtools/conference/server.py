"""Voilà with the participants' view beside it: one process, one event loop, no kernel per viewer.

``python -m kimtools.conference.server`` takes Voilà's own command line (see `kimtools.serve`)
and adds, under ``/teilnehmende/``, a few plain tornado handlers: the page rendered once at the
start (`kimtools.conference.participants`, style and script inside it), with the presenter's
current case filled in for each request, and the state it asks for (the presenter's current case
from the follow file, the findings so far from the register, read only). A request for the state
names the version it has; the server answers when the state differs from it, or after
``WAIT_AT_MOST`` seconds unchanged (long polling): a room of laptops costs one request each per
change of case, not a request every fraction of a second, and a change reaches them within
``WATCH_EVERY``. The participants have
their own random token, distinct from the presenter's: given once in the address, then kept in
an HttpOnly cookie (SameSite=Strict). It opens these handlers and
nothing else; Voilà's handlers, the kernel websocket and /api/kernels do not know it.

With ``--share`` the presenter's Voilà stays on 127.0.0.1 and a second listener on the LAN
address serves an application that has the participants' handlers only: from the network there
is no route to a kernel, whatever token is sent.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tornado.web

from kimtools.conference.follow import FOLLOW_ENV, read_state

SITE_ENV = "KIMTOOLS_PARTICIPANTS_SITE"
TOKEN_ENV = "KIMTOOLS_PARTICIPANTS_TOKEN"
ADDRESS_ENV = "KIMTOOLS_PARTICIPANTS_ADDRESS"
PAGE_CAP_ENV = "KIMTOOLS_PAGE_CAP"  # "limit:spare" for a server with preheated kernels
REGISTER_ENV = "KIMTOOLS_REGISTER"
CONFERENCE_ENV = "KIMTOOLS_CONFERENCE"
PREFIX = "/teilnehmende"
COOKIE = "kim_teilnehmende"
FINDINGS_EVERY = 1.0  # seconds: the register is read at most this often, for all participants
WATCH_EVERY = 0.1  # seconds: how often a waiting request looks at the follow file (a stat)
WAIT_AT_MOST = 20.0  # seconds a request for the state waits for a change before answering


def state_version(state: dict) -> str:
    """A short fingerprint of what a participant's page shows of the state."""
    text = json.dumps(state, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def content_security_policy(script: str) -> str:
    """The participants' policy: `script` (the hash of the page's own script) is the only script
    that runs; the charts are SVG drawn at serve start."""
    return "; ".join([
        "default-src 'none'",
        f"script-src {script}",
        "style-src 'unsafe-inline'",  # the page's own style, and SVG text's inline styles
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


DENIED = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Kein Zugang</title></head><body><h1>Kein Zugang</h1>
<p>Diese Ansicht der Planungskonferenz braucht den Zugangsschlüssel aus der Adresse, die die
Koordinierungsstelle zeigt (QR-Code auf der Leinwand). Nach dem Ende der Konferenz gilt er nicht
mehr.</p></body></html>"""


@dataclass
class ParticipantsView:
    """What the participants' handlers serve, loaded once when the server starts."""

    token: str
    page: bytes
    follow_file: Path | None = None
    register: Path | None = None
    conference: str | None = None
    hosts: set[str] = field(default_factory=set)  # Host headers accepted (DNS rebinding)
    _findings: list[dict] = field(default_factory=list)
    _findings_key: tuple | None = None
    _findings_at: float = -1e9
    _current: dict | None = None
    _current_key: tuple | None = None
    policy: str = field(init=False, default="")
    _page_parts: tuple[bytes, bytes] = field(init=False, default=(b"", b""))

    def __post_init__(self) -> None:
        from kimtools.conference.participants import FIRST_MARK, script_hash

        text = self.page.decode("utf-8")
        self.policy = content_security_policy(script_hash(text))
        before, mark, after = self.page.partition(FIRST_MARK.encode())
        if not mark:
            raise ValueError("Die Seite für Teilnehmende hat keinen Platz für den aktuellen Fall.")
        self._page_parts = (before + b'data-first="', b'"' + after)

    @classmethod
    def load(cls, site: str | os.PathLike, token: str, **kwargs) -> ParticipantsView:
        from kimtools.conference.participants import PAGE_NAME

        return cls(token=token, page=(Path(site) / PAGE_NAME).read_bytes(), **kwargs)

    def current(self) -> dict | None:
        """The follow file, read again only when it was replaced: thirty waiting requests
        looking every ``WATCH_EVERY`` cost a stat each, not a read."""
        if not self.follow_file:
            return None
        try:
            stat = self.follow_file.stat()
            key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = None
        if key is None or key != self._current_key:
            self._current, self._current_key = read_state(self.follow_file), key
        return self._current

    def page_now(self) -> bytes:
        """The page with the presenter's current case in it, so it shows that case before its
        first poll answers."""
        case = (self.current() or {}).get("case") or ""
        before, after = self._page_parts
        return before + html.escape(case, quote=True).encode("utf-8") + after

    def allows(self, token: str | None) -> bool:
        return bool(token) and secrets.compare_digest(token.encode(), self.token.encode())

    def state(self) -> dict:
        current = self.current()
        state = {**(current or {"item": None, "case": None}), "findings": self.findings()}
        return {**state, "version": state_version(state)}

    async def state_after(self, seen: str | None, wait: float = WAIT_AT_MOST,
                          gone: Callable[[], bool] = lambda: False) -> dict:
        """The state once its version differs from ``seen`` (at once without one), or after
        ``wait`` seconds unchanged, or when the asker is ``gone``."""
        state = self.state()
        deadline = time.monotonic() + wait
        while (seen and state["version"] == seen and time.monotonic() < deadline
               and not gone()):
            await asyncio.sleep(WATCH_EVERY)
            state = self.state()
        return state

    def findings(self) -> list[dict]:
        """The conference's findings, read again only when the register changed (at most
        once a second), so thirty participants polling cost one read."""
        if self.register is None:
            return []
        now = time.monotonic()
        if now - self._findings_at < FINDINGS_EVERY:
            return self._findings
        self._findings_at = now
        key = tuple(_signature(Path(f"{self.register}{suffix}")) for suffix in ("", "-wal"))
        if key != self._findings_key:
            from kimtools.conference.participants import recorded_findings
            from kimtools.findings.register import RegisterError, open_register

            try:
                with open_register(self.register, read_only=True) as register:
                    self._findings = recorded_findings(register, self.conference)
                self._findings_key = key
            except RegisterError:
                pass  # keep what was shown; the office sees the problem on its own screen
        return self._findings


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class _Participants(tornado.web.RequestHandler):
    """Every participants' handler: own token, strict headers, GET only."""

    page_may_carry_token = False

    def initialize(self, view: ParticipantsView) -> None:
        self.view = view
        self.set_default_headers()  # tornado sets them once before this, without the view

    def set_default_headers(self) -> None:
        view = getattr(self, "view", None)
        self.set_header("Content-Security-Policy",
                        view.policy if view else content_security_policy("'none'"))
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Cache-Control", "private, no-cache")

    def prepare(self) -> None:
        if self.view.hosts and self.request.host.lower() not in self.view.hosts:
            self._deny(400)
        given = self.get_query_argument("token", None) if self.page_may_carry_token else None
        if given is not None and self.view.allows(given):
            self.set_cookie(COOKIE, self.view.token, path=PREFIX + "/", httponly=True,
                            samesite="Strict")
            return
        if not self.view.allows(self.get_cookie(COOKIE)):
            self._deny(403)

    def _deny(self, status: int) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(DENIED)
        raise tornado.web.Finish()

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"Fehler {status_code}")


class PageHandler(_Participants):
    page_may_carry_token = True

    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "private, no-store")  # it carries the current case
        self.write(self.view.page_now())


class SlashHandler(_Participants):
    page_may_carry_token = True

    def get(self) -> None:
        query = self.request.query
        self.redirect(PREFIX + "/" + (f"?{query}" if query else ""))


class StateHandler(_Participants):
    left = False

    def on_connection_close(self) -> None:
        self.left = True  # the participant closed the page while the request waited

    async def get(self) -> None:
        state = await self.view.state_after(self.get_query_argument("seit", None),
                                            gone=lambda: self.left)
        if self.left:
            return
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.write(json.dumps(state, ensure_ascii=False))


class NotFoundHandler(_Participants):
    def get(self, _rest: str) -> None:
        raise tornado.web.HTTPError(404)


def handlers(view: ParticipantsView) -> list[tuple]:
    """The participants' routes; everything else under the prefix is 404 (after the token)."""
    options = {"view": view}
    return [
        (PREFIX, SlashHandler, options),
        (PREFIX + "/", PageHandler, options),
        (PREFIX + "/stand", StateHandler, options),
        (PREFIX + "/(.*)", NotFoundHandler, options),
    ]


def participants_app(view: ParticipantsView) -> tornado.web.Application:
    """An application with the participants' routes and nothing else (for the LAN)."""
    return tornado.web.Application(handlers(view), compress_response=True,
                                   default_handler_class=_NotHere,
                                   default_handler_args={"view": view})


class _NotHere(_Participants):
    """Anything outside /teilnehmende/ on the LAN listener: there is nothing else."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


def view_from_environment(port: int, local: str) -> ParticipantsView | None:
    """The view the serve command prepared (site folder, token and files by environment).

    The token is taken out of the environment, so the kernels this process starts never see it.
    """
    site = os.environ.pop(SITE_ENV, None)
    token = os.environ.pop(TOKEN_ENV, None)
    if not site or not token:
        return None
    follow = os.environ.get(FOLLOW_ENV)
    register = os.environ.get(REGISTER_ENV)
    address = os.environ.get(ADDRESS_ENV)
    hosts = {f"{local}:{port}", f"localhost:{port}"}
    if address:
        hosts.add(f"{_url_host(address)}:{port}")
    return ParticipantsView.load(site, token, follow_file=Path(follow) if follow else None,
                                 register=Path(register) if register else None,
                                 conference=os.environ.get(CONFERENCE_ENV), hosts=hosts)


def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def kernels_running(manager) -> int:
    """Kernels of a Jupyter kernel manager, with those it is still starting: it lists a kernel
    only once it runs, and a page asking meanwhile would get one and pass the cap."""
    return len(set(manager.list_kernel_ids()) | set(getattr(manager, "_pending_kernels", {})))


def capped_page_handler(limit: int, spare: int):
    """Voilà's page handler refusing a page view while `limit` page kernels run (503, the
    template's German page).

    Voilà refuses its prelaunch hook (the cap of `kimtools.serve_limits`) together with
    preheated kernels, so the presenter's server checks here instead; the `spare` preheated
    kernels waiting in the pool do not count. Checked after the token, so a stranger learns
    nothing about the count.
    """
    from voila.tornado.handler import TornadoVoilaHandler

    class CappedVoilaHandler(TornadoVoilaHandler):
        @tornado.web.authenticated
        async def get(self, path=None):
            running = kernels_running(self.kernel_manager)
            if running >= limit + spare:
                self.log.warning("kimtools: %d Kernel laufen (davon bis zu %d vorgeheizt), "
                                 "Höchstzahl %d erreicht; Seitenaufruf abgewiesen.",
                                 running, spare, limit)
                raise tornado.web.HTTPError(503)
            await super().get(path)

    return TornadoVoilaHandler, CappedVoilaHandler


def main() -> None:
    from voila.app import Voila

    class KimVoila(Voila):
        """Voilà plus the participants' handlers (see module docstring)."""

        participants: ParticipantsView | None = None
        page_cap: tuple[int, int] | None = None

        def initialize(self, argv=None) -> None:
            super().initialize(argv)
            # The notebook is our own copy in the run folder; Jupyter's notebook signatures
            # (for notebooks opened from elsewhere) say nothing here, and the English warning
            # would only puzzle the person starting the conference.
            self.log.addFilter(lambda record: "is not trusted" not in record.getMessage())
            # Before any kernel starts (also a preheated one), so none inherits the token.
            self.participants = view_from_environment(self.port, self.ip)
            cap = os.environ.pop(PAGE_CAP_ENV, "")
            if cap:
                limit, spare = (int(part) for part in cap.split(":"))
                self.page_cap = (limit, spare)

        def init_handlers(self) -> list:
            found = handlers(self.participants) if self.participants else []
            voila = super().init_handlers()
            if self.page_cap:
                plain, capped = capped_page_handler(*self.page_cap)
                voila = [(entry[0], capped, *entry[2:]) if entry[1] is plain else entry
                         for entry in voila]
            return found + voila

        def listen(self) -> None:
            address = os.environ.get(ADDRESS_ENV)
            if self.participants is not None and address:
                participants_app(self.participants).listen(self.port, address)
            super().listen()

    KimVoila.launch_instance()


if __name__ == "__main__":
    main()
