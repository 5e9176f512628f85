"""Actors: canonical ACLED-style names, aliases, patrons and in-article reference; claim sources."""

from dateline.actors.agencies import agencies
from dateline.actors.find import find_actors
from dateline.actors.lexicon import dated

__all__ = ["agencies", "dated", "find_actors"]
