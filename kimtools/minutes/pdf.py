"""PDF from the minutes' HTML with WeasyPrint: no browser, no LaTeX, no network.

The HTML carries everything inline (CSS, SVG timelines), so WeasyPrint fetches only the
page's own ``data:`` URLs (the timelines, handed over as pictures). The fetcher makes that a
rule: any request other than a ``data:`` URL or a file of the template directory stops the
rendering with a German message, instead of WeasyPrint's default of trying the internet and
warning when that fails.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from kimtools.minutes.content import MinutesError
from kimtools.minutes.exporter import TEMPLATE_ROOT

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


class OfflineFetcher(URLFetcher):
    """Refuses every URL but ``data:`` and files below ``allowed_dir``; records each request."""

    def __init__(self, allowed_dir: Path = TEMPLATE_ROOT):
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
        self.allowed_dir = Path(allowed_dir).resolve()
        self.requests: list[str] = []

    def fetch(self, url, headers=None):
        self.requests.append(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(self.allowed_dir):
                raise FatalURLFetchingError(f"Datei außerhalb der Vorlage: {_short(url)}")
        elif scheme != "data":
            raise FatalURLFetchingError(f"Adresse im Netz: {_short(url)}")
        return super().fetch(url, headers)


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[:limit - 1] + "…"


_TIMELINE = re.compile(r'(<figure class="zeitstrahl">)(<svg\b.*?</svg>)', re.S)


def timelines_as_images(html: str) -> str:
    """The page with each inline timeline as an SVG image of its own.

    The same drawing, but WeasyPrint reads it with an XML parser instead of its HTML parser
    and gives its hundreds of shapes no CSS cascade: about a tenth less work and garbage.
    """
    def image(match: re.Match[str]) -> str:
        svg = match[2].replace("<svg ", f'<svg xmlns="{SVG_NAMESPACE}" ', 1)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return (f'{match[1]}<img class="zeitstrahl-bild" alt="Zeitstrahl" '
                f'src="data:image/svg+xml;base64,{data}">')

    return _TIMELINE.sub(image, html)


def html_to_pdf(html: str, url_fetcher: URLFetcher | None = None) -> bytes:
    """The PDF of the minutes' HTML; a reference to the network is an error, not a warning."""
    fetcher = url_fetcher if url_fetcher is not None else OfflineFetcher()
    try:
        document = HTML(string=timelines_as_images(html), base_url=str(TEMPLATE_ROOT) + "/",
                        url_fetcher=fetcher).render()
    except FatalURLFetchingError as exc:
        raise MinutesError(f"Das Protokoll verweist auf eine externe Quelle ({exc.__cause__ or exc}"
                           "); offline nicht erlaubt, nichts geschrieben.") from exc
    return document.write_pdf()
