"""Dates transcribed by hand from docs/sources/schedules-more.md, to check the fixtures against.

Copied from the data transcription of issue 10 (its notes say what was left out and why); read by
tests/domain/test_sources_record.py.

One list per election: (stage id, first day ISO, last day ISO or "same", confidence, instrument).
"same" means a one-day stage. The instrument is the first basis the fixture cites for the stage.
A row is listed only where the source row is publishable (high or medium, or derived with a flag);
low rows and rows on the source's "Not publishable" list are absent on purpose (see NOTES.md).
UNDATED lists stages the fixtures keep without dates (stage id, confidence).
PSU: (region code, voting day ISO, MK case number or None, confidence), one row per re-vote.
"""

from __future__ import annotations

from typing import Final

Row = tuple[str, str, str, str, str]
SAME: Final = "same"

# Section "Pemilu 2014, legislative (DPR, DPD, DPRD) — PKPU 7/2012 as amended".
PILEG_2014: list[Row] = [
    ("kampanye", "2013-01-11", "2014-04-05", "high", "PKPU 7/2012"),  # row "Masa kampanye"
    ("kampanye-rapat-umum", "2014-03-16", "2014-04-05", "high", "PKPU 7/2012"),  # "rapat umum"
    ("masa-tenang", "2014-04-06", "2014-04-08", "medium", "PKPU 7/2012"),  # row "Masa tenang"
    ("pemungutan-suara", "2014-04-09", SAME, "high", "PKPU 7/2012"),  # row "Pemungutan dan ..."
    # row "Penetapan hasil Pemilu secara nasional"
    (
        "penetapan-hasil-nasional",
        "2014-05-09",
        SAME,
        "high",
        "Keputusan KPU 411/Kpts/KPU/Tahun 2014",
    ),
]

# Section "Pemilu 2014, presidential — PKPU 4/2014".
PILPRES_2014: list[Row] = [
    ("pendaftaran-paslon", "2014-05-18", "2014-05-20", "high", "PKPU 4/2014"),  # "Pendaftaran ..."
    ("penetapan-paslon", "2014-05-31", SAME, "medium", "PKPU 4/2014"),  # row "Penetapan pasangan"
    ("pengundian-nomor-urut", "2014-06-01", SAME, "medium", "PKPU 4/2014"),  # row "Pengundian"
    ("pemungutan-suara", "2014-07-09", SAME, "high", "PKPU 4/2014"),  # row "Pemungutan suara"
    # row "Rekapitulasi nasional dan penetapan hasil" (22 Jul, Keputusan 535: high)
    (
        "penetapan-hasil-nasional",
        "2014-07-22",
        SAME,
        "high",
        "Keputusan KPU 535/Kpts/KPU/Tahun 2014",
    ),
    # same row, Keputusan 536 (medium: gresnews)
    (
        "penetapan-presiden-terpilih",
        "2014-07-22",
        SAME,
        "medium",
        "Keputusan KPU 536/Kpts/KPU/Tahun 2014",
    ),
    # row "Putusan MK PHPU Presiden" (number not recorded)
    (
        "putusan-mk-phpu-presiden",
        "2014-08-21",
        SAME,
        "high",
        "Putusan MK PHPU Presiden 2014 (nomor tidak tercatat)",
    ),
]

# Section "Pilkada Serentak 2015 — PKPU 2/2015".
PILKADA_2015: list[Row] = [
    # row "Pengumuman pendaftaran pasangan calon"
    ("pengumuman-pendaftaran-paslon", "2015-07-14", "2015-07-25", "medium", "PKPU 2/2015"),
    ("pendaftaran-paslon", "2015-07-26", "2015-07-28", "medium", "PKPU 2/2015"),  # "Pendaftaran"
    ("penetapan-paslon", "2015-08-24", SAME, "medium", "PKPU 2/2015"),  # row "Penetapan pasangan"
    ("kampanye", "2015-08-27", "2015-12-05", "medium", "PKPU 2/2015"),  # row "Kampanye"
    ("masa-tenang", "2015-12-06", "2015-12-08", "medium", "PKPU 2/2015"),  # row "Masa tenang"
    ("pemungutan-suara", "2015-12-09", SAME, "high", "PKPU 2/2015"),  # row "Pemungutan dan ..."
]

# Section "Pilkada Serentak 2017 — PKPU 3/2016 as amended" (open question 15: campaign from 28 Oct).
PILKADA_2017: list[Row] = [
    ("pendaftaran-paslon", "2016-09-21", "2016-09-23", "high", "PKPU 3/2016"),  # "Pendaftaran"
    ("penetapan-paslon", "2016-10-24", SAME, "medium", "PKPU 3/2016"),  # row "Penetapan pasangan"
    ("pengundian-nomor-urut", "2016-10-25", SAME, "medium", "PKPU 3/2016"),  # row "Pengundian"
    ("kampanye", "2016-10-28", "2017-02-11", "medium", "PKPU 3/2016"),  # row "Kampanye"
    ("masa-tenang", "2017-02-12", "2017-02-14", "medium", "PKPU 3/2016"),  # row "Masa tenang"
    ("pemungutan-suara", "2017-02-15", SAME, "high", "PKPU 3/2016"),  # row "Pemungutan suara"
    # row "Pemungutan suara putaran kedua (DKI Jakarta)"
    ("pemungutan-suara-putaran-kedua", "2017-04-19", SAME, "medium", "PKPU 3/2016"),
]

# Section "Pilkada Serentak 2018 — PKPU 1/2017".
PILKADA_2018: list[Row] = [
    ("pendaftaran-paslon", "2018-01-08", "2018-01-10", "medium", "PKPU 1/2017"),  # "Pendaftaran"
    ("penetapan-paslon", "2018-02-12", SAME, "medium", "PKPU 1/2017"),  # row "Penetapan pasangan"
    ("pengundian-nomor-urut", "2018-02-13", SAME, "medium", "PKPU 1/2017"),  # row "Pengundian"
    # row "Kampanye": high (start); medium (end) -> medium
    ("kampanye", "2018-02-15", "2018-06-23", "medium", "PKPU 1/2017"),
    ("pemungutan-suara", "2018-06-27", SAME, "high", "PKPU 1/2017"),  # row "Pemungutan suara"
]

# Section "Re-run elections where the empty box won (pemilihan ulang 2025)", table of stages.
_RERUN_REG = "Peraturan KPU tentang Tahapan dan Jadwal Pemilihan Ulang Tahun 2025"
PILKADA_ULANG_2025: list[Row] = [
    ("pembentukan-ppk-pps-kpps", "2025-02-06", "2025-08-05", "medium", _RERUN_REG),  # "Pembentukan"
    # row "Pemutakhiran ...": start "Jan 2025 (day not given)", end 20 Jun 2025 (medium, end)
    ("pemutakhiran-data-pemilih", "2025-06-20", SAME, "medium", _RERUN_REG),
    ("dukungan-calon-perseorangan", "2025-03-06", "2025-06-20", "high", _RERUN_REG),  # "Pemenuhan"
    ("pendaftaran-paslon", "2025-06-26", "2025-06-28", "high", _RERUN_REG),  # row "Pendaftaran"
    ("penetapan-paslon", "2025-07-22", SAME, "high", _RERUN_REG),  # row "Penetapan pasangan calon"
    ("kampanye", "2025-07-25", "2025-08-23", "high", _RERUN_REG),  # row "Kampanye"
    # row "Masa tenang": derived, no source -> low with a `derived` note
    ("masa-tenang", "2025-08-24", "2025-08-26", "low", _RERUN_REG),
    ("pemungutan-suara", "2025-08-27", SAME, "high", _RERUN_REG),  # row "Pemungutan suara"
    # row "Rekapitulasi dan penetapan hasil (kabupaten/kota)"
    ("penetapan-hasil", "2025-09-02", SAME, "high", "Keputusan KPU Kab. Bangka 406/2025"),
]

# Stages whose dates are DERIVED (must carry a `derived` note).
DERIVED: dict[str, list[str]] = {"pilkada-ulang-2025": ["masa-tenang"]}

# Stages kept without dates (stage id, confidence).
UNDATED: dict[str, list[tuple[str, str]]] = {
    "pilpres-2014": [("kampanye", "low"), ("masa-tenang", "low")],  # rows: one source (kontan)
    "pilkada-2015": [("pemungutan-suara-ditunda", "medium")],  # five postponed regions
    "pilkada-2018": [("masa-tenang", "low")],  # "Not publishable": 2018 quiet period
    "pemilu-2029": [("pemungutan-suara", "high"), ("penetapan-presiden-terpilih", "high")],
}

ELECTIONS: dict[str, list[Row]] = {
    "pileg-2014": PILEG_2014,
    "pilpres-2014": PILPRES_2014,
    "pilkada-2015": PILKADA_2015,
    "pilkada-2017": PILKADA_2017,
    "pilkada-2018": PILKADA_2018,
    "pilkada-ulang-2025": PILKADA_ULANG_2025,
    "pemilu-2029": [],  # no dated stage
}

# Section "Pemilu 2029": the dated legal event and the relative rule.
PEMILU_2029_EVENTS: list[tuple[str, str, str, str]] = [
    ("putusan-mk-135-puu-xxii-2024", "2025-06-26", "high", "Putusan MK 135/PUU-XXII/2024"),
    # events table, 17 Sep 2025 row (the proposal: high)
    (
        "usulan-revisi-uu-pemilu",
        "2025-09-17",
        "high",
        "Usulan Prolegnas Prioritas 2026 Komisi II DPR",
    ),
]
PEMILU_2029_RELATIVE: list[tuple[str, str, str]] = [
    ("tahapan-dimulai-20-bulan", "UU 7/2017", "Pasal 167(6)")
]

# Section "Re-votes ordered by the Constitutional Court (PSU)": table, in its order.
PSU: list[tuple[str, str, str | None, str]] = [
    ("14.08", "2025-03-22", "73/PHPU.BUP-XXIII/2025", "high"),  # Kab. Siak: high (date)
    ("19.05", "2025-03-22", None, "high"),  # Kab. Bangka Barat
    ("35.20", "2025-03-22", "30/PHPU.BUP-XXIII/2025", "high"),  # Kab. Magetan
    ("62.05", "2025-03-22", "28/PHPU.BUP-XXIII/2025", "high"),  # Kab. Barito Utara, first
    ("11.72", "2025-04-05", None, "high"),  # Kota Sabang
    ("72.01", "2025-04-05", None, "high"),  # Kab. Banggai: high (date)
    ("15.08", "2025-04-05", None, "medium"),  # Kab. Bungo
    ("82.08", "2025-04-05", None, "medium"),  # Kab. Pulau Taliabu
    ("81.04", "2025-04-05", None, "high"),  # Kab. Buru
    ("71.04", "2025-04-09", None, "high"),  # Kab. Kepulauan Talaud (317 is a later dispute)
    ("72.08", "2025-04-16", "75/PHPU.BUP-XXIII/2025", "high"),  # Kab. Parigi Moutong: high (16 Apr)
    ("63.72", "2025-04-19", None, "medium"),  # Kota Banjarbaru
    ("36.04", "2025-04-19", None, "medium"),  # Kab. Serang
    ("13.08", "2025-04-19", "02/PHPU.BUP-XXIII/2025", "medium"),  # Kab. Pasaman
    ("16.11", "2025-04-19", None, "medium"),  # Kab. Empat Lawang
    ("32.06", "2025-04-19", "132/PHPU.BUP-XXIII/2025", "medium"),  # Kab. Tasikmalaya
    ("64.02", "2025-04-19", None, "medium"),  # Kab. Kutai Kartanegara
    ("75.05", "2025-04-19", None, "medium"),  # Kab. Gorontalo Utara
    ("17.01", "2025-04-19", None, "medium"),  # Kab. Bengkulu Selatan
    ("73.73", "2025-05-24", None, "medium"),  # Kota Palopo
    ("64.11", "2025-05-24", "224/PHPU.BUP-XXIII/2025", "medium"),  # Kab. Mahakam Ulu
    ("18.09", "2025-05-24", None, "medium"),  # Kab. Pesawaran: medium (date)
    ("91", "2025-08-06", None, "high"),  # Provinsi Papua (91), governor
    ("93.02", "2025-08-06", "260/PHPU.BUP-XXIII/2025", "high"),  # Kab. Boven Digoel
    # Kab. Barito Utara, second re-vote: high (ruling); medium (voting day)
    ("62.05", "2025-08-06", "313/PHPU.BUP-XXIII/2025", "medium"),
]

# Barito Utara table, row "Putusan MK" (a disputes-category stage in the PSU snippet).
PSU_RULINGS: list[tuple[str, str, str, str]] = [
    ("62.05", "2025-05-14", "313/PHPU.BUP-XXIII/2025", "high")
]

# Section "Region lists" and the list files: counts per level (provinsi, kabupaten, kota).
HELD_COUNTS: dict[str, tuple[int, int, int]] = {
    "pilkada-2015": (9, 224, 36),  # 269 = 9 + 224 + 36
    "pilkada-2017": (7 + 1, 76, 18),  # 101 = 7 + 76 + 18, plus successor province 96 (Papua Barat)
}
POSTPONED_2015: list[str] = [
    "62",
    "92.03",
    "12.72",
    "12.08",
    "71.71",
]  # 264 of 269 voted on 9 Dec 2015
