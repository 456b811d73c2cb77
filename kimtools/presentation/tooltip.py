"""The style of Vega's hover texts, readable on the projector.

On its own, without pandas or the charting library: the presenter's page shows prepared specs
and needs the style but neither of them.
"""

TOOLTIP_CSS = ("#vg-tooltip-element { font-size: 16px; max-width: 520px; }\n"
               "#vg-tooltip-element td.key { padding-right: 10px; }")
