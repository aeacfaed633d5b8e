"""The export's own parts: which URLs it tries, and the nginx patterns that stand for the server's logic.

The regular expressions nginx evaluates (PCRE) are checked here with Python's ``re`` (the same
constructs: lookahead, backreferences) against the functions the server itself calls.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar

from pemilu_api.domain.dataset import Dataset
from pemilu_api.ops.export import exportable_urls
from pemilu_api.ops.nginx_maps import GZIP_PATTERNS, NOT_MODIFIED_PATTERNS, quote
from pemilu_api.render.representation import accepts_gzip, etag_matches
from support.accept_encoding import accept_encodings


def nginx_accepts_gzip(header: str) -> bool:
    """What the generated ``$pemilu_accepts_gzip`` map gives (``~*``: searched, any case)."""
    return any(re.search(p, header, re.IGNORECASE) for p in GZIP_PATTERNS)


@settings(deadline=None, max_examples=500)
@given(accept_encodings)
def test_nginx_chooses_gzip_as_the_server_does(header: str) -> None:
    """For Accept-Encoding lists with q-values (RFC 9110 forms), nginx agrees with accepts_gzip."""
    assert nginx_accepts_gzip(header) == accepts_gzip(header)


def nginx_not_modified(etag: str, if_none_match: str) -> bool:
    """What the generated ``$pemilu_not_modified`` map gives for ``"ETAG|If-None-Match"``."""
    return any(re.search(p, f"{etag}|{if_none_match}") for p in NOT_MODIFIED_PATTERNS)


tags = st.sampled_from(['"abc"', '"abc-gzip"', '"ab"', '"abcd"', "*", '"x"'])
candidates = st.builds(
    lambda weak, tag, space: f"{space}{'W/' if weak and tag != '*' else ''}{tag}{space}",
    st.booleans(),
    tags,
    st.sampled_from(["", " "]),
)
if_none_matches = st.lists(candidates, min_size=1, max_size=4).map(",".join)


@settings(deadline=None, max_examples=500)
@given(st.sampled_from(['"abc"', '"abc-gzip"']), if_none_matches)
def test_nginx_answers_if_none_match_as_the_server_does(etag: str, header: str) -> None:
    """Lists, weak forms and "*": nginx's 304 decision is etag_matches."""
    assert nginx_not_modified(etag, header) == etag_matches(header, etag)


def test_quote_escapes_for_nginx_and_refuses_variables() -> None:
    """Quotes and backslashes are escaped; a literal $ would be read as a variable."""
    assert quote("default-src 'none'") == "\"default-src 'none'\""
    assert quote('a"b\\c') == '"a\\"b\\\\c"'
    with pytest.raises(ValueError, match="nginx"):
        quote("$uri")


def test_exportable_urls_cover_the_data(app: Litestar, dataset: Dataset) -> None:
    """Every election, stage, region and feed variant is tried; of filters, only each province."""
    urls = set(exportable_urls(app))
    for election in dataset.elections:
        assert f"/v1/elections/{election.id}" in urls
        assert f"/v1/elections/{election.id}/stages" in urls
        assert f"/v1/elections/{election.id}/calendar.ics?key=true&lang=en&plain=true" in urls
        for stage in election.stages:
            assert f"/v1/elections/{election.id}/stages/{stage.id}" in urls
    for code in dataset.regions:
        assert f"/v1/regions/{code}" in urls
        assert f"/v1/regions/{code}/calendar.ics?lang=en" in urls
    assert {"/v1/now", "/v1/changes", "/v1/regions", "/health", "/openapi.json", "/docs"} <= urls
    provinces = {
        f"/v1/regions?province={r.code}" for r in dataset.regions.values() if r.level == "provinsi"
    }
    assert provinces == {u for u in urls if u.startswith("/v1/regions?")}
    assert not [u for u in urls if "/stages?" in u or u.startswith(("/v1/now?", "/v1/changes?"))]
