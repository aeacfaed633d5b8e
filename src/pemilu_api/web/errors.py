"""The one way to fail: raise a ``ProblemError`` (or a subclass) and web/error_handlers.py answers.

Every error becomes a problem with a status; the single handler path answers it as an RFC 9457
problem document (application/problem+json) or, on the page routes and for browsers off the API,
as an HTML error page. ``page_message`` words the page when the default one is too vague.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from pemilu_api.render.language import PageWords

PageMessage = Callable[[PageWords], str]


def status_slug(status: int) -> str:
    """The problem slug of a bare status, e.g. 404 is not-found."""
    return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")


class ProblemError(Exception):
    """Raise to answer with a problem document (or an error page, where pages are answered)."""

    page_message: PageMessage | None = None

    def __init__(self, status: int, slug: str, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.parameter = parameter


class PageError(ProblemError):
    """A problem met by a page handler, with the words of its error page."""

    def __init__(self, status: int, message: PageMessage) -> None:
        super().__init__(status, status_slug(status), HTTPStatus(status).phrase)
        self.page_message = message
