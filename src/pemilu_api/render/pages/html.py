"""The public HTML pages: one pure function per page, and the page CSP.

Each page lives in its own module (home, election, region, error), built from the document around
every page (document.py) and the shared parts (blocks.py); this module is their one entry point.
"""

from __future__ import annotations

from pemilu_api.render.pages.document import PAGE_CSP, SCRIPT, STYLE, csp_hash
from pemilu_api.render.pages.election import election_page
from pemilu_api.render.pages.error import error_page
from pemilu_api.render.pages.home import home_page
from pemilu_api.render.pages.region import region_page, regions_page

__all__ = [
    "PAGE_CSP",
    "SCRIPT",
    "STYLE",
    "csp_hash",
    "election_page",
    "error_page",
    "home_page",
    "region_page",
    "regions_page",
]
