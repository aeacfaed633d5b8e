"""Direct answers: the representation the simplest form of a much-varied query names.

Two routes are asked with ever-new values: stage lists by span (``/v1/elections/{id}/stages?
from=…&to=…``) and ``/v1/now?at=…``. Their answers are pure, and for one route and one set of
keyed request headers they differ only in body, ETag, Last-Modified and Content-Length: the rest
(security, CORS, caching and Link headers) is the route's. So once the app has answered such a
route, the replay store (``replay.py``) answers the next query of the same form from the
representation named here and the header lines of that earlier answer, without the framework.

Only the plainest forms are taken: exactly the parameters below, each once, with values that need
no decoding (``from=2024-01-01&to=2024-02-14``, ``at=2024-02-14T08:00:00Z``). Anything else, a
value the handler would refuse included, returns None and reaches the app, whose answer (and
problem document) is unchanged. The handlers compute these representations with the same
functions (``api.stages_of``, ``api.now_at``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from pemilu_api.render.representation import Representation
from pemilu_api.web.api import now_at, stages_of
from pemilu_api.web.errors import ProblemError
from pemilu_api.web.params import AT_MAX_LENGTH, AT_PATTERN, DEFAULT_TZ, parse_zone
from pemilu_api.web.store import Store

_STAGES: Final = re.compile(rb"/v1/elections/([a-z0-9-]+)/stages")
_NOW: Final = b"/v1/now"
_DATE: Final = re.compile(rb"\d{4}-\d{2}-\d{2}")
# An instant with no "+" and no percent-escape: its bytes are its value.
_AT: Final = re.compile(rb"[0-9][0-9:.TZ-]*")
# What ``AtQuery`` declares (and Litestar checks before the handler runs).
_AT_DECLARED: Final = re.compile(AT_PATTERN.encode("ascii"))
_SPAN: Final = frozenset({b"from", b"to"})
_INSTANT: Final = frozenset({b"at"})


def plain_params(query: bytes, names: frozenset[bytes]) -> dict[bytes, bytes] | None:
    """``name=value`` pairs of ``query``, each a name in ``names`` given once; else None."""
    found: dict[bytes, bytes] = {}
    if not query:
        return found
    for part in query.split(b"&"):
        name, equals, value = part.partition(b"=")
        if not equals or name not in names or name in found:
            return None
        found[name] = value
    return found


def _date(value: bytes | None) -> dt.date | None:
    """A plain ISO date; ValueError for anything else (an impossible date included)."""
    if value is None:
        return None
    if not _DATE.fullmatch(value):
        raise ValueError(value)
    return dt.date.fromisoformat(value.decode("ascii"))


class Direct:
    """The direct answers of one data set's store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.zone = parse_zone(DEFAULT_TZ)

    @staticmethod
    def handles(path: bytes) -> bool:
        """Whether ``path`` (as the request target carries it) is a route answered here."""
        return path == _NOW or _STAGES.fullmatch(path) is not None

    def __call__(self, path: bytes, query: bytes) -> Representation | None:
        """The representation ``path?query`` names, or None when the app must answer."""
        try:
            if path == _NOW:
                params = plain_params(query, _INSTANT)
                at = b"" if params is None else params.get(b"at", b"")
                declared = _AT_DECLARED.match(at) and len(at) <= AT_MAX_LENGTH
                if not (_AT.fullmatch(at) and declared):
                    return None
                return now_at(self.store, at.decode("ascii"), self.zone)
            matched = _STAGES.fullmatch(path)
            params = plain_params(query, _SPAN)
            if matched is None or params is None:
                return None
            election_id = matched.group(1).decode("ascii")
            span = _date(params.get(b"from")), _date(params.get(b"to"))
            return stages_of(self.store, election_id, *span)
        except (ProblemError, ValueError):
            return None
