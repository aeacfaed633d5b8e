"""The public pages' own words in Indonesian and English, and how dates are written in each.

Names of elections, stages, contests and notes come from the data (``Text.get(lang)``); only the
page's furniture (headings, buttons, instructions, month names) lives here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pemilu_api.domain.models import Election, RegionLevel
from pemilu_api.render.language import Lang

LANGS: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "id"


def parse_lang(value: str | None) -> Lang:
    """The page language asked for: "en" (any case, region subtag ignored) or else Indonesian.

    A page never fails because of its query: a missing or unknown ``lang`` gives the Indonesian
    page (the documented default), so a mistyped shared link still shows the timeline.
    """
    if value is not None and value.split("-", 1)[0].strip().lower() == "en":
        return "en"
    return DEFAULT_LANG


def lang_query(lang: Lang) -> str:
    """The query string that keeps ``lang`` on a link ("" for the default language)."""
    return "" if lang == DEFAULT_LANG else f"?lang={lang}"


MONTHS: dict[Lang, tuple[str, ...]] = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
MONTHS_SHORT: dict[Lang, tuple[str, ...]] = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def format_date(day: dt.date, lang: Lang) -> str:
    """A day written out, e.g. "14 Februari 2024" / "14 February 2024"."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def format_date_short(day: dt.date, lang: Lang) -> str:
    """A day with the short month, e.g. "14 Feb 2024"."""
    return f"{day.day} {MONTHS_SHORT[lang][day.month - 1]} {day.year}"


def format_span(first: dt.date, last: dt.date, lang: Lang, *, short: bool = False) -> str:
    """An inclusive span of days, or one day when ``first == last``."""
    fmt = format_date_short if short else format_date
    if first == last:
        return fmt(first, lang)
    return f"{fmt(first, lang)} – {fmt(last, lang)}"


def format_time(moment: dt.time, lang: Lang) -> str:
    """A local time of day as each language writes it (07.00 / 07:00)."""
    sep = "." if lang == "id" else ":"
    return f"{moment.hour:02d}{sep}{moment.minute:02d}"


def short_name(election: Election) -> str:
    """The election's short name, the same in both languages (e.g. "Pemilu 2024")."""
    return f"{election.kind.capitalize()} {election.voting_day.year}"


LEVEL_NAMES: dict[Lang, dict[RegionLevel, str]] = {
    "id": {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"},
    "en": {"provinsi": "Province", "kabupaten": "Regency (kabupaten)", "kota": "City (kota)"},
}


@dataclass(frozen=True)
class Words:
    """The fixed texts of the pages in one language."""

    lang: Lang
    other_lang: Lang
    other_lang_name: str
    switch_label: str
    skip: str
    site: str
    tagline: str
    home: str
    breadcrumb: str
    home_title: str
    home_intro: str
    elections_heading: str
    election_voting_day: str
    election_page: str
    election_window: str
    basis: str
    contests: str
    contests_here: str
    note: str
    timeline: str
    timeline_scroll: str
    timeline_title: str
    timeline_desc: str
    timeline_undated: str
    timeline_undated_one: str
    stage_list: str
    stage_count: str
    stage_count_one: str
    legend: str
    legend_period: str
    legend_day: str
    legend_key: str
    legend_sub: str
    legend_cancelled: str
    legend_voting_day: str
    legend_today: str
    today: str
    key_date: str
    cancelled: str
    undated: str
    deadline: str
    part_of: str
    hours_local: str
    hours_region: str
    category: str
    subscribe: str
    subscribe_intro: str
    subscribe_all: str
    subscribe_election: str
    subscribe_region: str
    calendar_of: str
    subscribe_short: str
    download_short: str
    feed_link: str
    webcal: str
    feed_url: str
    copy: str
    copied: str
    copy_failed: str
    download: str
    key_only: str
    key_only_intro: str
    how_to: str
    google: str
    google_steps: tuple[str, ...]
    apple: str
    apple_steps: tuple[str, ...]
    outlook: str
    outlook_steps: tuple[str, ...]
    refresh_note: str
    picker_heading: str
    picker_intro: str
    province: str
    regency: str
    whole_province: str
    choose_province: str
    show: str
    all_provinces: str
    provinces_heading: str
    regions_title: str
    regions_intro: str
    region_code: str
    time_zone: str
    regencies_in: str
    region_elections: str
    region_no_elections: str
    api_heading: str
    api_intro: str
    api_json: str
    api_docs: str
    api_openapi: str
    data_note: str
    changes: str
    error_title: str
    error_back: str
    error_not_found: str
    error_region: str
    error_election: str
    error_method: str
    error_other: str


WORDS: dict[Lang, Words] = {
    "id": Words(
        lang="id",
        other_lang="en",
        other_lang_name="English",
        switch_label="Bahasa",
        skip="Langsung ke isi",
        site="Jadwal Pemilu",
        tagline="Tahapan dan jadwal resmi pemilu Indonesia",
        home="Beranda",
        breadcrumb="Jejak halaman",
        home_title="Tahapan dan jadwal pemilu Indonesia",
        home_intro=(
            "Semua tahapan Pemilu dan Pilkada menurut peraturan dan keputusan KPU, dengan dasar "
            "hukumnya. Pilih daerah Anda untuk melihat pemilihan yang diadakan di sana, atau "
            "tambahkan jadwalnya ke kalender di ponsel atau komputer Anda."
        ),
        elections_heading="Pemilihan",
        election_voting_day="Hari pemungutan suara",
        election_page="Halaman lengkap {name}",
        election_window="Rentang tahapan menurut undang-undang",
        basis="Dasar hukum",
        contests="Yang dipilih",
        contests_here="Yang dipilih di daerah ini",
        note="Catatan",
        timeline="Garis waktu",
        timeline_scroll="Garis waktu {name} (dapat digeser ke samping)",
        timeline_title="Garis waktu {name}: {count} tahapan, {first} sampai {last}",
        timeline_desc=(
            "Setiap batang adalah satu tahapan pada sumbu tanggal; subtahapan berada di bawah "
            "tahapannya, tanggal penting ditandai belah ketupat, tahapan yang dibatalkan dicoret. "
            "Daftar lengkap dengan tanggalnya ada di bawah gambar ini."
        ),
        timeline_undated="{count} tahapan tanpa tanggal tetap hanya ada di daftar.",
        timeline_undated_one="1 tahapan tanpa tanggal tetap hanya ada di daftar.",
        stage_list="Daftar tahapan {name}",
        stage_count="{count} tahapan",
        stage_count_one="1 tahapan",
        legend="Keterangan",
        legend_period="masa (batang)",
        legend_day="satu hari",
        legend_key="tanggal penting",
        legend_sub="subtahapan (batang tipis, latar abu-abu)",
        legend_cancelled="dibatalkan (dicoret)",
        legend_voting_day="hari pemungutan suara",
        legend_today="hari ini",
        today="Hari ini",
        key_date="tanggal penting",
        cancelled="dibatalkan",
        undated="belum bertanggal",
        deadline="batas waktu",
        part_of="bagian dari",
        hours_local="pukul {start}–{end} waktu setempat",
        hours_region="pukul {start}–{end} {zone}",
        category="Kategori",
        subscribe="Tambahkan ke kalender",
        subscribe_intro=(
            "Berlangganan feed iCalendar: kalender Anda akan memperbarui sendiri bila KPU "
            "mengubah tanggal."
        ),
        subscribe_all="semua pemilihan",
        subscribe_election="{name}",
        subscribe_region="semua pemilihan di {region}",
        calendar_of="Kalender {name}",
        subscribe_short="berlangganan",
        download_short="unduh .ics",
        feed_link="alamat feed",
        webcal="Berlangganan di aplikasi kalender",
        feed_url="Alamat feed ({what})",
        copy="Salin alamat",
        copied="Alamat tersalin.",
        copy_failed="Tidak dapat menyalin; alamat sudah dipilih, salin secara manual.",
        download="Unduh file .ics",
        key_only="Hanya tanggal penting",
        key_only_intro="Versi ringkas, hanya tanggal penting:",
        how_to="Cara berlangganan",
        google="Google Kalender",
        google_steps=(
            "Salin alamat feed di atas.",
            "Di calendar.google.com (komputer), klik + di samping “Kalender lain”, "
            "lalu pilih “Dari URL”.",
            "Tempel alamatnya, lalu klik “Tambahkan kalender”. Kalender itu akan muncul juga "
            "di aplikasi Google Kalender di ponsel.",
        ),
        apple="Kalender Apple (iPhone, iPad, Mac)",
        apple_steps=(
            "Di iPhone atau iPad: ketuk tautan “Berlangganan di aplikasi kalender”, lalu "
            "“Berlangganan”.",
            "Di Mac: buka Kalender, pilih File › Langganan Kalender Baru, tempel alamat feed, "
            "lalu klik Langganan.",
        ),
        outlook="Outlook",
        outlook_steps=(
            "Di Outlook.com atau Outlook baru: Kalender › Tambahkan kalender › "
            "Berlangganan dari web.",
            "Tempel alamat feed, beri nama, lalu klik Impor.",
            "Di Outlook klasik untuk Windows: Beranda › Tambahkan Kalender › "
            "Dari Internet, lalu tempel alamatnya.",
        ),
        refresh_note=(
            "Aplikasi kalender memeriksa perubahan sendiri, biasanya beberapa kali sehari. "
            "File yang diunduh tidak ikut diperbarui."
        ),
        picker_heading="Jadwal di daerah Anda",
        picker_intro=(
            "Pilih provinsi, lalu kabupaten/kota, untuk melihat pemilihan yang diadakan di sana "
            "dan feed kalendernya."
        ),
        province="Provinsi",
        regency="Kabupaten/kota",
        whole_province="— seluruh provinsi —",
        choose_province="Pilih provinsi",
        show="Tampilkan",
        all_provinces="Daftar semua provinsi",
        provinces_heading="Semua provinsi",
        regions_title="Pilih daerah",
        regions_intro=("Semua provinsi. Halaman setiap provinsi mendaftar kabupaten dan kotanya."),
        region_code="Kode Kemendagri",
        time_zone="Zona waktu",
        regencies_in="Kabupaten dan kota di {province}",
        region_elections="Pemilihan di {region}",
        region_no_elections="Tidak ada pemilihan dalam data ini untuk daerah ini.",
        api_heading="Data untuk pengembang",
        api_intro=(
            "Semua yang ada di halaman ini juga tersedia sebagai data JSON dengan id yang stabil."
        ),
        api_json="JSON: {path}",
        api_docs="Dokumentasi API interaktif (dalam bahasa Inggris)",
        api_openapi="Dokumen OpenAPI",
        data_note=(
            "Data: tahapan dan jadwal dari peraturan dan keputusan KPU (CC BY 4.0). "
            "Tanggal bersifat inklusif dan mengikuti waktu setempat."
        ),
        changes="Perubahan data",
        error_title="Kesalahan {status}",
        error_back="Kembali ke beranda",
        error_not_found="Halaman ini tidak ada.",
        error_region="Tidak ada daerah dengan kode “{code}”.",
        error_election="Tidak ada pemilihan dengan id “{id}”.",
        error_method="Metode ini tidak didukung di alamat ini.",
        error_other="Permintaan ini tidak dapat dijawab.",
    ),
    "en": Words(
        lang="en",
        other_lang="id",
        other_lang_name="Bahasa Indonesia",
        switch_label="Language",
        skip="Skip to content",
        site="Indonesian election dates",
        tagline="The official stage timeline of Indonesian elections",
        home="Home",
        breadcrumb="Breadcrumb",
        home_title="Stages and dates of Indonesian elections",
        home_intro=(
            "Every stage of the general (Pemilu) and regional (Pilkada) elections as set by "
            "KPU regulations and decrees, with its legal basis. Choose your region to see the "
            "elections held there, or add the dates to the calendar on your phone or computer."
        ),
        elections_heading="Elections",
        election_voting_day="Voting day",
        election_page="Full page of {name}",
        election_window="Window the law gives the stages",
        basis="Legal basis",
        contests="Who is elected",
        contests_here="Who is elected in this region",
        note="Note",
        timeline="Timeline",
        timeline_scroll="Timeline of {name} (scrolls sideways)",
        timeline_title="Timeline of {name}: {count} stages, {first} to {last}",
        timeline_desc=(
            "Each bar is one stage on a date axis; sub-stages sit under their stage, key dates "
            "are marked with a diamond, cancelled stages are struck through. The full list with "
            "dates follows this picture."
        ),
        timeline_undated="{count} stages without a fixed date are only in the list.",
        timeline_undated_one="1 stage without a fixed date is only in the list.",
        stage_list="Stages of {name}",
        stage_count="{count} stages",
        stage_count_one="1 stage",
        legend="Legend",
        legend_period="period (bar)",
        legend_day="single day",
        legend_key="key date",
        legend_sub="sub-stage (thin bar, grey band)",
        legend_cancelled="cancelled (struck through)",
        legend_voting_day="voting day",
        legend_today="today",
        today="Today",
        key_date="key date",
        cancelled="cancelled",
        undated="not dated yet",
        deadline="deadline",
        part_of="part of",
        hours_local="{start}–{end} local time",
        hours_region="{start}–{end} {zone}",
        category="Category",
        subscribe="Add to your calendar",
        subscribe_intro=(
            "Subscribe to the iCalendar feed: your calendar updates itself when KPU changes a date."
        ),
        subscribe_all="all elections",
        subscribe_election="{name}",
        subscribe_region="all elections in {region}",
        calendar_of="Calendar of {name}",
        subscribe_short="subscribe",
        download_short="download .ics",
        feed_link="feed address",
        webcal="Subscribe in your calendar app",
        feed_url="Feed address ({what})",
        copy="Copy address",
        copied="Address copied.",
        copy_failed="Could not copy; the address is selected, copy it by hand.",
        download="Download the .ics file",
        key_only="Key dates only",
        key_only_intro="A short version with key dates only:",
        how_to="How to subscribe",
        google="Google Calendar",
        google_steps=(
            "Copy the feed address above.",
            "On calendar.google.com (on a computer), click + next to “Other calendars”, "
            "then choose “From URL”.",
            "Paste the address and click “Add calendar”. The calendar also appears in the "
            "Google Calendar app on your phone.",
        ),
        apple="Apple Calendar (iPhone, iPad, Mac)",
        apple_steps=(
            "On iPhone or iPad: tap the “Subscribe in your calendar app” link, then “Subscribe”.",
            "On a Mac: open Calendar, choose File › New Calendar Subscription, paste the feed "
            "address and click Subscribe.",
        ),
        outlook="Outlook",
        outlook_steps=(
            "On Outlook.com or the new Outlook: Calendar › Add calendar › Subscribe from web.",
            "Paste the feed address, give it a name and click Import.",
            "In classic Outlook for Windows: Home › Add Calendar › From Internet, then paste "
            "the address.",
        ),
        refresh_note=(
            "Calendar apps check for changes on their own, usually a few times a day. "
            "A downloaded file is not updated."
        ),
        picker_heading="Dates in your region",
        picker_intro=(
            "Choose a province, then a regency or city, to see the elections held there and "
            "their calendar feed."
        ),
        province="Province",
        regency="Regency or city (kabupaten/kota)",
        whole_province="— the whole province —",
        choose_province="Choose a province",
        show="Show",
        all_provinces="List of all provinces",
        provinces_heading="All provinces",
        regions_title="Choose a region",
        regions_intro="Every province. Each province's page lists its regencies and cities.",
        region_code="Kemendagri code",
        time_zone="Time zone",
        regencies_in="Regencies and cities in {province}",
        region_elections="Elections in {region}",
        region_no_elections="No election in this data is held in this region.",
        api_heading="Data for developers",
        api_intro="Everything on this page is also available as JSON data with stable ids.",
        api_json="JSON: {path}",
        api_docs="Interactive API documentation",
        api_openapi="OpenAPI document",
        data_note=(
            "Data: stages and dates from KPU regulations and decrees (CC BY 4.0). "
            "Dates are inclusive and in local time."
        ),
        changes="Data changes",
        error_title="Error {status}",
        error_back="Back to the home page",
        error_not_found="There is no such page.",
        error_region="There is no region with code “{code}”.",
        error_election="There is no election with id “{id}”.",
        error_method="This method is not supported at this address.",
        error_other="This request cannot be answered.",
    ),
}
