"""The index is built once per machine: concurrent first users wait for one build instead of each building."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from dateline.places import gazetteer


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
