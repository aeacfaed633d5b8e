"""Corrected values transcribed by hand from docs/sources/corrections.md (sections 1, 2 and 3).

One row per corrected value: (election id, stage id, field, old value, new value).
The rows cover the three corrected fixtures (pemilu-2019, pemilu-2024, pilkada-2024).

Fields and how a value is written (old = the value in the fixture before the correction, new = after it;
None = the field is absent):
  "start", "end", "date"   ISO date, e.g. "2018-07-09"
  "confidence"             "high" | "medium" | "low"
  "name.id", "name.en"     the stage name, exactly
  "basis"                  the stage's legal bases, each cited as the fixture's LegalBasis.cite() does
                           ("instrument" or "instrument, provision"), joined with "; " in file order
The stage id "[window]" stands for the election's [window] table (field "basis" only).

Not transcribed, because they are prose written for the fixtures rather than values corrections.md gives:
notes (note.id / note.en: pencalonan-dpr-dprd "replaced" reworded, pilkada pengundian-nomor-urut flagged,
the nomination-before-campaign constraints marked as derived from Pasal 276, the thin-confirmation notes),
the undated text of pilkada-2024 penetapan-calon-terpilih ("paling lama 5 (lima) hari"), and the bases of
[[constraints]] / [[lengths]] (the rallies rules now also cite UU 7/2017 Pasal 276(2)).
Section 3a (DKI contests) is deliberately not applied here.
"""

from __future__ import annotations

CORRECTIONS: list[tuple[str, str, str, str | None, str | None]] = [
    # C1: pemilu-2019 DPD candidate registration held 9-11 Jul 2018 (2-8 Jul = superseded original text).
    ("pemilu-2019", "pendaftaran-calon-dpd", "start", "2018-07-02", "2018-07-09"),
    ("pemilu-2019", "pendaftaran-calon-dpd", "end", "2018-07-08", "2018-07-11"),
    (
        "pemilu-2019",
        "pendaftaran-calon-dpd",
        "basis",
        "PKPU 7/2017",
        "PKPU 7/2017 sebagaimana telah diubah",
    ),
    ("pemilu-2019", "pendaftaran-calon-dpd", "confidence", "high", "medium"),
    # C2: pemilu-2024 overseas voting: 5-14 Feb 2024 fits the TPSLN only; renamed (option a), dates kept.
    (
        "pemilu-2024",
        "pemungutan-suara-luar-negeri",
        "name.id",
        "Pemungutan suara di luar negeri (TPSLN, kotak suara keliling, dan pos)",
        "Pemungutan suara di tempat pemungutan suara luar negeri (TPSLN)",
    ),
    (
        "pemilu-2024",
        "pemungutan-suara-luar-negeri",
        "name.en",
        "Overseas voting (overseas polling stations, mobile ballot boxes and post)",
        "Voting at overseas polling stations (TPSLN)",
    ),
    # Section 2: legal bases.
    (
        "pemilu-2024",
        "penetapan-paslon",
        "basis",
        "PKPU 3/2022",
        "PKPU 19/2023, Lampiran I; Keputusan KPU 1632/2023",
    ),
    ("pemilu-2024", "pengundian-nomor-urut", "basis", "PKPU 3/2022", "PKPU 19/2023, Lampiran I"),
    (
        "pemilu-2024",
        "putusan-mk-phpu-presiden",
        "basis",
        "Putusan MK",
        "Putusan MK 1/PHPU.PRES-XXII/2024; Putusan MK 2/PHPU.PRES-XXII/2024",
    ),
    (
        "pemilu-2024",
        "kampanye-rapat-umum",
        "basis",
        "PKPU 15/2023",
        "PKPU 15/2023; UU 7/2017, Pasal 276(2)",
    ),
    (
        "pilkada-2024",
        "pelantikan",
        "basis",
        "Perpres 80/2024; Perpres 13/2025",
        "Perpres 16/2016 sebagaimana telah diubah terakhir dengan Perpres 13/2025, Pasal 22A(1)",
    ),
    (
        "pilkada-2024",
        "[window]",
        "basis",
        "PKPU 2/2024, Lampiran; Perpres 80/2024; Perpres 13/2025",
        "PKPU 2/2024, Lampiran; "
        "Perpres 16/2016 sebagaimana telah diubah terakhir dengan Perpres 13/2025, Pasal 22A(1)",
    ),
    ("pilkada-2024", "masa-tenang", "basis", "PKPU 2/2024, Lampiran; PKPU 13/2024", "PKPU 13/2024"),
    (
        "pemilu-2019",
        "kampanye-rapat-umum",
        "basis",
        "PKPU 7/2017",
        "PKPU 23/2018; PKPU 32/2018; UU 7/2017, Pasal 276(2)",
    ),
    (
        "pemilu-2019",
        "penetapan-hasil-nasional",
        "basis",
        "PKPU 7/2017; UU 7/2017, Pasal 413(1)",
        "Keputusan KPU 987/PL.01.8-Kpt/06/KPU/V/2019; PKPU 7/2017; UU 7/2017, Pasal 413(1)",
    ),
    (
        "pemilu-2019",
        "penetapan-presiden-terpilih",
        "basis",
        "PKPU 7/2017",
        "Keputusan KPU 1185/PL.01.9-Kpt/06/KPU/VI/2019; PKPU 7/2017",
    ),
    # Section 3: confidence (pemilu-2019 pendaftaran-calon-dpd is above, with C1).
    ("pilkada-2024", "penetapan-calon-terpilih", "confidence", "low", "medium"),
]
