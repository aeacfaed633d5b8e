"""Errors as pages: the status, what went wrong, and the way home."""

from __future__ import annotations

import re

from pemilu_api.render.language import PAGE_WORDS, Lang
from pemilu_api.render.pages.document import document, esc, href
from pemilu_api.render.urls import Urls

# A request path safe to link back to (for the language switch of an error page): no "//" start
# (a link to another host), no characters that would need escaping in a URL.
_SAFE_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~/-]*")


def error_page(status: int, message: str, lang: Lang, urls: Urls, path: str) -> str:
    """An error as a page: the status, what went wrong, and the way home."""
    words = PAGE_WORDS[lang]
    if not _SAFE_PATH.fullmatch(path):
        path = Urls.home
    title = words.error_title.format(status=status)
    main = (
        f"<h1>{esc(title)}</h1>\n<p>{esc(message)}</p>\n"
        f'<p><a href="{href(Urls.home, lang)}">{esc(words.error_back)}</a> · '
        f'<a href="{href(Urls.regions_page, lang)}">{esc(words.all_provinces)}</a></p>'
    )
    return document(
        lang=lang,
        path=path,
        title=title,
        description=message,
        crumbs=(),
        main=main,
        urls=urls,
        canonical=False,
    )
