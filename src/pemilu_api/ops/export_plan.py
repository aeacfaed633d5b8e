"""Which URLs a static export tries: the app's GET routes, filled in from the data set.

Path parameters take their values from the data (elections, their stages, regions, doc assets,
kinds of problem);
lenient routes (feeds, pages) get every combination of the query values the app answers
differently, and how each route reads its parameters is verified against the app itself. Of the
filters of strict routes, only ``province`` is tried (one query per province): the pages' region
picker asks for it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, get_args, get_origin
from urllib.parse import urlencode

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from pemilu_api.domain.dataset import Dataset
from pemilu_api.ops.manifest import NOT_EXPORTED, Group, ParamRule, Target
from pemilu_api.web.public import doc_assets, lenient_query, problem_slugs

# The base URL the export's in-process client fetches from.
EXPORT_BASE = "http://export.invalid"
# Spellings tried for each value of a lenient query parameter (besides the value itself, in upper,
# lower and title case); only those the app answers exactly as the value are kept.
BOOL_SPELLINGS = {
    "true": ("true", "True", "TRUE", "1"),
    "false": ("false", "False", "FALSE", "0"),
}
# A value no parameter takes: how the app answers it decides what nginx does with unknown values.
PROBE_VALUE = "zz-export-probe"


def _path_values(
    route: HTTPRoute, name: str, dataset: Dataset, bound: Mapping[str, str]
) -> list[str] | None:
    """The values of path parameter ``name`` in ``route``, from the data set (None: unknown)."""
    before = route.path.split("{" + name)[0].rstrip("/").rsplit("/", 1)[-1]
    if "stage" in name:
        election_key = next((k for k in bound if "election" in k or k == "id"), None)
        election = dataset.election(bound[election_key]) if election_key else None
        return [s.id for s in election.stages] if election else None
    if "election" in name or (name == "id" and before == "elections"):
        return [e.id for e in dataset.elections]
    if name in ("code", "region", "region_code") or (name == "id" and before == "regions"):
        return list(dataset.regions)
    if "asset" in name:
        return list(doc_assets())
    if name == "problem":
        return list(problem_slugs())
    return None


def _filter_queries(
    handler: HTTPRouteHandler | None, dataset: Dataset
) -> list[tuple[tuple[str, str], ...]]:
    """The single-filter queries of a strict route that the data set lists: one per province.

    The region picker of the pages asks ``/v1/regions?province=`` for a province's kabupaten/kota,
    so a static host must hold those answers; other filters (names, dates) are open-ended.
    """
    if handler is None or "province" not in handler.parsed_fn_signature.parameters:
        return []
    codes = sorted(r.code for r in dataset.regions.values() if r.level == "provinsi")
    return [(("province", code),) for code in codes]


def _get_handler(route: HTTPRoute) -> HTTPRouteHandler | None:
    for handler in route.route_handlers:
        if "GET" in handler.http_methods:
            return handler
    return None


def _spell(value: object) -> str:
    if value is None:
        return ""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _declared_values(handler: HTTPRouteHandler, name: str) -> tuple[str, tuple[str, ...]] | None:
    """(default, values) of a boolean or literal parameter; None for any other type."""
    found = handler.parsed_fn_signature.parameters.get(name)
    if found is None:
        return None
    annotation, default = found.annotation, found.default
    if annotation is bool and isinstance(default, bool):
        return _spell(default), ("false", "true")
    if get_origin(annotation) is Literal and isinstance(default, str):
        return default, tuple(str(a) for a in get_args(annotation))
    return None


@dataclass
class _Route:
    template: str
    paths: list[str]
    lenient: list[str] | None


def _routes(app: Litestar) -> list[_Route]:
    """Every GET route with its paths filled in from the data, and its lenient parameters."""
    dataset: Dataset = app.state.store.dataset
    found: list[_Route] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        handler = _get_handler(route)
        if handler is None:
            continue
        names = list(route.path_parameters)
        paths = []
        for bound in _bindings(route, names, dataset, {}):
            path = route.path
            for name, value in bound.items():
                path = re.sub(r"\{" + re.escape(name) + r"(:[^}]*)?\}", value, path)
            if "{" not in path:
                paths.append(path)
        reads = lenient_query(handler)
        lenient = sorted(reads - set(names)) if reads is not None else None
        found.append(_Route(route.path, paths, lenient))
    return found


def _bindings(
    route: HTTPRoute, names: list[str], dataset: Dataset, bound: dict[str, str]
) -> Iterator[dict[str, str]]:
    if not names:
        yield bound
        return
    values = _path_values(route, names[0], dataset, bound)
    for value in values or ():
        yield from _bindings(route, names[1:], dataset, {**bound, names[0]: value})


def _candidates(app: Litestar, name: str) -> tuple[str, ...]:
    """Values to try for a parameter: those any route declares for a parameter of that name."""
    values: list[str] = []
    for route in app.routes:
        if isinstance(route, HTTPRoute) and (handler := _get_handler(route)) is not None:
            declared = _declared_values(handler, name)
            values += [v for v in declared[1] if v not in values] if declared else []
    return tuple(values)


def _rule(
    client: TestClient[Litestar], app: Litestar, handler: HTTPRouteHandler, path: str, name: str
) -> ParamRule:
    """How the route at ``path`` reads ``name``: its distinct values, spellings and fallback."""

    def answer(value: str | None) -> tuple[int, str, bytes]:
        url = path if value is None else f"{path}?{urlencode({name: value})}"
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        return response.status_code, response.headers.get("content-type", ""), response.content

    declared = _declared_values(handler, name)
    default = declared[0] if declared else ""
    candidates = declared[1] if declared else _candidates(app, name)
    absent = answer(None)
    values = [default]
    spellings = {"": default}
    answers = {default: absent}
    for candidate in candidates:
        got = answer(candidate)
        if got[0] != 200:
            continue
        same = next((v for v, a in answers.items() if a == got), None)
        if same is None:
            values.append(candidate)
            answers[candidate] = got
            same = candidate
        spellings[candidate] = same
    for value in values:
        tries = {value, value.upper(), value.lower(), value.title(), *BOOL_SPELLINGS.get(value, ())}
        for spelling in sorted(tries - set(spellings) - {""}):
            if answer(spelling) == answers[value]:
                spellings[spelling] = value
    probe = answer(PROBE_VALUE)
    fallback = next((v for v, a in answers.items() if a == probe), NOT_EXPORTED)
    return ParamRule(name, default, values, spellings, fallback)


def plan(client: TestClient[Litestar], app: Litestar) -> tuple[list[Target], list[Group]]:
    """Every URL an export tries, and how each lenient route reads its query parameters.

    Path parameters are filled from the data (elections, their stages, regions, doc assets).
    Lenient routes (feeds, pages) get every combination of the values of their parameters that
    the app answers differently (tried: the values declared for that name anywhere in the app);
    other routes their unfiltered form, and one query per province where they filter by it.
    Whether a URL is static is decided on fetching.
    """
    dataset: Dataset = app.state.store.dataset
    targets: list[Target] = []
    groups: list[Group] = []
    handlers = {r.path: _get_handler(r) for r in app.routes if isinstance(r, HTTPRoute)}
    for route in _routes(app):
        if route.lenient is None or not route.paths:
            queries = [(), *_filter_queries(handlers[route.template], dataset)]
            targets += [Target(path, query) for path in route.paths for query in queries]
            continue
        handler = handlers[route.template]
        if handler is None:
            continue
        rules = [_rule(client, app, handler, route.paths[0], n) for n in route.lenient]
        group = next((i for i, g in enumerate(groups) if g.params == rules), None)
        if group is None:
            groups.append(Group([route.template], rules))
            group = len(groups) - 1
        else:
            groups[group].routes.append(route.template)
        for combo in itertools.product(*(rule.values for rule in rules)):
            values = tuple((rule.name, v) for rule, v in zip(rules, combo, strict=True))
            query = tuple(
                (rule.name, v) for rule, v in zip(rules, combo, strict=True) if v != rule.default
            )
            targets += [Target(path, query, group, values) for path in route.paths]
    return targets, groups


def exportable_urls(app: Litestar) -> list[str]:
    """Every URL of ``app`` that an export tries (static or not: fetching tells)."""
    with TestClient(app, base_url=EXPORT_BASE) as client:
        return [target.url for target in plan(client, app)[0]]
