"""A gzip member made in two parts: a start compressed once, then each of many short ends.

A deflate stream is a run of blocks, and the gzip trailer is the CRC-32 and length of the whole
content (RFC 1951, RFC 1952). zlib compresses a start up to a block boundary on a whole byte
(a sync flush) and writes the gzip header before it. Any blocks may follow those, so a short end
compressed on its own, as the final block, completes the stream; its CRC-32 continues the start's.
Bodies that share a long start and differ in a short end (``/v1/now`` at the instants of one
class) then cost only their end's compression. The trailer is packed here, because no zlib call
finishes a stream that another compressor began.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Final

_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS
# The end is tens of bytes, stored as is: a raw stream with a 512-byte window and the least state.
_END_LEVEL: Final = 0
_END_WBITS: Final = -9
_END_MEMLEVEL: Final = 1
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


def gzip_finish(start: GzipStart, end: bytes) -> bytes:
    """The gzip member whose content is the start's data followed by ``end``."""
    packer = zlib.compressobj(_END_LEVEL, zlib.DEFLATED, _END_WBITS, _END_MEMLEVEL)
    blocks = packer.compress(end) + packer.flush()
    size = (start.length + len(end)) & 0xFFFFFFFF
    return start.opened + blocks + _TRAILER.pack(zlib.crc32(end, start.crc), size)
