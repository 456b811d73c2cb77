"""The offline Vega JavaScript (Vega, Vega-Lite, Vega-Embed) as one static file.

vl-convert builds the bundle (about 900 KB) in 1–2 s. Made in every kernel that is a cost each
page view pays; made once when the server starts and served as a static file of the template, it
is paid once per conference. The bundle assigns ``window.vegaEmbed``, ``window.vega`` and
``window.vegaLite``, so a page needs nothing but ``<script src=…>``: no CDN on a closed network.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

BUNDLE_NAME = "vega-bundle.js"


@functools.cache
def bundle_text() -> str:
    """The bundle for the Vega-Lite version Altair writes its specs for (made once per process)."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    return vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())


def write_bundle(folder: str | os.PathLike) -> Path:
    """Write the bundle into ``folder`` (atomically, so a page never loads half a file)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / BUNDLE_NAME
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".vega-", suffix=".js")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(bundle_text())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
