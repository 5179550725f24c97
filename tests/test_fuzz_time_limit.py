"""Property test: news written by a grammar never makes an article overrun the time limit.

Hypothesis writes articles from news vocabulary (people, armed groups, states, places,
verbs of attack and of speech, numbers, dates, direct and reported quotes, clauses nested
in clauses, coordinations of names and of verbs, possessives under noun-rooted headlines
such as the one that once hung a build) and sends them through the real pipeline as
``newskg build`` runs it: a supervised extraction process under the default
``extraction_timeout``. Every article must come back extracted: none refused for the
limit, none killing its process, none raising.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.guard import Supervisor
from kg.model import Article
from kg.reading import ArticleError
from kg.reading.layouts import article_from_text
from kg.settings import Settings

pytestmark = pytest.mark.timeout(600)

PEOPLE = ["Amal Haddad", "Colonel Ivan Petrenko", "General Musa Bello", "Leila Karimi", "Sheikh Omar al-Tamimi",
          "Defence Minister Yuki Tanaka", "Brig. Gen. Ana Souza", "the prime minister", "a spokesman", "he", "she"]
GROUPS = ["al-Shabaab", "Boko Haram", "the Houthis", "Hamas", "the Taliban", "Islamic State", "the rebels",
          "pro-government militias", "Iran-backed fighters", "the coalition", "its forces", "their fighters", "they"]
STATES = ["Turkey", "Nigeria", "Ukraine", "Russia", "Yemen", "Somalia", "Mali", "Colombia", "Myanmar", "Syria",
          "Israel", "Ethiopia", "the United States", "Pakistan"]
DEMONYMS = ["Turkish", "Nigerian", "Ukrainian", "Russian", "Yemeni", "Malian", "Israeli", "Ethiopian", "Pakistani"]
FORCES = ["troops", "soldiers", "warplanes", "drones", "artillery", "police", "special forces", "militiamen"]
PLACES = ["Idlib", "Maiduguri", "Kharkiv", "Hodeidah", "Mogadishu", "Gao", "the border strip", "the airport",
          "a checkpoint outside Kunduz", "the northern province", "Sittwe", "the Donbas", "Gaza City"]
ATTACK = ["attacked", "shelled", "struck", "bombed", "raided", "ambushed", "fired on", "pushed deeper into",
          "captured", "withdrew from", "killed", "wounded", "besieged", "launched an offensive on"]
SPEECH = ["said", "told reporters", "claimed", "denied", "warned", "announced", "added", "insisted", "reported"]
NOUNS = ["ability", "decision", "attempt", "plan", "refusal", "pledge"]
TOPICS = ["questions about", "fears over", "doubts about", "a debate on", "calls for an inquiry into"]
BASE = ["fight a clean war in", "protect civilians in", "hold", "strike targets in", "pull out of", "secure"]
WHEN = ["on Tuesday", "late on Sunday", "on March 3", "last week", "overnight", "at dawn", "in 2019", ""]
COUNTS = ["about 300", "dozens of", "at least 12", "more than 1,500", "two", "hundreds of", "nearly 40"]

actor = st.one_of(st.sampled_from(PEOPLE), st.sampled_from(GROUPS), st.sampled_from(STATES),
                  st.builds(lambda d, f: f"{d} {f}", st.sampled_from(DEMONYMS), st.sampled_from(FORCES)),
                  st.builds(lambda s, f: f"{s}'s {f}", st.sampled_from(STATES), st.sampled_from(FORCES)),
                  st.builds(lambda c, f: f"{c} {f}", st.sampled_from(COUNTS), st.sampled_from(FORCES)))
actors = st.lists(actor, min_size=1, max_size=4).map(
    lambda xs: xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1])
place = st.lists(st.sampled_from(PLACES), min_size=1, max_size=3).map(" and ".join)
act = st.builds(lambda vs, p, w: f"{' and '.join(vs)} {p} {w}".strip(),
                st.lists(st.sampled_from(ATTACK), min_size=1, max_size=3), place, st.sampled_from(WHEN))


def _clause(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A clause: an act, a report of a clause, a noun-rooted phrase holding one, or a coordination."""
    return st.one_of(
        st.builds(lambda a, x: f"{a} {x}", actors, act),
        st.builds(lambda a, v, c: f"{a} {v} that {c}", actors, st.sampled_from(SPEECH), inner),
        st.builds(lambda c, a, v: f"{c}, {a} {v}", inner, actors, st.sampled_from(SPEECH)),
        st.builds(lambda c, a: f"{c}, according to {a}", inner, actors),
        st.builds(lambda a, t, s, n, b, p, x: f"{a} renewed {t} {s}'s {n} to {b} {p} even as its forces {x}",
                  actors, st.sampled_from(TOPICS), st.sampled_from(STATES), st.sampled_from(NOUNS),
                  st.sampled_from(BASE), place, act),
        st.builds(lambda s, n, b, f, p: f"{s}'s {n} to {b} its {f} in {p}", st.sampled_from(STATES),
                  st.sampled_from(NOUNS), st.sampled_from(BASE), st.sampled_from(FORCES), place),
        st.builds(lambda c1, c2: f"{c1}, while {c2}", inner, inner),
        st.builds(lambda c, a: f"\u201c{c[:1].upper()}{c[1:]},\u201d {a} said", inner, actors),
        st.builds(lambda a, c: f'{a} said: "{c}."', actors, inner),
    )


clause = st.recursive(st.builds(lambda a, x: f"{a} {x}", actors, act), _clause, max_leaves=6)
sentence = clause.map(lambda c: c[:1].upper() + c[1:] + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
article_text = st.builds(lambda title, paras: title + "\n\nBy Staff Reporter\nMay 4, 2021\n\n" + "\n\n".join(paras),
                         sentence, st.lists(paragraph, min_size=1, max_size=5))


@pytest.fixture(scope="module")
def guard() -> Iterator[Supervisor]:
    """The build's extraction process under the default limit, shared by every example."""
    with Supervisor(Settings()) as supervisor:
        yield supervisor


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(texts=st.lists(article_text, min_size=1, max_size=3))
def test_generated_news_never_overruns_the_limit(guard: Supervisor, texts: list[str]) -> None:
    batch: list[Article] = [article_from_text(text, f"fuzz-{i}.txt") for i, text in enumerate(texts)]
    failed = [o for o in guard(batch) if isinstance(o, ArticleError)]
    assert failed == [], [(f.source, f.reason, texts[int(f.source[5:-4])][:2000]) for f in failed]
