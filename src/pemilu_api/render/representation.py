"""Rendered bodies with their validators: ETags for the identity and gzip encodings (pure)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache

from pemilu_api.render import gzip_parts
from pemilu_api.render.lazy import lazy

MIN_GZIP_BYTES = 256
# Bodies are rendered once and served many times, so they get the smallest encoding. The one
# body made per request, /v1/now at a new instant, compresses only its end (see ``start``).
SMALLEST = 9


class Representation:
    """One rendered body, its media type and last modification; encodings are derived once, lazily.

    The ETags are the first 32 hex digits of the body's SHA-256. A representation made by
    ``continuing`` has a ``start``, another representation whose body begins its own: the SHA-256
    and the gzip encoding then go on from the start's, only the rest of the body is hashed and
    compressed, and the whole body is joined only if it is asked for. So answers that share most
    of their body (``/v1/now`` at the instants of one class) cost little to encode.
    """

    def __init__(self, body: bytes, media_type: str, last_modified: dt.datetime) -> None:
        self._rest = body
        self.media_type = media_type
        self.last_modified = last_modified
        self.start: Representation | None = None

    @classmethod
    def continuing(cls, start: Representation, rest: bytes) -> Representation:
        """The representation whose body is ``start``'s followed by ``rest``, of the same kind."""
        made = cls(rest, start.media_type, start.last_modified)
        made.start = start
        return made

    @lazy
    def body(self) -> bytes:
        """The whole body."""
        return self._rest if self.start is None else self.start.body + self._rest

    @property
    def size(self) -> int:
        """The length of the body (without joining it)."""
        return len(self._rest) + (0 if self.start is None else self.start.size)

    @lazy
    def _hashed(self) -> hashlib._Hash:
        """The SHA-256 of the body, as a state later bodies that begin with it go on from."""
        if self.start is None:
            return hashlib.sha256(self._rest)
        hashed = self.start._hashed.copy()
        hashed.update(self._rest)
        return hashed

    @lazy
    def _digest(self) -> str:
        return self._hashed.hexdigest()[:32]

    @lazy
    def etag(self) -> str:
        """The strong ETag of the identity body."""
        return f'"{self._digest}"'

    @lazy
    def gzip_opening(self) -> gzip_parts.GzipStart:
        """The body compressed as the start of longer bodies' gzip encodings."""
        return gzip_parts.gzip_start(self.body, SMALLEST)

    @lazy
    def gzipped(self) -> bytes:
        """The gzip-encoded body (deterministic: no timestamp or file name in the header)."""
        if self.start is not None:
            return gzip_parts.gzip_finish(self.start.gzip_opening, self._rest)
        return gzip.compress(self.body, compresslevel=SMALLEST, mtime=0)

    @lazy
    def gzip_etag(self) -> str:
        """The strong ETag of the gzip-encoded body, distinct from the identity one."""
        return f'"{self._digest}-gzip"'

    @property
    def compressible(self) -> bool:
        """Whether a gzip encoding is worth offering."""
        return self.size >= MIN_GZIP_BYTES

    @lazy
    def http_date(self) -> str:
        """Last-Modified as an HTTP date."""
        return http_date(self.last_modified)


@lru_cache(maxsize=64)
def http_date(moment: dt.datetime) -> str:
    """Format an aware date-time as an IMF-fixdate in GMT."""
    return format_datetime(moment.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def parse_http_date(value: str) -> dt.datetime | None:
    """Parse an HTTP date, or return None when it is not one."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header admits gzip (q > 0)."""
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            return True
    return False


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison of an If-None-Match list against ``etag`` (RFC 9110 13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(
        candidate.strip().removeprefix("W/") == opaque for candidate in if_none_match.split(",")
    )


def not_modified(
    if_none_match: str | None, if_modified_since: str | None, etag: str, last_modified: dt.datetime
) -> bool:
    """Whether a conditional GET may be answered 304; If-None-Match takes precedence."""
    if if_none_match is not None:
        return etag_matches(if_none_match, etag)
    if if_modified_since is not None:
        since = parse_http_date(if_modified_since)
        return since is not None and last_modified.replace(microsecond=0) <= since
    return False
