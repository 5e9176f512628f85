from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from dateline.places import gazetteer


@pytest.fixture(scope="session", autouse=True)
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Build the index into a temporary cache unless DATELINE_CACHE points at one."""
    old = os.environ.get("DATELINE_CACHE")
    if not old:
        os.environ["DATELINE_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    gazetteer.load.cache_clear()
    yield
    if not old:
        del os.environ["DATELINE_CACHE"]
    gazetteer.load.cache_clear()
