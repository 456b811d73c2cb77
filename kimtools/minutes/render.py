"""HTML minutes through the notebook: nbclient executes ``04_protokoll.ipynb``, nbconvert's
``kim-protokoll`` exporter turns the outputs into one offline page.

The kernel is a second process, so it works beside the caller: ``NotebookRun`` starts it (and
runs the cells tagged ``parameters`` and ``vorbereitung``) in a thread while the caller collects
the content; the page's cells run once the content file is there. Cells tagged ``word`` come
after the page: the caller converts the page to PDF while the kernel makes the Word file.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kimtools import resources
from kimtools.minutes.content import MinutesError
from kimtools.minutes.exporter import ProtokollExporter

NOTEBOOK = resources.notebook("04_protokoll.ipynb")
EARLY_TAGS = {"parameters", "vorbereitung"}
LATE_TAGS = {"word"}
TIMEOUT_S = 600


def parameterised_notebook(register: str = "", conference: str = "", content: str = "",
                           word: str = "", notebook: Path = NOTEBOOK) -> nbformat.NotebookNode:
    """The minutes notebook with its parameters cell replaced by the given values."""
    nb = nbformat.read(notebook, as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        raise MinutesError(f"{notebook}: keine Zelle mit dem Tag „parameters“.")
    cell.source = (f"register = {str(register)!r}\nkonferenz = {str(conference)!r}\n"
                   f"inhalt = {str(content)!r}\nword_datei = {str(word)!r}")
    return nb


class NotebookRun:
    """One execution of the minutes notebook in a thread of its own.

    The kernel starts at once; cells after the early ones wait for ``start_rest()``. ``page()``
    gives the notebook as soon as the cells before the late ones ran; ``result()`` waits for
    all of them. ``cancel`` ends the run (and the kernel) when the caller cannot provide the
    content after all.
    """

    def __init__(self, nb: nbformat.NotebookNode, workdir: Path, kernel_name: str = "python3"):
        self.nb = nb
        self.log = workdir / "kernel.log"
        self.client = NotebookClient(nb, kernel_name=kernel_name, timeout=TIMEOUT_S,
                                     shutdown_kernel="immediate",
                                     resources={"metadata": {"path": str(workdir)}})
        self._go = threading.Event()
        self._page = threading.Event()
        self._page_nb: nbformat.NotebookNode | None = None
        self._cancelled = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kimtools-protokoll",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        """The kernel's own output goes to a log: it is not part of the minutes, and the
        command line stays quiet; a failure quotes its end."""
        try:
            with self.log.open("wb") as log, self.client.setup_kernel(stdout=log, stderr=log):
                info = self.client.wait_for_reply(self.client.kc.kernel_info())
                self.nb.metadata["language_info"] = info["content"]["language_info"]
                for index, cell in enumerate(self.nb.cells):
                    tags = set(cell.metadata.get("tags", []))
                    if cell.cell_type == "code" and not EARLY_TAGS & tags:
                        self._go.wait()
                    if self._cancelled:
                        return
                    if LATE_TAGS & tags:
                        self._page_done()
                    self.client.execute_cell(cell, index)
                self._page_done()
        except BaseException as exc:  # handed to the caller's thread in page() and result()
            self._error = exc
        finally:
            self._page.set()

    def _page_done(self) -> None:
        """A copy of the notebook as the page shows it; the late cells go on meanwhile."""
        if self._page_nb is None:
            self._page_nb = copy.deepcopy(self.nb)
            self._page.set()

    def start_rest(self) -> None:
        self._go.set()

    def cancel(self) -> None:
        self._cancelled = True
        self._go.set()
        self._thread.join(TIMEOUT_S)

    def page(self) -> nbformat.NotebookNode:
        """The notebook executed up to its late cells: what the page shows."""
        self.start_rest()
        if not self._page.wait(TIMEOUT_S):
            raise MinutesError("Das Protokoll-Notebook ist nicht rechtzeitig fertig geworden.")
        if self._page_nb is None:
            self._raise_error()
            raise MinutesError("Das Protokoll-Notebook wurde abgebrochen.")
        return self._page_nb

    def result(self) -> nbformat.NotebookNode:
        """The executed notebook; a failed cell becomes a MinutesError with its message."""
        self.start_rest()
        self._thread.join(TIMEOUT_S)
        if self._thread.is_alive():
            raise MinutesError("Das Protokoll-Notebook ist nicht rechtzeitig fertig geworden.")
        self._raise_error()
        return self.nb

    def _raise_error(self) -> None:
        if isinstance(self._error, CellExecutionError):
            raise MinutesError(f"Das Protokoll-Notebook ist fehlgeschlagen: "
                               f"{self._error.ename}: {self._error.evalue}") from self._error
        if self._error is not None:
            raise MinutesError(f"Das Protokoll-Notebook konnte nicht ausgeführt werden: "
                               f"{self._error}{self._log_tail()}") from self._error

    def _log_tail(self, lines: int = 15) -> str:
        try:
            tail = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\nAusgabe des Kernels:\n" + "\n".join(tail) if tail else ""


def notebook_html(nb: nbformat.NotebookNode, title: str = "") -> str:
    """An executed notebook as the HTML minutes (template ``kim-protokoll``)."""
    if title:
        nb.metadata["title"] = title
    html, _ = ProtokollExporter().from_notebook_node(nb)
    return html
