"""Who speaks: from the head of a speaker phrase to an entity key.

- A named actor ("Dillon", "The Pentagon") is the entity mention on the head.
- A role or document noun speaks for the body it belongs to: "a spokesman for
  X", "officials at X", "Iraqi officials", "a statement from X", "a copy of the
  leaflets provided by X", "the ministry's statement". The phrase is searched
  breadth-first, nearest modifiers first; a recipient ("provided to Reuters")
  and a place ("a Baghdad-based spokesman") never speak.
- A personal pronoun is the latest compatible actor named before it as a
  subject or a speaker: "he"/"she" a person, "it" an organisation, armed group
  or country, "they" any group. "I" and "we" of the narration (attributions
  inside quotations are not read) are the article's author.
- People described rather than named get a node of their own (``unnamed``):
  one person by role ("a spokeswoman for the ministry"), a group ("officials",
  "analysts"). When the phrase names a body, the body remains the speaker and
  the described node, affiliated to it, is the statement's spokesperson
  (``spokespersons``); otherwise the described node speaks. A name the entity
  stage missed also gets a node.
- A document without an author ("a report said") and an anonymous source
  ("sources said") name no one: None.

A speaker is always a node of the article graph: an entity of ``entities`` or
one minted here (``minted``). Every speaker keeps the evidence of why it
speaks: when none of its mentions lies in the speaker phrase (a pronoun, "the
council" for a body named earlier), ``evidence`` holds a mention there, so
"he said" shows "he" as a mention of the person it resolved to. When the
entity index missed a name that spaCy tagged, the name is matched against the
labels of the article's entities.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque

from spacy.tokens import Token

from kg.extract.context import ArticleContext
from kg.extract.index import EntityMention, MentionIndex
from kg.extract.statements.unnamed import UnnamedSources
from kg.lexicons.speech_lexicon import SpeechLexicon
from kg.model import Entity, Mention
from kg.nlp.doctext import doc_ents, span_tokens

SPEAKER_CLASSES = frozenset({"Person", "Organization", "ArmedGroup", "Country", "Unit"})
_GROUP_CLASSES = frozenset({"Organization", "ArmedGroup", "Country", "Unit"})
_PRONOUN_CLASSES = {
    "he": frozenset({"Person"}),
    "she": frozenset({"Person"}),
    "it": frozenset({"Organization", "ArmedGroup", "Country", "Unit"}),
    "they": _GROUP_CLASSES | {"Actor"},  # "Actor": a group described without a name ("officials")
}
# Modifiers that belong to the speaker's own name or affiliation ("Iraqi officials", "the Pentagon's statement").
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "appos", "npadvmod"})
# Links from a role or document noun to the body behind it ("spokesman for X", "copy ... provided by X").
# Search order among a noun's dependents: a name in apposition, then the noun's own name, its owner last.
_MODIFIER_ORDER = {"appos": 0, "compound": 1, "poss": 3}
_OTHER_MODIFIER = 2
_LINK_DEPS = frozenset({"prep", "pobj", "agent", "acl"})
_LINK_PREPS = frozenset({"of", "for", "at", "from", "with", "in", "by", "within", "inside"})
_RELATIVE = frozenset({"who", "which", "that"})
_FIRST_PERSON = frozenset({"i", "we"})
# Bodies an unnamed phrase can describe by their kind ("the ministry"); a person or a country is not one.
_BODY_CLASSES = frozenset({"Organization", "ArmedGroup", "Unit"})
# "the army said" is a state's army, not a rebel group that calls itself one ("National Liberation Army").
_STATE_FORCE_WORDS = frozenset({"army", "military", "navy", "police", "gendarmerie"})
# Words after which a name's head noun has been said ("Ministry of ...", "Observatory for ...").
_NAME_PREPOSITIONS = frozenset({"of", "for", "on", "in"})


def head_words(ent: Entity) -> frozenset[str]:
    """The head nouns of an entity's names, singular too: what "the council" or "the forces" can refer to.

    The head is the last word before a preposition ("Ministry of National
    Defence", "Observatory for Human Rights"), else the last word ("Military
    Council"); a unit's name always ends in its kind ("... Defence forces").
    """
    heads = set()
    for label in (ent.label, *ent.alt_labels):
        words = re.findall(r"[a-z]+", label.lower())
        if ent.cls != "Unit":
            cut = next((i for i, w in enumerate(words) if w in _NAME_PREPOSITIONS and i > 0), len(words))
            words = words[:cut]
        if words:
            heads.add(words[-1])
    return frozenset(heads | {w[:-1] for w in heads if w.endswith("s")})


class SpeakerResolver:
    """Turns speaker and addressee phrases of one article into entity keys."""

    def __init__(self, ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity],
                 lex: SpeechLexicon, quoted: list[tuple[int, int]] = ()) -> None:
        self._ctx = ctx
        self._index = index
        self._entities = entities
        self._lex = lex
        self._unnamed = UnnamedSources(ctx, index, entities, lex)
        self.evidence: dict[int, tuple[str, Mention]] = {}  # speaker phrase head (token index) -> (key, mention there)
        self.spokespersons: dict[int, str] = {}  # speaker phrase head -> the described node that speaks for the body
        self._by_name = self._names(entities)
        # (offset, key) of the bodies named anywhere, for "the council" and "a ministry spokesman".
        self._bodies = [(m.start, m.key) for m in index if m.key in entities and entities[m.key].cls in _BODY_CLASSES]
        self._body_words = {key: head_words(entities[key]) for _, key in self._bodies}
        # (offset, key, class) of actors named as subjects, for pronouns; speakers are added as found. Names in
        # ``quoted`` stretches are the quoted speaker's words, not the narrator's: no "he" of the narration
        # refers to them.
        self._history: list[tuple[int, str, str]] = []
        starts = [a for a, _ in quoted]
        for sent in ctx.sentences:
            for tok in span_tokens(sent):
                if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ not in ("PROPN", "NOUN"):
                    continue
                i = bisect_right(starts, tok.idx) - 1
                if i >= 0 and tok.idx < quoted[i][1]:
                    continue  # quoted words
                key = self._named(tok)
                if key:
                    self._remember(tok.idx, key)

    @staticmethod
    def _names(entities: dict[str, Entity]) -> dict[str, str]:
        """Lower-cased labels and their last words (surnames) to keys, unambiguous ones only."""
        names: dict[str, set[str]] = {}
        for key, ent in entities.items():
            if ent.cls not in SPEAKER_CLASSES:
                continue
            for label in {ent.label, *ent.alt_labels}:
                low = label.lower()
                names.setdefault(low, set()).add(key)
                if ent.cls == "Person" and low.split():
                    names.setdefault(low.split()[-1], set()).add(key)
        return {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}

    @property
    def minted(self) -> dict[str, Entity]:
        """The nodes made for described and unresolved sources, by key."""
        return self._unnamed.minted

    def node(self, key: str) -> Entity:
        """The entity or minted node of a speaker key."""
        return self._entities.get(key) or self._unnamed.minted[key]

    def _remember(self, offset: int, key: str) -> None:
        cls = self.node(key).cls
        i = bisect_left(self._history, (offset, key, cls))
        if i >= len(self._history) or self._history[i] != (offset, key, cls):
            self._history.insert(i, (offset, key, cls))

    def _mention(self, tok: Token) -> EntityMention | None:
        m = self._index.at_token(tok)
        if m is not None and m.key in self._entities and self._entities[m.key].cls in SPEAKER_CLASSES:
            return m
        return None

    def _named(self, tok: Token) -> str | None:
        """The actor a token names, from the index or, failing that, from spaCy's entity."""
        m = self._mention(tok)
        if m is not None:
            return m.key
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            ent = next((e for e in doc_ents(tok.doc) if e.start <= tok.i < e.end), None)
            if ent is not None:
                return self._by_name.get(ent.text.lower()) or self._by_name.get(tok.lower_)
        return None

    def _search(self, head: Token, through_links: bool) -> tuple[str, Token] | None:
        """Breadth-first search of a noun phrase for the actor it names, and the token that names it.

        An apposition is tried first: in "the ministry's spokesman, Yahya Rasool,"
        the person speaks, not the ministry. The phrase's own name comes before
        its owner: in "Hezbollah's Al-Manar television" the station speaks.
        """
        queue = deque([head])
        while queue:
            tok = queue.popleft()
            key = self._named(tok)
            if key:
                return key, tok
            for child in sorted(tok.children, key=lambda c: _MODIFIER_ORDER.get(c.dep_, _OTHER_MODIFIER)):
                if child.dep_ in _MODIFIER_DEPS:
                    queue.append(child)
                elif through_links and child.dep_ in _LINK_DEPS:
                    if child.dep_ == "prep" and child.lower_ not in _LINK_PREPS:
                        continue  # "provided to Reuters": a recipient, not a source
                    if child.dep_ == "acl" and not any(c.dep_ == "agent" for c in child.children):
                        continue
                    queue.append(child)
        return None

    def _named_conjunct(self, head: Token) -> tuple[str, Token] | None:
        """ "witnesses and the opposition government said": when the first of coordinated sources
        names no one, the first conjunct that names an actor is the speaker (one speaker per
        statement, and a named one says more than a described one)."""
        for conj in head.conjuncts:
            if conj.i > head.i and conj.pos_ in ("NOUN", "PROPN"):
                found = self._search(conj, False)
                if found:
                    return found
        return None

    def _antecedent(self, pronoun: Token, skip: tuple[int, int] | None) -> str | None:
        classes = _PRONOUN_CLASSES.get(pronoun.lower_)
        if classes is None:
            return None
        i = bisect_left(self._history, (pronoun.idx, "", ""))
        for offset, key, cls in reversed(self._history[:i]):
            if cls in classes and not (skip and skip[0] <= offset < skip[1]):
                return key
        return None

    def _described(self, head: Token) -> tuple[str, Token] | None:
        """The body an unnamed phrase describes by its kind ("the council", "an unnamed ministry
        spokesman"), and the word that describes it.

        Such a phrase refers back to the latest body named before it whose
        name has that head ("... Military Council" / "the council").
        """
        linked = [g for c in head.children if c.dep_ == "prep" and c.lower_ in _LINK_PREPS
                  for g in c.children if g.dep_ == "pobj"]  # "a spokeswoman for the ministry"
        nouns = [head, *(c for c in head.children if c.dep_ in ("compound", "amod") and c.pos_ == "NOUN"), *linked]
        described = {w: t for t in nouns for w in (t.lower_, t.lemma_.lower()) if w in self._lex.institution_nouns}
        if not described:
            return None
        i = bisect_left(self._bodies, (head.idx, ""))
        for _, key in reversed(self._bodies[:i]):
            shared = described.keys() & self._body_words[key]
            if shared and not (shared <= _STATE_FORCE_WORDS and self._entities[key].cls == "ArmedGroup"):
                return key, described[min(shared)]
        return None

    def resolve(self, head: Token | None, clause: tuple[int, int] | None = None) -> str | None:
        """The key of the speaker of a phrase headed by ``head`` (None when it names no one).

        ``clause`` is the reported clause: names inside it are what was said,
        not who said it, so a pronoun never refers back into it. A described
        person or group that speaks for a body ("a spokeswoman for the
        ministry", "Iraqi officials") leaves the body as the speaker and its own
        node in ``spokespersons``.
        """
        if head is None:
            return None
        source = head.i
        relative = head
        if head.lower_ in _RELATIVE and head.dep_.startswith("nsubj") and head.head.dep_ == "relcl":
            head = head.head.head  # "X, who said ...": the noun the clause hangs on
        found: tuple[str, Token] | None
        if head.pos_ == "PRON" and head.lower_ in _FIRST_PERSON:
            key = self._unnamed.author()  # not an antecedent of "he" or "she" later
            if key:
                self._note_evidence(source, head, key, head)
            return key
        if head.pos_ == "PRON":
            key = self._antecedent(head, clause)
            found = (key, head) if key else None
        else:
            found = (self._search(head, self._lex.names_a_speaker(head.lemma_.lower())) or self._described(head)
                     or self._named_conjunct(head))
            if found is None:  # "officials said", "a Western diplomat said", a name the entity stage missed
                described = self._unnamed.node(head, None)
                found = (described, head) if described else None
            elif self.node(found[0]).cls != "Person" and self._unnamed.describes_someone(head):
                described = self._unnamed.node(head, found[0])  # "a spokeswoman for the ministry"
                if described:
                    self.spokespersons[source] = described
        if found is None:
            return None
        key, tok = found
        if relative.i != head.i:  # "who" is the word that names the speaker of its clause
            head = tok = relative
        self._note_evidence(source, head, key, tok)
        self._remember(head.idx, key)
        return key

    def _note_evidence(self, source: int, head: Token, key: str, tok: Token) -> None:
        """A mention of ``key`` at ``tok``, the word that refers to it, when none of its mentions lies in the
        speaker phrase ("he", "the council"); ``source`` is the token the report names as speaker (a
        relative "who" for the noun it hangs on)."""
        phrase = (head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text))
        if not any(m.start < phrase[1] and phrase[0] < m.end for m in self.node(key).mentions):
            self.evidence[source] = (key, self._ctx.mention(tok.idx, tok.idx + len(tok.text)))

    def addressee(self, head: Token) -> str | None:
        """The actor or unit an object of "told" names ("told Military Times", "told the Iran-backed
        fighters"); "told reporters" names no one."""
        if head.pos_ == "PRON":
            return None
        found = self._search(head, head.lemma_.lower() in self._lex.role_nouns)
        return found[0] if found else None
