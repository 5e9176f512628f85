"""dateline: conflict news in, ACLED-compatible events out."""

__version__ = "0.1.0"
