"""Data violations and the error that carries all of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Violation(NamedTuple):
    """One broken rule: the file, the stage ids involved, the rule's name and what is wrong."""

    source: str
    stages: tuple[str, ...]
    rule: str
    message: str

    def line(self) -> str:
        """Render as one line naming file, stages and rule."""
        where = f" [{', '.join(self.stages)}]" if self.stages else ""
        return f"{self.source}{where}: {self.rule}: {self.message}"


class DataError(Exception):
    """The data is invalid; nothing of it was loaded. Carries every violation found."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        lines = "\n".join(v.line() for v in self.violations)
        super().__init__(f"invalid data: {len(self.violations)} violation(s)\n{lines}")
