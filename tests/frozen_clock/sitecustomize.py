"""Puts the clock of a Python process started by the test suite on the suite's day.

The suite puts this folder on ``PYTHONPATH``, so every Python process it starts (a kernel, a
Voilà server, a command) imports this module at start-up. When ``KIMTOOLS_TEST_TODAY`` names a
day, the process's clock starts there at 09:00 UTC and runs on, as the test process's does.
"""

import os

_day = os.environ.get("KIMTOOLS_TEST_TODAY")
if _day:
    import datetime as _dt

    import time_machine as _time_machine

    _time_machine.travel(_dt.datetime.combine(_dt.date.fromisoformat(_day), _dt.time(9),
                                              tzinfo=_dt.UTC), tick=True).start()
