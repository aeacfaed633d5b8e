"""The change log as an Atom feed (RFC 4287): one entry per change, naming the stages it touched.

Each entry gives the instrument and the day it decided, and every touched stage's days and status
before and after, as the change log records them. Entries are newest first, as feed readers expect;
the feed is a pure function of the data (its ``updated`` is the data's revision).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from pemilu_api.domain.dataset import LogEntry
from pemilu_api.domain.models import Stage
from pemilu_api.render.language import FEED_WORDS, Lang, format_date, format_state, lang_query
from pemilu_api.render.urls import DATA_LICENSE_URL, Urls

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATA_LICENSE = f"CC BY 4.0 ({DATA_LICENSE_URL})"


def _stamp(moment: dt.datetime) -> str:
    """An RFC 3339 date-time in UTC, as Atom wants it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def entry_id(entry: LogEntry) -> str:
    """The entry's permanent Atom id: the change's id, independent of where the feed is served."""
    return f"urn:pemilu-api:change:{entry.id}"


def _stage_name(stage: Stage | None, stage_id: str, lang: Lang) -> str:
    return stage.name.get(lang) if stage is not None else stage_id


def _content(entry: LogEntry, lang: Lang) -> str:
    """What the entry says: why, then one line per touched stage with its before and after."""
    words = FEED_WORDS[lang]
    change, election = entry.change, entry.election
    lines = [change.summary.get(lang)]
    why = [change.instrument.cite()] if change.instrument is not None else []
    if change.decided is not None:
        why.append(words.decided.format(date=format_date(change.decided, lang)))
    if why:
        lines.append(", ".join(why))
    for touch in change.touched:
        stage = election.stage(touch.stage)
        before, after = format_state(touch.before, lang), format_state(touch.after, lang)
        lines.append(f"{_stage_name(stage, touch.stage, lang)}: {before} → {after}")
    if change.note is not None:
        lines.append(change.note.get(lang))
    return "\n".join(lines)


def changes_feed(
    entries: Sequence[LogEntry], revision: dt.datetime, lang: Lang, urls: Urls
) -> bytes:
    """Every change-log entry as an Atom feed in ``lang``, newest first."""
    words = FEED_WORDS[lang]
    # The namespace as a plain attribute: ElementTree's default_namespace refuses the Atom
    # elements' unqualified attributes (rel, href, type).
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    _add(feed, "id", urls.url(urls.changes_atom))
    _add(feed, "title", words.changes_title)
    _add(feed, "subtitle", words.changes_subtitle)
    _add(feed, "updated", _stamp(revision))
    _add(_add(feed, "author"), "name", "pemilu-api")
    _add(feed, "rights", DATA_LICENSE)
    _add(feed, "link", rel="self", type="application/atom+xml", href=urls.url(urls.changes_atom))
    _add(feed, "link", rel="alternate", type="application/json", href=urls.url(urls.changes))
    _add(feed, "link", rel="license", href=DATA_LICENSE_URL)
    for entry in sorted(entries, key=lambda e: e.key, reverse=True):
        change, election = entry.change, entry.election
        item = _add(feed, "entry")
        _add(item, "id", entry_id(entry))
        _add(item, "title", f"{election.short_name}: {change.summary.get(lang)}")
        _add(item, "updated", _stamp(change.at))
        _add(item, "published", _stamp(change.at))
        page = urls.url(urls.election_page(election.id) + lang_query(lang))
        _add(item, "link", rel="alternate", type="text/html", href=page)
        _add(item, "category", term=change.kind)
        _add(item, "content", _content(entry, lang), type="text")
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"
