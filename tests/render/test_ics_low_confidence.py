"""A dated stage's confidence, rendered: the feed's DESCRIPTION says it, the JSON shows it.

The bundled data has no dated stage of low confidence, so these tests build a small election
where one dated stage (the quiet period) has each confidence in turn.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient

from ics_support import BASE_URL, events, parse
from pemilu_api.app import create_app
from pemilu_api.domain.loader import decode_election
from pemilu_api.domain.models import Election
from pemilu_api.domain.vocabulary import Confidence
from pemilu_api.render import ics
from pemilu_api.render.json_resources import stage_out
from pemilu_api.render.language import Lang
from pemilu_api.render.urls import Urls
from pemilu_api.settings import Settings
from support.elections import folder_with, small_election, stage_in, toml_document

STAGE = "masa-tenang"
# The DESCRIPTION line that states a stage's confidence, per language.
LINES: dict[tuple[Lang, Confidence], str] = {
    ("id", "high"): "Tingkat keyakinan: tinggi",
    ("id", "medium"): "Tingkat keyakinan: sedang",
    ("id", "low"): "Tingkat keyakinan: rendah",
    ("en", "high"): "Confidence: high",
    ("en", "medium"): "Confidence: medium",
    ("en", "low"): "Confidence: low",
}
CONFIDENCES: tuple[Confidence, ...] = ("low", "medium", "high")


def _document(confidence: Confidence) -> str:
    doc = small_election()
    stage_in(doc, STAGE)["confidence"] = confidence
    return toml_document(doc)


def _election(confidence: Confidence) -> Election:
    election, problems = decode_election(_document(confidence).encode("utf-8"), "uji-2030.toml")
    assert [] == problems
    assert election is not None
    return election


def _descriptions(body: bytes) -> dict[str, list[str]]:
    """Each event's DESCRIPTION lines, by the stage id its UID names."""
    return {
        str(event["UID"]).split(".", 1)[0]: str(event["DESCRIPTION"]).split("\n")
        for event in events(parse(body))
    }


@pytest.mark.parametrize("confidence", CONFIDENCES)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_feed_description_says_a_dated_stage_s_confidence(
    confidence: Confidence, lang: Lang
) -> None:
    """The event of the dated stage says its confidence; the other stages still say theirs."""
    election = _election(confidence)
    assert election.stage(STAGE) is not None
    body = ics.election_feed(election, lang, False, Urls(BASE_URL))
    descriptions = _descriptions(body)
    assert {"kampanye", "rapat-umum", "masa-tenang", "pemungutan-suara"} == set(descriptions)
    assert [LINES[lang, confidence]] == [
        line for line in descriptions[STAGE] if line.startswith(LINES[lang, "high"].split(":")[0])
    ]
    for other in ("kampanye", "rapat-umum", "pemungutan-suara"):
        assert LINES[lang, "high"] in descriptions[other]


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_the_json_stage_shows_its_confidence(confidence: Confidence) -> None:
    """The stage's JSON representation carries the confidence as the data gives it."""
    election = _election(confidence)
    stage = election.stage(STAGE)
    assert stage is not None
    shown = msgspec.json.decode(msgspec.json.encode(stage_out(election, stage, Urls(BASE_URL))))
    assert confidence == shown["confidence"]
    assert "2030-04-14" == shown["start"]
    assert "2030-04-16" == shown["end"]


def test_the_app_serves_a_low_confidence_dated_stage_in_json_and_feeds(tmp_path: Path) -> None:
    """Served end to end: the stage JSON, the election JSON and both feeds say "low"."""
    folder = folder_with(tmp_path, {"uji-2030.toml": _document("low")})
    with TestClient(create_app(Settings(fixtures=folder, base_url=BASE_URL))) as client:
        stage = client.get(Urls.stage("uji-2030", STAGE)).json()
        assert ("low", "2030-04-14", "2030-04-16") == (
            stage["confidence"],
            stage["start"],
            stage["end"],
        )
        election = client.get(Urls.election("uji-2030")).json()
        assert {STAGE: "low"} == {
            s["id"]: s["confidence"] for s in election["stages"] if s["confidence"] != "high"
        }
        for lang in ("id", "en"):
            feed = client.get(Urls.election_feed("uji-2030"), params={"lang": lang})
            assert 200 == feed.status_code
            assert LINES[lang, "low"] in _descriptions(feed.content)[STAGE]
