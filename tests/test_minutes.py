"""kimtools minutes: HTML, PDF and DOCX of a synthetic conference (6 cases, 15 findings).

The three files are written once through the command line; the tests read them back the way
their readers will (HTML source, pypdf, python-docx) and check structure and offline-ness.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.minutes import collect_minutes
from kimtools.minutes.content import Minutes, day_text
from kimtools.minutes.pdf import OfflineFetcher, html_to_pdf
from kimtools.package import load_package

pytest_plugins = ["minutes_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SECTIONS = ["1 Tagesordnung", "2 Vorgestellte Fälle", "3 Strukturelle Befunde (generative Themen)",
            "4 Stand der Befunde aus früheren Konferenzen", "5 Nächster Termin"]


@dataclass(frozen=True)
class Written:
    conference: object  # minutes_fixtures.SyntheticConference
    files: dict[str, Path]
    outputs: dict[str, str]


@pytest.fixture(scope="session")
def written(minutes_conference, tmp_path_factory) -> Written:
    """All three formats from one command, as the coordination office runs it."""
    folder = tmp_path_factory.mktemp("protokoll")
    result = CliRunner().invoke(app, [
        "minutes", "--db", str(minutes_conference.register),
        "--conference", minutes_conference.conference_id, "--format", "html,pdf,docx",
        "--out", str(folder / "protokoll")])
    assert result.exit_code == 0, result.output
    files = {fmt: folder / f"protokoll.{fmt}" for fmt in ("html", "pdf", "docx")}
    return Written(minutes_conference, files, {fmt: result.output for fmt in files})


def flat(text: str) -> str:
    return " ".join(text.split())


def test_content_of_the_minutes(minutes_conference):
    minutes = collect_minutes(minutes_conference.register, minutes_conference.conference_id)
    assert [c.case for c in minutes.cases] == minutes_conference.cases
    assert all(c.timeline_svg and c.profile and c.note for c in minutes.cases)
    assert [f.title for f in minutes.findings] == minutes_conference.findings
    assert [f.number for f in minutes.findings][:2] == ["3.1", "3.2"]
    assert {c.title: (c.old, c.new) for c in minutes.changes} == {
        "Lange Bearbeitungszeiten beim Familiennachzug": ("neu", "in Bearbeitung"),
        "Integrationskurse ohne Alphabetisierung in Harsewinkel": ("neu", "umgesetzt"),
        "Fahrtkosten zum Sprachkurs werden nicht übernommen": ("neu", "verworfen")}
    assert minutes.warnings == []
    assert {f.due_date for f in minutes.findings} <= minutes.known_dates()
    assert Minutes.from_json(minutes.to_json()) == minutes


def test_cli_says_what_it_wrote(written):
    for fmt, output in written.outputs.items():
        day = day_text(written.conference.date)
        assert f"Protokoll geschrieben: {written.files[fmt]} ({day}, 6 Fälle, 15 Befunde)" in output


def test_html_structure(written):
    html = written.files["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    assert re.search(r"<h1>Protokoll</h1>", html)
    headings = [flat(h) for h in re.findall(r"<h2>(.*?)</h2>", html)]
    assert headings == SECTIONS
    for case in written.conference.cases:
        assert f"Fall {case}" in html
    assert html.count("<svg") == 6
    # the legends of the timelines as text below each picture, not inside it
    assert html.count('<p class="legende">') == 6 and "Art des Ereignisses:" in html
    assert all("Art des Ereignisses" not in svg
               for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S))
    for title in written.conference.findings:
        assert title in html
    assert written.conference.chair in html and "Ausländerbehörde Kreis Gütersloh" in html
    assert "Vertraulich – pseudonymisiert" in html
    assert "counter(pages)" in html and "@page" in html
    # outputs only: no code, no prompts, no notebook chrome
    assert "notebook_minutes" not in html and "from kimtools" not in html
    assert "In&nbsp;[" not in html and "jp-InputPrompt" not in html


def test_html_loads_nothing_from_the_network(written):
    html = written.files["html"].read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and "url(" not in html and "src=" not in html
    # not even the SVG namespace: inline SVG in HTML needs no xmlns
    assert re.findall(r"https?:|//[\w.-]+\.\w", html) == []


def test_pdf_structure(written):
    reader = PdfReader(written.files["pdf"])
    assert len(reader.pages) > 1
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    for heading in ["Protokoll", *SECTIONS]:
        assert heading in text
    for title in written.conference.findings:
        assert flat(title) in text
    for case in written.conference.cases:
        assert case in text
    # a case released at "phases only" shows no events, so its legend names no kinds
    manifest = load_package(written.conference.package.package).manifest
    timed = sum(c["time_resolution"] != "phase" for c in manifest["cases"])
    assert timed and text.count("Art des Ereignisses:") == timed
    first = flat(reader.pages[0].extract_text())
    assert "Vertraulich – pseudonymisiert" in first
    assert f"Seite 1 von {len(reader.pages)}" in first
    assert f"Seite {len(reader.pages)} von {len(reader.pages)}" in text


def test_pdf_fetches_nothing(written):
    html = written.files["html"].read_text(encoding="utf-8")

    class Recording(OfflineFetcher):
        """The page's own pictures (data: URLs) pass; anything else fails the test."""

        def fetch(self, url, headers=None):
            self.requests.append(url)
            if not url.startswith("data:"):
                raise AssertionError(f"WeasyPrint wollte {url} laden")
            return super().fetch(url, headers)

    recorder = Recording()
    pdf = html_to_pdf(html, url_fetcher=recorder)
    assert len(set(recorder.requests)) == 6  # the timelines, as SVG pictures of the page itself
    assert all(url.startswith("data:image/svg+xml;base64,") for url in recorder.requests)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1


def test_offline_fetcher_refuses_the_network():
    html = ('<html><body><img src="https://example.org/logo.png">'
            "<p>Protokoll</p></body></html>")
    with pytest.raises(Exception, match="externe Quelle"):
        html_to_pdf(html)


def test_docx_structure(written):
    document = Document(written.files["docx"])
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    texts = [text for _, text in headings]
    assert ("Title", "Protokoll") in headings
    assert [t for s, t in headings if s == "Heading 1"] == ["Teilnehmende Institutionen",
                                                            *SECTIONS]
    for number, title in enumerate(written.conference.findings, start=1):
        assert f"3.{number} {title}" in texts
    for number, case in enumerate(written.conference.cases, start=1):
        assert any(t.startswith(f"2.{number} Fall {case}") for t in texts)
    # title block, attendees, agenda, 6 profiles, obstacles, overview, 15 findings, changes
    assert len(document.tables) >= 1 + 1 + 1 + 6 + 1 + 15 + 1
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert written.conference.chair in cells and "Ausländerbehörde Kreis Gütersloh" in cells
    assert day_text(written.conference.date) in " ".join(cells)
    assert len(document.inline_shapes) == 6
    legends = [p for p in document.paragraphs if p.text.startswith("Phase: ")]
    # a case released at "phases only" has no point in time, so no phase bands to explain
    manifest = load_package(written.conference.package.package).manifest
    timed = sum(c["time_resolution"] != "phase" for c in manifest["cases"])
    assert timed and len(legends) == timed and all("Hürde: " in p.text for p in legends)
    assert {run.font.color.rgb for run in legends[0].runs if run.text == "▬"} > set()
    section = document.sections[0]
    assert "Vertraulich – pseudonymisiert" in section.header.paragraphs[0].text
    assert "Vertraulich – pseudonymisiert" in section.footer.paragraphs[0].text
    assert 'w:instr="NUMPAGES"' in section.footer._element.xml
    assert round(section.page_width.cm, 1) == 21.0


def test_first_pages_as_png(written, tmp_path):
    """Keeps pages 1 and 2 as pictures of the layout: test-artifacts/protokoll-1.png, -2.png."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) fehlt")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2",
                    str(written.files["pdf"]), str(tmp_path / "seite")], check=True)
    pages = sorted(tmp_path.glob("seite-*.png"))  # pdftoppm pads numbers to the page count
    assert len(pages) == 2
    ARTIFACTS.mkdir(exist_ok=True)
    for number, page in enumerate(pages, start=1):
        data = page.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000
        shutil.copyfile(page, ARTIFACTS / f"protokoll-{number}.png")


def test_unknown_conference_exit_2_nothing_written(minutes_conference, tmp_path):
    out = tmp_path / "protokoll.pdf"
    result = CliRunner().invoke(app, ["minutes", "--db", str(minutes_conference.register),
                                      "--conference", "gibt-es-nicht", "--out", str(out)])
    assert result.exit_code == 2
    assert "Konferenz gibt-es-nicht ist nicht im Register" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_and_missing_register(minutes_conference, tmp_path):
    bad = CliRunner().invoke(app, ["minutes", "--db", str(minutes_conference.register),
                                   "--conference", "x", "--out", str(tmp_path / "p.odt")])
    assert bad.exit_code == 2 and "Format „odt“ unbekannt" in bad.stderr
    several = CliRunner().invoke(app, ["minutes", "--db", str(minutes_conference.register),
                                       "--conference", "x", "--format", "html, odt",
                                       "--out", str(tmp_path / "p")])
    assert several.exit_code == 2 and "Format „odt“ unbekannt" in several.stderr
    mismatch = CliRunner().invoke(app, ["minutes", "--db", str(minutes_conference.register),
                                        "--conference", "x", "--format", "pdf",
                                        "--out", str(tmp_path / "p.docx")])
    assert mismatch.exit_code == 2 and "passt nicht zur Endung" in mismatch.stderr
    several = CliRunner().invoke(app, ["minutes", "--db", str(minutes_conference.register),
                                       "--conference", "x", "--format", "html,pdf",
                                       "--out", str(tmp_path / "p.docx")])
    assert several.exit_code == 2
    assert f"--format html,pdf passt nicht zur Endung von {tmp_path / 'p.docx'}" in several.stderr
    missing = CliRunner().invoke(app, ["minutes", "--db", str(tmp_path / "fehlt.db"),
                                       "--conference", "x", "--out", str(tmp_path / "p.pdf")])
    assert missing.exit_code == 2 and "Befundregister nicht gefunden" in missing.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_package_is_named_not_fatal(fresh_conference, tmp_path):
    from kimtools.findings import open_register

    with open_register(fresh_conference.register) as register:
        conference = register.conference(fresh_conference.conference_id)
        conference.cases[0].package = str(tmp_path / "verschoben")
        register.update_conference(conference.id, {"cases": conference.cases})
    minutes = collect_minutes(fresh_conference.register, fresh_conference.conference_id)
    first = minutes.cases[0]
    assert not first.profile and not first.timeline_svg and first.note
    assert minutes.warnings == [f"Fall {first.case}: Konferenzpaket „{tmp_path / 'verschoben'}“ "
                                "nicht gefunden; Profil, Zeitstrahl und Hürden fehlen."]


def test_output_names_from_the_stem_of_out(tmp_path):
    from kimtools.minutes.build import output_paths

    assert output_paths(tmp_path / "p.pdf", ["pdf"]) == {"pdf": tmp_path / "p.pdf"}
    expected = {fmt: tmp_path / f"protokoll-2026.{fmt}" for fmt in ("html", "pdf", "docx")}
    assert output_paths(tmp_path / "protokoll-2026.pdf", ["html", "pdf", "docx"]) == expected
    assert output_paths(tmp_path / "protokoll-2026", ["html", "pdf", "docx", "pdf"]) == expected
    assert output_paths(tmp_path / "stand.03.12", ["html", "docx"]) == {
        "html": tmp_path / "stand.03.12.html", "docx": tmp_path / "stand.03.12.docx"}
