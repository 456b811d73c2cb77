"""PDF from the minutes' HTML with WeasyPrint: no browser, no LaTeX, no network.

The HTML carries everything inline (CSS, SVG timelines), so WeasyPrint needs to fetch nothing.
The fetcher makes that a rule: any request other than a ``data:`` URL or a file of the
template directory stops the rendering with a German message, instead of WeasyPrint's default
of trying the internet and warning when that fails.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from kimtools.minutes.content import MinutesError
from kimtools.minutes.exporter import TEMPLATE_ROOT


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
                raise FatalURLFetchingError(f"Datei außerhalb der Vorlage: {url}")
        elif scheme != "data":
            raise FatalURLFetchingError(f"Adresse im Netz: {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str, url_fetcher: URLFetcher | None = None) -> bytes:
    """The PDF of the minutes' HTML; a reference to the network is an error, not a warning."""
    fetcher = url_fetcher if url_fetcher is not None else OfflineFetcher()
    try:
        document = HTML(string=html, base_url=str(TEMPLATE_ROOT) + "/",
                        url_fetcher=fetcher).render()
    except FatalURLFetchingError as exc:
        raise MinutesError(f"Das Protokoll verweist auf eine externe Quelle ({exc.__cause__ or exc}"
                           "); offline nicht erlaubt, nichts geschrieben.") from exc
    return document.write_pdf()
