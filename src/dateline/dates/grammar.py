"""Recognition: one tokeniser regex, one symbol per token, one compiled grammar over the symbol string.

Every token gets a grammar class (from the lexicons, or from its shape for numbers); each class is one
character, so a whole text becomes a short symbol string and every rule below is a regular expression
over classes. The grammar is compiled once; matching a document is a single ``finditer``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from dateline.dates.lexicon import links, tense, words, zones

TOKEN_FORMS = r"""(?P<ISO>\d{4}-\d\d-\d\d)(?!\d)
    |(?P<CLOCKS>\d{1,2}:\d\d(?::\d\d(?:\.\d+)?|\.\d+))(?![\d:])
    |(?P<CLOCK>\d{1,2}:\d\d)(?![\d:])
    |(?P<FY>FY\ ?(?:\d{4}|\d\d))\b
    |(?P<ZONE>ZONES)\b
    |(?P<DECADE>(?:\d{3}0|'\d0)'?s)\b
    |(?P<ORD>\d{1,2}(?:st|nd|rd|th))\b
    |(?P<NUM>\d+(?:,\d{3})*(?:\.\d+)?)
    |(?P<AMPM>[AaPp]\.[Mm]\.)
    |(?P<WORD>[^\W\d_]+)
    |(?P<PUNCT>\S)"""  # CLOCKS: a clock with seconds or fractions, a race time unless a zone follows


@cache
def token_re() -> re.Pattern[str]:
    return re.compile(TOKEN_FORMS.replace("ZONES", "|".join(map(re.escape, zones()))), re.X)


CLASS_NAMES = """
ISO CLOCK DECADE ORD NUM DAYNUM YEAR OLDYEAR AMPM MON MONA MAYM WDAY WDAYS NUMW NUMX A HALF ORDW
VAGUE UNIT UNITS QUARTER WEEKEND FREQ EVERY FISCAL SEASON FALL POD TONIGHT RELDAY REF RECENT FUTURE
LAST PAST NEXT THIS EDGE EARLIER LATER AGO BOUND OF THE AND PREP MORE THAN COMMA DOT HYPHEN WORD
PUNCT CLOCKS FY ZONE OLD AGED MEASURE AFTER TO THAT SAME TIMEW TIMES
"""
CLASSES = CLASS_NAMES.split()
SYM = dict(zip(CLASSES, string.ascii_letters + string.digits + "".join(map(chr, range(0xC0, 0x100))), strict=False))
CASED = {"MON", "MONA", "MAYM", "WDAY", "WDAYS"}  # names only when capitalised ("may", "march" are verbs)
PUNCT = {",": "COMMA", ".": "DOT", "-": "HYPHEN"}
OLD_YEAR_PREPS = {"in", "since", "until", "by", "from", "during", "before", "after", "between"}  # "in 1848"

QTY = (
    "(?:{MORE}{THAN})?(?:(?:{NUMW}(?:{HYPHEN}?{NUMW})*{NUMX}?|{A}{NUMX}|{DAYNUM}|{NUM})(?:{AND}{A}{HALF})?"
    "|{A}?{VAGUE}{OF}?|{HALF}{A}|{A})"
)
MONTH = "(?:{MON}|{MONA}{DOT}?)"
REL = "(?:{LAST}|{THIS}|{NEXT})"
REL_YEAR = REL + "{UNIT}"
PREPS = "{PREP}{AFTER}{TO}"
CLOCK_TIME = "(?:{CLOCK}{AMPM}?|{DAYNUM}{AMPM})"
# Modifiers that belong to the span of a following DATE: "the end of", "late", "mid-", "earlier".
PREFIX = "(?:{THE}?{BOUND}{OF}|{THE}?{EDGE}{HYPHEN}?|{EARLIER}|{LATER})"
# Tried first at each position: phrases of a number and a unit that name no time, and comparisons of times
FIRST_RULES = {
    "age": QTY + "{HYPHEN}?(?:{UNIT}|{UNITS}){HYPHEN}?{OLD}|{AGED}" + QTY + "(?:{UNIT}|{UNITS})?",
    "measure": QTY + "{HYPHEN}?(?:{UNIT}|{UNITS}){MEASURE}",
    "compare": QTY + "(?:{UNIT}|{UNITS})(?=(?:{EARLIER}|{LATER}){THAN})",
}
DATE_RULES = {
    "year_short": "(?<={YEAR}{HYPHEN})(?:{DAYNUM}|{NUM})(?!{HYPHEN})",  # "1983-84": the second year
    "clock_day": CLOCK_TIME + "{ZONE}?(?:{WDAY}|{RELDAY})|(?:{WDAY}|{RELDAY})" + CLOCK_TIME + "{ZONE}?",
    "mdy": "(?:{WDAY}{COMMA}?)?" + MONTH + "(?:{DAYNUM}|{ORD})(?:{COMMA}?(?:{YEAR}|{OLDYEAR}))?",
    "dmy": "(?:{WDAY}{COMMA}?)?{THE}?(?:{DAYNUM}|{ORD}){OF}?" + MONTH + "(?:{COMMA}?(?:{YEAR}|{OLDYEAR}))?",
    "my": MONTH + "{OF}?{COMMA}?(?:{YEAR}|{OLDYEAR})",
    "iso": "{ISO}",
    "month_rel": "{MON}" + REL_YEAR,
    "quarter": "{THE}?{FISCAL}?(?:{ORDW}|{ORD}){HYPHEN}?(?:{QUARTER}|{HALF})"
    "(?:{OF}?(?:{FISCAL}?(?:{YEAR}|{FY})|" + REL_YEAR + "|" + REL + "{FISCAL}{UNIT}?))?",
    "fiscal": "{FISCAL}{UNIT}?{YEAR}|{FY}|(?:{THE}|" + REL + "){FISCAL}{UNIT}",
    "century": "{THE}?(?:{ORD}|{ORDW}){HYPHEN}?{UNIT}",
    "decade": "{THE}?{DECADE}",
    # the story's own time: counted from the last period the text told, not from the publication day
    "story_next": "{THE}(?:{NEXT}|{LAST})(?:{UNIT}|{WEEKEND})",
    "story_after": "{THE}(?:{UNIT}|{WEEKEND}|{POD}){AFTER}",
    "story_that": "(?:{THAT}{SAME}?|{THE}{SAME})(?:(?:{MON}|{WDAY}|{SEASON}){POD}(?:{PREP}?{COMMA}?{YEAR})?"
    "|(?:{MON}|{SEASON}){PREP}?{COMMA}?{YEAR}|{UNIT}|{POD}|{WEEKEND}|{TIMEW})",
    "season": "(?:" + REL + "|{THE})?{SEASON}(?:{OF}?{YEAR})?",
    "wday": REL + "?{WDAY}{POD}?",
    "relpod": "(?:{RELDAY}|{LAST}|{THIS}){POD}|{TONIGHT}",
    "relday": "{RELDAY}",
    "rel_unit": REL + "(?:{UNIT}|{QUARTER}|{WEEKEND})",
    "weekend": "{THE}{WEEKEND}",
    "the_unit": "(?:{THE}?{BOUND}{OF}|(?:{EARLIER}|{LATER}){PREP}){THE}(?:{UNIT}|{QUARTER})",
    "unit_end": "{UNIT}{HYPHEN}?{BOUND}",
    "ago": QTY + "?(?:{UNIT}|{UNITS}){HYPHEN}?(?:{AGO}|{EARLIER})",
    "recent": "{THE}?{RECENT}(?:{UNITS}|{PAST})",
    "future": "{THE}{WORD}?{FUTURE}",
    "past": "{THE}{PAST}(?=[{COMMA}{DOT}" + PREPS + "{AND}{PUNCT}]|$)",
    "ref": "{REF}",
    "time": CLOCK_TIME + "{ZONE}?|{CLOCKS}{ZONE}",
    "year": "{YEAR}",
    "month": REL + "?{MON}",
}
OTHER_RULES = {
    "past_dur": "{THE}(?:{LAST}|{PAST}|{NEXT})" + QTY + "?(?:{UNIT}|{UNITS}|{QUARTER})",
    "set": "{EVERY}" + QTY + "?(?:{UNIT}|{UNITS}|{WDAY}|{WEEKEND}|{QUARTER}|{SEASON}|{POD})"
    "|" + QTY + "?{TIMES}(?:{A}|{EVERY})(?:{UNIT}|{QUARTER}|{WEEKEND})|{FREQ}|{WDAYS}",
    "range_dur": QTY + "(?:{AND}|{TO}|{HYPHEN})" + QTY + "{HYPHEN}?(?:{UNIT}|{UNITS})",
    "dur": QTY + "{HYPHEN}?(?:{UNIT}|{UNITS})(?:{AND}{A}{HALF})?",
    "vague": "{UNITS}",
}
NOT_DATES = {"age", "measure"}


def _expand(rule: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SYM[m.group(1)], rule)


@cache
def grammar() -> re.Pattern[str]:
    alts = lambda rules: "|".join(f"(?P<{name}>{_expand(r)})" for name, r in rules.items())  # noqa: E731
    return re.compile(f"{alts(FIRST_RULES)}|(?:{_expand(PREFIX)})?(?:{alts(DATE_RULES)})|{alts(OTHER_RULES)}")


@dataclass(slots=True)
class Tokens:
    text: str
    starts: list[int]
    ends: list[int]
    cls: list[str]
    vals: list[str]
    low: list[str]

    def tense(self, i: int, j: int) -> int:
        """The tense of the verb group that governs tokens [i, j): the nearest one before them in their
        sentence, else the nearest after; 1 future, -1 past, 0 present or none.

        A group is a run of tense words, auxiliaries and links ("is expected to", "will be", "had been"): its
        tense is its first member's that has one, so "will be approved" is future, not past from "approved".
        """
        left = self._group(range(i - 1, -1, -1), -1)
        return left if left is not None else self._group(range(j, len(self.low)), 1) or 0

    def _group(self, ks: range, step: int) -> int | None:
        cues, joins = tense(), links()
        for k in ks:
            w = self.low[k]
            if w in ".!?;":
                return None
            if _cue(w, self.cls[k], cues) is None:
                continue
            run = [k]
            while 0 <= run[-1] + step < len(self.low):
                nxt = self.low[run[-1] + step]
                if _cue(nxt, self.cls[run[-1] + step], cues) is None and nxt not in joins:
                    break
                run.append(run[-1] + step)
            for m in sorted(run):
                cue = _cue(self.low[m], self.cls[m], cues)
                if cue:
                    return cue
            return 0
        return None


def _cue(w: str, cls: str, cues: dict[str, int]) -> int | None:
    """A verb-group word's tense (0 for a present auxiliary); None for a word outside verb groups."""
    if w in cues:
        return cues[w]
    return -1 if cls == "WORD" and _past_form(w) else None


def _past_form(w: str) -> bool:
    return len(w) > 4 and w.endswith("ed") and not w.endswith("eed")


def _number_class(kind: str, tok: str) -> str:
    if kind == "NUM":
        if not tok.isdigit():
            return "NUM"
        v = int(tok)
        if len(tok) == 4:
            return "YEAR" if 1900 <= v <= 2099 else "OLDYEAR" if v >= 1000 else "NUM"
        return "DAYNUM" if 1 <= v <= 31 and len(tok) <= 2 else "NUM"
    if kind == "ORD":
        return "ORD" if 1 <= int(tok[:-2]) <= 31 else "NUM"
    if kind == "ISO":
        m, d = int(tok[5:7]), int(tok[8:10])
        return "ISO" if 1 <= m <= 12 and 1 <= d <= 31 else "NUM"
    if kind == "CLOCK":
        h, mi = tok.split(":")
        return "CLOCK" if int(h) <= 24 and int(mi) < 60 else "NUM"
    return kind  # DECADE, AMPM


def tokenize(text: str) -> Tokens:
    lex = words()
    t = Tokens(text, [], [], [], [], [])
    for m in token_re().finditer(text):
        kind, tok = m.lastgroup or "PUNCT", m.group()
        low = tok.lower()
        if kind == "WORD":
            cls, val = lex.get(low, ("WORD", ""))
            if cls in CASED and not tok[0].isupper():
                cls = "WORD"
        elif kind == "PUNCT":
            cls, val = PUNCT.get(tok, "PUNCT"), ""
        else:
            cls, val = _number_class(kind, tok), low
            if kind == "AMPM":
                val = low[0] + "m"
            elif kind == "FY":
                digits = re.sub(r"\D", "", tok)
                val = digits if len(digits) == 4 else "20" + digits
        t.starts.append(m.start())
        t.ends.append(m.end())
        t.cls.append(cls)
        t.vals.append(val)
        t.low.append(low)
    _disambiguate(t)
    return t


def _disambiguate(t: Tokens) -> None:
    """Classes that depend on the neighbours: "May", "fall", old years, numbers that only look like years."""
    cls, n = t.cls, len(t.cls)
    for k, c in enumerate(cls):
        prev = cls[k - 1] if k else ""
        nxt = cls[k + 1] if k + 1 < n else ""
        if c == "MAYM":
            named = nxt in {"DAYNUM", "ORD", "YEAR", "OLDYEAR"} or prev in {
                "PREP", "AFTER", "TO", "EDGE", "LAST", "NEXT", "THIS", "HYPHEN", "OF", "DAYNUM", "ORD", "THAT"
            }  # fmt: skip
            cls[k] = "MON" if named else "WORD"
        elif c == "FALL":
            season = prev in {"LAST", "NEXT", "THIS", "EDGE"} or nxt == "YEAR" or (prev == "THE" and nxt != "OF")
            cls[k] = "SEASON" if season else "WORD"
        elif c == "OLDYEAR" and k and t.low[k - 1] in OLD_YEAR_PREPS:
            cls[k] = "YEAR"
        elif c == "YEAR" and (
            nxt in {"UNIT", "UNITS"} or (nxt and t.low[k + 1] == "%") or (prev and t.low[k - 1] in "$£€#")
        ):
            cls[k] = "NUM"


@dataclass(frozen=True, slots=True)
class Hit:
    rule: str
    start: int  # first token, modifiers included
    head: int  # first token of the rule itself
    end: int  # one past the last token


def scan(text: str) -> tuple[Tokens, list[Hit]]:
    t = tokenize(text)
    symbols = "".join(SYM[c] for c in t.cls)
    found = grammar().finditer(symbols)
    hits = [Hit(m.lastgroup, m.start(), m.start(m.lastgroup), m.end()) for m in found if m.lastgroup not in NOT_DATES]
    return t, hits  # type: ignore[arg-type]
