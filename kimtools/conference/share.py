"""The participants' address for the room: as text and as a QR code (segno, SVG inline).

Shown on the presenter screen only when the view is shared in the local network; the address
carries the participants' token, never the presenter's.
"""

from __future__ import annotations

import html
import os

PARTICIPANTS_URL_ENV = "KIMTOOLS_PARTICIPANTS_URL"


def qr_svg(url: str, scale: int = 6) -> str:
    """The address as an inline SVG QR code (no file, no network, no JavaScript)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=scale, border=2)


def share_html(url: str | None = None) -> str:
    """The address and its QR code as HTML, or "" when the view is not shared."""
    url = url or os.environ.get(PARTICIPANTS_URL_ENV)
    if not url:
        return ""
    return ('<div class="kim-share" style="display:flex;gap:16px;align-items:center">'
            f'<div>{qr_svg(url)}</div><div style="font-size:18px">'
            "<b>Ansicht für Teilnehmende</b> (nur lesen, folgt der Präsentation):<br>"
            f'<code style="font-size:16px;overflow-wrap:anywhere">{html.escape(url)}</code>'
            "</div></div>")
