"""What was released of each pseudonym, kept beside the key (the provider's side only).

A participant can lay two packages of the same pseudonym side by side: what it learns is the
finest of each quasi-identifier and of the time resolution ever shown. The record keeps exactly
that, and the next presentation may show nothing finer than before *and* must reach k at what
the union shows: the risk stage's ladder is capped at the recorded rungs, so whatever it then
chooses is at least as fine as before and the union is the new choice itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kimtools.files import rewrite_undoably
from kimtools.privacy.attack import RESOLUTIONS
from kimtools.privacy.generalise import ladder

RECORD_NAME = "freigaben.json"


def record_file(key_path: Path) -> Path:
    """The record lives in the folder of the provider key, never in a package."""
    return Path(key_path).parent / RECORD_NAME


def load(path: Path) -> dict[str, dict]:
    """Pseudonym → what was released; an unreadable record is an error, never ignored."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: Freigabe-Protokoll ist nicht lesbar ({exc}); bitte "
                         "reparieren, bevor Fälle erneut vorgestellt werden.") from exc
    return data if isinstance(data, dict) else {}


def limits_of(entry: dict) -> dict[str, str]:
    """The caps for the risk stage: every QI, the time and the naming of institutions no
    coarser than released before."""
    limits = dict(entry.get("levels") or {})
    if entry.get("time_resolution"):
        limits["time"] = entry["time_resolution"]
    # records from before types existed: those packages named institutions by name
    limits["institutions"] = entry.get("institution_names") or "name"
    return limits


def _finer(name: str, old: str | None, new: str) -> str:
    if old is None:
        return new
    if name == "time":
        order = [r.key for r in RESOLUTIONS]
    elif name == "institutions":
        order = ["name", "type"]
    else:
        order = [level.key for level in ladder("Kreis")[name]]
    return min(old, new, key=lambda key: order.index(key) if key in order else len(order))


def remember(path: Path, released: dict[str, dict]) -> Callable[[], None]:
    """Merge ``pseudonym → {"levels": …, "time_resolution": …}`` into the record: per item
    the finest ever shown. Returns the undo, for a package that then fails to write."""
    record = load(path)
    for pseudonym, entry in released.items():
        old = record.get(pseudonym, {})
        levels = dict(old.get("levels") or {})
        for name, key in entry["levels"].items():
            levels[name] = _finer(name, levels.get(name), key)
        record[pseudonym] = {
            "levels": levels,
            "named": sorted(set(old.get("named") or []) | set(entry.get("named") or [])),
            "time_resolution": _finer("time", old.get("time_resolution"),
                                      entry["time_resolution"]),
            "institution_names": _finer("institutions", old.get("institution_names"),
                                        entry.get("institution_names", "name")),
        }

    def write(stream) -> None:
        stream.write(json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)
                     .encode("utf-8"))

    return rewrite_undoably(path, write)
