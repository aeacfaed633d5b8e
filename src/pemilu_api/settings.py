"""Runtime settings, from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Settings:
    """Where the data is and the public base URL used in every absolute link."""

    fixtures: Path | None = None
    base_url: str = DEFAULT_BASE_URL

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"base URL must start with http:// or https://: {self.base_url!r}")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))

    @classmethod
    def from_env(cls, fixtures: str | None = None, base_url: str | None = None) -> Settings:
        """Arguments win over PEMILU_API_FIXTURES and PEMILU_API_BASE_URL; then the defaults."""
        folder = fixtures or os.environ.get("PEMILU_API_FIXTURES")
        return cls(
            fixtures=Path(folder) if folder else None,
            base_url=base_url or os.environ.get("PEMILU_API_BASE_URL") or DEFAULT_BASE_URL,
        )
