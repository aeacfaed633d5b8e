"""RFC 8288 ``Link`` headers: the document that describes a response, its calendar, its licence.

Every JSON and feed response names the OpenAPI document (``rel="describedby"``) and the data's
licence (``rel="license"``, CC BY 4.0); a resource with a matching iCalendar feed names it as
``rel="alternate"; type="text/calendar"``. CORS exposes ``Link`` so browsers can read it.
"""

from __future__ import annotations

from pemilu_api.render.urls import DATA_LICENSE_URL, Urls


def link_headers(
    urls: Urls, calendar: str | None = None, next_url: str | None = None
) -> dict[str, str]:
    """The ``Link`` header of a response, with its calendar (a feed's path) and next page."""
    links = [f'<{urls.url(urls.openapi)}>; rel="describedby"; type="application/json"']
    if calendar is not None:
        links.append(f'<{urls.url(calendar)}>; rel="alternate"; type="text/calendar"')
    if next_url is not None:
        links.append(f'<{next_url}>; rel="next"')
    links.append(f'<{DATA_LICENSE_URL}>; rel="license"')
    return {"Link": ", ".join(links)}
