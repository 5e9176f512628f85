from datetime import date

from dateline import bench
from dateline.model import Article


def test_cold_start_times_bare_spacy_and_extract_side_by_side() -> None:
    article = Article(id="a", text="Gunmen shot dead two farmers near Gao on Friday.", published=date(2024, 3, 9))
    timings = bench.cold_start(article, tries=1)
    assert [t.stage for t in timings] == ["cold start, bare spaCy", "cold start, extract"]
    assert all(t.seconds > 0 and t.docs == 1 for t in timings)
