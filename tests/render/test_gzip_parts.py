"""A gzip member made of a start compressed once and a short end: one valid member, any bytes.

Checked with two decoders: Python's ``gzip`` module, and zlib's streaming decoder, which must
reach the end of exactly one member with nothing left over.
"""

from __future__ import annotations

import gzip
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.render.gzip_parts import gzip_finish, gzip_start, stored_blocks

# JSON-like text (repetitive, as bodies are) and any bytes at all.
texts = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.sampled_from([b'{"id":"', b"pemilu-2024", b'","at":', b"2024-02-14", b"}"])).map(
        b"".join
    ),
)


def _one_member(data: bytes) -> bytes:
    """The content of ``data`` if it is exactly one complete gzip member; else an AssertionError."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    content = decoder.decompress(data) + decoder.flush()
    assert decoder.eof
    assert b"" == decoder.unused_data
    return content


@settings(max_examples=200, deadline=None)
@given(start=texts, end=texts, level=st.sampled_from([-1, 0, 1, 6, 9]))
def test_the_member_holds_the_start_then_the_end(start: bytes, end: bytes, level: int) -> None:
    """Both decoders give back the start followed by the end, whatever the bytes and level."""
    member = gzip_finish(gzip_start(start, level), end)
    assert start + end == gzip.decompress(member)
    assert start + end == _one_member(member)


def test_one_start_serves_many_ends() -> None:
    """A start is not used up by finishing it: each end gets its own whole member."""
    start = gzip_start(b'{"tz":"Asia/Jakarta"' * 50, 9)
    ends = [b',"at":"2024-02-14T0%d:00:00+07:00"}' % hour for hour in range(10)]
    members = [gzip_finish(start, end) for end in ends]
    expected = [b'{"tz":"Asia/Jakarta"' * 50 + end for end in ends]
    assert expected == [_one_member(m) for m in members]


def test_the_shared_start_is_compressed_and_the_end_costs_little() -> None:
    """A 10 KB repetitive start compresses well; each end adds its own bytes plus framing."""
    body = b'{"election":"pemilu-2024","stage":"kampanye"},' * 220
    start = gzip_start(body, 9)
    end = b',"at":"2024-02-14T08:00:00+07:00"}'
    member = gzip_finish(start, end)
    assert len(member) < len(body) // 10
    assert len(member) - len(start.opened) < len(end) + 16


def test_an_end_longer_than_a_stored_block_is_split_into_several() -> None:
    """An end over 64 KiB (a stored block's limit) still makes one valid member."""
    start = gzip_start(b"{" * 1000, 9)
    end = bytes(range(256)) * 300  # 76,800 bytes that do not compress
    assert b"{" * 1000 + end == _one_member(gzip_finish(start, end))


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200_000))
def test_stored_blocks_are_what_zlib_reads_back(data: bytes) -> None:
    """Any bytes as stored blocks decode, as a raw deflate stream, to themselves and end there."""
    decoder = zlib.decompressobj(-zlib.MAX_WBITS)
    assert data == decoder.decompress(stored_blocks(data)) + decoder.flush()
    assert (True, b"") == (decoder.eof, decoder.unused_data)
