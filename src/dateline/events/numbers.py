"""Numbers in a sentence: death counts (fatalities) apart from every other count (quantities)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from dateline import nlp
from dateline.data import lines, table
from dateline.events import lexicon

QUALIFIERS = (
    "more than",
    "at least",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "up to",
    "fewer than",
)


@cache
def _words() -> dict[str, tuple[int, str]]:
    return {r["word"]: (int(r["value"]), r["kind"]) for r in table("numbers.csv")}


@cache
def _death_words() -> dict[str, str]:
    return {r["lemma"]: r["role"] for r in table("deaths.csv")}


def value(text: str) -> int | None:
    """The integer a number token says: "1,200", "12", "twenty-five", "two hundred", "a dozen"."""
    t = text.lower().replace(",", "")
    if re.fullmatch(r"\d+", t):
        return int(t)
    words = _words()
    total = current = 0
    parts = re.split(r"[\s-]+", t)
    if not parts or any(p not in words for p in parts) or parts in (["a"], ["an"]):
        return None
    for p in parts:
        n, kind = words[p]
        if kind == "scale":
            current = max(current, 1) * n
            if n >= 1000:
                total, current = total + current, 0
        else:
            current += n
    return total + current


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    start: int  # char offsets of the number and its qualifier
    end: int
    text: str
    qualifier: str | None
    noun: Token  # what is counted ("militants"), the number itself when it stands alone
    death: bool
    cumulative: bool = False  # a toll over a war, a period or a country, not one happening's
    single: bool = False  # one person named without a number ("a village chief"): a floor, not a told toll
    more: bool = False  # dead told as more than those counted before ("3 attackers were also killed")


def _is_number(t: Token) -> bool:
    return (t.like_num or t.lower_ in _words()) and value(t.text) is not None


def _numbers(sent: SpacySpan) -> list[tuple[Token, Token]]:
    """(first, last) token of each number; "twenty-five" and "two hundred" are one number."""
    out: list[tuple[Token, Token]] = []
    for t in sent:
        if not _is_number(t) or t.ent_type_ in ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY"):
            continue
        if t.lower_ in ("a", "an", "one") and t.dep_ == "det" and t.head.lower_ not in _words():
            continue
        if t.lower_ == "one" and t.i > sent.start and t.nbor(-1).lower_ == "no":  # "no one was killed"
            continue
        prev = out[-1] if out else None
        if prev and (prev[1].i == t.i - 1 or (prev[1].i == t.i - 2 and t.nbor(-1).text == "-")):
            out[-1] = (prev[0], t)
        else:
            out.append((t, t))
    return [(a, b) for a, b in out if value(nlp.text(sent.doc)[a.idx : b.idx + len(b.text)]) is not None]


def _qualifier(tok: Token, sent: SpacySpan) -> str | None:
    before = nlp.text(sent.doc)[max(sent.start_char, tok.idx - 12) : tok.idx].lower()
    return next((q for q in QUALIFIERS if before.rstrip().endswith(q)), None)


def _first_conjunct(noun: Token) -> Token:
    """The first of the nouns a list joins ("8 soldiers and 12 militants" → soldiers): the one the verb governs."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN", "PRON"):
        noun = noun.head
    return noun


def _is_death(num: Token, noun: Token) -> bool:
    roles = _death_words()
    if noun.lemma_.lower() in roles and roles[noun.lemma_.lower()] == "predicate" and noun is not num:
        return True  # "12 bodies", "12 dead"
    noun = _first_conjunct(noun)  # "killed 4 soldiers and 2 civilians": the civilians too
    head = noun.head
    lemma = head.lemma_.lower()
    if lemma in roles:
        role = roles[lemma]
        if role == "verb" and noun.dep_ in ("dobj", "nsubjpass"):
            return True
        if role == "intransitive" and noun.dep_ == "nsubj":
            return True
        if role == "predicate" and noun.dep_ in ("nsubj", "attr", "npadvmod", "amod", "nummod"):
            return True
    if noun.dep_ == "pobj" and head.lower_ in (
        "to",
        "at",
        "of",
    ):  # "the toll rose to 30", "the number killed rose to 9"
        counted_dead = {"toll", "kill", "death", "dead", "die", "fatality"}
        return any(t.lemma_.lower() in counted_dead for t in head.head.subtree if not t.is_ancestor(noun))
    sentenced = lemma in ("sentence", "condemn")  # "sentenced two men to death" is a court's ruling
    if not sentenced and (_to_death(noun) or (noun.dep_ in ("dobj", "nsubjpass") and _to_death(head))):
        return True  # "beat him to death", "12 were hacked to death"
    dead = ("dead", "killed")
    if lemma == "leave" and any(c.lemma_.lower() in dead for c in head.children):
        return True  # "left 7 dead"
    if noun.dep_ in ("dobj", "nsubjpass") and any(c.lower_ == "dead" for c in head.children):
        return True  # "shot dead four guards", "a man was shot dead"
    return any(c.lemma_.lower() in dead for c in noun.children if c.dep_ in ("amod", "acl", "oprd"))


def _to_death(tok: Token) -> bool:
    """Whether "to death" hangs off the word: the verb, or its object as the parser often has it."""
    return any(c.lower_ == "to" and any(o.lower_ == "death" for o in c.children) for c in tok.children)


def period_subject(verb: Token) -> bool:
    """Whether a verb's subject is a war, an insurgency or a campaign ("the insurgency has killed", "wars that
    killed several million"): what it did is a period's toll, not a happening."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subject = verb.head  # the antecedent
    return subject is not None and (subject.lemma_.lower(),) in lexicon.story()["period"]


def in_period(verb: Token) -> bool:
    """Whether the verb's "in" phrase is a war, a conflict or a campaign and nothing dates it to a day: "people
    killed in the three-year conflict" is the war's toll, not a happening."""
    period = {p[0] for p in lexicon.story()["period"]}
    wars = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children]
    wars = [o for o in wars if o.dep_ == "pobj" and o.lemma_.lower() in period]
    # a day on the verb itself ("killed on Monday", "killed last week"); "the three-year conflict" dates the war
    days = [c for c in verb.children if c.dep_ != "prep" or c.lower_ in ("on", "at")]
    dated = any(t.ent_type_ in ("DATE", "TIME") for c in days for t in (c, *c.children))
    return bool(wars) and not dated


def _over_several(verb: Token) -> bool:
    """Whether the verb's "in" phrase names several happenings: "killed in two attacks", "in separate raids",
    "in a series of attacks"."""
    several = {p[0] for p in lexicon.story()["several"]}
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            counted = [c for c in obj.children if c.dep_ == "nummod" and (value(c.text) or 0) > 1]
            if obj.lemma_.lower() in several or counted or any(c.lemma_.lower() in several for c in obj.children):
                return True
    return False


def cumulative(noun: Token) -> bool:
    """Whether a death count is a war's, a period's, a country's or several happenings' toll: its verb's subject
    is a war or a campaign ("a rebellion which has claimed 5,500 lives"), a word beside the verb stretches it
    ("killed since it began", "died across the country"), or it sums several ("killed in two attacks")."""
    verb = noun.head
    words = lexicon.story()
    if period_subject(verb) or _over_several(verb):
        return True
    near = sorted(
        (t for c in verb.children if c != noun and not c.is_ancestor(noun) for t in (c, *c.children)),
        key=lambda t: t.i,
    )
    lemmas = [t.lemma_.lower() for t in near]
    return any(lexicon.has_phrase(lemmas, phrase) for phrase in words["span"])


@cache
def _persons() -> frozenset[str]:
    return frozenset(lines("persons.tsv"))


def _one_person(t: Token) -> bool:
    """A single person named without a number: "a village chief", "the driver", "him", a person's name."""
    if t.lower_ in ("him", "her", "he", "she", "himself", "herself"):  # "killing four soldiers and himself"
        return True
    if t.ent_type_ == "PERSON" and t.pos_ == "PROPN":  # the name's head word
        return t.head.ent_type_ != "PERSON" or t.head == t
    singular = t.tag_ == "NN" and t.lemma_.lower() in _persons()
    return singular and not any(c.dep_ == "nummod" or c.lower_ in ("every", "each", "no") for c in t.children)


def _singles(sent: SpacySpan, numbered: set[int]) -> list[Count]:
    """One death for each single person a death word speaks of ("killed a village chief", "shot him dead", "a
    soldier was killed") and no number counts."""
    text = nlp.text(sent.doc)
    out = []
    for t in sent:
        if t.i in numbered or not _one_person(t) or not _is_death(t, t):
            continue
        words = [c for c in t.subtree if c.i <= t.i and (c == t or c.dep_ in ("det", "amod", "compound"))]
        start, end = words[0].idx, t.idx + len(t.text)
        out.append(Count(1, start, end, text[start:end], None, t, True, cumulative(t), single=True))
    return out


def _more(num: Token, noun: Token) -> bool:
    """Whether the dead are told as more than those counted before, in the same happening: "3 attackers were also
    killed", "three others died in hospital", "four other people were killed" ("two more" often opens another
    happening of a series, and "more than 20" is a qualifier)."""
    verb = _first_conjunct(noun).head
    also = any(c.dep_ == "advmod" and c.lower_ == "also" for c in verb.children)
    others = noun.lower_ == "others" or any(c.lower_ == "other" for c in noun.children if c.dep_ == "amod")
    return also or others


def toll(deaths: list[Count]) -> tuple[int, bool] | None:
    """The death toll a sentence's death counts tell: the counts of one list summed ("8 soldiers and 12 militants
    were killed": 20), the largest such sum, and whether it counts only people named one by one."""
    if not deaths:
        return None
    lists: dict[int, list[Count]] = {}
    for c in deaths:
        lists.setdefault(_first_conjunct(c.noun).i, []).append(c)
    sums = [(not all(c.single for c in cs), sum(c.value for c in cs)) for cs in lists.values()]
    numbered, value = max(sums)
    return value, not numbered


def counts(sent: SpacySpan) -> list[Count]:
    out = []
    text = nlp.text(sent.doc)
    for first, num in _numbers(sent):
        noun = (
            num.head if num.dep_ in ("nummod", "quantmod", "compound") and num.head.pos_ in ("NOUN", "PROPN") else num
        )
        qual = _qualifier(first, sent)
        start = text.lower().rfind(qual, sent.start_char, first.idx) if qual else first.idx
        end = num.idx + len(num.text)
        n = value(text[first.idx : end]) or 0
        death = _is_death(num, noun)
        extra = death and _more(num, noun)
        out.append(Count(n, start, end, text[start:end], qual, noun, death, death and cumulative(noun), more=extra))
    return out + _singles(sent, {c.noun.i for c in out})


def counted(c: Count) -> str:
    """What a count counts, in a few words: "militants who pulled out"."""
    if c.noun.pos_ not in ("NOUN", "PROPN"):
        return c.noun.head.head.text if c.noun.dep_ == "pobj" else c.noun.head.text
    verb = c.noun.head if c.noun.head.pos_ in ("VERB", "AUX") and c.noun.dep_.startswith("nsubj") else None
    return (
        f"{c.noun.text} who {verb.text}" + (f" {_particle(verb)}" if _particle(verb) else "") if verb else c.noun.text
    )


def _particle(verb: Token) -> str:
    return " ".join(c.text for c in verb.children if c.dep_ == "prt" or c.lower_ in ("out", "back", "off"))
