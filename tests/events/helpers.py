"""Short articles written for the events tests, analysed end to end."""

from datetime import date

import dateline
from dateline.model import Article

PUBLISHED = date(2023, 5, 14)


def article(text: str, published: date | None = PUBLISHED) -> Article:
    [a] = list(dateline.ingest.parse(text, "test.txt", "text"))
    a.published = published
    return a


def events(text: str, published: date | None = PUBLISHED) -> list[dict]:
    return [e.to_dict() for e in dateline.analyse(article(text, published)).events]


def types(text: str, published: date | None = PUBLISHED) -> list[str]:
    return [e["sub_event_type"] for e in events(text, published)]


def assert_spans(text: str, evidence: list) -> None:
    """Every evidence span is a non-empty stretch inside the text, and the text there is what it quotes."""
    for ev in evidence:
        start, end, quoted = (
            (ev["start"], ev["end"], ev["text"]) if isinstance(ev, dict) else (ev.start, ev.end, ev.text)
        )
        assert 0 <= start < end <= len(text), (start, end)
        assert quoted and text[start:end] == quoted
