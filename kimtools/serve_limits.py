"""Limits that run inside the Voilà process of `kimtools serve` (see kimtools.serve).

Voilà starts one kernel per page view (about 250 MB each), so a reloading browser or many
participants could fill the presenting laptop's memory. The cap is a Voilà prelaunch hook:
it runs before a page starts its kernel and answers 503 with the template's German page
``503.html`` once the cap is reached. Two page views arriving in the same instant may both
pass the check, so the cap can be exceeded by the number of simultaneous first requests.
"""

from __future__ import annotations

from tornado.web import HTTPError


class KernelCap:
    """Voilà prelaunch hook: refuse a new page view while `limit` kernels are running."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, handler, notebook=None, cwd=None):
        running = len(handler.kernel_manager.list_kernel_ids())
        if running >= self.limit:
            handler.log.warning("kimtools: %d Kernel laufen, Höchstzahl %d erreicht; "
                                "Seitenaufruf abgewiesen.", running, self.limit)
            raise HTTPError(503)
        return None
