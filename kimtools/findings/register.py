"""The findings register: one SQLite file per coordination office (DESIGN §6).

Why SQLite and how it is used:
- WAL mode, a busy timeout and ``BEGIN IMMEDIATE``: several dashboard sessions write at the
  same time; a writer waits for the other instead of failing, and readers never block.
- One transaction per user action, committed before the call returns, with
  ``synchronous=FULL``: what the dashboard shows as saved survives a killed kernel (and a power
  cut).
- The file is inspected read-only before anything is written: a corrupted or foreign file
  raises ``RegisterError`` and is left byte for byte as it was.
- The history is append-only; triggers refuse UPDATE and DELETE on it.

Schema versions (``kimtools_register.version``); opening an older file upgrades it in one
transaction, a newer one is refused:
  1. conferences (attendees, agenda, presented cases), findings, history. A finding's lists
     (Handlungsfelder, institutions, linked cases) and its evidence are JSON columns of its
     row: one row per finding keeps saving, merging and the overview simple and fast.
  2. what the minutes need: chair, minute-taker, next date, discussion notes per presented case
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from kimtools.bulk import collector_paused
from kimtools.findings.model import (
    EDITABLE,
    LEVELS,
    PRIORITIES,
    STATUSES,
    Attendee,
    Conference,
    Evidence,
    Finding,
    HistoryEntry,
    PresentedCase,
    ThemeSource,
    new_id,
    now_stamp,
    validate_conference,
    validate_finding,
)

APPLICATION = "kimtools-befundregister"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # version 1
        """CREATE TABLE kimtools_register (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            application TEXT NOT NULL,
            version INTEGER NOT NULL,
            register_id TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE conferences (
            id TEXT PRIMARY KEY,
            date TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            municipality TEXT NOT NULL DEFAULT '',
            agenda TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
        "CREATE INDEX conferences_date ON conferences (date)",
        """CREATE TABLE attendees (
            conference_id TEXT NOT NULL REFERENCES conferences (id),
            position INTEGER NOT NULL,
            institution TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (conference_id, position)) WITHOUT ROWID""",
        """CREATE TABLE presented_cases (
            conference_id TEXT NOT NULL REFERENCES conferences (id),
            case_pseudonym TEXT NOT NULL,
            position INTEGER NOT NULL,
            package TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (conference_id, case_pseudonym)) WITHOUT ROWID""",
        f"""CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            conference_id TEXT NOT NULL REFERENCES conferences (id),
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            fields TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(fields)),
            institutions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(institutions)),
            cases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cases)),
            evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence)),
            measure TEXT NOT NULL DEFAULT '',
            responsible TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            priority TEXT NOT NULL CHECK (priority IN {_in(PRIORITIES)}),
            level TEXT NOT NULL CHECK (level IN {_in(LEVELS)}),
            status TEXT NOT NULL CHECK (status IN {_in(STATUSES)}),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
        "CREATE INDEX findings_conference ON findings (conference_id)",
        "CREATE INDEX findings_status ON findings (status, level)",
        """CREATE TABLE history (
            id TEXT PRIMARY KEY,
            finding_id TEXT NOT NULL REFERENCES findings (id),
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT)""",
        "CREATE INDEX history_finding ON history (finding_id, at)",
        """CREATE TRIGGER history_no_update BEFORE UPDATE ON history
            BEGIN SELECT RAISE(ABORT, 'Der Verlauf wird nur ergänzt, nie geändert.'); END""",
        """CREATE TRIGGER history_no_delete BEFORE DELETE ON history
            BEGIN SELECT RAISE(ABORT, 'Der Verlauf wird nur ergänzt, nie gelöscht.'); END""",
    ),
    (  # version 2
        "ALTER TABLE conferences ADD COLUMN chair TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE conferences ADD COLUMN minute_taker TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE conferences ADD COLUMN next_date TEXT",
        "ALTER TABLE presented_cases ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE presented_cases ADD COLUMN note_updated_at TEXT",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
LIST_ATTRIBUTES = ("fields", "institutions", "cases")


class RegisterError(Exception):
    """A register that cannot be opened or an action that cannot be done; German message."""


class ValidationError(RegisterError):
    """Input that may not be saved; ``problems`` lists every reason in German."""

    def __init__(self, what: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{what} kann so nicht gespeichert werden: " + " ".join(problems))


class ConflictError(RegisterError):
    """The finding changed in another session since it was loaded."""


@dataclass(frozen=True)
class RegisterInfo:
    path: Path
    register_id: str
    version: int
    created_at: str


@dataclass
class MergeResult:
    conferences_new: int = 0
    conferences_updated: int = 0
    findings_new: int = 0
    findings_updated: int = 0
    findings_unchanged: int = 0
    history_added: int = 0

    def describe(self) -> str:
        return (f"Konferenzen: {self.conferences_new} neu, {self.conferences_updated} "
                f"aktualisiert. Befunde: {self.findings_new} neu, {self.findings_updated} "
                f"aktualisiert, {self.findings_unchanged} unverändert. "
                f"Verlaufseinträge: {self.history_added} ergänzt.")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def history_text(value: object) -> str | None:
    """How an attribute value reads in the history: plain German text, lists with "; "."""
    if value is None:
        return None
    if isinstance(value, Evidence):
        return value.describe()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _inspect(path: Path) -> int | None:
    """Schema version of an existing file, read without writing; RegisterError if not ours.

    None for a SQLite file without any table: an empty database (or one another session is
    just creating), which may become a register.
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise RegisterError(f"Register {path} ist nicht lesbar: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise RegisterError(f"{path} ist keine SQLite-Datei und damit kein Befundregister "
                            "(beschädigt oder eine andere Datei?). Die Datei bleibt unverändert.")
    probe = _connect_read_only(path)
    try:
        tables = {row[0] for row in probe.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        if "kimtools_register" not in tables:
            raise RegisterError(f"{path} ist eine SQLite-Datei, aber kein kimtools-"
                                "Befundregister (Tabelle kimtools_register fehlt). Die Datei "
                                "bleibt unverändert.")
        row = probe.execute("SELECT application, version FROM kimtools_register").fetchone()
        problems = [found[0] for found in probe.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        raise RegisterError(f"{path} ist beschädigt und kann nicht gelesen werden ({exc}). "
                            "Die Datei bleibt unverändert.") from exc
    finally:
        probe.close()
    if row is None or row[0] != APPLICATION or not isinstance(row[1], int):
        raise RegisterError(f"{path} ist kein kimtools-Befundregister (Kennung fehlt). Die "
                            "Datei bleibt unverändert.")
    if row[1] > SCHEMA_VERSION:
        raise RegisterError(f"{path} hat die Registerversion {row[1]}; diese kimtools-Version "
                            f"kennt nur Version {SCHEMA_VERSION}. Bitte kimtools aktualisieren; "
                            "die Datei bleibt unverändert.")
    if problems != ["ok"]:
        lines = [line for found in problems for line in str(found).splitlines()
                 if line.strip() and not line.startswith("***")]
        raise RegisterError(f"{path} ist beschädigt (Integritätsprüfung von SQLite: "
                            f"{lines[0] if lines else problems[0]}). Es wird nichts gelesen "
                            "oder geschrieben; die Datei bleibt unverändert. Bitte die letzte "
                            "Sicherung des Registers verwenden.")
    return row[1]


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file or its folder.

    Without a journal beside the file nobody is writing: it is read as immutable, which
    creates no side files (plain ``mode=ro`` would leave -wal and -shm files behind).
    Otherwise read-only with normal locking, to see the committed WAL data.
    """
    busy = any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-journal"))
    mode = "mode=ro" if busy else "mode=ro&immutable=1"
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True,
                               timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise RegisterError(f"{path} lässt sich nicht öffnen: {exc}.") from exc


def mode_warning(path: Path) -> str | None:
    """A German warning when others than the owner may read the register (POSIX only).

    The register links pseudonyms, conferences and notes; it is reported, not silently
    changed, because the office may share it on purpose (a group folder) and must decide.
    """
    if os.name != "posix":
        return None
    mode = path.stat().st_mode & 0o777
    if not mode & 0o077:
        return None
    return (f"Warnung: Das Befundregister {path} ist auch für andere Benutzer dieses Rechners "
            f"zugänglich (Rechte {mode:o}). Es enthält Fallbezüge und Notizen; bitte auf den "
            f"Eigentümer beschränken, z. B. mit „chmod 600 {path}“.")


def _retry_while_locked(action: Callable[[], None]) -> None:
    """Run ``action`` again while the file is locked, up to the busy timeout.

    Switching a fresh file to WAL needs an exclusive lock, and SQLite answers "locked" at once,
    without its busy handler, when two sessions try it together (deadlock avoidance).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.1))


def open_register(path: str | os.PathLike, *, create: bool = False,
                  read_only: bool = False) -> Register:
    """Open a register, upgrading an older schema; ``create`` makes a new file if none exists.

    Every opening runs SQLite's integrity check first, so a damaged file is refused before
    anything is read from it or written to it. ``read_only`` (lists, exports, statistics,
    minutes) never changes the file: no WAL switch, no upgrade, no side files.
    A new file is created with mode 0600; a wider mode is reported in ``Register.warning``.
    """
    path = Path(path)
    if path.is_dir():
        raise RegisterError(f"{path} ist ein Ordner, kein Befundregister.")
    if read_only:
        return _open_read_only(path)
    if path.exists():
        empty = path.stat().st_size == 0 or _inspect(path) is None
        if empty and not create:
            raise RegisterError(f"{path} ist leer, noch kein Befundregister. Die Datei bleibt "
                                "unverändert.")
    elif not create:
        raise RegisterError(f"Befundregister nicht gefunden: {path}")
    elif not path.parent.is_dir():
        raise RegisterError(f"Ordner für das Befundregister fehlt: {path.parent}")
    if not path.exists():
        _create_private(path)
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                             check_same_thread=False)
    except sqlite3.Error as exc:
        raise RegisterError(f"Befundregister {path} lässt sich nicht öffnen: {exc}.") from exc
    try:
        register = Register(db, path, warning=mode_warning(path))
        _retry_while_locked(register._prepare)
    except sqlite3.Error as exc:
        db.close()
        raise RegisterError(f"Befundregister {path} lässt sich nicht öffnen: {exc}.") from exc
    except BaseException:
        db.close()
        raise
    return register


def _create_private(path: Path) -> None:
    """An empty file only its owner may read; SQLite gives its -wal and -shm the same mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError as exc:
        raise RegisterError(f"Befundregister {path} kann nicht angelegt werden: "
                            f"{exc.strerror}.") from exc


def check_file(path: str | os.PathLike) -> str | None:
    """Check an existing register without opening it for work: kind, version, integrity.

    Read-only, the file stays as it is. Returns the warning about a too wide file mode, if
    any; RegisterError when the file is damaged, foreign or newer than this version.
    """
    path = Path(path)
    if not path.is_file():
        raise RegisterError(f"Befundregister nicht gefunden: {path}")
    if path.stat().st_size:
        _inspect(path)
    return mode_warning(path)


def _open_read_only(path: Path) -> Register:
    if not path.is_file():
        raise RegisterError(f"Befundregister nicht gefunden: {path}")
    version = None if path.stat().st_size == 0 else _inspect(path)
    if version is None:
        raise RegisterError(f"{path} ist leer, noch kein Befundregister. Die Datei bleibt "
                            "unverändert.")
    if version < SCHEMA_VERSION:
        raise RegisterError(f"{path} hat die ältere Registerversion {version}. Zum Lesen bitte "
                            "einmal mit einem schreibenden Befehl öffnen (z. B. im Dashboard "
                            "der Koordinierungsstelle), der es auf den aktuellen Stand bringt.")
    return Register(_connect_read_only(path), path, warning=mode_warning(path),
                    read_only=True)


class Register:
    """Every action is one transaction, committed before the method returns."""

    def __init__(self, db: sqlite3.Connection, path: Path, *, warning: str | None = None,
                 read_only: bool = False):
        self._db = db
        self.path = path
        self.warning = warning
        self.read_only = read_only
        self._lock = threading.RLock()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- opening and migrations ------------------------------------------------------------

    def _prepare(self) -> None:
        db = self._db
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        with self.transaction():
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                self._migrate(0)
                db.execute("INSERT INTO kimtools_register VALUES (1, ?, ?, ?, ?)",
                           (APPLICATION, SCHEMA_VERSION, new_id(), now_stamp()))
                return
            if "kimtools_register" not in tables:
                raise RegisterError(f"{self.path} ist kein kimtools-Befundregister.")
            version = db.execute("SELECT version FROM kimtools_register").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RegisterError(f"{self.path} hat die Registerversion {version}; diese "
                                    f"kimtools-Version kennt nur Version {SCHEMA_VERSION}.")
            if version < SCHEMA_VERSION:
                self._migrate(version)
                db.execute("UPDATE kimtools_register SET version = ?", (SCHEMA_VERSION,))

    def _migrate(self, version: int) -> None:
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                self._db.execute(statement)

    @property
    def info(self) -> RegisterInfo:
        row = self.query("SELECT register_id, version, created_at FROM kimtools_register")[0]
        return RegisterInfo(self.path, *row)

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or nothing.

        Actions called inside it join it, so several actions can be made atomic together.
        """
        if self.read_only:
            raise RegisterError(f"Das Befundregister {self.path} ist nur zum Lesen geöffnet; "
                                "nichts wurde geändert.")
        with self._lock:
            if self._db.in_transaction:
                yield self._db
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise RegisterError(f"Das Befundregister {self.path} ist gerade gesperrt "
                                    f"({exc}); bitte gleich noch einmal versuchen.") from exc
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so that several queries see the same state."""
        with self._lock:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._db.execute("COMMIT")

    def query(self, sql: str, params: Sequence | dict = ()) -> list[tuple]:
        """Rows of one read-only query (for views such as the overview and statistics)."""
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- conferences -----------------------------------------------------------------------

    def add_conference(self, conference: Conference) -> Conference:
        """Save a new conference; returns it with its timestamps."""
        problems = validate_conference(conference)
        if problems:
            raise ValidationError("Die Konferenz", problems)
        stamp = now_stamp()
        saved = replace(conference, created_at=stamp, updated_at=stamp)
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM conferences WHERE id = ?", (saved.id,)).fetchone():
                raise RegisterError(f"Konferenz {saved.id} ist schon im Register.")
            _put_conference(db, saved, insert=True)
        return saved

    def update_conference(self, conference_id: str, changes: dict) -> Conference:
        """Change attributes of a conference; notes of cases that stay are kept."""
        allowed = {"date", "place", "municipality", "attendees", "agenda", "cases", "chair",
                   "minute_taker", "next_date"}
        unknown = set(changes) - allowed
        if unknown:
            raise RegisterError(f"Unbekannte Angaben zur Konferenz: {', '.join(sorted(unknown))}.")
        with self.transaction() as db:
            current = _load_conference(db, conference_id)
            updated = replace(current, **changes, updated_at=now_stamp())
            problems = validate_conference(updated)
            if problems:
                raise ValidationError("Die Konferenz", problems)
            _put_conference(db, updated, insert=False)
            return _load_conference(db, conference_id)

    def present_case(self, conference_id: str, case: str, package: str = "") -> Conference:
        """Add a presented case (pseudonym and its package) to a conference."""
        with self.transaction() as db:
            current = _load_conference(db, conference_id)
            if any(p.case == case for p in current.cases):
                return current
            cases = [*current.cases, PresentedCase(case, package)]
            updated = replace(current, cases=cases, updated_at=now_stamp())
            problems = validate_conference(updated)
            if problems:
                raise ValidationError("Der Fall", problems)
            _put_conference(db, updated, insert=False)
            return _load_conference(db, conference_id)

    def set_case_note(self, conference_id: str, case: str, text: str) -> None:
        """Save the discussion note for a presented case (the minutes print it)."""
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE presented_cases SET note = ?, note_updated_at = ? "
                "WHERE conference_id = ? AND case_pseudonym = ?",
                (text, now_stamp(), conference_id, case))
            if cursor.rowcount == 0:
                raise RegisterError(f"Fall {case} wurde in Konferenz {conference_id} nicht "
                                    "vorgestellt; Notiz nicht gespeichert.")

    def conference(self, conference_id: str) -> Conference:
        with self._snapshot() as db:
            return _load_conference(db, conference_id)

    def conferences(self, year: int | None = None) -> list[Conference]:
        """All conferences by date, or those of one year."""
        if year is None:
            where, params = "", ()
        else:
            where, params = "WHERE date BETWEEN ? AND ?", (f"{year:04d}-01-01",
                                                          f"{year:04d}-12-31")
        with self._snapshot() as db:
            return _load_conferences(db, where, params)

    # -- findings --------------------------------------------------------------------------

    def add_finding(self, finding: Finding, who: str, today: dt.date | None = None) -> Finding:
        """Save a new finding and its creation in the history; returns the saved finding."""
        _require_who(who)
        problems = validate_finding(finding, today or dt.date.today())
        if problems:
            raise ValidationError(f"Der Befund „{finding.title}“", problems)
        stamp = now_stamp()
        saved = replace(finding, created_at=stamp, updated_at=stamp)
        with self.transaction() as db:
            _require_conference(db, saved.conference_id)
            if db.execute("SELECT 1 FROM findings WHERE id = ?", (saved.id,)).fetchone():
                raise RegisterError(f"Befund {saved.id} ist schon im Register.")
            _put_finding(db, saved, insert=True)
            _append_history(db, [HistoryEntry(saved.id, stamp, who, "created", None,
                                              saved.title)])
        return saved

    def update_finding(self, finding_id: str, changes: dict, who: str,
                       today: dt.date | None = None,
                       expect_updated_at: str | None = None) -> Finding:
        """Change attributes; one history entry per changed attribute, all in one transaction.

        ``expect_updated_at`` (the ``updated_at`` the session loaded) turns a concurrent edit
        by another session into a ``ConflictError`` instead of silently overwriting it.
        """
        _require_who(who)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise RegisterError(f"Diese Angaben eines Befunds sind nicht änderbar: "
                                f"{', '.join(sorted(unknown))}.")
        with self.transaction() as db:
            current = _load_finding(db, finding_id)
            if expect_updated_at is not None and current.updated_at != expect_updated_at:
                last = db.execute("SELECT who FROM history WHERE finding_id = ? "
                                  "ORDER BY at DESC LIMIT 1", (finding_id,)).fetchone()
                raise ConflictError(f"Der Befund „{current.title}“ wurde inzwischen von "
                                    f"{last[0] if last else 'jemand anderem'} geändert; bitte "
                                    "neu laden und die Änderung wiederholen.")
            updated = replace(current, **{
                name: list(value) if name in LIST_ATTRIBUTES else value
                for name, value in changes.items()})
            problems = validate_finding(updated, today or dt.date.today(), previous=current)
            if problems:
                raise ValidationError(f"Der Befund „{updated.title}“", problems)
            stamp = now_stamp()
            entries = []
            for name in EDITABLE:
                old, new = history_text(getattr(current, name)), history_text(
                    getattr(updated, name))
                if getattr(current, name) != getattr(updated, name):
                    entries.append(HistoryEntry(finding_id, stamp, who, name, old, new))
            if not entries:
                return current
            updated.updated_at = stamp
            _put_finding(db, updated, insert=False)
            _append_history(db, entries)
            return updated

    def finding(self, finding_id: str) -> Finding:
        with self._snapshot() as db:
            return _load_finding(db, finding_id)

    def findings(self, status: Iterable[str] = (), level: Iterable[str] = (),
                 conference_id: str | None = None, case: str | None = None) -> list[Finding]:
        """Findings in the order they were raised, optionally only some states or levels,
        those of one conference or those linked to one case."""
        status, level = list(status), list(level)
        where, params = [], []
        if status:
            where.append(f"status IN ({', '.join('?' * len(status))})")
            params += status
        if level:
            where.append(f"level IN ({', '.join('?' * len(level))})")
            params += level
        if conference_id is not None:
            where.append("conference_id = ?")
            params.append(conference_id)
        if case is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(cases) WHERE value = ?)")
            params.append(case)
        sql = "SELECT * FROM findings"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._snapshot() as db:
            return _load_findings(db, sql + " ORDER BY created_at, id", params)

    def theme_sources(self) -> list[ThemeSource]:
        """What recurring themes read of every finding that is not ``verworfen`` and has
        evidence, in the order raised: one compact JSON row each, a tenth of the decoding of
        whole findings."""
        rows = self.query(
            "SELECT json_array(conference_id, title, json(institutions), json(cases), "
            "json(fields), json(json_extract(evidence, '$.categories'))) FROM findings "
            "WHERE status <> 'verworfen' AND evidence IS NOT NULL ORDER BY created_at, id")
        with collector_paused():
            return [ThemeSource(*values[:5], values[5] or {})
                    for values in json.loads("[" + ",".join(row[0] for row in rows) + "]")]

    def history(self, finding_id: str | None = None) -> list[HistoryEntry]:
        """History entries in the order they were written."""
        sql = "SELECT finding_id, at, who, field, old, new, id FROM history"
        params: tuple = ()
        if finding_id is not None:
            sql += " WHERE finding_id = ?"
            params = (finding_id,)
        return [HistoryEntry(*row) for row in self.query(sql + " ORDER BY at, rowid", params)]

    def refresh_evidence(self, finding_id: str, packages: Iterable, who: str) -> Finding:
        """Recompute a finding's evidence from the packages and save it if it changed."""
        from kimtools.findings.evidence import compute_evidence

        current = self.finding(finding_id)
        evidence = compute_evidence(packages, current.cases, current.fields,
                                    current.institutions)
        return self.update_finding(finding_id, {"evidence": evidence}, who)

    # -- merge -----------------------------------------------------------------------------

    def import_records(self, conferences: Sequence[Conference], findings: Sequence[Finding],
                       history: Sequence[HistoryEntry]) -> MergeResult:
        """Merge records of another register in one transaction, without duplicates.

        Same id = same record. A record already here is replaced only by a newer
        ``updated_at``; history entries are added unless their id is already here. Presented
        cases are added to a known conference; its notes here stay as they are.
        """
        result = MergeResult()
        with self.transaction() as db:
            for conference in conferences:
                row = db.execute("SELECT updated_at FROM conferences WHERE id = ?",
                                 (conference.id,)).fetchone()
                if row is None:
                    _put_conference(db, conference, insert=True)
                    result.conferences_new += 1
                elif _newer(conference.updated_at, row[0]):
                    incoming = {p.case for p in conference.cases}
                    extra = [p for p in _load_conference(db, conference.id).cases
                             if p.case not in incoming]
                    _put_conference(db, replace(conference, cases=[*conference.cases, *extra]),
                                    insert=False)
                    result.conferences_updated += 1
            for finding in findings:
                _require_conference(db, finding.conference_id)
                row = db.execute("SELECT updated_at FROM findings WHERE id = ?",
                                 (finding.id,)).fetchone()
                if row is None:
                    _put_finding(db, finding, insert=True)
                    result.findings_new += 1
                elif _newer(finding.updated_at, row[0]):
                    _put_finding(db, finding, insert=False)
                    result.findings_updated += 1
                else:
                    result.findings_unchanged += 1
            result.history_added = _append_history(db, history, ignore_known=True)
        return result


def _newer(incoming: str | None, local: str | None) -> bool:
    if incoming is None:
        return False
    if local is None:
        return True
    return dt.datetime.fromisoformat(incoming) > dt.datetime.fromisoformat(local)


def _require_who(who: str) -> None:
    if not who or not who.strip():
        raise RegisterError("Wer ändert? Ohne Namen wird keine Änderung gespeichert, damit der "
                            "Verlauf nachvollziehbar bleibt.")


def _require_conference(db: sqlite3.Connection, conference_id: str) -> None:
    if not db.execute("SELECT 1 FROM conferences WHERE id = ?", (conference_id,)).fetchone():
        raise RegisterError(f"Konferenz {conference_id} ist nicht im Register; bitte zuerst "
                            "die Konferenz anlegen.")


def _put_conference(db: sqlite3.Connection, c: Conference, *, insert: bool) -> None:
    values = (_iso(c.date), c.place, c.municipality, _json(c.agenda),
              c.chair, c.minute_taker, _iso(c.next_date), c.updated_at)
    if insert:
        db.execute("INSERT INTO conferences (date, place, municipality, agenda, chair, "
                   "minute_taker, next_date, updated_at, created_at, id) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, c.created_at, c.id))
    else:
        db.execute("UPDATE conferences SET date = ?, place = ?, municipality = ?, agenda = ?, "
                   "chair = ?, minute_taker = ?, next_date = ?, updated_at = ? WHERE id = ?",
                   (*values, c.id))
    db.execute("DELETE FROM attendees WHERE conference_id = ?", (c.id,))
    db.executemany("INSERT INTO attendees VALUES (?, ?, ?, ?)",
                   [(c.id, i, a.institution, a.role) for i, a in enumerate(c.attendees)])
    kept = {row[0]: row[1:] for row in db.execute(
        "SELECT case_pseudonym, note, note_updated_at FROM presented_cases "
        "WHERE conference_id = ?", (c.id,))}
    db.execute("DELETE FROM presented_cases WHERE conference_id = ?", (c.id,))
    rows = []
    for position, p in enumerate(c.cases):
        note, note_at = kept.get(p.case, ("", None))
        if p.note and p.note != note:
            note, note_at = p.note, c.updated_at
        rows.append((c.id, p.case, position, p.package, note, note_at))
    db.executemany("INSERT INTO presented_cases (conference_id, case_pseudonym, position, "
                   "package, note, note_updated_at) VALUES (?, ?, ?, ?, ?, ?)", rows)


def _load_conference(db: sqlite3.Connection, conference_id: str) -> Conference:
    found = _load_conferences(db, "WHERE id = ?", (conference_id,))
    if not found:
        raise RegisterError(f"Konferenz {conference_id} ist nicht im Register.")
    return found[0]


def _load_conferences(db: sqlite3.Connection, where: str, params: Sequence) -> list[Conference]:
    """Conferences by date with their attendees and cases: three queries, not three for each
    conference (a register of 2,000 conferences took 6,000 queries to open)."""
    chosen = f"SELECT id FROM conferences {where}"
    attendees: dict[str, list[Attendee]] = {}
    for conference_id, institution, role in db.execute(
            f"SELECT conference_id, institution, role FROM attendees WHERE conference_id IN "
            f"({chosen}) ORDER BY conference_id, position", params):
        attendees.setdefault(conference_id, []).append(Attendee(institution, role))
    cases: dict[str, list[PresentedCase]] = {}
    for conference_id, case, package, note in db.execute(
            f"SELECT conference_id, case_pseudonym, package, note FROM presented_cases "
            f"WHERE conference_id IN ({chosen}) ORDER BY conference_id, position", params):
        cases.setdefault(conference_id, []).append(PresentedCase(case, package, note))
    return [Conference(id=row[0], date=_day(row[1]), place=row[2], municipality=row[3],
                       agenda=json.loads(row[4]), chair=row[5], minute_taker=row[6],
                       next_date=_day(row[7]), created_at=row[8], updated_at=row[9],
                       attendees=attendees.get(row[0], []), cases=cases.get(row[0], []))
            for row in db.execute(
                "SELECT id, date, place, municipality, agenda, chair, minute_taker, next_date, "
                f"created_at, updated_at FROM conferences {where} ORDER BY date, id", params)]


FINDING_COLUMNS = ("id", "conference_id", "title", "description", "fields", "institutions",
                   "cases", "evidence", "measure", "responsible", "due_date", "priority",
                   "level", "status", "created_at", "updated_at")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _finding_row(f: Finding) -> tuple:
    evidence = None if f.evidence is None else _json(f.evidence.to_dict())
    return (f.id, f.conference_id, f.title, f.description, _json(list(f.fields)),
            _json(list(f.institutions)), _json(list(f.cases)), evidence, f.measure,
            f.responsible, _iso(f.due_date), f.priority, f.level, f.status, f.created_at,
            f.updated_at)


def _put_finding(db: sqlite3.Connection, f: Finding, *, insert: bool) -> None:
    row = _finding_row(f)
    if insert:
        db.execute(f"INSERT INTO findings ({', '.join(FINDING_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(FINDING_COLUMNS))})", row)
    else:
        assignments = ", ".join(f"{c} = ?" for c in FINDING_COLUMNS[1:])
        db.execute(f"UPDATE findings SET {assignments} WHERE id = ?", (*row[1:], f.id))


def _load_finding(db: sqlite3.Connection, finding_id: str) -> Finding:
    found = _load_findings(db, "SELECT * FROM findings WHERE id = ?", (finding_id,))
    if not found:
        raise RegisterError(f"Befund {finding_id} ist nicht im Register.")
    return found[0]


# Each row as one JSON array, its JSON columns embedded, so that a whole result is decoded in
# one json.loads: decoding the three lists and the evidence row by row took two thirds of the
# time of loading a register of 50,000 findings.
_FINDING_JSON = "json_array({})".format(", ".join(
    f"json({c})" if c in (*LIST_ATTRIBUTES, "evidence") else c for c in FINDING_COLUMNS))


def _load_findings(db: sqlite3.Connection, sql: str, params: Sequence) -> list[Finding]:
    rows = db.execute(f"SELECT {_FINDING_JSON} FROM ({sql})", params).fetchall()
    findings = []
    with collector_paused():
        for values in json.loads("[" + ",".join(row[0] for row in rows) + "]"):
            finding = Finding(**dict(zip(FINDING_COLUMNS, values, strict=True)))
            if finding.evidence is not None:
                finding.evidence = Evidence.from_dict(finding.evidence)
            finding.due_date = _day(finding.due_date)
            findings.append(finding)
    return findings


def _append_history(db: sqlite3.Connection, entries: Iterable[HistoryEntry], *,
                    ignore_known: bool = False) -> int:
    verb = "INSERT OR IGNORE" if ignore_known else "INSERT"
    before = db.total_changes
    db.executemany(f"{verb} INTO history (id, finding_id, at, who, field, old, new) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(e.id, e.finding_id, e.at, e.who, e.field, e.old, e.new) for e in entries])
    return db.total_changes - before
