"""spaCy's package imports spaCy's own command line (its typer app, weasel, the model downloader) only to re-export
``spacy.info``: about 0.2 s of every ``dateline`` command's start. The ``dateline`` command never runs spaCy's command
line, so before spaCy is imported it puts placeholders for ``spacy.cli`` and ``spacy.cli.info`` in ``sys.modules``;
the first use of either (an attribute, a submodule, ``spacy.info()``) swaps in and imports the real package."""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_NAMES = ("spacy.cli.info", "spacy.cli")


class _Placeholder(types.ModuleType):
    def __getattr__(self, attr: str) -> Any:
        # The import system probes dunders ("is it a package?"): only the package's own __path__ is a use.
        if attr.startswith("__") and not (attr == "__path__" and self.__name__ == "spacy.cli"):
            raise AttributeError(attr)
        return getattr(_real(self.__name__), attr)


def _real(name: str) -> types.ModuleType:
    for n in _NAMES:
        if isinstance(sys.modules.get(n), _Placeholder):
            del sys.modules[n]
    return importlib.import_module(name)


def _info(*args: Any, **kwargs: Any) -> Any:
    return _real("spacy.cli.info").info(*args, **kwargs)


def defer() -> None:
    """Placeholders for spaCy's command line, unless spaCy is imported already."""
    if "spacy" in sys.modules:
        return
    info = _Placeholder("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = _Placeholder("spacy.cli")
    sys.modules["spacy.cli.info"] = info
