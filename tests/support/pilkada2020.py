"""Pilkada Serentak 2020 dates, transcribed by hand from docs/sources/schedules-more.md.

Tables used (section "Pilkada Serentak 2020"):
- "Old against new dates (PKPU 15/2019 as it stood before the March 2020 suspension, against PKPU 5/2020)":
  old start, old end, new start, new end and the "conf. (old / new)" column;
- "Change log: the instruments and decisions in order": the decided dates, instruments and what changed.

Only the stages kept in pilkada-2020.toml have a row, named by their fixture ids.
Conventions for a test that checks the fixture against these literals:
- ISO dates; a single-date stage (the source's end column "–" or the same day) has old/new end == start.
- None = no date usable: "not found", relative, or (pemutakhiran-data-pemilih, old) conflicting and listed as
  "Not publishable". A period needs both days, so a None in new start/end means the fixture keeps the stage
  undated today, and None in both old columns means its first-published snapshot carries no dates.
"""

from __future__ import annotations

# (stage id in the fixture, old start, old end, new start, new end, "conf old / new")
STAGE_DATES: list[tuple[str, str | None, str | None, str | None, str | None, str]] = [
    # Row "Pembentukan PPS; pelantikan PPS": old 21 Feb 2020 – 23 Mar 2020 (inauguration 22 Mar,
    # suspended);
    # new "reactivated 15 Jun 2020" – "not found". Fixture: undated today (end not found), 15 Jun in
    # the reason.
    ("pembentukan-pps", "2020-02-21", "2020-03-23", "2020-06-15", None, "medium / medium"),
    # Row "Pemutakhiran dan penyusunan daftar pemilih": old "23 Mar 2020 (tirto) or 27 Mar 2020
    # (sindonews)" –
    # "23 Sep 2020 (tirto) or 22 Sep 2020 (sindonews)", conf. "low (sources differ)": open question
    # 1 and
    # "Not publishable", so None here; new 15 Jun 2020 – 6 Dec 2020.
    ("pemutakhiran-data-pemilih", None, None, "2020-06-15", "2020-12-06", "low / medium"),
    # Row "Pendaftaran pasangan calon": 16 Jun 2020 – 18 Jun 2020 -> 4 Sep 2020 – 6 Sep 2020.
    ("pendaftaran-paslon", "2020-06-16", "2020-06-18", "2020-09-04", "2020-09-06", "high / high"),
    # Row "Penetapan pasangan calon": 8 Jul 2020 -> 23 Sep 2020.
    ("penetapan-paslon", "2020-07-08", "2020-07-08", "2020-09-23", "2020-09-23", "high / high"),
    # Row "Pengundian nomor urut": 9 Jul 2020 -> 24 Sep 2020.
    (
        "pengundian-nomor-urut",
        "2020-07-09",
        "2020-07-09",
        "2020-09-24",
        "2020-09-24",
        "low / medium",
    ),
    # Row "Kampanye": 11 Jul 2020 – 19 Sep 2020 (71 days) -> 26 Sep 2020 – 5 Dec 2020 (71 days).
    ("kampanye", "2020-07-11", "2020-09-19", "2020-09-26", "2020-12-05", "high / high"),
    # Row "LADK": 10 Jul 2020 (published 11 Jul), end "–" -> 25 Sep 2020 (published 26 Sep), end
    # "–".
    (
        "laporan-awal-dana-kampanye",
        "2020-07-10",
        "2020-07-10",
        "2020-09-25",
        "2020-09-25",
        "low / high",
    ),
    # Row "LPSDK": 15 Aug 2020 (published 16 Aug), end "–" -> 31 Oct 2020 (published 1 Nov), end
    # "–".
    (
        "laporan-penerimaan-sumbangan-dana-kampanye",
        "2020-08-15",
        "2020-08-15",
        "2020-10-31",
        "2020-10-31",
        "low / medium",
    ),
    # Row "Masa tenang": 20 Sep 2020 – 22 Sep 2020 -> 6 Dec 2020 – 8 Dec 2020.
    ("masa-tenang", "2020-09-20", "2020-09-22", "2020-12-06", "2020-12-08", "high / high"),
    # Row "Pemungutan dan penghitungan suara di TPS": Wed 23 Sep 2020 -> Wed 9 Dec 2020.
    ("pemungutan-suara", "2020-09-23", "2020-09-23", "2020-12-09", "2020-12-09", "high / high"),
    # Row "Penghitungan suara dan rekapitulasi": 23 Sep 2020 – 5 Oct 2020 -> 9 Dec 2020 – 26 Dec
    # 2020.
    (
        "penghitungan-dan-rekapitulasi",
        "2020-09-23",
        "2020-10-05",
        "2020-12-09",
        "2020-12-26",
        "low / medium",
    ),
    # Row "Penetapan pasangan calon terpilih": relative both times (at most 5 days after the MK
    # ruling / notice).
    ("penetapan-paslon-terpilih", None, None, None, None, "medium / medium"),
]

# (decided, instrument, what): the three instrument entries after the first publication.
CHANGE_LOG: list[tuple[str, str, str]] = [
    # Change-log row "Sat 21 Mar 2020": KPU suspends stages; carried out by Surat Edaran KPU 8/2020.
    (
        "2020-03-21",
        "Keputusan KPU 179/PL.02-Kpt/01/KPU/III/2020",
        "KPU suspends stages: the PPS inauguration (due 22 Mar), PPS work (23 Mar – 23 Nov 2020), "
        "the verification "
        "of independent candidates' support; also PPDP formation and voter-list updating (judging by what "
        "Keputusan 258 later resumed)",
    ),
    # Change-log row "Fri 12 Jun 2020 (promulgated; the date it was set was not found)".
    (
        "2020-06-12",
        "PKPU 5/2020",
        "New schedule; voting on 9 Dec 2020 (Pasal 8C); third amendment of PKPU 15/2019",
    ),
    # Change-log row "Mon 15 Jun 2020".
    (
        "2020-06-15",
        "Keputusan KPU 258/PL.02-Kpt/01/KPU/VI/2020",
        "Stages resume; Keputusan 179 revoked",
    ),
]

# Change-log row "5 Aug 2019 (set), 9 Aug 2019 (promulgated)": the "publication" entry, kept apart
# from CHANGE_LOG.
PUBLICATION: tuple[str, str, str] = (
    "2019-08-05",
    "PKPU 15/2019",
    "Schedule for Pilkada 2020; voting 23 Sep 2020 (promulgated 9 Aug 2019, BN 2019 No. 905)",
)
