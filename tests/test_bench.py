from datetime import date

from dateline import bench
from dateline.model import Article, Place


def test_cold_start_times_bare_spacy_and_extract_side_by_side() -> None:
    article = Article(id="a", text="Gunmen shot dead two farmers near Gao on Friday.", published=date(2024, 3, 9))
    timings = bench.cold_start(article, tries=1)
    assert [t.stage for t in timings] == ["cold start, bare spaCy", "cold start, extract"]
    assert all(t.seconds > 0 and t.docs == 1 for t in timings)


def test_places_bench_scores_recognition_and_resolution() -> None:
    from benchmarks.places_bench import score

    gold = [
        {
            "id": "d",
            "toponyms": [
                {"start": 0, "end": 4, "latitude": 0.0, "longitude": 0.0},
                {"start": 10, "end": 14, "latitude": 10.0, "longitude": 10.0},
            ],
        }
    ]
    near = Place(0, 4, "Gaoo", None, "x", 0.5, 0.0, None, None, "PPL", 1.0)  # about 56 km off
    far = Place(20, 24, "Kano", None, "y", 0.0, 0.0, None, None, "PPL", 1.0)  # no gold span
    s = score({"d": [near, far]}, gold)
    assert (s.precision, s.recall, s.accuracy) == (0.5, 0.5, 1.0)
    assert 50 < s.median_km < 60 and 0 < s.auc < 1
