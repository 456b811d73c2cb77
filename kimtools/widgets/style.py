"""One look for every kimtools widget app: large type and high-contrast tables for projectors."""

from __future__ import annotations

#: Tabs as wide as their German titles: ipywidgets gives every tab the same basis and shrinks
#: them alike, so "5 Freigeben und schreiben" or "Nächste Lenkungsgruppe" lost their ends at
#: 1280 px while short titles kept room to spare. Not scoped: the tab bar is the app's own
#: root in some apps, and only ipywidgets' tabs carry these classes.
TAB_CSS = ".jupyter-widget-tab.widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 1 auto; }"


def projector_css(scope: str) -> str:
    """The shared rules, scoped to the app's root class so apps on one page do not collide."""
    return f"""
.{scope} {{ font-size: 18px; color: #111; }}
.{scope} h2 {{ font-size: 24px; margin: 14px 0 6px 0; }}
.{scope} h3 {{ font-size: 22px; margin: 12px 0 4px 0; }}
.{scope} input, .{scope} textarea, .{scope} select,
.{scope} .widget-label, .{scope} .widget-button {{ font-size: 17px; }}
.{scope} table.kim-table {{ border-collapse: collapse; margin: 6px 0 12px 0; }}
.{scope} table.kim-table th {{ background: #1f3a5f; color: #fff; text-align: left;
  padding: 6px 10px; font-size: 17px; }}
.{scope} table.kim-table td {{ border-bottom: 1px solid #999; padding: 6px 10px;
  font-size: 17px; vertical-align: top; }}
.{scope} .kim-hint {{ color: #333; font-size: 16px; }}
.{scope} input::placeholder, .{scope} textarea::placeholder {{
  color: #6b6b6b !important; font-style: italic; opacity: 1; }}
{TAB_CSS}
"""
