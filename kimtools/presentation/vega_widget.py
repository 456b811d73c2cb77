"""Charts in the served dashboard drawn by the Vega bundle the server wrote once.

`altair.JupyterChart.enable_offline()` made the 900 KB Vega bundle again in every kernel
(1.9 s per page view) and sent it through the kernel's websocket. `kimtools serve` writes the
bundle once as a static file of the template (`vega_bundle.write_bundle`) and names its path
in ``KIMTOOLS_VEGA_BUNDLE``; `VegaChart` then carries only the spec and imports the bundle
from the server, where the browser caches it. Changing ``spec`` redraws in place, so moving to
the next case costs one message, not a new widget. Without the variable (JupyterLab, no
server of ours) `chart_widget` falls back to JupyterChart's own offline bundle.
"""

from __future__ import annotations

import os

import anywidget
import traitlets

BUNDLE_ENV = "KIMTOOLS_VEGA_BUNDLE"  # path under Voilà's base URL, e.g. templates/kim/static/…

# German number format for the hover texts (vl-convert's "de-DE", written out here so that a
# kernel need not load vl-convert for it).
FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]}
EMBED = {"actions": False, "renderer": "svg", "formatLocale": FORMAT_LOCALE}

_ESM = """
let loading = null;
function vegaEmbed(path) {
  // the bundle is a module that sets window.vegaEmbed; imported once per page
  if (window.vegaEmbed) return Promise.resolve(window.vegaEmbed);
  if (!loading) {
    const base = document.body.dataset.baseUrl || "/voila/";
    // absolute: the widget's own module comes from a blob: URL, against which a path
    // does not resolve
    loading = import(new URL(base + path, location.href).href).then(() => window.vegaEmbed);
  }
  return loading;
}
function render({ model, el }) {
  el.classList.add("kim-vega");
  let view = null;
  let drawn = 0;
  const draw = async () => {
    const mine = ++drawn;
    const embed = await vegaEmbed(model.get("bundle"));
    if (mine !== drawn) return;  // a newer spec came while the bundle loaded
    // drawn in place beside the old chart: a chart as wide as its container measures it
    const target = document.createElement("div");
    el.append(target);
    let result;
    try {
      result = await embed(target, model.get("spec"), model.get("options"));
    } catch (error) {
      target.remove();
      throw error;
    }
    if (mine !== drawn) { result.finalize(); target.remove(); return; }
    if (view) view.finalize();
    view = result;
    el.replaceChildren(target);
  };
  model.on("change:spec", draw);
  draw();
  return () => { drawn++; if (view) view.finalize(); };
}
export default { render };
"""


class VegaChart(anywidget.AnyWidget):
    """A Vega-Lite spec drawn with the server's static Vega bundle; ``spec`` may change."""

    _esm = _ESM
    spec = traitlets.Dict().tag(sync=True)
    options = traitlets.Dict(EMBED).tag(sync=True)
    bundle = traitlets.Unicode("").tag(sync=True)


def static_bundle() -> str | None:
    """The bundle's path under the server's base URL, when a server of ours wrote it."""
    return os.environ.get(BUNDLE_ENV) or None


def chart_widget(chart, spec: dict | None = None):
    """The chart as a widget: `VegaChart` under `kimtools serve`, else JupyterChart offline.

    ``spec`` may be the chart's dict already made (``to_dict(validate=False)``: our charts
    are validated by the tests, not again per view).
    """
    bundle = static_bundle()
    if bundle is not None:
        return VegaChart(spec=spec if spec is not None else chart.to_dict(validate=False),
                         bundle=bundle)
    from altair import JupyterChart

    JupyterChart.enable_offline()
    return JupyterChart(chart, embed_options=EMBED)
