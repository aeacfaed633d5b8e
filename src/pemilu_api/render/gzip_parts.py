"""A gzip member made in two parts: a start compressed once, then each of many short ends.

A deflate stream is a run of blocks, and the gzip trailer is the CRC-32 and length of the whole
content (RFC 1951, RFC 1952). zlib compresses a start up to a block boundary on a whole byte
(a sync flush) and writes the gzip header before it. Any blocks may follow those, so a short end
in blocks of its own, the last one final, completes the stream; its CRC-32 continues the start's.
Bodies that share a long start and differ in a short end (``/v1/now`` at the instants of one
class) then cost only their end. The end goes in stored blocks (RFC 1951 3.2.4: a header byte on
the boundary, the length and its complement, the bytes as they are), written here because it is
a few dozen bytes and zlib's own setup for them costs several times more than the rest; so is the
trailer, because no zlib call finishes a stream that another compressor began.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Final

_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS
# A stored block's header on a byte boundary: BFINAL then BTYPE 00, then LEN and NLEN.
_STORED: Final = struct.Struct("<BHH")
_STORED_MAX: Final = 0xFFFF
_TRAILER: Final = struct.Struct("<II")


@dataclass(frozen=True)
class GzipStart:
    """The gzip header and the compressed blocks of a start, its CRC-32 and its length."""

    opened: bytes
    crc: int
    length: int


def gzip_start(data: bytes, level: int) -> GzipStart:
    """Compress ``data`` as the start of gzip members that later ends complete."""
    packer = zlib.compressobj(level, zlib.DEFLATED, _GZIP_WBITS)
    opened = packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)
    return GzipStart(opened, zlib.crc32(data), len(data))


def stored_blocks(data: bytes) -> bytes:
    """``data`` as deflate stored blocks, the last one final (one empty block for no data)."""
    if len(data) <= _STORED_MAX:
        return _STORED.pack(1, len(data), len(data) ^ 0xFFFF) + data
    first = _STORED.pack(0, _STORED_MAX, 0) + data[:_STORED_MAX]
    return first + stored_blocks(data[_STORED_MAX:])


def gzip_finish(start: GzipStart, end: bytes) -> bytes:
    """The gzip member whose content is the start's data followed by ``end``."""
    size = (start.length + len(end)) & 0xFFFFFFFF
    trailer = _TRAILER.pack(zlib.crc32(end, start.crc), size)
    return b"".join((start.opened, stored_blocks(end), trailer))
