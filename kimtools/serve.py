"""`kimtools serve`: the conference dashboard in Voilà, hardened (DESIGN §2, §7).

The participants' browsers see the pseudonymised package through the dashboard notebook and
nothing else:

- Voilà serves a fresh temporary root that holds only a copy of the dashboard notebook. The
  package is not under the root either: the kernel reads it from the absolute path in the
  environment variable ``KIMTOOLS_PACKAGE``. The raw caseload and the provider key, even if
  they lie beside the package, are outside everything the server serves.
- ``/voila/files/`` is closed completely (allowlist empty, denylist ``.*``); what the page
  needs comes from the template's and Voilà's static folders.
- Sources stripped, tracebacks hidden, the browser may send only comm messages to the kernel
  (Voilà's default, kept), template and theme cannot be switched by URL parameters.
- The template ``kim`` (``templates/voila/kim``) loads nothing from a CDN; a Content Security
  Policy tells the browser to load nothing from any other host either.
- Bound to 127.0.0.1 (Host header checked against DNS rebinding). ``share=True`` binds to the
  machine's address in the local network (never 0.0.0.0). Both require a fresh random token:
  on a shared terminal server every logged-in user can reach 127.0.0.1, and without the token
  could open the kernel websocket (and, with a register, write into it). The token is handed
  to Voilà by environment, so it does not show in the process list.
- A conference (several packages on one agenda, ``kimtools.conference``) is served from the
  register it was created in: the kernel gets the register and the conference's id
  (``KIMTOOLS_CONFERENCE``) and reads the packages the register names, each checked again.
- At most ``max_kernels`` kernels (one per page view) run at once; beyond that a German page
  says so (``kimtools.serve_limits``, template ``503.html``).

This module reads packages only: it never imports the raw-caseload reader or the privacy stage.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kimtools import resources
from kimtools.package import PackageError
from kimtools.trust import load_trusted

DASHBOARD_NOTEBOOK = resources.notebook("02_planungskonferenz.ipynb")
PRESENTER_NOTEBOOK = resources.notebook("05_praesentation.ipynb")
TEMPLATE_DIR = resources.VOILA_TEMPLATE
TEMPLATE = "kim"
PACKAGE_ENV = "KIMTOOLS_PACKAGE"
REGISTER_ENV = "KIMTOOLS_REGISTER"
CONFERENCE_ENV = "KIMTOOLS_CONFERENCE"
VEGA_BUNDLE_ENV = "KIMTOOLS_VEGA_BUNDLE"  # kimtools.presentation.vega_widget.BUNDLE_ENV
PARTICIPANTS_URL_ENV = "KIMTOOLS_PARTICIPANTS_URL"  # kimtools.conference.share reads it
PAGE_CAP_ENV = "KIMTOOLS_PAGE_CAP"  # kimtools.conference.server.PAGE_CAP_ENV
PRESENTER_SCREENS_ENV = "KIMTOOLS_PRESENTER_SCREENS"  # kimtools.conference.screens
LOCALHOST = "127.0.0.1"
DEFAULT_PORT = 8866
START_TIMEOUT = 60.0

# What the browser may load: everything from this server, nothing from elsewhere. Voilà's
# JavaScript and Vega need inline scripts, eval, blob: and data: URLs.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob: data:",
    "style-src 'self' 'unsafe-inline' blob: data:",
    "img-src 'self' data: blob:",
    "font-src 'self' data: blob:",
    "connect-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "frame-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])

# Every page view starts a kernel. Voilà 0.5's shutdown request on closing the tab fails
# (403, missing _xsrf: voila-dashboards/voila#1458), so kernels without an open page are culled
# after 10 idle minutes; kernels of open pages are never culled.
KERNEL_IDLE_TIMEOUT = 600
KERNEL_CULL_INTERVAL = 60
# About 250 MB per kernel: 20 views take some 5 GB, what a conference laptop can spare.
DEFAULT_MAX_KERNELS = 20
PRESENTER_POOL = 1  # preheated kernels kept ready for the presenter's page


class ServeError(Exception):
    """The dashboard cannot be served; the message is German and names the reason."""


@dataclass
class Server:
    """A running dashboard server. Unpacks as ``url, token, process``."""

    url: str  # to open or hand out: with ?token=…
    token: str | None
    process: subprocess.Popen
    address: str
    port: int
    run_dir: Path
    log_file: Path | None = None
    started_in: float = field(default=0.0)  # seconds until the server answered
    participants_url: str | None = None  # the participants' view with its own token

    def __iter__(self) -> Iterator:
        return iter((self.url, self.token, self.process))

    @property
    def base_url(self) -> str:
        """The server's root URL without the token."""
        return f"http://{_url_host(self.address)}:{self.port}/"

    def log(self) -> str:
        """Voilà's output so far (empty when it went to the terminal)."""
        if self.log_file is None or not self.log_file.exists():
            return ""
        return self.log_file.read_text(encoding="utf-8", errors="replace")


# --- addresses --------------------------------------------------------------------------------

def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def _usable_lan(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def _route_source(target: str) -> str | None:
    """The local address the kernel would send from to `target` (UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect((target, 9))
            return probe.getsockname()[0]
        except OSError:
            return None


def _interface_addresses() -> list[str]:
    """IPv4 addresses of all interfaces (Linux ioctl; elsewhere empty)."""
    try:
        import fcntl
        import struct
    except ImportError:
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                reply = fcntl.ioctl(probe.fileno(), 0x8915, request)  # SIOCGIFADDR
            except OSError:
                continue
            found.append(socket.inet_ntoa(reply[20:24]))
    return found


def lan_address() -> str | None:
    """The machine's primary address in the local network, or None if it has none.

    The primary address is the one the default route leaves from; in a closed network without
    a default route, the one towards the private ranges; last, any interface's address.
    """
    for target in ("192.0.2.1", "10.255.255.254", "172.31.255.254", "192.168.255.254"):
        address = _route_source(target)
        if address and _usable_lan(address):
            return address
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            if _usable_lan(info[4][0]):
                return info[4][0]
    for address in _interface_addresses():
        if _usable_lan(address):
            return address
    return None


def check_share_address(address: str) -> str:
    """`address` if it is one of this machine's addresses in the local network."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        raise ServeError(f"„{address}“ ist keine IP-Adresse.") from None
    if ip.is_unspecified:
        raise ServeError(f"{ip} würde das Dashboard auf allen Netzwerkschnittstellen anbieten; "
                         "bitte die Adresse des Rechners im lokalen Netz angeben.")
    if ip.is_loopback:
        raise ServeError(f"{ip} ist nur auf diesem Rechner erreichbar; zum Freigeben bitte die "
                         "Adresse des Rechners im lokalen Netz angeben (oder ohne --share "
                         "starten).")
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((str(ip), 0))
        except OSError:
            raise ServeError(f"{ip} ist keine Adresse dieses Rechners.") from None
    return str(ip)


def free_port(address: str = LOCALHOST) -> int:
    """A port that is free on `address` right now."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def _port_free_on(address: str, shared: str | None) -> int:
    """A port free on `address` and, with a shared address, on that one too: a port the
    system gave as free on one address may be taken on the other (an outgoing connection)."""
    for _ in range(20):
        port = free_port(shared or address)
        try:
            for where in {address, shared or address}:
                _check_port_free(where, port)
        except ServeError:
            continue
        return port
    return free_port(shared or address)  # the check after this says which one is taken


def _check_port_free(address: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((address, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"Port {port} ist auf {address} schon belegt; bitte mit "
                                 "--port einen anderen wählen.") from None
            if exc.errno == errno.EACCES:
                raise ServeError(f"Port {port} darf nicht benutzt werden; bitte einen Port "
                                 "über 1024 wählen.") from None
            raise ServeError(f"Port {port} auf {address} ist nicht nutzbar: "
                             f"{exc.strerror}.") from None


# --- the run folder and Voilà's command line ---------------------------------------------------

def voila_config(share: bool, preheat: bool = False) -> dict:
    """Settings that do not fit on a command line; written as voila.json into the run folder."""
    return {
        "Voila": {
            "tornado_settings": {
                "headers": {
                    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
                    "Referrer-Policy": "no-referrer",
                    "X-Content-Type-Options": "nosniff",
                },
                # Locally the Host header must be 127.0.0.1/localhost (no DNS rebinding);
                # shared, the LAN address is the host and the token protects.
                "allow_remote_access": share,
            },
        },
        "VoilaConfiguration": {
            "file_allowlist": [],
            "file_denylist": [".*"],
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
            # The presenter's page takes a kernel that has run the notebook already.
            "preheat_kernel": preheat,
            "default_pool_size": PRESENTER_POOL,
            "progressive_rendering": False,
            "http_header_envs": [],
        },
        # A token holder must not be able to swap the token for a password (that would also
        # write a jupyter_server_config.json).
        "PasswordIdentityProvider": {"allow_password_change": False},
        "MappingKernelManager": {
            "cull_idle_timeout": KERNEL_IDLE_TIMEOUT,
            "cull_interval": KERNEL_CULL_INTERVAL,
            "cull_connected": False,
        },
    }


def voila_python_config(max_kernels: int, preheat: bool = False) -> str:
    """voila.py beside voila.json: the kernel cap is a callable, which JSON cannot hold.

    Voilà refuses a prelaunch hook together with preheated kernels; the presenter's server
    caps its page kernels in its page handler instead (kimtools.conference.server)."""
    if preheat:
        return "# preheated presenter kernels: capped in kimtools.conference.server\n"
    return ("from kimtools.serve_limits import KernelCap\n\n"
            f"c.VoilaConfiguration.prelaunch_hook = KernelCap({int(max_kernels)})\n")


def prepare_run_dir(notebook: Path | None = None, template_dir: Path | None = None,
                    share: bool = False, max_kernels: int = DEFAULT_MAX_KERNELS,
                    preheat: bool = False) -> Path:
    """A fresh folder (mode 0700) with everything the server reads:

    root/<notebook>                 the only file under Voilà's root
    voila_*/                        (made by Voilà) kernel connection files and sockets
    share/nbconvert/templates/kim   the template (on JUPYTER_PATH; not under share/voila,
                                    which would hide Voilà's own themes folder)
    config/voila.json               settings that do not fit on the command line
    config/voila.py                 the kernel cap (a Python callable)
    …/templates/kim/static/vega-bundle.js   the offline Vega bundle, made once per server
                                    (not in every kernel), see presentation.vega_widget

    notebook and template_dir default to DASHBOARD_NOTEBOOK and TEMPLATE_DIR (looked up at
    call time, so tests can point them elsewhere).
    """
    notebook = Path(notebook or DASHBOARD_NOTEBOOK)
    template_dir = Path(template_dir or TEMPLATE_DIR)
    if not notebook.is_file():
        raise ServeError(f"Dashboard-Notizbuch nicht gefunden: {notebook}")
    if not (template_dir / "index.html.j2").is_file():
        raise ServeError(f"Voilà-Vorlage nicht gefunden: {template_dir}")
    run_dir = Path(tempfile.mkdtemp(prefix="kimtools-serve-"))
    try:
        (run_dir / "root").mkdir()
        shutil.copyfile(notebook, run_dir / "root" / notebook.name)
        from kimtools.presentation.vega_bundle import write_bundle  # altair only when serving

        template = run_dir / "share" / "nbconvert" / "templates" / TEMPLATE
        shutil.copytree(template_dir, template)
        write_bundle(template / "static")
        (run_dir / "config").mkdir()
        (run_dir / "config" / "voila.json").write_text(
            json.dumps(voila_config(share, preheat), indent=2), encoding="utf-8")
        (run_dir / "config" / "voila.py").write_text(voila_python_config(max_kernels, preheat),
                                                     encoding="utf-8")
    except BaseException:
        shutil.rmtree(run_dir, ignore_errors=True)
        raise
    return run_dir


def voila_command(run_dir: Path, notebook_name: str, address: str, port: int,
                  token_required: bool, module: str = "voila") -> list[str]:
    """Voilà's command line. The token itself goes by environment (see `voila_environment`).
    A conference runs Voilà through `kimtools.conference.server` (participants' view beside)."""
    command = [
        sys.executable, "-m", module, str(Path(run_dir) / "root" / notebook_name),
        "--no-browser",
        f"--Voila.ip={address}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--Voila.root_dir={Path(run_dir) / 'root'}",
        f"--Voila.config_file_paths={Path(run_dir) / 'config'}",
        f"--Voila.connection_dir_root={run_dir}",
        f"--template={TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--Voila.log_level=WARN",
    ]
    if os.name == "posix":
        # Voilà talks to its kernels over Unix sockets in its connection folder (inside the
        # run folder, mode 0700) instead of TCP ports on 127.0.0.1 that every local user
        # could reach.
        command.append("--KernelManager.transport=ipc")
    if token_required:
        command.append("--token")
    return command


def voila_environment(package: Path | None, run_dir: Path, token: str | None,
                      base: dict[str, str] | None = None,
                      register: Path | None = None,
                      conference: str | None = None) -> dict[str, str]:
    """The environment of Voilà and, inherited, of each dashboard kernel.

    A findings register reaches the kernels only when asked for explicitly (never inherited
    from the operator's shell), because every browser session may write through the widgets.
    """
    env = dict(os.environ if base is None else base)
    for name in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE", PACKAGE_ENV, REGISTER_ENV,
                 CONFERENCE_ENV, PAGE_CAP_ENV, PRESENTER_SCREENS_ENV):
        env.pop(name, None)
    if register is not None:
        env[REGISTER_ENV] = str(Path(register).resolve())
    paths = [str(Path(run_dir) / "share")]
    if env.get("JUPYTER_PATH"):
        paths.append(env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    if package is not None:
        env[PACKAGE_ENV] = str(Path(package).resolve())
    if conference is not None:
        env[CONFERENCE_ENV] = conference
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger warning per kernel
    env[VEGA_BUNDLE_ENV] = f"templates/{TEMPLATE}/static/vega-bundle.js"
    if token:
        env["JUPYTER_TOKEN"] = token
    return env


def dashboard_url(address: str, port: int, token: str | None) -> str:
    url = f"http://{_url_host(address)}:{port}/"
    return f"{url}?token={token}" if token else url


# --- starting and stopping ----------------------------------------------------------------------

def check_package(package: Path):
    """The loaded package, intact and signed by a confirmed key, or ServeError saying why."""
    try:
        return load_trusted(package)
    except PackageError as exc:
        raise ServeError(f"{exc}\nDas Dashboard wurde nicht gestartet.") from None


def check_conference(register: Path | None, conference: str):
    """The conference's plan from the register, every package checked (keys confirmed)."""
    from kimtools.conference import ConferenceError, load_plan
    from kimtools.findings.register import RegisterError, open_register

    if register is None or not Path(register).exists():
        raise ServeError("Eine Konferenz wird aus dem Befundregister gezeigt, in dem sie "
                         "angelegt ist: bitte --register DATEI angeben (siehe „kimtools "
                         "konferenz anlegen“).")
    try:
        with open_register(register, read_only=True) as opened:
            return load_plan(opened, conference)
    except (ConferenceError, RegisterError) as exc:
        raise ServeError(f"{exc}\nDas Dashboard wurde nicht gestartet.") from None


def check_register(register: Path) -> str | None:
    """An existing register checked before the server starts (integrity, kind, version).

    Read-only, so the file stays as it is; the kernels open it for writing later. Returns the
    warning about a too wide file mode, if any; ServeError when it is damaged or foreign.
    """
    if not register.exists():
        return None
    from kimtools.findings.register import RegisterError, check_file

    try:
        return check_file(register)
    except RegisterError as exc:
        raise ServeError(f"{exc}\nDas Dashboard wurde nicht gestartet.") from None


def _ready_url(address: str, port: int) -> str:
    # A file of our own template: answers only when the server found the template.
    return f"http://{_url_host(address)}:{port}/voila/templates/{TEMPLATE}/static/kim.css"


def _wait_until_ready(process: subprocess.Popen, url: str, timeout: float,
                      log: Callable[[], str]) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServeError(f"Voilà hat sich beim Start beendet (Code {process.returncode})."
                             + (f"\n{log()[-3000:]}" if log() else ""))
        try:
            with opener.open(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise ServeError(f"Voilà antwortet nach {timeout:.0f} s noch nicht."
                             + (f"\n{log()[-3000:]}" if log() else ""))
        time.sleep(0.1)


def stop(process: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop Voilà as Ctrl-C would (it then shuts its kernels down); insist if it hangs."""
    if process.poll() is not None:
        return
    steps = [(signal.SIGINT, grace), (signal.SIGTERM, 5.0)] if os.name == "posix" else []
    for signum, wait in steps:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue
    process.kill()
    process.wait()


@contextlib.contextmanager
def running_server(package: str | os.PathLike | None, port: int | None = None,
                   share: bool = False, address: str | None = None, *,
                   notebook: Path | None = None, template_dir: Path | None = None,
                   log: bool = True, timeout: float = START_TIMEOUT,
                   register: Path | None = None,
                   max_kernels: int = DEFAULT_MAX_KERNELS,
                   conference: str | None = None) -> Iterator[Server]:
    """Start the hardened dashboard server, wait until it answers, stop it afterwards.

    port None picks a free port. share binds to `address` or the machine's LAN address, else
    127.0.0.1; either way a fresh token is required (Server.url carries it). log=True writes
    Voilà's output to a file (Server.log()); False lets it go to this process's terminal.
    The temporary run folder is removed at the end.
    register enables recording findings: only on this machine, never with share, since every
    participant's browser could otherwise write to the register.
    """
    if conference is not None:
        conference = check_conference(register, conference).conference_id
        package = None
    else:
        package = Path(package)
        check_package(package)
    if register is not None:
        if share and conference is None:
            raise ServeError("Befunde werden nur am Rechner der Koordinierungsstelle erfasst: "
                             "--register geht nicht zusammen mit --share. Für die "
                             "Teilnehmenden einen zweiten Server mit --share ohne --register "
                             "starten.")
        register = Path(register)
        if not register.parent.is_dir():
            raise ServeError(f"Ordner für das Befundregister nicht gefunden: {register.parent}")
        check_register(register)
    notebook = Path(notebook or DASHBOARD_NOTEBOOK)
    if not notebook.is_file():
        raise ServeError(f"Dashboard-Notizbuch nicht gefunden: {notebook}\n"
                         "Es gehört zu kimtools (Ordner notebooks/); bitte die Installation "
                         "prüfen.")
    if share:
        address = check_share_address(address) if address else lan_address()
        if address is None:
            raise ServeError("Dieser Rechner hat keine Adresse im lokalen Netz; das Dashboard "
                             "kann nicht freigegeben werden. Ohne --share ist es auf diesem "
                             "Rechner erreichbar.")
    else:
        if address is not None and address != LOCALHOST:
            raise ServeError("Eine Adresse kann nur zusammen mit --share angegeben werden.")
        address = LOCALHOST
    if max_kernels < 1:
        raise ServeError("Die Höchstzahl gleichzeitiger Ansichten (--max-kernels) muss "
                         "mindestens 1 sein.")
    # A conference: the presenter stays on this machine; --share opens only the participants'
    # view to the network (kimtools.conference.server).
    shared = address if share and conference is not None else None
    if shared:
        address = LOCALHOST
    token = secrets.token_urlsafe(32)
    if port is None:
        port = _port_free_on(address, shared)
    _check_port_free(address, port)
    if shared:
        _check_port_free(shared, port)

    voila_shared = share and not shared
    # the presenter's screen, on this machine only: its kernel waits ready before the page asks
    # (served by kimtools.conference.server, which caps the page kernels itself)
    preheat = (notebook.name == PRESENTER_NOTEBOOK.name and conference is not None
               and not voila_shared)
    run_dir = prepare_run_dir(notebook, template_dir, voila_shared, max_kernels, preheat)
    log_file = run_dir / "voila.log" if log else None
    command = voila_command(run_dir, notebook.name, address, port, token_required=True,
                            module="voila" if conference is None else
                            "kimtools.conference.server")
    env = voila_environment(package, run_dir, token, register=register, conference=conference)
    if preheat:
        env[PAGE_CAP_ENV] = f"{int(max_kernels)}:{PRESENTER_POOL}"
    participants_url = None
    if conference is not None:
        try:
            participants_url = _prepare_participants(env, run_dir, register, conference,
                                                     shared or address, port, shared)
        except BaseException:
            shutil.rmtree(run_dir, ignore_errors=True)
            raise
    if register is not None:
        # the findings form checks what is typed with the scrubber: its place names are made
        # now, beside the server, not at the first check in the room
        from kimtools.privacy.placedata import prepare_in_background

        prepare_in_background()
    output = open(log_file, "wb") if log_file else None  # noqa: SIM115 (closed below)
    process = None
    try:
        started = time.monotonic()
        process = subprocess.Popen(
            command, env=env, cwd=run_dir, stdin=subprocess.DEVNULL,
            stdout=output, stderr=subprocess.STDOUT if output else None,
            start_new_session=os.name == "posix")
        server = Server(url=dashboard_url(address, port, token), token=token, process=process,
                        address=address, port=port, run_dir=run_dir, log_file=log_file,
                        participants_url=participants_url)
        _wait_until_ready(process, _ready_url(address, port), timeout, server.log)
        server.started_in = time.monotonic() - started
        yield server
    finally:
        if process is not None:
            stop(process)
        if output:
            output.close()
        shutil.rmtree(run_dir, ignore_errors=True)


def _prepare_participants(env: dict[str, str], run_dir: Path, register: Path,
                          conference: str, address: str, port: int,
                          shared: str | None) -> str:
    """Render the participants' view once (in a short-lived process) and tell the server and
    the presenter's kernel where it is; returns its address with the participants' token."""
    from kimtools.conference import server as participants
    from kimtools.conference.follow import FOLLOW_ENV

    site = Path(run_dir) / "teilnehmende"
    screens = Path(run_dir) / "praesentation.json"  # the presenter's screens, made once
    made = subprocess.run(
        [sys.executable, "-m", "kimtools.conference.participants", str(Path(register).resolve()),
         conference, str(site), str(screens)], env=env, capture_output=True, text=True)
    if made.returncode != 0:
        raise ServeError((made.stderr.strip() or "Ansicht für Teilnehmende nicht erstellt.")
                         + "\nDas Dashboard wurde nicht gestartet.")
    token = secrets.token_urlsafe(32)
    url = f"http://{_url_host(address)}:{port}{participants.PREFIX}/?token={token}"
    env[participants.SITE_ENV] = str(site)
    env[participants.TOKEN_ENV] = token
    env[FOLLOW_ENV] = str(Path(run_dir) / "folgen.json")
    env[PRESENTER_SCREENS_ENV] = str(screens)
    if shared:
        env[participants.ADDRESS_ENV] = shared
        env[PARTICIPANTS_URL_ENV] = url  # the presenter screen shows it as a QR code
    return url


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(package: str | os.PathLike | None, port: int = DEFAULT_PORT, share: bool = False,
          address: str | None = None, echo: Callable[[str], None] = print, *,
          notebook: Path | None = None, template_dir: Path | None = None,
          register: Path | None = None, max_kernels: int = DEFAULT_MAX_KERNELS,
          conference: str | None = None) -> None:
    """Serve until Ctrl-C (or SIGTERM); German messages through `echo`."""
    if conference is not None:
        plan = check_conference(register, conference)
        approved = all(p.approved for p in plan.packages)
        echo(plan.describe())
    else:
        approved = check_package(Path(package)).approved
    if register is not None and not share and (warning := check_register(Path(register))):
        echo(warning)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with running_server(package, port, share, address, notebook=notebook,
                            template_dir=template_dir, log=False,
                            register=register, max_kernels=max_kernels,
                            conference=conference) as server:
            if server.participants_url and share:
                echo("Präsentation der Planungskonferenz läuft, nur auf diesem Rechner:\n\n"
                     f"    {server.url}\n\n"
                     "Ansicht für die Teilnehmenden im lokalen Netz (nur lesen, eigener "
                     "Zugangsschlüssel; die Präsentation zeigt sie auch als QR-Code):\n\n"
                     f"    {server.participants_url}\n")
            elif share:
                echo(f"Dashboard der Planungskonferenz im lokalen Netz freigegeben "
                     f"(Adresse {server.address}, Port {server.port}).\n"
                     "Diese Adresse an die Teilnehmenden geben; sie enthält den "
                     "Zugangsschlüssel:\n\n"
                     f"    {server.url}\n\n"
                     "Ohne den Schlüssel wird der Zugriff verweigert. Nach dem Beenden gilt "
                     "er nicht mehr.")
            else:
                echo("Dashboard der Planungskonferenz läuft, nur auf diesem Rechner "
                     "erreichbar. Diese Adresse im Browser öffnen; sie enthält den "
                     "Zugangsschlüssel, ohne den der Zugriff verweigert wird:\n\n"
                     f"    {server.url}\n")
                if server.participants_url:
                    echo("Ansicht für Teilnehmende (nur lesen, folgt der Präsentation; mit "
                         "--share im lokalen Netz):\n\n"
                         f"    {server.participants_url}\n")
            if not approved:
                echo("Hinweis: Das Paket ist nicht als geprüft freigegeben (keine Freigabe im "
                     "Manifest). Bitte vor der Konferenz prüfen lassen.")
            echo("Beenden mit Strg+C.")
            try:
                code = server.process.wait()
            except KeyboardInterrupt:
                echo("Dashboard wird beendet …")
                return
            raise ServeError(f"Voilà wurde unerwartet beendet (Code {code}).")
    finally:
        signal.signal(signal.SIGTERM, previous)
