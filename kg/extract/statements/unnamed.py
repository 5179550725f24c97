"""Speakers the text describes without naming: "a spokeswoman for the ministry", "officials", "analysts".

Such a source is still someone, and an analyst asking who said what wants a
node for it, with the body it speaks for:

- one person by role ("a spokeswoman for the ministry", "a senior official")
  is an ``nkg:Person`` labelled by the role, ``nkg:affiliation`` to the body
  when the phrase names one;
- a plural description ("officials", "analysts", "75 percent of voters") is a
  group, typed ``nkg:Actor`` only;
- a source that says nothing of who it is ("sources said") names no one;
- a name the entity stage did not resolve ("Murphy said") is an actor of the
  class spaCy gives the name (a person, an organisation), labelled by it;
- the "I" of an op-ed is its author, a person keyed by name like the persons
  the entity stage finds.

An unnamed spokeswoman in one article is not the one in another, so these
keys are scoped to the article (``actor/<article>/<phrase>``). The exception is
an office that the role and its body identify ("the governor of Texas", "the
ministry's secretary-general"): one holder at a time, keyed by role and body
across articles (``actor/office/<role>-<body>``).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.context import ArticleContext
from kg.extract.index import MentionIndex
from kg.lexicons.speech_lexicon import SpeechLexicon
from kg.model import Entity, Mention
from kg.vocab import slug

_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# Dependents that belong to the description of a source: its modifiers and the body it is "of"/"for".
_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "quantmod", "case", "prep", "pobj", "npadvmod",
                          "advmod", "det", "predet"})
_PHRASE_PREPS = frozenset({"of", "for", "at", "from", "with", "in", "within", "inside", "close", "to"})
_LEADING_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those"})
_MAX_LABEL_WORDS = 8
# spaCy's entity type of an unresolved name -> the class of its node
_NAME_CLASSES = {"PERSON": "Person", "ORG": "Organization"}
# Bodies a person can belong to (a unit is not an nkg:Actor)
_BODY_CLASSES = frozenset({"Organization", "ArmedGroup", "Country"})


def _phrase(head: Token) -> list[Token]:
    """The words of the describing phrase: modifiers and "of/for" links, not clauses or appositions."""
    keep = [head]
    todo = [head]
    while todo:
        tok = todo.pop()
        for child in tok.children:
            if child.dep_ not in _PHRASE_DEPS:
                continue
            if child.dep_ == "prep" and (child.i < head.i or child.lower_ not in _PHRASE_PREPS):
                continue
            keep.append(child)
            todo.append(child)
    keep.sort(key=lambda t: t.i)
    # one contiguous run around the head (a stray dependent across a clause is not the phrase)
    lo = hi = keep.index(head)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi + 1 < len(keep) and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    words = keep[lo:hi + 1]
    while words and (words[0].lower_ in _LEADING_DETERMINERS or words[0].is_punct) and words[0].i != head.i:
        words = words[1:]
    while words and words[-1].is_punct and words[-1].i != head.i:
        words = words[:-1]
    if len(words) > _MAX_LABEL_WORDS:  # "75 percent of the voters who ...": the head and what comes before it
        words = [t for t in words if t.i <= head.i][-_MAX_LABEL_WORDS:]
    return words


class UnnamedSources:
    """Mints the nodes of one article's described sources."""

    def __init__(self, ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity],
                 lex: SpeechLexicon) -> None:
        self._ctx = ctx
        self._index = index
        self._entities = entities
        self._lex = lex
        self.minted: dict[str, Entity] = {}

    def author(self) -> str | None:
        """The node of the article's author when the byline names one person ("I" and "we" of an op-ed)."""
        name = (self._ctx.article.author or "").strip()
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() and w.replace(".", "").isalpha() for w in words):
            return None
        key = f"actor/{slug(name)}"
        ent = self._entities.get(key) or self.minted.get(key)
        if ent is None:
            ent = self.minted[key] = Entity(key=key, cls="Person", label=name)
        return key if ent.cls == "Person" else None

    def describes_someone(self, head: Token) -> bool:
        """A description of people rather than of a body or a document: a person's role ("spokeswoman"),
        or a plural of people ("officials", "residents")."""
        lemma = head.lemma_.lower()
        if head.pos_ != "NOUN" or {lemma} & (self._lex.document_nouns | self._lex.anonymous_nouns
                                             | self._lex.institution_nouns):
            return False
        return self.is_person_role(head) or head.tag_ in _PLURAL_TAGS

    def is_person_role(self, head: Token) -> bool:
        """One person described by role ("a spokeswoman", "the senior official")."""
        lemma = head.lemma_.lower()
        lex = self._lex
        return (head.pos_ == "NOUN" and head.tag_ not in _PLURAL_TAGS and lemma in lex.role_nouns
                and not {lemma} & (lex.institution_nouns | lex.collective_nouns | lex.anonymous_nouns))

    def node(self, head: Token, body: str | None) -> str | None:
        """The key of a node for the source phrase headed by ``head`` (None when it describes no one);
        ``body`` is the key of the body the phrase names, if any, which the node is affiliated to."""
        lemma = head.lemma_.lower()
        if (head.pos_ not in ("NOUN", "PROPN") or head.like_num or lemma in self._lex.document_nouns
                or lemma in self._lex.anonymous_nouns):
            return None
        words = _phrase(head)
        label = self._label(head, words)
        if not label:
            return None
        if self.is_person_role(head):
            cls = "Person"
        elif head.pos_ == "PROPN" and head.tag_ not in _PLURAL_TAGS:
            cls = _NAME_CLASSES.get(head.ent_type_, "Actor")
        else:
            cls = "Actor"
        affiliation = body if body in self._entities and self._entities[body].cls in _BODY_CLASSES else None
        key = self._office_key(head, words, affiliation) if cls == "Person" else None
        if key is None:
            key = f"actor/{self._ctx.article.identifier[:16]}/{slug(label)}"
        else:
            label = self._office_label(head, words, affiliation)
        ent = self.minted.get(key)
        if ent is None:
            ent = self.minted[key] = Entity(key=key, cls=cls, label=label)
            if affiliation:
                ent.affiliation.append(affiliation)
        self.add_mention(ent, self._ctx.mention(words[0].idx, words[-1].idx + len(words[-1].text)))
        return key

    def _label(self, head: Token, words: list[Token]) -> str:
        """What the phrase calls the source, without the body it belongs to (that is its affiliation):
        "spokeswoman" for "a spokeswoman for the ministry", "unnamed ministry spokesman", "residents" of
        "residents of Kiryat Shmona", but "75 percent of voters" (a share of people not named as a body)."""
        if head.pos_ == "PROPN":  # an unresolved name is its own label
            return " ".join(self._ctx.text[words[0].idx:words[-1].idx + len(words[-1].text)].split())
        doc = head.doc
        first = {t.i for t in words}
        lo = head.i
        while lo - 1 in first and not self._in_entity(doc[lo - 1]) and doc[lo - 1].dep_ != "det" \
                and not (doc[lo - 1].dep_ == "poss" and doc[lo - 1].pos_ == "PRON"):
            lo -= 1  # "attorney general's office" keeps its possessor unless that names an entity (the body)
        left = [doc[i] for i in range(lo, head.i)]
        while left and not left[0].is_alpha:
            left = left[1:]
        right: list[Token] = []
        hi = head.i
        while hi + 1 in first and not self._in_entity(doc[hi + 1]):
            hi += 1
            right.append(doc[hi])
        if not right or right[0].lower_ != "of" or right[-1].pos_ not in ("NOUN", "PROPN", "NUM", "PRON"):
            right = []  # only a share of people ("75 percent of voters"), never a cut-off name
        parts = [*left, head, *right]
        return " ".join(self._ctx.text[parts[0].idx:parts[-1].idx + len(parts[-1].text)].split())

    def _in_entity(self, tok: Token) -> bool:
        """Whether a token is part of a name of the article's entities (the body, not the role)."""
        return self._index.at_token(tok) is not None

    def _role_words(self, head: Token, words: list[Token]) -> list[Token]:
        """The words of the role itself ("foreign minister", "secretary-general"): the head and the plain
        nouns and adjectives just before it that no entity mention covers."""
        role = [head]
        for tok in reversed([t for t in words if t.i < head.i]):
            if tok.i != role[0].i - 1 or tok.pos_ not in ("NOUN", "ADJ") or tok.ent_type_:
                break
            role.insert(0, tok)
        return role

    def _office_key(self, head: Token, words: list[Token], body: str | None) -> str | None:
        """A key across articles when a definite role and its body identify one office."""
        if body is None or not any(t.lower_ == "the" or t.dep_ == "poss" for t in head.children):
            return None
        role = " ".join(t.lemma_.lower() for t in self._role_words(head, words))
        if role not in self._lex.office_nouns:
            return None
        return f"actor/office/{slug(role)}-{slug(body.split('/', 1)[-1])}"

    def _office_label(self, head: Token, words: list[Token], body: str | None) -> str:
        """ "governor of Texas": the role and the body's label, a function of the key alone."""
        role = " ".join(t.lemma_.lower() for t in self._role_words(head, words))
        return f"{role} of {self._entities[body].label}" if body else role

    @staticmethod
    def add_mention(ent: Entity, mention: Mention) -> None:
        if all((m.start, m.end) != (mention.start, mention.end) for m in ent.mentions):
            ent.mentions.append(mention)
