"""The local pool reads its input as its workers free up: a run of millions never holds them all."""

from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.engine import local


def _double(x: int) -> int:
    return 2 * x


def test_the_pool_reads_only_a_few_items_ahead() -> None:
    read: list[int] = []

    def source() -> Iterator[int]:
        for x in range(200):
            read.append(x)
            yield x

    results = local.run(_double, source(), workers=2)
    assert next(results) == 0
    assert len(read) <= 8  # the first few, one per worker and the next each is given: not the 200
    assert list(results) == [2 * x for x in range(1, 200)]


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(), max_size=12))
def test_any_input_comes_back_mapped_in_order(xs: list[int]) -> None:
    assert list(local.run(_double, iter(xs), workers=2)) == [2 * x for x in xs]
