"""The placeholders for spaCy's command line: spaCy imports without it, and any use of it gets the real one."""

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    setup = "from dateline import spacy_cli; spacy_cli.defer(); import spacy, sys\n"
    done = subprocess.run([sys.executable, "-c", setup + code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_spacy_imports_without_its_command_line() -> None:
    assert _run("print('weasel' in sys.modules, 'spacy.cli._util' in sys.modules)") == "False False"


@pytest.mark.parametrize(
    "use",
    [
        "from spacy.cli.download import download; print(callable(download))",
        "from spacy.cli import info; print(callable(info))",
        "print(isinstance(spacy.info(), dict))",
        "import importlib; print(hasattr(importlib.import_module('spacy.cli'), 'app'))",
    ],
)
def test_any_use_gets_the_real_command_line(use: str) -> None:
    assert _run(use) == "True"


def test_a_loaded_spacy_is_left_alone() -> None:
    code = "import spacy, sys; from dateline import spacy_cli; spacy_cli.defer(); print(type(sys.modules['spacy.cli']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Placeholder" not in done.stdout
