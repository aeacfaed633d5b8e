"""Every kind of problem the API answers with, and what it means: the pages its ``type`` URLs name.

A problem document's ``type`` is the URL of the page that explains its kind (RFC 9457 section
3.1.1); the OpenAPI document lists the same kinds. Each explanation says what went wrong and what
to do, in Indonesian and English.
"""

from __future__ import annotations

from typing import NamedTuple

from pemilu_api.domain.vocabulary import Text


class ProblemKind(NamedTuple):
    """One kind of problem: its slug (the last part of its type URL), status and words."""

    slug: str
    status: int
    title: Text
    meaning: Text
    remedy: Text


PROBLEM_KINDS: tuple[ProblemKind, ...] = (
    ProblemKind(
        "invalid-parameter",
        400,
        Text(
            id="Sebuah parameter diberi nilai yang tidak diterimanya",
            en="A parameter has a value it does not accept",
        ),
        Text(
            id="Sebuah parameter diberi nilai yang tidak diterimanya (misalnya key=yes, atau "
            "tanggal yang tidak ditulis YYYY-MM-DD). Anggota parameter dan invalid_params "
            "menyebut parameternya dan nilai yang diterima.",
            en="A parameter was given a value it does not accept (key=yes, say, or a date not "
            "written YYYY-MM-DD). The parameter and invalid_params members name it and say what "
            "it accepts.",
        ),
        Text(
            id="Perbaiki nilainya seperti dijelaskan di detail. Dalam URL, tulis + pada offset "
            "waktu sebagai %2B (contoh at=2024-02-14T08:00:00%2B07:00).",
            en="Correct the value as the detail says. In a URL, write the + of a time offset as "
            "%2B (at=2024-02-14T08:00:00%2B07:00, for example).",
        ),
    ),
    ProblemKind(
        "unknown-parameter",
        400,
        Text(
            id="Parameter query yang tidak diterima rute ini",
            en="A query parameter the route does not take",
        ),
        Text(
            id="Rute JSON menolak parameter yang tidak dikenalnya, agar salah ketik tidak lolos "
            "diam-diam dan memberi jawaban tanpa saringan.",
            en="The JSON routes refuse parameters they do not know, so that a typo does not pass "
            "silently and return an unfiltered answer.",
        ),
        Text(
            id="Detail menyebut parameter yang diterima rute itu; lihat juga /openapi.json. "
            "Feed kalender dan halaman mengabaikan parameter yang tidak dikenal.",
            en="The detail lists the parameters the route takes; see /openapi.json too. The "
            "calendar feeds and the pages ignore unknown parameters.",
        ),
    ),
    ProblemKind(
        "bad-request",
        400,
        Text(id="Permintaan yang tidak dapat dibaca server", en="A request the server cannot read"),
        Text(
            id="Permintaan HTTP itu sendiri cacat: tanpa field Host atau dengan dua, target "
            "yang tidak diawali /, atau Transfer-Encoding yang tidak sah.",
            en="The HTTP request itself is malformed: no Host field or two of them, a target "
            "that does not start with /, or an invalid Transfer-Encoding.",
        ),
        Text(
            id="Kirim permintaan HTTP/1.1 yang sah; klien HTTP yang umum melakukannya sendiri.",
            en="Send a well-formed HTTP/1.1 request; common HTTP clients do so by themselves.",
        ),
    ),
    ProblemKind(
        "not-found",
        404,
        Text(id="Sumber daya tidak ada", en="No such resource"),
        Text(
            id="Tidak ada apa pun di alamat ini.",
            en="Nothing lives at this address.",
        ),
        Text(
            id="Mulailah dari /v1, yang menautkan setiap koleksi, atau dari /docs.",
            en="Start from /v1, which links every collection, or from /docs.",
        ),
    ),
    ProblemKind(
        "election-not-found",
        404,
        Text(id="Tidak ada pemilihan dengan id ini", en="No election with this id"),
        Text(
            id="Tidak ada pemilihan dengan id ini. Id tidak pernah diubah atau dipakai ulang.",
            en="There is no election with this id. Ids are never changed or reused.",
        ),
        Text(
            id="GET /v1/elections mendaftar id yang ada (misalnya pemilu-2024).",
            en="GET /v1/elections lists the ids there are (pemilu-2024, for example).",
        ),
    ),
    ProblemKind(
        "stage-not-found",
        404,
        Text(
            id="Tidak ada tahapan dengan id ini dalam pemilihan itu",
            en="No stage with this id in the election",
        ),
        Text(
            id="Pemilihan itu tidak punya tahapan dengan id ini. Tahapan yang dihapus tercatat "
            "di daftar retired pemilihan itu, dan id-nya tidak dipakai ulang.",
            en="The election has no stage with this id. Dropped stages are listed in the "
            "election's retired list, and their ids are never reused.",
        ),
        Text(
            id="GET /v1/elections/{id}/stages mendaftar tahapannya.",
            en="GET /v1/elections/{id}/stages lists its stages.",
        ),
    ),
    ProblemKind(
        "region-not-found",
        404,
        Text(id="Tidak ada daerah dengan kode ini", en="No region with this code"),
        Text(
            id="Tidak ada provinsi atau kabupaten/kota dengan kode Kemendagri ini.",
            en="There is no province or kabupaten/kota with this Kemendagri code.",
        ),
        Text(
            id="Tulis kode dengan titik (33.05) atau tanpa titik (3305); GET /v1/regions?q=nama "
            "mencarinya berdasarkan nama.",
            en="Write the code dotted (33.05) or undotted (3305); GET /v1/regions?q=name finds "
            "it by name.",
        ),
    ),
    ProblemKind(
        "province-not-found",
        404,
        Text(id="Tidak ada provinsi dengan kode ini", en="No province with this code"),
        Text(
            id="Tidak ada provinsi dengan kode dua angka ini.",
            en="There is no province with this two-digit code.",
        ),
        Text(
            id="GET /v1/regions?level=provinsi mendaftar provinsi.",
            en="GET /v1/regions?level=provinsi lists the provinces.",
        ),
    ),
    ProblemKind(
        "change-not-found",
        404,
        Text(
            id="Tidak ada entri log perubahan dengan id ini", en="No change-log entry with this id"
        ),
        Text(
            id="Parameter after menyebut entri log perubahan yang tidak ada. Id entri adalah id "
            "pemilihan dan nomor urut entri dalam lognya, misalnya pilkada-2020.3.",
            en="The after parameter names a change-log entry that does not exist. An entry's id "
            "is its election's id and its position in that election's log, e.g. pilkada-2020.3.",
        ),
        Text(
            id="Ikuti tautan next halaman sebelumnya, atau mulai lagi dari /v1/changes?since=….",
            en="Follow the next link of the previous page, or start again from "
            "/v1/changes?since=….",
        ),
    ),
    ProblemKind(
        "method-not-allowed",
        405,
        Text(
            id="Sumber daya ini tidak menjawab metode ini",
            en="The resource does not answer this method",
        ),
        Text(
            id="API ini hanya-baca: setiap sumber daya menjawab GET dan HEAD (dan OPTIONS untuk "
            "CORS).",
            en="This API is read-only: every resource answers GET and HEAD (and OPTIONS for CORS).",
        ),
        Text(
            id="Gunakan GET; header Allow menyebut metode yang diterima.",
            en="Use GET; the Allow header names the methods accepted.",
        ),
    ),
    ProblemKind(
        "uri-too-long",
        414,
        Text(id="Target permintaan terlalu panjang", en="The request target is too long"),
        Text(
            id="Path dan query permintaan lebih panjang daripada batas server.",
            en="The request's path and query are longer than the server's limit.",
        ),
        Text(
            id="Kirim query yang lebih pendek; tidak ada parameter yang perlu sepanjang itu.",
            en="Send a shorter query; no parameter needs to be that long.",
        ),
    ),
    ProblemKind(
        "internal-server-error",
        500,
        Text(id="Server gagal menjawab", en="The server failed to answer"),
        Text(
            id="Server gagal menjawab permintaan yang sah. Ini kesalahan kami, bukan kesalahan "
            "Anda.",
            en="The server failed on a valid request. This is our fault, not yours.",
        ),
        Text(
            id="Coba lagi nanti, dan laporkan URL-nya bila terulang.",
            en="Try again later, and report the URL if it happens again.",
        ),
    ),
)

KINDS_BY_SLUG: dict[str, ProblemKind] = {kind.slug: kind for kind in PROBLEM_KINDS}
