"""A dashboard kernel does not pay for libraries it never uses (issue: first chart too slow)."""

import subprocess
import sys

PROBE = ("import sys, kimtools.widgets.conference, altair, jsonschema; "
         "print(sys.modules.get('rfc3987_syntax') is None, 'jsonschema' in sys.modules)")


def test_dashboard_import_skips_the_iri_grammar():
    output = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            check=True).stdout.split()
    assert output == ["True", "True"]


def test_charts_still_validate_without_it():
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    assert chart.to_dict()["mark"]["type"] == "point"
