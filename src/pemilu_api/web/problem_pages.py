"""The pages a problem document's ``type`` URL names, and their index (lenient, like every page)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Response, route
from litestar.params import PathParameter

from pemilu_api.render.language import Lang, parse_lang
from pemilu_api.render.pages.problem import problem_page, problems_page
from pemilu_api.render.problem_kinds import KINDS_BY_SLUG
from pemilu_api.web.errors import PageError
from pemilu_api.web.page_errors import HTML
from pemilu_api.web.pages import PAGE_OPT, page_answer
from pemilu_api.web.params import PageLangQuery
from pemilu_api.web.routing import GET_HEAD, AnyRequest
from pemilu_api.web.store import store_of


@route(
    "/problems",
    http_method=GET_HEAD,
    sync_to_thread=False,
    media_type=HTML,
    include_in_schema=False,
    opt=PAGE_OPT,
)
def problems_index(request: AnyRequest, lang: PageLangQuery = None) -> Response[Any]:
    """Every kind of problem the API answers with."""
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    return page_answer(
        request,
        store,
        ("problems", chosen),
        lambda: problems_page(chosen, store.urls),
        store.dataset.revision,
    )


@route(
    "/problems/{problem:str}",
    http_method=GET_HEAD,
    sync_to_thread=False,
    media_type=HTML,
    include_in_schema=False,
    opt=PAGE_OPT,
)
def problem_type_page(
    request: AnyRequest,
    problem: Annotated[str, PathParameter(description="A kind of problem, e.g. not-found")],
    lang: PageLangQuery = None,
) -> Response[Any]:
    """What one kind of problem means and what to do about it."""
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    kind = KINDS_BY_SLUG.get(problem)
    if kind is None:
        raise PageError(404, lambda words: words.error_not_found)
    return page_answer(
        request,
        store,
        ("problem", kind.slug, chosen),
        lambda: problem_page(kind, chosen, store.urls),
        store.dataset.revision,
    )


PROBLEM_PAGE_HANDLERS = [problems_index, problem_type_page]
