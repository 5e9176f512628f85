import json
from datetime import date

import pytest
from tests.conftest import FIXTURES
from typer.testing import CliRunner

from dateline import bench
from dateline.cli import app
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


def test_bench_json_prints_one_object_of_the_headline_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    # cold start and Ray have tests of their own (above, and in tests/engine/test_ray.py): stood in for here
    monkeypatch.setattr(bench, "cold_start", lambda a: [bench.Timing("cold start, extract", 1, 1.5)])
    monkeypatch.setattr(bench, "ray_speedup", lambda articles: 1.9)
    result = CliRunner().invoke(app, ["bench", str(FIXTURES / "aden.txt"), "--repeat", "1", "--json", "--stored", "50"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["articles"], figures["workers"] >= 1, figures["cold_start_s"]) == (1, True, 1.5)
    measured = ("ratio_vs_spacy", "articles_per_s", "rss_mb", "load_average")
    assert set(figures) == {"articles", "workers", "cold_start_s", "ray_speedup", *measured, *bench.STORED}
    for key in measured:
        assert isinstance(figures[key], float) and figures[key] >= 0, key
    assert figures["ray_speedup"] == 1.9
    for key in bench.STORED:  # None until this version's store measures them
        assert figures[key] is None or isinstance(figures[key], float), key
