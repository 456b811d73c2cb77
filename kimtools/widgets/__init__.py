"""Widget apps for the notebooks: thin views over the logic of the other modules.

Deliberately empty of imports: importing one app (e.g. ``kimtools.widgets.conference``, which
reads packages only) must not load another (``kimtools.widgets.preparation`` reads the raw
caseload).
"""
