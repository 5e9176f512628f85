from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).parent.parent / "examples" / "corpus"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
