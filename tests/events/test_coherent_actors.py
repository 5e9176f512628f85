"""One actor is never both sides of a happening, and the victims of violence against civilians are never its
perpetrator. Hand-built mentions: the pass is pure and reads nothing else."""

from __future__ import annotations

import pytest

from dateline.events.attribute import coherent_actors
from dateline.model import Actor, Mention, Span

CIVILIANS = Actor(10, 19, "villagers", "Civilians (Mali)", 7, "MLI")
ARMY = Actor(0, 6, "troops", "Military Forces of Mali (2021-)", 1, "MLI")
GROUP = Actor(0, 7, "JNIM", "JNIM: Group for Support of Islam and Muslims", 2, "MLI")


def mention(sub: str, actor1: Actor | None, actor2: Actor | None) -> Mention:
    return Mention("a", Span(0, 40, "x" * 40), Span(8, 14, "killed"), "", sub, actor1=actor1, actor2=actor2)


@pytest.mark.parametrize("sub", ["Attack", "Abduction/forced disappearance", "Sexual violence"])
def test_victims_named_first_become_the_target_of_the_named_attacker(sub: str) -> None:
    m = coherent_actors(mention(sub, CIVILIANS, GROUP))
    assert (m.actor1, m.actor2) == (GROUP, CIVILIANS)


@pytest.mark.parametrize("attacker", [None, ARMY, GROUP])
def test_victims_are_never_actor1_of_an_attack_on_them(attacker: Actor | None) -> None:
    m = coherent_actors(mention("Attack", CIVILIANS, attacker))
    assert m.actor1 == attacker and m.actor2 == CIVILIANS


@pytest.mark.parametrize("actor", [ARMY, GROUP, CIVILIANS])
def test_one_actor_is_never_both_sides(actor: Actor) -> None:
    m = coherent_actors(mention("Armed clash", actor, actor))
    assert m.actor1 == actor and m.actor2 is None


def test_civilians_may_act_in_other_kinds_of_event() -> None:
    m = mention("Peaceful protest", CIVILIANS, None)
    assert coherent_actors(m) is m
