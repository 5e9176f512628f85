"""Incremental dedup in the store: batch by batch (and after updates) it gives the clusters that clustering every
stored event at once gives, each known by its first report whatever the order of ingest."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import dedup
from dateline.model import Article, Event
from dateline.store import Store

DAY = date(2023, 5, 1)
# A small world, so that many events are near one another: two types, three towns, a few days, two actors.
TOWNS = [(36.19, 44.01, 1), (36.30, 44.05, 2), (35.00, 43.00, 3)]

event_fields = st.fixed_dictionaries(
    {
        "sub_event_type": st.sampled_from(["Air/drone strike", "Armed clash"]),
        "day": st.none() | st.integers(0, 40),
        "time_precision": st.none() | st.integers(1, 4),
        "town": st.integers(0, 2),
        "located": st.booleans(),
        "named": st.booleans(),
        "actor1": st.sampled_from([None, "", "A", "B"]),
    }
)
articles = st.lists(
    st.tuples(st.none() | st.integers(0, 30), st.lists(event_fields, min_size=1, max_size=3)), min_size=1, max_size=8
)


def _event(article: str, n: int, f: dict) -> Event:
    lat, lon, geonameid = TOWNS[f["town"]]
    return Event(
        event_id=f"{article}#{n}", article_id=article, sub_event_type=f["sub_event_type"],
        event_date=(DAY + timedelta(days=f["day"])).isoformat() if f["day"] is not None else None,
        time_precision=f["time_precision"], actor1=f["actor1"], location=f"town {f['town']}",
        latitude=lat if f["located"] else None, longitude=lon if f["located"] else None,
        geonameid=geonameid if f["named"] else None,
    )  # fmt: skip


def _reports(drawn: list) -> list[tuple[Article, list, list[Event]]]:
    out = []
    for i, (published, fields) in enumerate(drawn):
        day = DAY + timedelta(days=published) if published is not None else None
        out.append(
            (Article(f"a{i}", f"text {i}", published=day), [], [_event(f"a{i}", n, f) for n, f in enumerate(fields)])
        )
    return out


def _expected(store: Store) -> dict[str, str]:
    """Clustering every stored event at once, in first-report order (published, undated last, then event id)."""
    published = dict(store.db.execute("SELECT id, published FROM articles").fetchall())
    events = store.events()
    events.sort(key=lambda e: (published[e.article_id] is None, published[e.article_id] or DAY, e.event_id))
    return dedup.clusters(events)


def _clusters(store: Store) -> dict[str, str]:
    return {e.event_id: e.cluster_id for e in store.events()}


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(drawn=articles, cuts=st.lists(st.integers(1, 4), max_size=8), update=st.data())
def test_incremental_dedup_is_clustering_everything_at_once(
    drawn: list, cuts: list[int], update: st.DataObject
) -> None:
    reports = _reports(drawn)
    with Store(":memory:") as store:
        start = 0
        for cut in [*cuts, len(reports)]:  # batches of any size, in order
            store.write(reports[start : start + cut])
            start += cut
        assert _clusters(store) == _expected(store)
        article, _, events = update.draw(st.sampled_from(reports))  # a new version: events changed or dropped
        kept = update.draw(st.lists(st.sampled_from(events), unique_by=lambda e: e.event_id))
        moved = [replace(e, event_date=None, time_precision=None) for e in kept]
        assert store.write([(replace(article, text=article.text + " Updated."), [], moved)]) == ["updated"]
        assert _clusters(store) == _expected(store)


def test_cluster_ids_are_stable_across_runs_and_orders() -> None:
    """The same reports ingested in two orders, and again: the same clusters, each named by its first report."""
    same = dict(sub_event_type="Air/drone strike", event_date="2023-05-02", time_precision=1, latitude=36.19,
                longitude=44.01, location="Erbil")  # fmt: skip
    reports = [
        (Article("late", "Later report.", published=date(2023, 5, 4)), [], [Event("late#1", "late", **same)]),
        (Article("first", "First report.", published=date(2023, 5, 2)), [], [Event("first#1", "first", **same)]),
        (Article("other", "Elsewhere.", published=date(2023, 5, 1)), [], [
            Event("other#1", "other", **{**same, "latitude": 10.0})
        ]),
    ]  # fmt: skip
    runs = []
    for order in (reports, reports[::-1]):
        with Store(":memory:") as store:
            for report in order:
                store.write([report])
            store.write(order)  # a re-run: unchanged, nothing moves
            runs.append(_clusters(store))
    assert runs[0] == runs[1] == {"late#1": "first#1", "first#1": "first#1", "other#1": "other#1"}


def test_link_joins_new_events_to_the_clusters_of_their_candidates() -> None:
    a = Event("n#1", "n", sub_event_type="Attack", location="Kano")
    b = Event("s#1", "s", sub_event_type="Attack", location="Kano")
    c = Event("s#2", "s", sub_event_type="Attack", location="Zaria")
    assert dedup.link(["n#1"], [(a, b, "old"), (a, c, "other")]) == [{"n#1", "old"}]
    assert dedup.link(["n#1"], []) == []
