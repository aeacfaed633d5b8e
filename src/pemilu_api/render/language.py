"""Names of the data's fixed vocabularies in Indonesian and English, shared by feeds and pages."""

from __future__ import annotations

from typing import Final, Literal

from pemilu_api.domain.models import Category

Lang = Literal["id", "en"]

CATEGORY_NAMES: Final[dict[Lang, dict[Category, str]]] = {
    "id": {
        "preparation": "Persiapan",
        "voters": "Pemilih",
        "participants": "Peserta",
        "candidacy": "Pencalonan",
        "campaign": "Kampanye",
        "quiet-period": "Masa tenang",
        "voting": "Pemungutan suara",
        "counting": "Penghitungan suara",
        "results": "Hasil",
        "disputes": "Sengketa",
        "inauguration": "Pelantikan",
    },
    "en": {
        "preparation": "Preparation",
        "voters": "Voters",
        "participants": "Participants",
        "candidacy": "Candidacy",
        "campaign": "Campaign",
        "quiet-period": "Quiet period",
        "voting": "Voting",
        "counting": "Counting",
        "results": "Results",
        "disputes": "Disputes",
        "inauguration": "Inauguration",
    },
}

# Indonesia's three legal time zones (Keppres 41/1987), by the IANA zones the regions table uses.
ZONE_ABBR: Final[dict[str, str]] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
