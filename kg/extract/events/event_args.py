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

from kg.extract.events.triggers import Trigger, is_passive, is_predicate, themes
from kg.extract.index import EntityMention, MentionIndex
from kg.extract.temporal import DateResolution, resolve
from kg.lexicons.event_triggers import Lexicon
from kg.lexicons.gazetteer import gazetteer
from kg.model import ACTOR_CLASSES
from kg.nlp.doctext import doc_text, span_ents
from kg.nlp.tree import climb

PARTICIPANT_CLASSES = frozenset((*ACTOR_CLASSES, "Unit"))
PLACE_CLASSES = frozenset(("Location", "Country"))
_RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
_RESOLVABLE_PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her", "them"}
_NP_MODIFIERS = {"compound", "amod", "poss", "nmod", "npadvmod"}
_FIRST_PERSON_PLURAL = {"we", "us", "our"}
_SUBJECT_PRONOUNS = {"it", "they", "he", "she"}
_OWNER_PRONOUNS = {"its", "their"}
_GROUP_NOUNS = {"group", "movement"}
_TOWN_NOUNS = {"city", "town", "port"}  # news calls a town a city and a port city a port
_TOWN_KINDS = {"city", "town"}
_PERSONAL_PRONOUNS = {"he", "she"}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _compared(doc, anchors: set[int]) -> bool:
    """A trigger ranked by a superlative or an ordinal, itself or as the subject of "be" ("the strike was the
    deadliest this year"): a date beside it bounds the comparison, not the event."""
    frame = [doc[a] for a in anchors]
    frame += [c for t in list(frame) if t.dep_ == "nsubj" and t.head.lemma_ == "be"
              for c in t.head.children if c.dep_ == "attr"]
    return any(c.tag_ == "JJS" or c.ent_type_ == "ORDINAL" for t in frame for c in (t, *t.children))


def _denied(verb: Token, lex) -> bool:
    """A clause that a denial governs ("denied carrying out", "denies that it fired")."""
    return verb.dep_ in ("xcomp", "ccomp", "pcomp") and verb.head.lemma_.lower() in lex.words("denial_verbs")


def _in_quote(tok: Token) -> bool:
    """Whether a token stands inside double quotes (an odd number of them before it in its sentence;
    the analysis text folds curly quotes to ASCII)."""
    return doc_text(tok.doc).count('"', tok.sent.start_char, tok.idx) % 2 == 1
# Nouns that locate something relative to a place ("the edge of the zone", "the zone's border",
# "the road between two towns", "the front line north of the city", "positions near the village").
_PLACE_RELATIONAL = {"edge", "border", "outskirts", "vicinity", "area", "north", "south", "east", "west", "side",
                     "part", "region", "centre", "center", "perimeter", "boundary", "periphery", "heart", "frontier",
                     "road", "highway", "route", "line", "front", "village", "town", "city", "community", "district",
                     "countryside", "hills", "position", "post", "outpost", "base", "checkpoint", "camp", "pocket",
                     "suburb", "neighbourhood", "neighborhood", "province", "governorate", "coast", "bank", "crossing",
                     "kilometre", "kilometer", "km", "mile", "metre", "meter"}
# Prepositions through which a relational noun points at its place.
_RELATIONAL_PREPS = {"of", "between", "near", "at", "in", "around", "outside", "inside", "along", "on", "from"}
_COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}

# How the "of" complement of a nominal trigger, and a direct object, are read per core type.
_OF_ROLE = {"Movement": "agent", "ForcePosture": "agent", "Attack": "target", "Threat": "target",
            "Coercion": "target", "Disapproval": "target"}
_OBJECT_PLACE_TYPES = {"Movement", "ForcePosture"}
_PASSIVE_ACTOR_TYPES = _OBJECT_PLACE_TYPES | {"Cooperation"}
_TARGET_PREPS = {
    "against": {"Attack", "Threat", "Communication", "Aid", "Cooperation", "ForcePosture", "Movement", "Protest",
                "Disapproval", "Coercion", "ReducedRelations", "Rejection"},
    "on": {"Attack", "Threat", "ReducedRelations", "Coercion"},
    "at": {"Attack"},
    "upon": {"Attack"},
    "with": {"Attack", "Communication", "Cooperation", "ReducedRelations"},
    "to": {"Communication", "Aid", "Threat", "Yield"},
    "for": {"Aid"},
}
_LOCATIVE_TARGET_PREPS = {"on", "at", "upon"}
_MEASURE_TYPES = {"ReducedRelations", "Coercion"}  # "sanctions on X", "a ban on X": the object's "on" names a target
# Talk whose addressee may be the subject of its clause: "demanded that X withdraw", "accused X ...".
_CLAUSE_TARGET_TYPES = {"Communication", "Disapproval", "Rejection"}
_DESPITE_TYPES = {"Threat", "Attack"}
_DURING_TYPES = {"Communication", "ForcePosture", "Movement", "Cooperation", "Aid"}
_CONCESSIVE_PREPS = {"despite", "notwithstanding"}
_HOST_PREPS = {"during", "under"}
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

    def __init__(
        self, index: MentionIndex, lex: Lexicon, published: date | None, known: frozenset[str] = frozenset()
    ) -> None:
        self.index = index
        self.known = known  # the article's entity keys: an argument must be a node of its graph
        self.lex = lex
        self.published = published
        self._roles = lex.words("role_nouns")

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
        # (a capitalised common noun that names no entity, "Fighters of the X" opening a sentence, counts too)
        if not out and depth == 0 and classes == PARTICIPANT_CLASSES and head.pos_ in ("NOUN", "PROPN"):
            out = self._owner_mentions(head) or self._described_before(head)
        relational = head.lemma_.lower() in _PLACE_RELATIONAL or head.lower_ in _PLACE_RELATIONAL
        if not out and depth < 2 and relational and classes == PLACE_CLASSES:
            for c in head.children:
                if c.dep_ == "poss":
                    out += self.np_mentions(c, classes, depth + 1)
                elif c.dep_ == "prep" and c.lower_ in _RELATIONAL_PREPS:
                    for p in self._objects(c):
                        out += self.np_mentions(p, classes, depth + 1)
                elif c.lower_ in _COMPASS:  # "the line north of the city"
                    for prep in c.children:
                        if prep.dep_ == "prep" and prep.lower_ == "of":
                            for p in self._objects(prep):
                                out += self.np_mentions(p, classes, depth + 1)
        if not out and classes == PLACE_CLASSES:
            out = self._named_before(head)
        return out

    def _described_before(self, head: Token) -> list[EntityMention]:
        """"The council is allied with X", "the group vowed": a bare definite noun stands for the latest
        actor named before it whose name ends in that noun, or for "group"/"movement", the latest
        organisation when that one is an armed group."""
        if [(c.dep_, c.lower_) for c in head.children] != [("det", "the")]:
            return []
        text, word = doc_text(head.doc), head.lower_
        for m in reversed(self.index.within(0, head.idx)):
            if m.cls not in PARTICIPANT_CLASSES:
                continue
            if text[m.start:m.end].split()[-1].lower() == word:
                return [m]
            if word in _GROUP_NOUNS and m.cls in ("Organization", "ArmedGroup"):
                return [m] if m.cls == "ArmedGroup" else []
        return []

    def _named_before(self, head: Token) -> list[EntityMention]:
        """"west of the city", "within 4 km of the port": a bare definite town noun stands for the latest
        place of that kind the article named before it."""
        if _lemma(head) not in _TOWN_NOUNS or [(c.dep_, c.lower_) for c in head.children] != [("det", "the")]:
            return []
        gaz = gazetteer()
        for m in reversed(self.index.within(0, head.idx)):
            rec = gaz.record(m.key) if m.cls == "Location" else None
            if rec is not None and rec.kind in _TOWN_KINDS:
                return [m]
        return []

    def _owner_mentions(self, head: Token) -> list[EntityMention]:
        """Whose a common noun is: "a battalion of the army", "rebels of the group",
        "positions held by the militia"."""
        for c in head.children:
            if c.dep_ == "prep" and (c.lower_ == "of" or (c.lower_ == "for" and _lemma(head) in self._roles)):
                found = [m for p in self._objects(c) for m in self.np_mentions(p, PARTICIPANT_CLASSES, 1)]
            elif c.dep_ == "acl" and c.tag_ == "VBN":
                found = [m for a in c.children if a.dep_ == "agent" for p in self._objects(a)
                         for m in self.np_mentions(p, PARTICIPANT_CLASSES, 1)]
            else:
                continue
            if found:
                return found
        return []

    @staticmethod
    def _objects(prep: Token) -> list[Token]:
        """The objects of a preposition, with their conjuncts ("between X and Y")."""
        return [t for p in prep.children if p.dep_ == "pobj" for t in (p, *p.conjuncts)]

    def _with_conjuncts(self, head: Token) -> list[Token]:
        return [head, *head.conjuncts] if head.dep_ != "conj" else [head]

    def _antecedent(self, pron: Token, verb: Token) -> Token | None:
        """A pronoun subject's antecedent where the syntax fixes it.

        A relative pronoun stands for the noun its clause modifies; "it"/"they"
        in a clause reported by a verb stand for that verb's subject ("the
        military announced that it had bolstered ..."). Inside a direct quote
        the speaker is "we", not "they": '"They fired at us," the commander
        said' says nothing of who "they" are.
        """
        low = pron.lower_
        if low in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        quoted = _in_quote(pron)
        if low not in (_FIRST_PERSON_PLURAL if quoted else _RESOLVABLE_PRONOUNS):
            return None
        clause = climb(verb, lambda t: t.dep_ == "conj")
        if clause.dep_ in ("ccomp", "advcl") and clause.head != clause:
            if quoted and _in_quote(clause.head):
                return None  # the reporting verb is inside the quote too: not the speaker's attribution
            subj = self.subject(clause.head)
            if subj is not None and subj.pos_ != "PRON":
                if quoted and any(m.cls == "Person" for m in self.np_mentions(subj, PARTICIPANT_CLASSES)):
                    return None  # "we" is the speaker's side, which a person's name does not say
                return subj
        return None if quoted or low not in _SUBJECT_PRONOUNS else self._preceding_subject(pron)

    def _preceding_subject(self, pron: Token) -> Token | None:
        """"The coalition did not take part, a spokesman said, but it provided support": a subject pronoun
        the syntax leaves open stands for the latest subject before it in its sentence that it can name
        (a person for "he"/"she", anything else for "it"/"they")."""
        person = pron.lower_ in _PERSONAL_PRONOUNS
        doc = pron.doc
        for m in reversed(self.index.within(pron.sent.start_char, pron.idx)):
            if m.cls not in PARTICIPANT_CLASSES or (m.cls == "Person") != person:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return span.root
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
        if verb.dep_ == "pcomp":
            # Object control: in "accused Iran of supplying", "blamed X for attacking" the object acts.
            gov = verb.head.head
            if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ == "dobj" and (
                gov.head.lemma_.lower() in self.lex.words("object_control_verbs")
            ):
                return gov
            if gov.pos_ in ("VERB", "AUX") or is_predicate(gov):  # also a verb the tagger took for an adjective
                obj = next((c for c in gov.children if c.dep_ == "dobj"), None)
                controls = obj is not None and gov.lemma_.lower() in self.lex.words("object_control_verbs")
                return obj if controls else self.subject(gov, depth + 1)
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and is_predicate(verb)):
            return verb.head
        return None

    # --- roles ---------------------------------------------------------------------

    def _participants(self, args: Arguments, role: str, head: Token, local: bool, core: str) -> bool:
        """Add the entities a noun phrase names to a role; True when there was one."""
        found = False
        for tok in self._with_conjuncts(head):
            mentions = self.np_mentions(tok, PARTICIPANT_CLASSES)
            if not mentions and role == "targets" and core == "Attack":
                mentions = self._pronoun_owner(tok, args)
            for m in mentions:
                found = True
                args.add(role, m.key)
                if local:
                    args.tokens.add(tok.i)
            if role == "targets" and core in _OBJECT_PLACE_TYPES | {"Attack"}:
                for m in self.np_mentions(tok, PLACE_CLASSES):
                    if m.cls == "Location":
                        args.add("places", m.key)
        return found

    def _pronoun_owner(self, head: Token, args: Arguments) -> list[EntityMention]:
        """"The group said the army shelled its positions": whose positions a target's "its"/"their" names is
        the latest participant before it in the sentence that is not the attacker (nobody shells their own)."""
        poss = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in _OWNER_PRONOUNS), None)
        if poss is None or _in_quote(poss):
            return []
        cands = [m for m in self.index.within(poss.sent.start_char, poss.idx)
                 if m.cls in PARTICIPANT_CLASSES and m.key not in args.agents]
        return cands[-1:]

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
        if _denied(verb, self.lex):
            return None, False  # "X denied carrying out the attack": the denier is no agent of it
        subj = self.subject(verb)
        if subj is None:
            return None, False
        local = subj.head == verb
        if subj.pos_ == "PRON" or subj.lower_ in _RELATIVE_PRONOUNS:
            ante = self._antecedent(subj, verb if subj.head == verb else subj.head)
            return ante, False
        return subj, local

    def _preps(self, args: Arguments, owner: Token, core: str, nominal: bool, places_only: bool = False,
               of_object: bool = False) -> None:
        """Prepositional complements of a trigger, of the noun phrase it governs (``places_only``), or of
        its object (``of_object``: "the warning to X" names a recipient, but "positions at X" places the
        positions, it names no second target)."""
        for prep in (p for c in owner.children for p in (c, *c.conjuncts)):  # "in and around the city"
            if prep.lower_ in _COMPASS and prep.dep_ in ("advmod", "npadvmod", "amod"):  # "west of the city"
                for of in (c for c in prep.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for pobj in self._objects(of):
                        self._place(args, pobj)
                continue
            if prep.dep_ not in ("prep", "agent", "dative", "conj") or prep.pos_ != "ADP":
                continue
            word = prep.lower_
            if any(c.dep_ == "prep" for c in prep.children):  # "to within 5 km of", "from across"
                self._preps(args, prep, core, nominal, places_only=True)
            for pobj in (c for c in prep.children if c.dep_ in ("pobj", "pcomp")):
                role = None if places_only else self._prep_role(prep, word, core, nominal)
                if of_object and word in _LOCATIVE_TARGET_PREPS and core not in _MEASURE_TYPES:
                    role = None  # "shelled positions at X" places the positions ("sanctions on X" names X)
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

    def _date(self, args: Arguments, anchors: set[int], sent, others: frozenset[int]) -> None:
        """A date expression whose attachment climbs to the trigger (or its light verb) without crossing
        a clause or another trigger ("the cell behind Thursday's attack"). Reduced relatives are not
        clauses here: in "positions held by X near Y on Tuesday" the day belongs to the main verb."""
        if _compared(sent.doc, anchors):
            return  # "the deadliest attack this year", "the first hijacking since 2017": a comparison, not a date
        for ent in span_ents(sent):
            if ent.label_ not in ("DATE", "TIME"):
                continue
            tok = climb(ent.root, lambda t: t.i not in anchors and t.i not in others
                        and not (t.pos_ in ("VERB", "AUX") and is_predicate(t)))
            if tok.i in anchors or self._before_attribution(ent, tok, anchors):
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
                elif c.dep_ == "nsubjpass" and core in _PASSIVE_ACTOR_TYPES:
                    # "a battalion was deployed", "troops were sent": the forces moved are the actor;
                    # "X is allied with Y": a partnership has no passive side.
                    self._participants(args, "agents", c, True, core)
        else:
            subj, local = self._agent_token(verb)
            if subj is not None:
                # "X repelled an attack": the subject of a defensive light verb was attacked; "police foiled
                # a bombing": whoever stopped the act took no part in it
                defends = not own and self._defends(verb)
                if defends or own or not self._stops(verb):
                    self._participants(args, "targets" if defends else "agents", subj, local, core)
                self._subject_place(args, subj, local)
        if own:
            for obj in themes(verb):
                if obj.pos_ == "PRON" and obj.dep_ == "nsubjpass":  # "X said they were attacked"
                    obj = self._antecedent(obj, verb) or obj
                if core in _OBJECT_PLACE_TYPES:
                    self._place(args, obj)
                elif self._participants(args, "targets", obj, obj.head == verb, core) or obj.head == verb:
                    args.target_heads.append(obj)
                self._preps(args, obj, core, nominal=False, of_object=True)
            for c in verb.children:
                if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP" and core in ("Aid", "Communication", "Threat"):
                    self._participants(args, "targets", c, True, core)
            if core in _CLAUSE_TARGET_TYPES and not args.targets:
                for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        self._participants(args, "targets", subj, False, core)
        self._preps(args, verb, core, nominal=False)

    def _stops(self, verb: Token) -> bool:
        """"thwarted", "foiled", "beat back": a verb that stops the act its object names."""
        lemma = _lemma(verb)
        words = self.lex.words("foiling_verbs")
        return lemma in words or any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in words for c in verb.children)

    def _defends(self, verb: Token) -> bool:
        """"X repelled an attack", "X beat back the assault": the subject of a defensive verb was attacked."""
        lemma = _lemma(verb)
        phrasal = {f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "prt"}
        return lemma in self.lex.words("target_light_verbs") or bool(phrasal & self.lex.words("defending_verbs"))

    def _noun_args(self, args: Arguments, noun: Token, core: str) -> None:
        """Possessors and modifiers ("the US strike", "the army's advances") and prepositions of a nominal trigger."""
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ in _RESOLVABLE_PRONOUNS:
                m = self._preceding_participant(c)
                if m is not None:
                    args.add("agents", m.key)
            elif c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < noun.i:
                found = self.np_mentions(c, PARTICIPANT_CLASSES)
                for m in found:
                    args.add("agents", m.key)
                    args.tokens.add(c.i)
                if not found and c.dep_ == "amod":
                    self._demonym_agent(args, c)
                for m in self.np_mentions(c, PLACE_CLASSES):
                    if m.cls == "Location":
                        args.add("places", m.key)
        self._preps(args, noun, core, nominal=True)
        gov = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and gov.pos_ in ("VERB", "AUX"):
            self._preps(args, gov, core, nominal=True, places_only=True)  # "patrols were seen on the road"
        if core in _DESPITE_TYPES and noun.dep_ == "pobj" and noun.head.lower_ in _CONCESSIVE_PREPS:
            self._concessive(args, noun.head.head, core)
        if noun.dep_ == "pobj" and noun.head.lower_ in _HOST_PREPS:
            self._host_subject(args, noun, core)

    def _demonym_agent(self, args: Arguments, adj: Token) -> None:
        """"an Israeli strike", "a Turkish offensive": the state a nationality adjective names carried
        out the event, when the article names that state (the adjective alone is no entity mention)."""
        key = gazetteer().country_of_adjective(adj.text)
        if key is not None and key in self.known:
            args.add("agents", key)
            args.tokens.add(adj.i)

    def _host_subject(self, args: Arguments, noun: Token, core: str) -> None:
        """The subject of the clause an event noun is the object of a preposition in. "X came under
        attack": X is the target. "X, speaking during a visit to Y": X takes part in the visit, talks or
        patrol (not in an attack, where "died during a raid" names the victim)."""
        word, verb = noun.head.lower_, noun.head.head
        if word == "under":
            role = "targets" if core == "Attack" else None
        else:
            role = "agents" if core in _DURING_TYPES and not args.agents else None
        if role is None or verb.pos_ not in ("VERB", "AUX") or is_passive(verb):
            return
        subj, _ = self._agent_token(verb)
        if subj is not None:
            self._participants(args, role, subj, False, core)

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

    def _threatened_act(self, args: Arguments, verb: Token) -> None:
        """"threatened to launch an offensive against X east of Y", "warned that it would strike X":
        whom and where the threatened act is aimed at, the threat is aimed at (its agent stays the threatener)."""
        for comp in verb.children:
            if comp.dep_ in ("xcomp", "ccomp") and comp.pos_ in ("VERB", "AUX"):
                act = Arguments()
                self._verb_args(act, comp, "Attack", own=True)
                for role in ("targets", "places"):
                    for key in getattr(act, role):
                        args.add(role, key)

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

    def read(
        self, trigger: Trigger, core: str, light_verb: Token | None, others: frozenset[int] = frozenset()
    ) -> Arguments:
        """The arguments of one trigger (``others``: the heads of the sentence's other triggers)."""
        args = Arguments()
        head = trigger.head
        verb = light_verb if trigger.nominal else head
        if verb is not None:
            self._verb_args(args, verb, core, own=not trigger.nominal)
        if trigger.nominal:
            self._noun_args(args, head, core)
        elif trigger.named_by is not None:  # "the shelling of X by Y killed four": the noun's own arguments
            self._noun_args(args, trigger.named_by, core)
        if core == "Threat" and not trigger.nominal:
            self._threatened_act(args, head)
        if not args.places:
            self._target_place(args)
        anchors = {head.i} | ({verb.i} if verb is not None else set())
        if trigger.nominal and head.dep_ == "pobj" and head.head.lower_ == "in" and head.head.head.pos_ == "VERB":
            anchors.add(head.head.head.i)  # "killed in a strike in July": the killing is dated as the strike
        voiced = self._voicing_verb(trigger, core)
        if voiced is not None:
            # A threat is made when it is voiced: "X vowed on Monday that the group would avenge ..."
            anchors.add(voiced.i)
            subj = self.subject(voiced)
            vows = _lemma(voiced) in self.lex.words("commissive_verbs")
            if subj is not None and subj.pos_ != "PRON" and (vows or not args.agents):
                # Who vows or warns makes the threat, and who would carry it out comes after; a spokesman
                # who merely says so ("X said that the group would retaliate") speaks for the group.
                promised_by = args.agents
                args.agents = []
                self._participants(args, "agents", subj, False, core)
                for key in promised_by:
                    args.add("agents", key)
        self._date(args, anchors, head.sent, others - anchors)
        return args

    def _before_attribution(self, ent, verb: Token, anchors: set[int]) -> bool:
        """"X shelled Y near Z, on Tuesday, a spokesman said": a date the parser hangs on a
        sentence-final reporting verb, but written inside the reported clause, dates that clause."""
        if verb.lemma_.lower() not in self.lex.words("reporting_verbs"):
            return False
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if clause is None or subj is None or not clause.i < ent.start < subj.left_edge.i:
            return False
        return any(a == clause.i or clause.is_ancestor(verb.doc[a]) for a in anchors)

    def _voicing_verb(self, trigger: Trigger, core: str) -> Token | None:
        """The verb that voices a threat stated as a promised act ("vowed that it would avenge")."""
        head = trigger.head
        if core != "Threat" or not trigger.future or head.dep_ not in ("ccomp", "xcomp"):
            return None
        gov = head.head
        words = self.lex.words("commissive_verbs") | self.lex.words("reporting_verbs")
        return gov if gov.lemma_.lower() in words else None
