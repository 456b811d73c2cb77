"""Follow mode: where the presenter is, as a small file the participants' server reads.

The presenter's kernel writes the current agenda item and case whenever it changes; the server
(another process) reads it for every participant's poll. A file in the run folder (mode 0700)
needs no socket into the kernel and keeps the participants away from it. It is replaced
atomically, so a reader sees the old or the new state, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

FOLLOW_ENV = "KIMTOOLS_FOLLOW_FILE"
MAX_BYTES = 4096  # a state is a few dozen bytes; anything larger is not ours


def publish(item: int, case: str, path: str | os.PathLike | None = None, *,
            first: bool = False) -> bool:
    """Write the current item and case to the follow file (from ``KIMTOOLS_FOLLOW_FILE`` unless
    given). Returns False when there is none to write (not served, or the folder is gone).

    ``first``: the opening screen of a presenter kernel, which never overwrites a state. Voilà
    starts spare (preheated) kernels while the conference runs, and a reloaded page starts at
    the first case; neither may pull the participants back from where the presenter is.
    """
    target = path or os.environ.get(FOLLOW_ENV)
    if not target:
        return False
    target = Path(target)
    if first and target.exists():
        return False
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".folgen-")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"item": int(item), "case": str(case)}, out)
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    return True


def read_state(path: str | os.PathLike) -> dict | None:
    """The presenter's current ``{"item": n, "case": pseudonym}``, or None when unknown."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.loads(stream.read(MAX_BYTES))
    except (OSError, ValueError):
        return None
    if (not isinstance(data, dict) or not isinstance(data.get("item"), int)
            or not isinstance(data.get("case"), str)):
        return None
    return {"item": data["item"], "case": data["case"]}
