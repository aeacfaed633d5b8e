"""An attribute computed on first use and then kept on the instance, without a lock.

``functools.cached_property`` takes one lock shared by every instance of a class on Python 3.11
(3.12 dropped it), which costs about a microsecond on each first use. Representations made once
per request use several such attributes, and what they compute is pure: if two threads race,
both compute the same value and either may be kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Self, TypeVar, overload

Owner = TypeVar("Owner")
Value = TypeVar("Value")


class lazy(Generic[Owner, Value]):  # noqa: N801 (named as the decorator it is used as)
    """Decorate a method to compute its value on first access and keep it in the instance dict.

    Like ``cached_property``, it needs instances with a ``__dict__`` and one name per descriptor.
    """

    def __init__(self, compute: Callable[[Owner], Value]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type[Owner], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[Owner]) -> Self: ...

    @overload
    def __get__(self, instance: Owner, owner: type[Owner]) -> Value: ...

    def __get__(self, instance: Owner | None, owner: type[Owner]) -> Self | Value:
        if instance is None:
            return self
        value = self.compute(instance)
        # No __set__ here, so the instance's own entry shadows this descriptor from now on
        # (a frozen dataclass forbids setattr, not its __dict__).
        vars(instance)[self.name] = value
        return value
