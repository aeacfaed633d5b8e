"""Shared fixtures: the app on the bundled data, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import load_dataset


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The bundled fixtures, loaded and validated."""
    return load_dataset()


@pytest.fixture(scope="session")
def app() -> Litestar:
    """The app on the bundled fixtures."""
    return create_app()


@pytest.fixture(scope="session")
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    """A client for the app, over ASGI (no network)."""
    with TestClient(app) as test_client:
        yield test_client
