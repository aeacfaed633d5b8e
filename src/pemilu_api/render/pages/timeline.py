"""The timeline picture of an election's stages: geometry and SVG markup (pure, no HTTP).

Every horizontal position comes from :meth:`Axis.x`, the one date-to-x mapping: day ``d`` starts
at ``Axis.x(d)`` and ends where the next day starts, so a stage from ``first`` to ``last``
(inclusive) is drawn from ``x(first)`` to ``x(last + 1 day)``. The axis runs from the first day
of the month of the earliest stage to the first day of the month after the latest one, so month
ticks fall on day boundaries and a reader can check any bar against them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from pemilu_api.domain.models import Election, Stage, stage_sort_key
from pemilu_api.domain.vocabulary import Category
from pemilu_api.render.language import (
    MONTHS,
    PAGE_WORDS,
    Lang,
    format_date,
    format_span,
    short_name,
)

DAY = dt.timedelta(days=1)

# The picture's own coordinate system (CSS scales it to the page; text sizes are in these units).
WIDTH = 1000.0
X0 = 16.0
X1 = WIDTH - 16.0
AXIS_TOP = 48.0  # room for the year and month labels above the rows
ROW = 32.0
BOTTOM = 28.0  # room for the month labels repeated under the rows
LABEL_SIZE = 12.0
# A generous average glyph advance (em) for the page's sans-serif, to keep labels inside the
# picture without measuring text on the server.
GLYPH_EM = 0.58
KEY_MARK = 13.0  # room a key-date diamond takes before a label
MIN_MONTH_LABEL = 26.0  # narrower months get every other label

# Bars are coloured by phase, not by each of the eleven categories: four colours a legend can
# explain, each with at least 3:1 contrast on the white and grey backgrounds (WCAG 1.4.11).
PHASES: dict[Category, str] = {
    "preparation": "prep",
    "voters": "prep",
    "participants": "prep",
    "candidacy": "prep",
    "campaign": "camp",
    "quiet-period": "camp",
    "voting": "vote",
    "counting": "vote",
    "results": "result",
    "disputes": "result",
    "inauguration": "result",
}


@dataclass(frozen=True)
class Axis:
    """A linear date axis: day ``start`` begins at ``x0``, day ``end`` (exclusive) at ``x1``."""

    start: dt.date
    end: dt.date
    x0: float
    x1: float

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"axis end {self.end} is not after start {self.start}")
        if self.x1 <= self.x0:
            raise ValueError("axis x1 must be right of x0")

    @property
    def days(self) -> int:
        """How many days the axis spans."""
        return (self.end - self.start).days

    def x(self, day: dt.date) -> float:
        """The x where ``day`` begins (its 00:00); the one date-to-x mapping of the picture."""
        return self.x0 + (self.x1 - self.x0) * (day - self.start).days / self.days

    def span(self, first: dt.date, last: dt.date) -> tuple[float, float]:
        """The x range of the inclusive days ``first``..``last``: from its start to its end."""
        return self.x(first), self.x(last + DAY)


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def axis_for(first: dt.date, last: dt.date, x0: float = X0, x1: float = X1) -> Axis:
    """The month-aligned axis holding the inclusive days ``first``..``last``."""
    return Axis(month_start(first), next_month(last), x0, x1)


def month_ticks(axis: Axis) -> list[dt.date]:
    """Every month boundary on the axis, both ends included."""
    ticks = [axis.start]
    while ticks[-1] < axis.end:
        ticks.append(next_month(ticks[-1]))
    return ticks


@dataclass(frozen=True)
class Node:
    """A stage and its sub-stages, in display order."""

    stage: Stage
    children: tuple[Node, ...]

    @property
    def dated(self) -> bool:
        """Whether the stage or one of its sub-stages has dates (so it can be drawn)."""
        return self.stage.dated or any(child.dated for child in self.children)

    def first_day(self) -> dt.date | None:
        """The earliest day of the stage or its sub-stages, or None when none is dated."""
        days = [d for d in (self.stage.first_day,) if d is not None]
        days += [d for c in self.children if (d := c.first_day()) is not None]
        return min(days, default=None)


def stage_tree(stages: Iterable[Stage]) -> tuple[Node, ...]:
    """Stages as a forest: sub-stages under their parent, each level by start date then id.

    A stage whose parent is not among ``stages`` stands at the top level. An undated parent sorts
    by its earliest dated sub-stage, so "results set" sits where its dated parts happen.
    """
    stages = tuple(stages)
    ids = {s.id for s in stages}
    children: dict[str | None, list[Stage]] = {}
    for stage in stages:
        parent = stage.parent if stage.parent in ids else None
        children.setdefault(parent, []).append(stage)

    def build(parent: str | None, seen: frozenset[str]) -> tuple[Node, ...]:
        nodes = [
            Node(s, build(s.id, seen | {s.id}))
            for s in children.get(parent, [])
            if s.id not in seen  # the loader forbids cycles; this only keeps recursion finite
        ]

        def order(node: Node) -> tuple[int, dt.date, str]:
            first = node.first_day()
            key = stage_sort_key(node.stage)
            return (0, first, node.stage.id) if first is not None else key

        return tuple(sorted(nodes, key=order))

    return build(None, frozenset())


def flatten(nodes: Sequence[Node], depth: int = 0) -> list[tuple[Node, int]]:
    """The forest in reading order with each node's depth."""
    out: list[tuple[Node, int]] = []
    for node in nodes:
        out.append((node, depth))
        out.extend(flatten(node.children, depth + 1))
    return out


@dataclass(frozen=True)
class Row:
    """One row of the picture: a stage's bar (None when undated) and its label."""

    stage: Stage
    depth: int
    group: int
    y: float
    bar: tuple[float, float] | None
    label: str
    label_x: float


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def label_width(text: str, size: float = LABEL_SIZE) -> float:
    """An upper estimate of a label's drawn width."""
    return len(text) * size * GLYPH_EM


def stage_label(stage: Stage, lang: Lang) -> str:
    """A bar's label: the data's name, the cancellation, and the dates in short form."""
    words = PAGE_WORDS[lang]
    name = stage.name.get(lang)
    if stage.status == "cancelled":
        name = f"{name} ({words.cancelled})"
    first, last = stage.first_day, stage.last_day
    if first is None or last is None:
        return f"{name} ({words.undated})"
    return f"{name} · {format_span(first, last, lang, short=True)}"


def place_label(text: str, anchor: float, key: bool) -> tuple[str, float]:
    """Where a label starts so it fits in the picture: at ``anchor`` if room, else pulled left.

    Labels stand on their own line above the bar, so they never collide with other bars; a label
    too long for the picture is shortened (the full name is in the bar's title and the list).
    """
    room = X1 - X0 - (KEY_MARK if key else 0.0)
    if label_width(text) > room:
        keep = max(1, int(room / (LABEL_SIZE * GLYPH_EM)) - 1)
        text = text[:keep].rstrip() + "…"
    width = label_width(text) + (KEY_MARK if key else 0.0)
    x = max(X0, min(anchor, X1 - width))
    return text, x


def layout(nodes: Sequence[Node], lang: Lang) -> tuple[Axis, list[Row]] | None:
    """The axis and rows of the drawable stages, or None when no stage has dates."""
    drawable = [(n, d) for n, d in flatten(nodes) if n.dated]
    dated = [n.stage for n, _ in drawable if n.stage.dated]
    firsts = [s.first_day for s in dated if s.first_day is not None]
    lasts = [s.last_day for s in dated if s.last_day is not None]
    if not firsts or not lasts:
        return None
    axis = axis_for(min(firsts), max(lasts))
    rows: list[Row] = []
    group = -1
    for index, (node, depth) in enumerate(drawable):
        if depth == 0:
            group += 1
        stage = node.stage
        first, last = stage.first_day, stage.last_day
        bar = axis.span(first, last) if first is not None and last is not None else None
        child_first = node.first_day()
        anchor = bar[0] if bar is not None else axis.x(child_first) if child_first else X0
        text, x = place_label(stage_label(stage, lang), anchor, stage.key)
        rows.append(Row(stage, depth, group, AXIS_TOP + index * ROW, bar, text, x))
    return axis, rows


def _diamond(cx: float, cy: float, r: float, cls: str) -> str:
    points = f"M{num(cx)} {num(cy - r)}L{num(cx + r)} {num(cy)}L{num(cx)} {num(cy + r)}"
    return f'<path class="{cls}" d="{points}L{num(cx - r)} {num(cy)}Z"/>'


def _axis_markup(axis: Axis, lang: Lang, height: float) -> list[str]:
    ticks = month_ticks(axis)
    widths = [axis.x(b) - axis.x(a) for a, b in itertools.pairwise(ticks)]
    step = 1 if min(widths, default=WIDTH) >= MIN_MONTH_LABEL else 2
    bottom = height - BOTTOM
    out = ['<g class="axis">']
    for index, tick in enumerate(ticks):
        x = num(axis.x(tick))
        year_edge = tick.month == 1 or index == 0
        cls = "tick year-edge" if tick.month == 1 else "tick"
        parts = [f'<g class="{cls}">']
        parts.append(f'<line x1="{x}" x2="{x}" y1="{num(AXIS_TOP - 14)}" y2="{num(bottom + 4)}"/>')
        if index < len(ticks) - 1:
            if year_edge:
                parts.append(
                    f'<text class="year" x="{num(axis.x(tick) + 3)}" y="14">{tick.year}</text>'
                )
            if index % step == 0 or tick.month == 1:
                mid = num((axis.x(tick) + axis.x(ticks[index + 1])) / 2)
                month = MONTHS[lang].short[tick.month - 1]
                parts.append(
                    f'<text class="month" x="{mid}" y="{num(AXIS_TOP - 18)}">{month}</text>'
                )
                parts.append(f'<text class="month" x="{mid}" y="{num(height - 8)}">{month}</text>')
        parts.append("</g>")
        out.append("".join(parts))
    out.append("</g>")
    return out


def _row_markup(election: Election, row: Row, lang: Lang, hatch: str) -> str:
    stage = row.stage
    words = PAGE_WORDS[lang]
    classes = ["stage", f"c-{PHASES[stage.category]}"]
    if row.depth:
        classes.append("sub")
    if stage.key:
        classes.append("key")
    if stage.status == "cancelled":
        classes.append("cancelled")
    first, last = stage.first_day, stage.last_day
    when = (
        format_span(first, last, lang) if first is not None and last is not None else words.undated
    )
    title = f"{stage.name.get(lang)}: {when}"
    if stage.status == "cancelled":
        title += f" ({words.cancelled})"
    parts = [f'<g class="{" ".join(classes)}"><title>{escape(title)}</title>']
    text_x = row.label_x
    baseline = row.y + 13
    if stage.key:
        parts.append(_diamond(row.label_x + 5, baseline - 4.5, 4.5, "key-mark"))
        text_x += KEY_MARK
    parts.append(
        f'<text class="label" x="{num(text_x)}" y="{num(baseline)}">{escape(row.label)}</text>'
    )
    if row.bar is not None:
        x1, x2 = row.bar
        top, height = (row.y + 18, 10.0) if row.depth == 0 else (row.y + 20, 6.0)
        fill = f' fill="url(#{hatch})"' if stage.status == "cancelled" else ""
        parts.append(
            f'<rect class="bar" id="bar-{election.id}-{stage.id}" x="{num(x1)}" y="{num(top)}" '
            f'width="{num(x2 - x1)}" height="{num(height)}"{fill}/>'
        )
        if stage.kind != "period":
            parts.append(_diamond((x1 + x2) / 2, top + height / 2, 6.0, "day-mark"))
        if stage.status == "cancelled":
            mid = num(top + height / 2)
            parts.append(
                f'<line class="strike" x1="{num(x1 - 4)}" x2="{num(x2 + 4)}" y1="{mid}" y2="{mid}"/>'
            )
    parts.append("</g>")
    return "".join(parts)


def timeline_svg(election: Election, stages: Sequence[Stage], lang: Lang, ident: str) -> str:
    """The timeline picture of ``stages`` of ``election`` as an inline SVG ("" if none is dated).

    ``ident`` prefixes the element ids, unique within the page. The picture is an image with a
    title and description; the list that follows it on the page is its full text alternative.
    """
    nodes = stage_tree(stages)
    laid = layout(nodes, lang)
    if laid is None:
        return ""
    axis, rows = laid
    words = PAGE_WORDS[lang]
    height = AXIS_TOP + len(rows) * ROW + BOTTOM
    dated = [s for s in stages if s.dated]
    firsts = [s.first_day for s in dated if s.first_day is not None]
    lasts = [s.last_day for s in dated if s.last_day is not None]
    title = words.timeline_title.format(
        name=short_name(election),
        count=len(dated),
        first=format_date(min(firsts), lang),
        last=format_date(max(lasts), lang),
    )
    hatch = f"{ident}-hatch"
    out = [
        f'<svg class="timeline" id="{ident}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'viewBox="0 0 {num(WIDTH)} {num(height)}" width="{num(WIDTH)}" height="{num(height)}" '
        f'data-axis-start="{axis.start.isoformat()}" data-axis-end="{axis.end.isoformat()}" '
        f'data-x0="{num(axis.x0)}" data-x1="{num(axis.x1)}" data-top="{num(AXIS_TOP - 14)}" '
        f'data-bottom="{num(height - BOTTOM + 4)}" data-today="{escape(words.today)}">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(words.timeline_desc)}</desc>',
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><rect class="hatch-bg" width="6" height="6"/>'
        '<line class="hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>',
    ]
    # Grey bands behind each stage that has sub-stages, so the family reads as one block.
    for group in sorted({r.group for r in rows}):
        members = [r for r in rows if r.group == group]
        if len(members) > 1:
            top = members[0].y + 1
            bottom = members[-1].y + ROW - 1
            out.append(
                f'<rect class="band" x="0" y="{num(top)}" width="{num(WIDTH)}" '
                f'height="{num(bottom - top)}"/>'
            )
    out.extend(_axis_markup(axis, lang, height))
    voting_day = election.voting_day
    if voting_day is not None and axis.start <= voting_day < axis.end:
        # Through the middle of voting day, from the top axis to the bottom one.
        voting = sum(axis.span(voting_day, voting_day)) / 2
        out.append(
            f'<line class="voting-day" x1="{num(voting)}" x2="{num(voting)}" '
            f'y1="{num(AXIS_TOP - 14)}" y2="{num(height - BOTTOM + 4)}"/>'
        )
    out.extend(_row_markup(election, row, lang, hatch) for row in rows)
    out.append('<g class="today-layer"></g></svg>')
    return "\n".join(out)


# The narrow picture (phones): one row per stage, its name and dates as wrapping text over a bar
# on the election's whole span, so nothing is cut and nothing needs scrolling.
NARROW = 1000.0
MIN_NARROW_BAR = 8.0  # a single day would be under a pixel wide on a phone


def narrow_timeline(election: Election, stages: Sequence[Stage], lang: Lang, ident: str) -> str:
    """The timeline of ``stages`` for narrow screens ("" if none is dated).

    Hidden from assistive technology: the stage list after it says the same in full.
    """
    laid = layout(stage_tree(stages), lang)
    if laid is None:
        return ""
    wide, rows = laid
    axis = Axis(wide.start, wide.end, 0.0, NARROW)
    words = PAGE_WORDS[lang]
    years = [t for t in month_ticks(axis) if t.month == 1 and axis.start < t < axis.end]
    marks = "".join(
        f'<line class="yr" x1="{num(axis.x(t))}" x2="{num(axis.x(t))}" y1="0" y2="10"/>'
        for t in years
    )
    voting = election.voting_day
    if voting is not None and axis.start <= voting < axis.end:
        x = num(sum(axis.span(voting, voting)) / 2)
        marks += f'<line class="voting-day" x1="{x}" x2="{x}" y1="0" y2="10"/>'
    items = []
    for row in rows:
        stage = row.stage
        classes = [f"c-{PHASES[stage.category]}"]
        if row.depth:
            classes.append("sub")
        if stage.key:
            classes.append("key")
        if stage.status == "cancelled":
            classes.append("cancelled")
        first, last = stage.first_day, stage.last_day
        bar = ""
        if first is not None and last is not None:
            when = format_span(first, last, lang, short=True)
            x1, x2 = axis.span(first, last)
            if x2 - x1 < MIN_NARROW_BAR:
                mid = (x1 + x2) / 2
                x1, x2 = mid - MIN_NARROW_BAR / 2, mid + MIN_NARROW_BAR / 2
            bar = f'<rect class="bar" x="{num(x1)}" y="1" width="{num(x2 - x1)}" height="8"/>'
        else:
            when = words.undated
        name = stage.name.get(lang)
        if stage.status == "cancelled":
            name = f"{name} ({words.cancelled})"
        items.append(
            f'<li class="{" ".join(classes)}"><span class="tl-name">{escape(name)}</span> '
            f'<span class="tl-when">{escape(when)}</span>'
            f'<svg class="tl-bar" viewBox="0 0 {num(NARROW)} 10" preserveAspectRatio="none" '
            f'focusable="false">{marks}{bar}</svg></li>'
        )
    start = f"{MONTHS[lang].short[axis.start.month - 1]} {axis.start.year}"
    end_month = axis.end - DAY
    end = f"{MONTHS[lang].short[end_month.month - 1]} {end_month.year}"
    return (
        f'<div class="tl-narrow" id="{ident}-narrow" aria-hidden="true" '
        f'data-axis-start="{axis.start.isoformat()}" data-axis-end="{axis.end.isoformat()}">'
        f'<p class="tl-ends"><span>{escape(start)}</span><span>{escape(end)}</span></p>'
        f'<ol class="tl-rows">{"".join(items)}</ol></div>'
    )
