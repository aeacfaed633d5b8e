"""Examples of every JSON response, generated from the loaded data for the OpenAPI document.

Each example is the body the API answers at a URL listed here (tests/web/test_openapi_examples.py
fetches each URL and compares), built with the same render functions the handlers use. They are
also real ids for tools that exercise the API from the document (schemathesis, generated clients).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any, NamedTuple

import msgspec

from pemilu_api import __version__
from pemilu_api.domain.now import moment
from pemilu_api.domain.queries import StageQuery
from pemilu_api.domain.regions import find_regions
from pemilu_api.render.json_now import now_out
from pemilu_api.render.json_regions import RegionList
from pemilu_api.render.json_resources import (
    ElectionList,
    Health,
    StageList,
    change_page,
    election_out,
    election_summary,
    stage_out,
)
from pemilu_api.render.json_root import api_root
from pemilu_api.render.urls import Urls
from pemilu_api.web.params import CHANGES_LIMIT
from pemilu_api.web.problems import InvalidParam, Problem, problem_type
from pemilu_api.web.store import Store

EXAMPLE_ELECTION = "pilkada-2024"
EXAMPLE_STAGE = ("pemilu-2024", "pemungutan-suara")
EXAMPLE_REGION = "33.05"
EXAMPLE_SINCE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# A short page, so the example shows the next link.
EXAMPLE_CHANGES = 2
EXAMPLE_AT = "2024-02-14T08:00:00+07:00"
EXAMPLE_TZ = "Asia/Jakarta"


class ResponseExample(NamedTuple):
    """A request and the JSON body the API answers it with."""

    url: str
    status: int
    summary: str
    body: Any


def _as_json(body: object) -> Any:
    """The body as JSON data: exactly what a client decodes from the answer's bytes."""
    return msgspec.json.decode(msgspec.json.encode(body))


def _election(store: Store, election_id: str) -> Any:
    election = store.dataset.election(election_id)
    if election is None:  # the examples name elections of the bundled data only
        raise LookupError(election_id)
    return election


def _builders(store: Store) -> dict[str, tuple[str, str, Callable[[], Any]]]:
    data, urls = store.dataset, store.urls
    election = _election(store, EXAMPLE_ELECTION)
    voting, stage_id = _election(store, EXAMPLE_STAGE[0]), EXAMPLE_STAGE[1]

    def stages() -> StageList:
        found = data.stages(voting, StageQuery(categories=frozenset({"voting"})))
        return StageList(
            election=voting.id,
            count=len(found),
            stages=tuple(stage_out(voting, s, urls) for s in found),
        )

    def stage() -> Any:
        found = voting.stage(stage_id)
        if found is None:
            raise LookupError(stage_id)
        return stage_out(voting, found, urls)

    def regions() -> RegionList:
        found = tuple(
            store.region_out(r.code) for r in find_regions(data.regions, None, None, "kebumen")
        )
        return RegionList(count=len(found), regions=found)

    def now() -> Any:
        zone = zoneinfo.ZoneInfo(EXAMPLE_TZ)
        return now_out(moment(data, dt.datetime.fromisoformat(EXAMPLE_AT), zone), urls)

    def health() -> Health:
        return Health(
            status="ok",
            version=__version__,
            revision=data.revision,
            elections=len(data.elections),
            stages=sum(len(e.stages) for e in data.elections),
            regions=len(data.regions),
        )

    since = EXAMPLE_SINCE.isoformat().replace("+00:00", "Z")
    return {
        "getApiRoot": (
            urls.api_root,
            "The root document",
            lambda: api_root(data.revision, urls),
        ),
        "listElections": (
            urls.elections,
            "Every election",
            lambda: ElectionList(
                elections=tuple(election_summary(e, urls) for e in data.elections),
                revision=data.revision,
            ),
        ),
        "getElection": (
            urls.election(election.id),
            f"The election {election.id}",
            lambda: election_out(election, urls),
        ),
        "listStages": (
            f"{urls.stages(voting.id)}?category=voting",
            f"The voting stages of {voting.id}",
            stages,
        ),
        "getStage": (urls.stage(voting.id, stage_id), f"The stage {stage_id}", stage),
        "listChanges": (
            f"{urls.changes}?since={since}&limit={EXAMPLE_CHANGES}",
            f"The first {EXAMPLE_CHANGES} changes since {since}",
            lambda: change_page(
                data.change_log(EXAMPLE_SINCE), EXAMPLE_CHANGES, since, urls, CHANGES_LIMIT
            ),
        ),
        "getNow": (
            f"{urls.now}?at={EXAMPLE_AT.replace('+', '%2B')}&tz={EXAMPLE_TZ}",
            "Voting day 2024 at 08:00 WIB",
            now,
        ),
        "listRegions": (f"{urls.regions}?q=kebumen", "Regions named Kebumen", regions),
        "getRegion": (
            urls.region(EXAMPLE_REGION),
            f"The region {EXAMPLE_REGION}",
            lambda: store.region_out(EXAMPLE_REGION),
        ),
        "getHealth": (urls.health, "A live server", health),
    }


def response_examples(store: Store) -> dict[str, ResponseExample]:
    """The example of each JSON operation's 200 answer, by operationId."""
    return {
        operation: ResponseExample(url, 200, summary, _as_json(build()))
        for operation, (url, summary, build) in _builders(store).items()
    }


def not_found_example(urls: Urls) -> ResponseExample:
    """The problem document of an unknown election."""
    url = "/v1/elections/pemilu-2099"
    detail = "no election 'pemilu-2099'"
    problem = Problem(
        type=problem_type("election-not-found", urls),
        title="Not Found",
        status=404,
        detail=detail,
        instance=url,
        parameter="election_id",
        invalid_params=(InvalidParam(name="election_id", reason=detail),),
    )
    return ResponseExample(url, 404, "An unknown election", _as_json(problem))


# The operations whose 404 is an unknown election.
ELECTION_OPERATIONS = ("getElection", "listStages", "getStage", "getElectionCalendar")


def document_examples(store: Store) -> dict[str, list[ResponseExample]]:
    """Every example the document shows, by operationId."""
    found: dict[str, list[ResponseExample]] = {
        operation: [example] for operation, example in response_examples(store).items()
    }
    for operation in ELECTION_OPERATIONS:
        found.setdefault(operation, []).append(not_found_example(store.urls))
    return found
