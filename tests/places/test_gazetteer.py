"""The index is built once per machine: concurrent first users wait for one build instead of each building."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from dateline.places import gazetteer
from dateline.places.normalize import key


def test_concurrent_first_users_share_one_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[Path] = []

    def slow_build(path: Path) -> Path:
        builds.append(path)
        time.sleep(0.3)  # long enough for the other threads to arrive while it builds
        path.write_bytes(b"index")
        return path

    monkeypatch.setattr(gazetteer, "build", slow_build)
    target = tmp_path / "cache" / "gazetteer-test.sqlite"
    threads = [threading.Thread(target=gazetteer.built, args=(target,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert builds == [target]
    assert target.read_bytes() == b"index"


def test_a_build_says_so_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(gazetteer, "build", lambda path: path.write_bytes(b"index"))
    target = tmp_path / "gazetteer-test.sqlite"
    gazetteer.built(target)
    assert "building the gazetteer index" in capsys.readouterr().err
    gazetteer.built(target)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", ["Xinhua", "Hamas", "Taliban", "Wagner", "Police"])
def test_actors_outlets_and_common_nouns_name_no_town(name: str) -> None:
    towns = [m for m in gazetteer.load().lookup(key(name)) if m.entry.fcode.startswith("PPL")]
    assert towns == []


@pytest.mark.parametrize(("name", "cc"), [("Sanaa", "YE"), ("Enna", "IT"), ("Jos", "NG")])
def test_towns_spelled_like_an_outlet_stay(name: str, cc: str) -> None:
    """SANA (an outlet) shares Sanaa's key, ENA Enna's folded letters: the towns keep their own names."""
    assert any(m.entry.cc == cc and m.main for m in gazetteer.load().lookup(key(name)))
