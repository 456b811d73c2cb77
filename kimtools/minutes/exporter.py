"""The nbconvert exporter ``kim-protokoll``: ``jupyter nbconvert --to kim-protokoll NB.ipynb``.

Registered through the ``nbconvert.exporters`` entry point. It is the HTML exporter with the
template ``templates/nbconvert/kim-protokoll``: outputs only, German, print CSS inlined, and
none of the CDN scripts (require.js, MathJax, Mermaid, widget managers) that the stock lab and
classic templates add, because municipal networks are closed (DESIGN §2).

The exporter also runs the leak gate (``kimtools.minutes.gate``) on the page before returning
it, so ``jupyter nbconvert --to kim-protokoll`` cannot write minutes that name a person either.
The notebook leaves the minutes' content as an output the template does not print; from it the
gate knows the typed texts and the dates the minutes may contain. A notebook without it is
checked as well, with no date allowed.
"""

from __future__ import annotations

import json

from nbconvert.exporters import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from traitlets import default
from traitlets.config import Config

from kimtools import resources

TEMPLATE_NAME = "kim-protokoll"
TEMPLATE_ROOT = resources.NBCONVERT_TEMPLATES
# Markdown cells with this tag explain the notebook to the coordination office.
INSTRUCTIONS_TAG = "anleitung"
RECORD_KEY = "kimtools_protokoll"


class ProtokollExporter(HTMLExporter):
    """HTML minutes: no inputs, no prompts, no scripts, nothing loaded from the internet."""

    export_from_notebook = "KIM-Protokoll (HTML)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATE_ROOT), *super()._default_extra_template_basedirs()]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    @default("language_code")
    def _language_code_default(self) -> str:
        return "de"

    @property
    def default_config(self) -> Config:
        config = super().default_config
        config.merge(Config({"TagRemovePreprocessor": {
            "enabled": True, "remove_cell_tags": {INSTRUCTIONS_TAG}}}))
        return config

    def from_notebook_node(self, nb, resources=None, **kw):
        """The template's HTML as it is.

        The stock HTML exporter re-parses its result with BeautifulSoup to add alt texts and
        tab stops for JupyterLab cells; the minutes have neither, and the round trip lowercases
        SVG attributes (viewBox) of the inline timelines and costs time on large pages.
        """
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", lambda source, **_: source)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        gate_page(resources.get(RECORD_KEY), html)
        return html, resources

    def _preprocess(self, nb, resources):
        """After the preprocessors (with ``--execute`` the notebook runs here): keep the
        recorded content for the gate, which only sees the page."""
        nb, resources = super()._preprocess(nb, resources)
        resources[RECORD_KEY] = recorded_minutes(nb)
        return nb, resources


def recorded_minutes(nb):
    """The content the minutes notebook recorded in its outputs, or None."""
    from kimtools.minutes.content import Minutes
    from kimtools.minutes.sections import CONTENT_MIME

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if CONTENT_MIME in data:
                return Minutes.from_json(json.dumps(data[CONTENT_MIME]))
    return None


def gate_page(minutes, html: str) -> None:
    """Raise MinutesLeak when the page names a person, contact data or an unknown date."""
    import datetime as dt

    from kimtools.minutes.content import Minutes
    from kimtools.minutes.gate import MinutesLeak, check_document, check_sources, html_text

    minutes = minutes or Minutes(conference_id="", date=dt.date.min)
    hits = check_sources(minutes) + check_document(html_text(html), minutes, "HTML")
    if hits:
        raise MinutesLeak(hits)
