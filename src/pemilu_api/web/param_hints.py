"""Words a person understands for a query parameter Litestar refused: what is accepted, with an example.

Litestar's own messages name Python types (``Expected `bool | null`, got `str```) or print a
regular expression; these read the handler's declared type instead, so a new parameter gets its
words from its annotation.
"""

from __future__ import annotations

import datetime as dt
import types
from typing import Any, Literal, Union, get_args, get_origin

from litestar.handlers import BaseRouteHandler
from litestar.params import ParameterKwarg

# Where a query takes a date-time, a "+" in the offset must be percent-encoded: in a URL query an
# unencoded "+" means a space.
DATE_TIME_HINT = (
    "an RFC 3339 date-time such as 2024-02-14T08:00:00%2B07:00 or 2024-02-14T01:00:00Z "
    "(in a URL, write the + of an offset as %2B: an unencoded + means a space)"
)


def _leaves(annotation: Any) -> list[Any]:
    """The types inside unions, optionals and lists (``list[A] | None`` gives A's parts)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, tuple, frozenset, set):
        return [leaf for arg in get_args(annotation) for leaf in _leaves(arg)]
    return [annotation]


def accepted(annotation: Any, name: str, kwarg: ParameterKwarg | None) -> str | None:
    """What a parameter of ``annotation`` accepts, in words with an example; None if unknown."""
    leaves = [leaf for leaf in _leaves(annotation) if leaf is not type(None)]
    literals = [v for leaf in leaves if get_origin(leaf) is Literal for v in get_args(leaf)]
    if literals:
        allowed = ", ".join(str(v) for v in literals)
        return f"one of: {allowed} (e.g. {name}={literals[0]})"
    if bool in leaves:
        return f"true or false (e.g. {name}=true)"
    if int in leaves:
        low = kwarg.ge if kwarg is not None and kwarg.ge is not None else None
        high = kwarg.le if kwarg is not None and kwarg.le is not None else None
        span = f" from {low} to {high}" if low is not None and high is not None else ""
        return f"a whole number{span} (e.g. {name}={low if low is not None else 1})"
    if dt.date in leaves:
        return f"a date written YYYY-MM-DD (e.g. {name}=2024-02-14)"
    if kwarg is not None and kwarg.format == "date-time":
        return DATE_TIME_HINT
    example = f" (e.g. {name}={kwarg.examples[0].value})" if kwarg and kwarg.examples else ""
    if kwarg is not None and kwarg.pattern is not None:
        return f"text matching the pattern {kwarg.pattern}{example}"
    if kwarg is not None and (kwarg.min_length or kwarg.max_length):
        return (
            f"{kwarg.min_length or 0} to {kwarg.max_length or 'any number of'} characters{example}"
        )
    return None


def offset_as_space(value: str) -> bool:
    """Whether ``value`` looks like a date-time whose "+" offset arrived as a space."""
    head, _, offset = value.rpartition(" ")
    return bool(head) and len(offset) == 5 and offset[2] == ":" and "T" in head.upper()


def reason(handler: BaseRouteHandler | None, argument: str, public: str, message: str) -> str:
    """Why ``public`` (the handler's ``argument``) was refused, and what it accepts."""
    try:
        field = handler.parsed_fn_signature.parameters[argument] if handler else None
    except (KeyError, AttributeError):
        field = None
    if field is None:
        return message
    kwarg = field.kwarg_definition if isinstance(field.kwarg_definition, ParameterKwarg) else None
    words = accepted(field.annotation, public, kwarg)
    if words is None:
        return message
    return f"{public} must be {words}"
