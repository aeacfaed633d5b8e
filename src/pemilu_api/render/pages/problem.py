"""The pages that problem documents' ``type`` URLs name: what each kind means and what to do."""

from __future__ import annotations

from pemilu_api.render.language import PAGE_WORDS, Lang
from pemilu_api.render.pages.document import Crumb, document, esc, href
from pemilu_api.render.problem_kinds import PROBLEM_KINDS, ProblemKind
from pemilu_api.render.urls import Urls


def problem_page(kind: ProblemKind, lang: Lang, urls: Urls) -> str:
    """One kind of problem: its status, what it means, what to do, and its type URL."""
    words = PAGE_WORDS[lang]
    path = Urls.problem(kind.slug)
    main = (
        f"<h1>{esc(kind.title.get(lang))}</h1>\n"
        f"<p>{esc(words.problem_status.format(status=kind.status))} · "
        f"<code>type: {esc(urls.url(path))}</code></p>\n"
        f"<p>{esc(kind.meaning.get(lang))}</p>\n"
        f"<h2>{esc(words.problem_remedy)}</h2>\n<p>{esc(kind.remedy.get(lang))}</p>\n"
        f'<p><a href="{href(Urls.problems, lang)}">{esc(words.problems_title)}</a></p>'
    )
    return document(
        lang=lang,
        path=path,
        title=kind.title.get(lang),
        description=kind.meaning.get(lang),
        crumbs=(
            Crumb(words.home, Urls.home),
            Crumb(words.problems_title, Urls.problems),
            Crumb(kind.slug, None),
        ),
        main=main,
        urls=urls,
    )


def problems_page(lang: Lang, urls: Urls) -> str:
    """Every kind of problem, with its status and a link to its page."""
    words = PAGE_WORDS[lang]
    items = "".join(
        f'<li><a href="{href(Urls.problem(k.slug), lang)}"><code>{esc(k.slug)}</code></a> '
        f"({k.status}): {esc(k.title.get(lang))}</li>\n"
        for k in PROBLEM_KINDS
    )
    main = (
        f"<h1>{esc(words.problems_title)}</h1>\n<p>{esc(words.problems_intro)}</p>\n"
        f"<ul>\n{items}</ul>"
    )
    return document(
        lang=lang,
        path=Urls.problems,
        title=words.problems_title,
        description=words.problems_intro,
        crumbs=(Crumb(words.home, Urls.home), Crumb(words.problems_title, None)),
        main=main,
        urls=urls,
    )
