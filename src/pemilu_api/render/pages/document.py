"""The document around every public page: head, header, breadcrumbs, footer, and the CSP.

Pages are pure functions of the data, the base URL and the language (nothing here reads the
clock, the request or the host), so a page's bytes (and ETag) change only with the data, and a page
can be exported as a static file. The one stylesheet and the one script are inlined and allowed by
their sha256 hashes in :data:`PAGE_CSP` (computed at import time), so responses stay
byte-identical (a nonce would change every response).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources as package_files

from pemilu_api.render.language import PAGE_WORDS, Lang, format_day, lang_query, other_lang
from pemilu_api.render.pages.seo import social_tags
from pemilu_api.render.urls import Urls


def _asset(name: str) -> str:
    return (package_files.files("pemilu_api.render.pages") / name).read_text("utf-8")


def csp_hash(source: str) -> str:
    """The CSP source expression allowing an inline element whose text is exactly ``source``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def asset_bytes(name: str) -> bytes:
    """A file beside this module, as bytes (the icons)."""
    return (package_files.files("pemilu_api.render.pages") / name).read_bytes()


STYLE = _asset("page.css")
SCRIPT = _asset("page.js")
# Only our own inline style and script (by hash), fetches to this origin (the region picker
# reads /v1/regions), forms to this origin, no plugins, frames, base rewriting or framing.
PAGE_CSP = (
    f"default-src 'none'; style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def esc(text: str) -> str:
    """Text escaped for HTML content and attribute values."""
    return escape(text, quote=True)


def href(path: str, lang: Lang) -> str:
    """A same-origin link to a page in ``lang``."""
    return esc(path + lang_query(lang))


def date_html(day: dt.date, lang: Lang) -> str:
    """A day as a <time> element, written out with its weekday in ``lang``."""
    return f'<time datetime="{day.isoformat()}">{esc(format_day(day, lang))}</time>'


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb trail; the current page has no link."""

    label: str
    path: str | None


def document(
    *,
    lang: Lang,
    path: str,
    title: str,
    description: str,
    crumbs: Sequence[Crumb],
    main: str,
    urls: Urls,
    canonical: bool = True,
    head: str = "",
) -> str:
    """A whole page: head (inline style), header with the language switch, main, footer.

    Every page names its canonical address, its language versions (hreflang, with Indonesian as
    x-default) and its social tags; an error page (``canonical=False``) is kept out of search
    indexes instead. ``head`` adds to the head (e.g. the page's JSON-LD).
    """
    words = PAGE_WORDS[lang]
    other = other_lang(lang)
    alternates = (
        "".join(
            f'<link rel="alternate" hreflang="{code}" href="{esc(urls.url(path + lang_query(code)))}">\n'
            for code in ("id", "en")
        )
        + f'<link rel="alternate" hreflang="x-default" href="{esc(urls.url(path))}">\n'
    )
    head_links = (
        f'<link rel="canonical" href="{esc(urls.url(path + lang_query(lang)))}">\n{alternates}'
        + social_tags(urls, path, lang, title, description)
        if canonical
        else '<meta name="robots" content="noindex">\n'
    )
    trail = ""
    if crumbs:
        items = "".join(
            f'<li><a href="{href(c.path, lang)}">{esc(c.label)}</a></li>'
            if c.path is not None
            else f'<li aria-current="page">{esc(c.label)}</li>'
            for c in crumbs
        )
        trail = f'<nav class="crumbs wrap" aria-label="{esc(words.breadcrumb)}"><ol>{items}</ol></nav>\n'
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · {esc(words.site)}</title>\n"
        f'<meta name="description" content="{esc(description)}">\n'
        f"{head_links}"
        f'<link rel="icon" href="{Urls.icon_svg}" type="image/svg+xml">\n'
        f'<link rel="icon" href="{Urls.icon_png}" type="image/png" sizes="512x512">\n'
        f'<link rel="apple-touch-icon" href="{Urls.icon_png}">\n'
        f"{head}"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#main">{esc(words.skip)}</a>\n'
        '<header class="site"><div class="wrap">\n'
        f'<p class="brand"><a href="{href(Urls.home, lang)}">{esc(words.site)}</a>'
        f'<span class="tagline">{esc(words.tagline)}</span></p>\n'
        f'<nav aria-label="{esc(words.switch_label)}"><p class="lang-switch">'
        f'<a href="{href(path, other)}" hreflang="{other}" lang="{other}">'
        f"{esc(words.other_lang_name)}</a></p></nav>\n"
        "</div></header>\n"
        f"{trail}"
        f'<main id="main" class="wrap">\n{main}\n</main>\n'
        f'<footer class="site"><div class="wrap">\n<p>{esc(words.data_note)}</p>\n'
        f'<ul><li><a href="{Urls.elections}">{esc(words.api_json.format(path=Urls.elections))}</a></li>'
        f'<li><a href="{Urls.docs}">{esc(words.api_docs)}</a></li>'
        f'<li><a href="{Urls.openapi}">{esc(words.api_openapi)}</a></li>'
        f'<li><a href="{href(Urls.regions_page, lang)}">{esc(words.all_provinces)}</a></li></ul>\n'
        "</div></footer>\n"
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
