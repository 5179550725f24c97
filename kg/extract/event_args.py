"""Arguments of an event trigger, read off the dependency parse.

Who acted (agent), on whom (target), where (place) and when (date). Every
argument is an entity key taken from the MentionIndex at the argument's
syntactic position; a position with no recognised entity gives no argument
(skipping is better than guessing). How a syntactic slot maps to a role depends
on the core type: the object of "attack" is a target, the object of "enter" is
a place; "advances of the army" names the mover, "the bombing of the town"
names what was hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from kg.extract.index import EntityMention, MentionIndex
from kg.extract.temporal import DateResolution, resolve
from kg.extract.triggers import Lexicon, Trigger, is_passive, themes
from kg.model import ACTOR_CLASSES

PARTICIPANT_CLASSES = frozenset((*ACTOR_CLASSES, "Unit"))
PLACE_CLASSES = frozenset(("Location", "Country"))
_RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
_RESOLVABLE_PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her", "them"}
_NP_MODIFIERS = {"compound", "amod", "poss", "nmod", "npadvmod"}
# Nouns that locate something relative to a place ("the edge of the zone", "the zone's border").
_PLACE_RELATIONAL = {"edge", "border", "outskirts", "vicinity", "area", "north", "south", "east", "west", "side",
                     "part", "region", "centre", "center", "perimeter", "boundary", "periphery", "heart", "frontier"}

# How the "of" complement of a nominal trigger, and a direct object, are read per core type.
_OF_ROLE = {"Movement": "agent", "ForcePosture": "agent", "Attack": "target", "Threat": "target"}
_OBJECT_PLACE_TYPES = {"Movement", "ForcePosture"}
_TARGET_PREPS = {
    "against": {"Attack", "Threat", "Communication", "Aid", "Cooperation", "ForcePosture", "Movement"},
    "on": {"Attack", "Threat"},
    "at": {"Attack"},
    "upon": {"Attack"},
    "with": {"Attack", "Communication", "Cooperation"},
    "to": {"Communication", "Aid", "Threat"},
    "for": {"Aid"},
}
_DESPITE_TYPES = {"Threat", "Attack"}
_CONCESSIVE_PREPS = {"despite", "notwithstanding"}
_AGENT_PREPS = {"from": {"Threat", "Communication", "Aid", "Attack", "Cooperation"}}


@dataclass
class Arguments:
    """Entity keys per role, the resolved date, and the tokens that state them."""

    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: DateResolution = field(default_factory=DateResolution)
    tokens: set[int] = field(default_factory=set)  # local argument tokens, for the mention span
    target_heads: list[Token] = field(default_factory=list)  # noun phrases the event was aimed at

    def add(self, role: str, key: str) -> None:
        bucket = getattr(self, role)
        if key not in bucket and not (role != "agents" and key in self.agents):
            bucket.append(key)

    @property
    def participants(self) -> list[str]:
        return self.agents + [k for k in self.targets if k not in self.agents]

    def empty(self) -> bool:
        return not (self.agents or self.targets or self.places)


class ArgumentReader:
    """Reads arguments for triggers of one article."""

    def __init__(self, index: MentionIndex, lex: Lexicon, published: date | None) -> None:
        self.index = index
        self.lex = lex
        self.published = published

    # --- entity lookup -------------------------------------------------------------

    def np_mentions(self, head: Token, classes: frozenset[str], depth: int = 0) -> list[EntityMention]:
        """Entities a noun phrase names: the one covering its head, else its modifiers'."""
        hit = self.index.at_token(head)
        if hit is not None and hit.cls in classes:
            return [hit]
        if hit is not None:  # the head belongs to an entity of another class
            return []
        out: list[EntityMention] = []
        for c in head.children:
            if c.dep_ in _NP_MODIFIERS and c.i < head.i:
                m = self.index.at_token(c)
                if m is not None and m.cls in classes and m not in out:
                    out.append(m)
        if not out and depth < 2 and head.lemma_.lower() in _PLACE_RELATIONAL and classes == PLACE_CLASSES:
            for c in head.children:
                if c.dep_ == "poss":
                    out += self.np_mentions(c, classes, depth + 1)
                elif c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out += self.np_mentions(p, classes, depth + 1)
        return out

    def _with_conjuncts(self, head: Token) -> list[Token]:
        return [head, *head.conjuncts] if head.dep_ != "conj" else [head]

    def _antecedent(self, pron: Token, verb: Token) -> Token | None:
        """A pronoun subject's antecedent where the syntax fixes it.

        A relative pronoun stands for the noun its clause modifies; "it"/"they"
        in a clause reported by a verb stand for that verb's subject ("the
        military announced that it had bolstered ...").
        """
        low = pron.lower_
        if low in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        if low not in _RESOLVABLE_PRONOUNS:
            return None
        clause = verb
        while clause.dep_ == "conj" and clause.head != clause:
            clause = clause.head
        if clause.dep_ in ("ccomp", "advcl") and clause.head != clause:
            subj = self.subject(clause.head)
            if subj is not None and subj.pos_ != "PRON":
                return subj
        return None

    def subject(self, verb: Token, depth: int = 0) -> Token | None:
        """The (possibly inherited) subject of an active verb."""
        for c in verb.children:
            if c.dep_ == "nsubj":
                return c
        if depth > 4 or verb.head == verb:
            return None
        participial = verb.dep_ == "advcl" and not any(c.dep_ == "mark" for c in verb.children)
        if verb.dep_ in ("xcomp", "conj") or participial:
            return self.subject(verb.head, depth + 1)
        if verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            return self.subject(verb.head.head, depth + 1)
        if verb.dep_ == "relcl":
            return verb.head
        return None

    # --- roles ---------------------------------------------------------------------

    def _participants(self, args: Arguments, role: str, head: Token, local: bool, core: str) -> bool:
        """Add the entities a noun phrase names to a role; True when there was one."""
        found = False
        for tok in self._with_conjuncts(head):
            for m in self.np_mentions(tok, PARTICIPANT_CLASSES):
                found = True
                args.add(role, m.key)
                if local:
                    args.tokens.add(tok.i)
            if role == "targets" and core in _OBJECT_PLACE_TYPES | {"Attack"}:
                for m in self.np_mentions(tok, PLACE_CLASSES):
                    if m.cls == "Location":
                        args.add("places", m.key)
        return found

    def _place(self, args: Arguments, head: Token, local: bool = True) -> None:
        for tok in self._with_conjuncts(head):
            for m in self.np_mentions(tok, PLACE_CLASSES):
                args.add("places", m.key)
                if local:
                    args.tokens.add(tok.i)

    def _subject_place(self, args: Arguments, subj: Token, local: bool) -> None:
        """"Forces outside the zone are massing": where the actor is, is where it acts."""
        for prep in subj.children:
            if prep.dep_ == "prep" and prep.lower_ in self.lex.words("place_preps"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        self._place(args, pobj, local)

    def _preceding_participant(self, pron: Token) -> EntityMention | None:
        """The nearest actor or unit named before a possessive pronoun in its sentence
        ("the army's advances ... and their arrival")."""
        sent = pron.sent
        cands = [m for m in self.index.within(sent.start_char, pron.idx) if m.cls in PARTICIPANT_CLASSES]
        return cands[-1] if cands else None

    def _agent_token(self, verb: Token) -> tuple[Token | None, bool]:
        subj = self.subject(verb)
        if subj is None:
            return None, False
        local = subj.head == verb
        if subj.pos_ == "PRON" or subj.lower_ in _RELATIVE_PRONOUNS:
            ante = self._antecedent(subj, verb if subj.head == verb else subj.head)
            return ante, False
        return subj, local

    def _preps(self, args: Arguments, owner: Token, core: str, nominal: bool) -> None:
        for prep in owner.children:
            if prep.dep_ not in ("prep", "agent", "dative") or prep.pos_ != "ADP":
                continue
            word = prep.lower_
            for pobj in (c for c in prep.children if c.dep_ in ("pobj", "pcomp")):
                role = self._prep_role(prep, word, core, nominal)
                if role == "targets":
                    args.target_heads.append(pobj)
                if role and self._participants(args, role, pobj, True, core):
                    continue
                if word in self.lex.words("place_preps"):
                    self._place(args, pobj)

    @staticmethod
    def _prep_role(prep: Token, word: str, core: str, nominal: bool) -> str | None:
        """The participant role a prepositional complement fills, if any."""
        if prep.dep_ == "agent" or word == "by":
            return "agents"
        if word == "of" and nominal and core in _OF_ROLE:
            return _OF_ROLE[core] + "s"
        if nominal and word in _AGENT_PREPS and core in _AGENT_PREPS[word]:
            return "agents"
        if word in _TARGET_PREPS and core in _TARGET_PREPS[word]:
            return "targets"
        return None

    def _date(self, args: Arguments, anchors: set[int], sent) -> None:
        """A date expression whose attachment climbs to the trigger (or its light verb) without crossing a clause."""
        for ent in sent.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            tok = ent.root
            while tok.i not in anchors and tok.head != tok and tok.pos_ not in ("VERB", "AUX"):
                tok = tok.head
            if tok.i in anchors:
                res = resolve(ent.text, self.published)
                if res:
                    args.date = res
                    args.tokens.update(range(ent.start, ent.end))
                    return

    def _verb_args(self, args: Arguments, verb: Token, core: str, own: bool) -> None:
        """Subject, objects and prepositions of the trigger verb (or of a light verb, ``own`` False)."""
        if own and is_passive(verb):
            for c in verb.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            self._participants(args, "agents", p, True, core)
        else:
            subj, local = self._agent_token(verb)
            if subj is not None:
                self._participants(args, "agents", subj, local, core)
                self._subject_place(args, subj, local)
        if own:
            for obj in themes(verb):
                if core in _OBJECT_PLACE_TYPES:
                    self._place(args, obj)
                elif self._participants(args, "targets", obj, obj.head == verb, core) or obj.head == verb:
                    args.target_heads.append(obj)
                self._preps(args, obj, core, nominal=False)
            for c in verb.children:
                if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP" and core in ("Aid", "Communication", "Threat"):
                    self._participants(args, "targets", c, True, core)
        self._preps(args, verb, core, nominal=False)

    def _noun_args(self, args: Arguments, noun: Token, core: str) -> None:
        """Possessors and modifiers ("the US strike", "the army's advances") and prepositions of a nominal trigger."""
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ in _RESOLVABLE_PRONOUNS:
                m = self._preceding_participant(c)
                if m is not None:
                    args.add("agents", m.key)
            elif c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < noun.i:
                for m in self.np_mentions(c, PARTICIPANT_CLASSES):
                    args.add("agents", m.key)
                    args.tokens.add(c.i)
                for m in self.np_mentions(c, PLACE_CLASSES):
                    if m.cls == "Location":
                        args.add("places", m.key)
        self._preps(args, noun, core, nominal=True)
        if core in _DESPITE_TYPES and noun.dep_ == "pobj" and noun.head.lower_ in _CONCESSIVE_PREPS:
            self._concessive(args, noun.head.head, core)

    def _concessive(self, args: Arguments, verb: Token, core: str) -> None:
        """"X stayed in the area despite warnings": the warnings were aimed at X, about that place."""
        if verb.pos_ not in ("VERB", "AUX"):
            return
        subj = self.subject(verb)
        if subj is not None and subj.pos_ != "PRON":
            self._participants(args, "targets", subj, False, core)
        for c in verb.children:
            if c.dep_ == "dobj":
                self._place(args, c, False)
            elif c.dep_ == "prep" and c.lower_ in self.lex.words("place_preps"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        self._place(args, p, False)

    def _target_place(self, args: Arguments) -> None:
        """"a strike against a convoy that had trespassed into the zone": where the target was."""
        for head in args.target_heads:
            for c in head.children:
                if c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ in self.lex.words("place_preps")):
                    span = head.doc[c.left_edge.i : c.right_edge.i + 1]
                    found = [m for m in self.index.in_span(span) if m.cls == "Location"]
                    if found:
                        args.add("places", found[0].key)
                        return

    def read(self, trigger: Trigger, core: str, light_verb: Token | None) -> Arguments:
        """The arguments of one trigger."""
        args = Arguments()
        head = trigger.head
        verb = light_verb if trigger.nominal else head
        if verb is not None:
            self._verb_args(args, verb, core, own=not trigger.nominal)
        if trigger.nominal:
            self._noun_args(args, head, core)
        if not args.places:
            self._target_place(args)
        anchors = {head.i} | ({verb.i} if verb is not None else set())
        self._date(args, anchors, head.sent)
        return args
