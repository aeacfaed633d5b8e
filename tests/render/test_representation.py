"""A rendered body's validators and encodings, and the conditional-request rules (RFC 9110).

The HTTP tests check these through the app; these check each rule of the pure module directly.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.render.representation import (
    MIN_GZIP_BYTES,
    Representation,
    accepts_gzip,
    etag_matches,
    http_date,
    not_modified,
    parse_http_date,
)

WIB = dt.timezone(dt.timedelta(hours=7))
MODIFIED = dt.datetime(2024, 2, 14, 7, 0, 0, 500_000, tzinfo=WIB)


def _representation(body: bytes) -> Representation:
    """A JSON representation of ``body``, last modified at MODIFIED."""
    return Representation(body=body, media_type="application/json", last_modified=MODIFIED)


def test_the_etags_are_the_body_s_sha256_identity_and_gzip_apart() -> None:
    """The strong ETag is the first 32 hex digits of the body's SHA-256; gzip's adds -gzip."""
    digest = hashlib.sha256(b'{"a":1}').hexdigest()[:32]
    representation = _representation(b'{"a":1}')
    assert f'"{digest}"' == representation.etag
    assert f'"{digest}-gzip"' == representation.gzip_etag


def test_the_gzip_body_is_deterministic_and_maximally_compressed() -> None:
    """The gzip bytes decompress to the body, with no file name, no time, and level 9's flag."""
    body = b"pemilu " * 100
    gzipped = _representation(body).gzipped
    assert body == gzip.decompress(gzipped)
    assert (0, b"\x00\x00\x00\x00", 2) == (gzipped[3], gzipped[4:8], gzipped[8])
    assert gzipped == _representation(body).gzipped


@settings(max_examples=100, deadline=None)
@given(start=st.binary(max_size=2000), ends=st.lists(st.binary(max_size=200), max_size=4))
def test_a_body_that_continues_another_has_the_validators_of_its_own_bytes(
    start: bytes, ends: list[bytes]
) -> None:
    """Made from a start, a body's ETags and gzip bytes are those of the whole body, each time."""
    shared = _representation(start)
    for end in ends:
        continued = Representation.continuing(shared, end)
        whole = _representation(start + end)
        assert (whole.etag, whole.gzip_etag) == (continued.etag, continued.gzip_etag)
        assert start + end == gzip.decompress(continued.gzipped)
        assert (start + end, len(start + end)) == (continued.body, continued.size)
        assert whole.compressible == continued.compressible


def test_a_continued_representation_keeps_its_start_s_kind_and_date() -> None:
    """The media type and last modification are the start's."""
    continued = Representation.continuing(_representation(b"[1"), b"]")
    assert ("application/json", MODIFIED) == (continued.media_type, continued.last_modified)


@pytest.mark.parametrize(
    ("size", "expected"), [(0, False), (MIN_GZIP_BYTES - 1, False), (MIN_GZIP_BYTES, True)]
)
def test_gzip_is_offered_from_256_bytes(size: int, expected: bool) -> None:
    """A body shorter than 256 bytes is not worth compressing."""
    assert 256 == MIN_GZIP_BYTES
    assert expected == _representation(b"x" * size).compressible


def test_last_modified_is_an_imf_fixdate_in_gmt_without_fractions() -> None:
    """07:00:00.5 in WIB on 14 February 2024 is midnight GMT, seconds only."""
    assert "Wed, 14 Feb 2024 00:00:00 GMT" == http_date(MODIFIED)
    assert "Wed, 14 Feb 2024 00:00:00 GMT" == _representation(b"").http_date


def test_http_dates_are_gmt_whatever_the_server_s_time_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server running in WIB still writes GMT (an HTTP date is always GMT)."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    try:
        written = http_date(MODIFIED)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "Wed, 14 Feb 2024 00:00:00 GMT" == written


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 14 Feb 2024 00:00:00 GMT", dt.datetime(2024, 2, 14, tzinfo=dt.UTC)),
        ("Wed, 14 Feb 2024 07:00:00 +0700", dt.datetime(2024, 2, 14, tzinfo=dt.UTC)),
        # RFC 5322's -0000 (no zone known) reads as naive; HTTP dates are GMT.
        ("Wed, 14 Feb 2024 00:00:00 -0000", dt.datetime(2024, 2, 14, tzinfo=dt.UTC)),
        ("yesterday", None),
        ("", None),
        ("Wed, 14 Feb", None),
    ],
)
def test_an_http_date_is_read_as_an_aware_instant_or_none(
    value: str, expected: dt.datetime | None
) -> None:
    """A date with a zone keeps it, one without is GMT, and anything else is no date."""
    parsed = parse_http_date(value)
    assert expected == parsed
    if parsed is not None:
        assert parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("*", True),
        ("br, gzip;q=0.5", True),
        (" br ,  gzip ; q = 0.5 ", True),
        ("gzip;level=1", True),
        ("gzip;Q=0.001", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, br", False),
        ("gzip;q=abc", False),
        ("gzip;q", False),
        ("gzip;level=1;q=0", False),
        ("deflate,gzip", True),
        ("gzip;q=0, *;q=0.2", True),
        ("deflate, br", False),
        ("identity", False),
        ("", False),
        ("gzipx", False),
    ],
)
def test_accept_encoding_admits_gzip_with_a_positive_weight(header: str, expected: bool) -> None:
    """gzip, x-gzip or * with q above 0 (default 1); an unreadable weight counts as 0."""
    assert expected == accepts_gzip(header)


@pytest.mark.parametrize(
    ("header", "etag", "expected"),
    [
        ("*", '"abc"', True),
        (" * ", '"abc"', True),
        ('"abc"', '"abc"', True),
        ('W/"abc"', '"abc"', True),
        ('"abc"', 'W/"abc"', True),
        ('"x", "abc" ,"y"', '"abc"', True),
        ('"x","abc"', '"abc"', True),
        ('"x","y"', '"abc"', False),
        ('"abcd"', '"abc"', False),
        ('"abc"-gzip', '"abc"', False),
    ],
)
def test_if_none_match_compares_weakly(header: str, etag: str, expected: bool) -> None:
    """Any listed tag equal once W/ is dropped from both sides, or *, matches."""
    assert expected == etag_matches(header, etag)


SECOND = "Wed, 14 Feb 2024 00:00:00 GMT"


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "expected"),
    [
        (None, None, False),
        ('"abc"', None, True),
        ('"other"', None, False),
        # If-None-Match takes precedence: a stale tag is not saved by a recent date.
        ('"other"', "Thu, 15 Feb 2024 00:00:00 GMT", False),
        ('"abc"', "Tue, 13 Feb 2024 00:00:00 GMT", True),
        (None, SECOND, True),
        (None, "Thu, 15 Feb 2024 00:00:00 GMT", True),
        (None, "Tue, 13 Feb 2024 23:59:59 GMT", False),
        (None, "not a date", False),
    ],
)
def test_a_conditional_get_is_not_modified_by_tag_else_by_date(
    if_none_match: str | None, if_modified_since: str | None, expected: bool
) -> None:
    """The tag decides when given; else a date at or after the last change (to the second)."""
    assert expected == not_modified(if_none_match, if_modified_since, '"abc"', MODIFIED)
