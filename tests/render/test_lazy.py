"""``lazy``: computed on first access, then kept on the instance (frozen dataclasses included)."""

from __future__ import annotations

from dataclasses import dataclass

from pemilu_api.render.lazy import lazy


@dataclass(frozen=True)
class _Counted:
    """Counts how often its lazy attribute is computed."""

    calls: list[int]

    @lazy
    def value(self) -> int:
        """The number of computations so far, plus one."""
        self.calls.append(1)
        return len(self.calls)


def test_the_value_is_computed_once_per_instance() -> None:
    """Two reads compute once; another instance computes its own."""
    one, other = _Counted([]), _Counted([])
    assert (1, 1) == (one.value, one.value)
    assert 1 == len(one.calls)
    assert 1 == other.value


def test_the_class_attribute_is_the_descriptor_with_the_method_s_doc() -> None:
    """Read on the class, it is the descriptor itself, documented as the method was."""
    descriptor = vars(_Counted)["value"]
    assert descriptor is _Counted.value
    assert "The number of computations so far, plus one." == descriptor.__doc__
