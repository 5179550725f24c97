"""Units: noun phrases headed by force nouns, keyed by (side, force family).

A unit's identity is whose force it is (its side) and what kind of force it is
(ground forces, aircraft, a convoy...): "coalition forces" and "coalition
troops" are one unit, "coalition jets" and "coalition warplanes" another. The
side comes from the modifiers:

- an own actor: "coalition forces", "Hezbollah fighters", "American troops"
  (a state's ground troops are its standing army when the data names one,
  and the coalition's forces when the article names a coalition that state leads);
- a government's supporters: "pro-regime", "pro-government", "regime-aligned",
  "forces backing the Syrian government";
- a backer: "Iran-backed fighters", "Iran-aligned militias" (a foreign state);
  they are the pro-government force only when the article names supporters of its
  own government and the data (``alignments`` in actors.json, per conflict) says
  that backer fights on that government's side;
- a group's own name beats both: "Iran-aligned Houthi militants" are Houthi
  fighters, with Iran as a further affiliation; so are asides ("government
  forces, backed by the coalition"), which never change whose force it is;
- partners: "partner forces", "local fighters".

Phrases with no side ("forces", "those fighters", "their forces") refer back to
the last compatible unit; irregular nouns (fighters, militia) only to irregular sides, and
regular nouns (troops, soldiers) only to regular ones. Generic agents that refer to
nothing before them ("gunmen attacked", "clashed with police") are an unnamed group of
this article when they act: its key is scoped to the article, since the gunmen of two
articles are not the same men.

A place owns no force: a capital in the modifiers stands for its state ("pro-Moscow
forces" support the Russian government), any other place gives no side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.entities.actors import Candidate
from kg.extract.entities.formations import Formation, FormationRules
from kg.extract.entities.metonyms import capitals
from kg.extract.index import EntityMention
from kg.lexicons.entity_words import ForceNoun, lexicon
from kg.lexicons.gazetteer import Gazetteer
from kg.model import ACTOR_CLASSES
from kg.nlp.doctext import doc_ents, doc_tokens
from kg.nlp.tree import climb
from kg.vocab import slug

FAMILY_NOUN = {"ground": "forces", "air": "aircraft", "convoy": "convoy", "naval": "warships",
               "armour": "armoured vehicles", "artillery": "artillery", "police": "police"}
_MODIFIER_POS = {"ADJ", "PROPN", "NOUN", "NUM", "DET", "CCONJ", "VERB", "X"}
_STRENGTH_WORDS = {"about", "around", "some", "nearly", "approximately", "roughly", "almost", "over", "more", "than",
                   "at", "least", "up", "to", "a", "an", "couple", "few", "several", "dozens", "hundreds", "thousands",
                   "of", "both", "only", "just", "estimated"}
_POSSESSIVES = {"our", "their", "its", "his", "her", "your", "my"}
_REFERRING = {"the", "those", "these", "that", "this", *_POSSESSIVES}
_HOLD_VERBS = {"have", "deploy", "send", "station", "keep", "maintain", "base", "position", "dispatch"}


@dataclass
class Phrase:
    """One force phrase before keying: where it is, its noun and what its modifiers say."""

    start: int
    end: int
    head: Token
    noun: ForceNoun
    strength: str | None = None
    own: list[str] = field(default_factory=list)  # actor keys whose force it is
    backers: list[str] = field(default_factory=list)
    pro: list[str] = field(default_factory=list)  # government keys it supports
    partner: bool = False
    partner_start: int | None = None  # where "partner forces" starts inside "coalition and partner forces"
    named: str | None = None  # a named standing unit in the modifiers ("Syrian Army troops")
    referring: str | None = None  # the determiner/possessive of a side-less phrase
    evidence: list[tuple[str, int, int]] = field(default_factory=list)  # (actor key, start, end) of adjectives
    extra: list[str] = field(default_factory=list)  # affiliations that do not make the identity (backers of a group)


@dataclass
class UnitContext:
    """What the article says beyond the phrase: its home country, government, coalition."""

    home_country: str | None
    home_government: str | None
    coalition: str | None  # the coalition a bare "coalition" means here
    named_coalition: str | None  # ... when the article mentions it ("US-led coalition", "the coalition")
    mentions: list[EntityMention]  # actor mentions, in text order
    labels: dict[str, str] = field(default_factory=dict)  # labels of the article's entities (those not in the data)
    article_id: str = ""  # scopes the keys of unnamed groups to the article


class UnitRules:
    """Finds force phrases and resolves them to unit candidates."""

    def __init__(self, gaz: Gazetteer, doc: Doc, uctx: UnitContext, skip,
                 formations: list[Formation] | None = None) -> None:
        self.gaz, self.doc, self.uctx, self.skip = gaz, doc, uctx, skip
        self.lex = lexicon()
        self.formations = formations or []
        self._classes = {m.key: m.cls for m in uctx.mentions}

    # -- finding phrases -------------------------------------------------------
    def _force_noun(self, tok: Token) -> tuple[ForceNoun, int] | None:
        """The force noun headed by this token and its first token index."""
        nouns = self.lex.force_nouns
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        if tok.i > 0 and (self.doc[tok.i - 1].lower_, tok.lower_) in nouns:
            return nouns[(self.doc[tok.i - 1].lower_, tok.lower_)], tok.i - 1
        if (tok.lower_,) not in nouns:
            return None
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if nxt is not None and ((tok.lower_, nxt.lower_) in nouns or (nxt.lower_,) in nouns and nxt.pos_ == "NOUN"):
            return None  # "fighter jets", "militia fighters": the next token is the head
        if tok.dep_ == "compound" and (nxt is None or (nxt.lower_,) not in nouns):
            return None  # "force protection"
        if tok.i >= 2 and self.doc[tok.i - 1].text == "-" and self.doc[tok.i - 2].pos_ == "ADP":
            return None  # "show-of-force"
        return nouns[(tok.lower_,)], tok.i

    def _modifiers(self, first: int) -> int:
        """Index of the first token of the pre-modifier stretch before ``first``."""
        doc, i = self.doc, first
        sent_start = doc[first].sent.start
        has_conj = False
        while i - 1 >= sent_start and first - (i - 1) <= 8:
            t = doc[i - 1]
            if t.lower_ in _POSSESSIVES:
                i -= 1
                break
            if t.pos_ == "DET":
                i -= 1
                break
            if (t.lower_,) in self.lex.force_nouns and t.pos_ == "NOUN" and t.dep_ != "compound":
                break  # "Turkish forces and Turkish-backed fighters": two phrases
            if t.text == "-" or t.pos_ in _MODIFIER_POS and t.pos_ != "VERB" or self._participle(t):
                if t.pos_ == "CCONJ":
                    has_conj = True
                i -= 1
                continue
            if t.text == "," and has_conj:
                before = doc[i - 2] if i - 2 >= sent_start else None
                if before is not None and before.head.i < before.i and before.dep_ in ("pobj", "dobj"):
                    break  # "patrolled the border with Venezuela, and Malian forces ...": a clause ends there
                i -= 1
                continue
            if t.text in ('"', "'") and i - 2 >= sent_start and doc[i - 2].like_num:
                i -= 1
                continue
            break
        while i < first and (doc[i].text in (",", "-") or doc[i].pos_ == "CCONJ"):
            i += 1
        return i

    def _participle(self, t: Token) -> bool:
        """'Iran-backed', 'regime-aligned', 'partnered': participles that say whose force it is."""
        word = t.lower_.lstrip("-")
        return t.tag_ in ("VBN", "VBG", "JJ") and (word in self.lex.support_words or word in self.lex.partner_words
                                                   or (t.i > 0 and self.doc[t.i - 1].text == "-"))

    def phrases(self) -> list[Phrase]:
        out = []
        for tok in doc_tokens(self.doc):
            found = self._force_noun(tok)
            if found is None or self.skip(tok.idx, tok.idx + len(tok.text)) or self._inside_name(tok) \
                    or any(f.start <= tok.idx < f.end for f in self.formations):
                continue
            noun, first = found
            phrase = self._phrase(tok, noun, first)
            if phrase is not None:
                out.append(phrase)
        return out

    def _inside_name(self, tok: Token) -> bool:
        """'Syrian Democratic Forces', 'Quds Force', 'Russian military police': the noun is part of a name
        already resolved (an organization's, or a standing unit's own)."""
        return any(m.start <= tok.idx < m.end for m in self.uctx.mentions)

    def _phrase(self, head: Token, noun: ForceNoun, first: int) -> Phrase | None:
        doc = self.doc
        lo = self._modifiers(first)
        # leading determiners and numbers are the strength / a referring word, not part of the name
        name_start = lo
        referring = None
        while name_start < first and (doc[name_start].lower_ in _STRENGTH_WORDS or doc[name_start].like_num
                                      or doc[name_start].pos_ == "DET" or doc[name_start].lower_ in _POSSESSIVES
                                      or doc[name_start].text in ('"', "'")):
            if doc[name_start].lower_ in _REFERRING:
                referring = doc[name_start].lower_
            name_start += 1
        strength = self._strength(lo, name_start)
        end = head.idx + len(head.text)
        phrase = Phrase(doc[name_start].idx, end, head, noun, strength, referring=referring)
        self._read_modifiers(phrase, doc[name_start:first])
        self._read_clause(phrase)
        if not (phrase.own or phrase.backers or phrase.pro or phrase.partner or phrase.named):
            self._read_holder(phrase)
        return phrase

    def _strength(self, lo: int, name_start: int) -> str | None:
        """The stated size: a number (with its hedges) before the phrase, or 'thousands of'."""
        doc = self.doc
        for ent in doc_ents(doc):
            if ent.label_ == "CARDINAL" and lo <= ent.end <= name_start and ent.start < name_start:
                s = ent.start
                while s > 0 and doc[s - 1].lower_ in ("about", "around", "some", "nearly", "approximately",
                                                     "roughly", "almost", "over"):
                    s -= 1
                return doc[s:ent.end].text.strip(' "')
        span = doc[lo:name_start]
        nums = [t for t in span if t.like_num]
        if nums:
            return doc[span.start:nums[-1].i + 1].text.strip(' "')
        head = self.doc[name_start - 1] if name_start > 0 else None
        if head is not None and head.lower_ == "of" and name_start >= 2 and \
                doc[name_start - 2].lower_ in ("dozens", "hundreds", "thousands", "scores"):
            return doc[name_start - 2].text
        return None

    # -- reading sides -------------------------------------------------------------
    def _actor_at(self, start: int, end: int) -> list[EntityMention]:
        return [m for m in self.uctx.mentions if start <= m.start and m.end <= end]

    def _read_modifiers(self, phrase: Phrase, span: Span) -> None:
        lex, gaz = self.lex, self.gaz
        covered: set[int] = set()
        for m in self._actor_at(span.start_char, span.end_char):
            toks = [t for t in span if m.start <= t.idx < m.end]
            covered.update(t.i for t in toks)
            if toks and _opposed(toks[0]):
                continue  # "anti-ISIS fighters" fight ISIS; they are not its force
            capital = m.cls == "Location"
            if capital:
                state = capitals().get(m.key)  # "pro-Moscow forces": the capital stands for its state
                if state is None or not toks:
                    continue  # "Mosul troops": a place owns no force
                m = EntityMention(m.start, m.end, state, "Country")
            after = self.doc[toks[-1].i + 1:toks[-1].i + 3] if toks else []
            role = "side" if toks and _after_pro(toks[0]) else self._role_after(after)
            if role == "side" and m.cls == "Country" and m.key != self.uctx.home_country:
                role = "backer"  # "Iran-aligned militants": a foreign state's proxies, not the state's supporters
            if capital:  # the state (or its government) is evidenced by its capital's name
                phrase.evidence.append((gaz.government_of(m.key) if role == "side" else m.key, m.start, m.end))
            if m.cls == "Unit" and gaz.record(m.key) is not None:
                phrase.named = m.key
            else:
                self._assign(phrase, m.key, role)
        for t in span:
            if t.i in covered or _opposed(t):
                continue
            nxt = self.doc[t.i + 1] if t.i + 1 < span.end else None
            country = gaz.country_of_adjective(f"{t.text} {nxt.text}") if nxt is not None and \
                t.text[:1].isupper() and nxt.text[:1].isupper() else None
            if country:  # "South Sudanese troops", "North Korean troops": one adjective of two words
                covered.add(nxt.i)
                pro = _after_pro(t)
                key = gaz.government_of(country) if pro else country
                self._assign(phrase, key, "side" if pro else self._role_after(self.doc[nxt.i + 1:nxt.i + 3]))
                phrase.evidence.append((key, t.idx, nxt.idx + len(nxt.text)))
                continue
            low = t.lower_
            role = self._role_after(self.doc[t.i + 1:t.i + 3])
            pro = low == "pro" or _after_pro(t)
            if low in lex.partner_words and phrase.noun.family != "police":  # "local police" are no partners
                phrase.partner = True
                phrase.partner_start = t.idx
            elif low in lex.pro_government_words:
                # "government forces" are the state's own; "pro-government", "loyalist" forces support it
                supports = pro or low.startswith("loyalist")
                if self.uctx.home_government:
                    self._assign(phrase, self.uctx.home_government, "side" if supports else role)
            elif low == "coalition" and self.uctx.coalition:
                self._assign(phrase, self.uctx.coalition, role)
            elif t.pos_ in ("ADJ", "PROPN") and t.text[:1].isupper():
                country = gaz.country_of_adjective(t.text)
                if country:
                    key = gaz.government_of(country) if pro else country
                    self._assign(phrase, key, "side" if pro else role)
                    phrase.evidence.append((key, t.idx, t.idx + len(t.text)))

    def _role_after(self, after) -> str | None:
        """'-backed', 'aligned' after an actor name turns it into a backer or a side."""
        for t in after:
            word = t.lower_.lstrip("-")
            if word == "armed" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ in ("forces", "force"):
                return None  # "Sudanese Armed Forces": the state's own, not armed by it
            if word in self.lex.support_words:
                return self.lex.support_words[word]
            if t.text != "-":
                return None
        return None

    def _assign(self, phrase: Phrase, key: str, role: str | None) -> None:
        if role == "backer":
            phrase.backers.append(key)
        elif role == "side":
            phrase.pro.append(key if key.endswith("-government") or not key.startswith("country/")
                              else self.gaz.government_of(key))
        elif role == "leader":
            coalition = self.gaz.coalition(led_by=key) if key.startswith("country/") else None
            phrase.own.append(coalition or key)
        else:
            phrase.own.append(key)

    def _read_clause(self, phrase: Phrase) -> None:
        """'forces backing the Syrian government', 'fighters loyal to Assad', 'forces backed by Iran'.

        A clause set off by a comma ("government forces, backed by the coalition") is
        an aside: it adds an affiliation but neither names the unit nor belongs to its
        mention. Only a clause that is the phrase's sole identity becomes part of it.
        """
        for child in phrase.head.children:
            if child.dep_ not in ("acl", "amod", "relcl") or child.i < phrase.head.i:
                continue
            if child.lemma_ not in ("back", "support", "loyal", "align", "ally"):
                continue
            objs = [t for t in child.subtree if t.dep_ in ("dobj", "pobj")]
            if not objs:
                continue
            obj = objs[0]
            hits = self._actor_at(obj.left_edge.idx, obj.idx + len(obj.text))
            if not hits:
                continue
            passive = child.tag_ == "VBN" and any(t.dep_ == "agent" for t in child.children)
            aside = self.doc[child.i - 1].text == ","
            if aside and (phrase.own or phrase.pro or phrase.named or phrase.backers):
                phrase.extra.append(hits[-1].key)
                continue
            self._assign(phrase, hits[-1].key, "backer" if passive else "side")
            if not aside:
                phrase.end = obj.idx + len(obj.text)

    def _read_holder(self, phrase: Phrase) -> None:
        """'the United States has forces at the base': the subject of have/deploy owns the forces."""
        head = phrase.head
        verb = head.head if head.dep_ in ("dobj", "attr") else None
        if verb is None or verb.lemma_ not in _HOLD_VERBS:
            return
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
            # "the coalition, which has soldiers in ...": the antecedent holds them; "the coalition
            # against IS, which has ...": the whole noun phrase.
            subj = climb(verb.head, lambda t: t.dep_ == "pobj" and t.head.dep_ == "prep"
                         and t.head.head.pos_ in ("NOUN", "PROPN"), step=lambda t: t.head.head)
        if subj is None:
            return
        hits = self._actor_at(subj.left_edge.idx, subj.idx + len(subj.text))
        if hits and hits[-1].cls in ("Country", "Organization", "ArmedGroup"):
            self._assign(phrase, hits[-1].key, None)

    # -- keying --------------------------------------------------------------------
    def candidates(self, prior: list[Candidate]) -> list[Candidate]:
        """Unit candidates; ``prior`` are standing units already named (referents for 'their forces')."""
        phrases = self.phrases()
        pro_sides = {g for p in phrases for g in p.pro}
        out: list[Candidate] = [self._formation(f) for f in self.formations]
        for p in phrases:
            known = sorted([*prior, *out], key=lambda c: c.start)
            cand = self._keyed(p, pro_sides) or self._possessor(p, known, pro_sides)
            if cand is None:
                cand = self._refer_back(p, known) or self._generic(p)
            if cand is not None:
                out.append(cand)
                if p.partner and p.partner_start is not None and p.partner_start > p.start:
                    # "coalition and partner forces": the partner forces are a unit of their own too
                    partner = self._partner(Phrase(p.partner_start, p.end, p.head, p.noun, own=p.own))
                    out.append(partner)
        return out

    def _formation(self, f: Formation) -> Candidate:
        """A named formation, keyed by whose it is and its name."""
        owner = FormationRules(self.gaz, self.doc).owner(f, self.uctx.mentions, self.uctx.home_country)
        label = " ".join(w if w[:1].isdigit() or w.isupper() else w.capitalize() for w in f.name.split())
        side = f"{owner.split('/', 1)[1]}-" if owner else ""
        affiliation = [owner, self.gaz.government_of(owner)] if owner else []
        return Candidate(f.start, f.end, f"unit/{side}{slug(label)}", "Unit", label,
                         {"affiliation": affiliation, "strength": f.strength, "irregular": False, "family": "ground"})

    def _generic(self, p: Phrase) -> Candidate | None:
        """'gunmen attacked', 'clashed with police': generic agents that act are an unnamed group of this article."""
        head, doc = p.head, self.doc
        noun = (doc[head.i - 1].lower_, head.lower_) if head.i else ()
        noun = noun if noun in self.lex.generic_agents else (head.lower_,)
        if noun not in self.lex.generic_agents or p.referring in _POSSESSIVES or not _acts(head) \
                or head.tag_ not in ("NNS", "NNPS") and p.noun.family != "police" \
                or any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return None  # one gunman is no group; "rebels of the Syrian National Army" are someone's
        label = " ".join(noun)
        key = f"unit/{self.uctx.article_id}-{slug(label)}" if self.uctx.article_id else f"unit/{slug(label)}"
        attrs = {"affiliation": [], "strength": p.strength, "irregular": p.noun.irregular, "family": p.noun.family}
        return Candidate(doc[head.i - len(noun) + 1].idx, p.end, key, "Unit", label, attrs)

    def _partner(self, p: Phrase) -> Candidate:
        patron = self.uctx.coalition or next((k for k in p.own), None)
        side = patron.split("/", 1)[1] if patron else "local"
        label = f"{self._label_of(patron)} partner" if patron else "local partner"
        return self._unit(p, f"{side}-partner", label, [patron] if patron else [])

    def _unit(self, p: Phrase, side_key: str, side_label: str, affiliation: list[str],
              group: bool = False) -> Candidate:
        """A (side, family) unit; an armed group's ground force is its fighters."""
        family = p.noun.family
        noun = "fighters" if group and family == "ground" else FAMILY_NOUN[family]
        key = f"unit/{side_key}-{slug(noun)}"
        attrs = {"affiliation": list(dict.fromkeys([*affiliation, *p.extra])), "strength": p.strength,
                 "irregular": p.noun.irregular, "family": family, "evidence": p.evidence}
        return Candidate(p.start, p.end, key, "Unit", f"{side_label} {noun}", attrs)

    def _label_of(self, key: str) -> str:
        rec = self.gaz.record(key)
        return rec.label if rec else key.split("/", 1)[1]

    def _keyed(self, p: Phrase, pro_sides: set[str]) -> Candidate | None:
        gaz = self.gaz
        coalitions = [k for k in p.own if _kind(gaz, k) == "coalition"]
        if p.named:
            rec = gaz.record(p.named)
            gov = [gaz.government_of(rec.country)] if rec and rec.country else []
            return Candidate(p.start, p.end, p.named, "Unit", rec.label,
                             {"affiliation": [*gov, *p.extra], "strength": p.strength})
        if coalitions:
            c = coalitions[0]
            return self._unit(p, slug(c.split("/", 1)[1]), self._label_of(c), [c, *p.own])
        group = next((k for k in p.own if _is_group(gaz, k)), None)
        if group is not None:  # "Iran-aligned Houthi militants": the group's own name beats its backers
            p.extra.extend([*p.backers, *p.pro])
            return self._own(p, group)
        if p.pro:
            gov = p.pro[0]
            return self._unit(p, f"pro-{gov.split('/', 1)[1]}", f"pro-{self._label_of(gov)}", [gov, *p.backers])
        if p.backers:
            backer = p.backers[0]
            gov = self.uctx.home_government
            if gov in pro_sides:  # the article's own government side, and a backer the data aligns with it
                rec = self.gaz.record(gov)
                country = rec.country if rec else None
                if country and backer in self.gaz.alignments.get(country, ()):
                    return self._unit(p, f"pro-{gov.split('/', 1)[1]}", f"pro-{self._label_of(gov)}", [gov, backer])
            name = backer.split("/", 1)[1]
            return self._unit(p, f"{name}-backed", f"{self._label_of(backer)}-backed", [backer])
        if p.partner:
            return self._partner(p)
        if p.own:
            return self._own(p, p.own[0])
        return None

    def _own(self, p: Phrase, key: str) -> Candidate | None:
        gaz = self.gaz
        rec = gaz.record(key)
        if rec is None and self._classes.get(key) in ("Organization", "ArmedGroup"):
            label = self.uctx.labels.get(key, key.split("/", 1)[1])  # a group the article names, not the data
            return self._unit(p, key.split("/", 1)[1], self._attributive(key, label), [key], group=True)
        if rec is None or rec.cls not in ACTOR_CLASSES:  # "Mosul troops": a place owns no force
            return None
        state_body = rec.kind in ("government", "ministry")
        country = key if key.startswith("country/") else (rec.country if state_body else None)
        if country:
            led = gaz.coalition(led_by=country)
            if led and led == self.uctx.named_coalition:
                return self._unit(p, slug(led.split("/", 1)[1]), self._label_of(led), [led, country])
            army = gaz.army_of(country)
            if army and p.noun.family == "ground":
                arec = gaz.record(army)
                return Candidate(p.start, p.end, army, "Unit", arec.label,
                                 {"affiliation": [gaz.government_of(country), *p.extra], "strength": p.strength})
            return self._unit(p, country.split("/", 1)[1], gaz.adjective(country), [country])
        return self._unit(p, key.split("/", 1)[1], self._attributive(key, rec.label), [key],
                          group=rec.cls == "ArmedGroup")

    def _attributive(self, key: str, label: str) -> str:
        """A plural group name used before a noun loses its plural when the singular names the group too:
        "Houthi fighters", not "Houthis fighters"."""
        singular = label[:-1]
        if " " not in label and label.endswith("s") and self.gaz.lookup(singular, places=False) == key:
            return singular
        return label

    def _possessor(self, p: Phrase, known: list[Candidate], pro_sides: set[str]) -> Candidate | None:
        """'the coalition said its warplanes...': 'its'/'their' forces belong to the nearest actor or unit before."""
        if p.referring not in ("its", "their") or p.own or p.pro or p.backers or p.named:
            return None
        sent = p.head.sent
        actors = [(m.start, m.end, m.key, None) for m in self.uctx.mentions
                  if sent.start_char <= m.start < p.start and m.cls in ("Country", "Organization", "ArmedGroup")]
        units = [(c.start, c.end, c.key, c) for c in known if sent.start_char <= c.start < p.start]
        if not actors and not units:
            return None
        subject = _controller(p.head)
        owners = [x for x in actors + units if subject is not None and x[0] <= subject.idx < x[1]]
        _, _, key, unit = owners[0] if owners else max(actors + units, key=lambda x: x[0])
        if unit is not None:
            return _referring(p, unit)
        p.own.append(key)
        cand = self._keyed(p, pro_sides)
        if cand is not None:
            cand.attrs["referring"] = True
        return cand

    def _copula_subject(self, p: Phrase, before: list[Candidate]) -> Candidate | None:
        """'the force ... is a small element': a predicate noun is the subject's unit."""
        head = p.head
        if head.dep_ != "attr" or head.head.lemma_ != "be":
            return None
        subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        for cand in before:
            if cand.start <= subj.idx < cand.end:
                return _referring(p, cand)
        return None

    def _refer_back(self, p: Phrase, before: list[Candidate]) -> Candidate | None:
        """A side-less phrase is the last compatible unit (same family; irregular nouns, irregular sides;
        regular nouns, regular sides)."""
        subject = self._copula_subject(p, before)
        if subject is not None:
            return subject
        if p.head.tag_ in ("NN", "NNP") and p.referring is None:
            return None  # "use of force": a mass noun, not a reference to a unit
        for cand in reversed(before):
            if cand.start >= p.start or not cand.key.startswith("unit/") and cand.cls != "Unit":
                continue
            if cand.attrs.get("family", "ground") != p.noun.family:
                continue
            if p.noun.irregular != bool(_irregular_side(cand)) and (p.noun.irregular or p.noun.regular):
                continue
            if p.referring in _POSSESSIVES - {"their", "its"} and _irregular_side(cand):
                continue
            return _referring(p, cand)
        return None


def _acts(tok: Token) -> bool:
    """The noun is a party to what its clause tells: the subject of a verb, the agent of a passive,
    the one clashed with or fought against."""
    if tok.dep_ == "conj":
        return _acts(tok.head)
    if tok.dep_ == "nsubj":
        return tok.head.pos_ in ("VERB", "AUX")
    if tok.dep_ == "pobj":
        prep = tok.head
        return prep.dep_ == "agent" or prep.lower_ in ("with", "against") and prep.head.pos_ == "VERB"
    return False


def _referring(p: Phrase, cand: Candidate) -> Candidate:
    """A mention of an earlier unit by a phrase that does not name it (no alt label)."""
    return Candidate(p.start, p.end, cand.key, "Unit", cand.label, {**cand.attrs, "strength": p.strength,
                                                                    "referring": True})


def _controller(tok: Token) -> Token | None:
    """Who 'its'/'their' most likely points at: the subject of the clause (object control for 'X to do')."""
    for node in tok.ancestors:  # spaCy's walk to the root; ``node.head is not node`` never became false
        if node.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i != tok.i:
            return subj
        if node.dep_ == "xcomp":
            obj = next((c for c in node.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
    return None


def _after_pro(tok: Token) -> bool:
    """The token follows 'pro-' / 'pro '."""
    doc = tok.doc
    return (tok.i >= 1 and doc[tok.i - 1].lower_ == "pro") or (
        tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "pro")


def _opposed(tok: Token) -> bool:
    """The token follows 'anti-' / 'counter-'."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("anti", "counter", "non")


def _kind(gaz: Gazetteer, key: str) -> str:
    rec = gaz.record(key)
    return rec.kind if rec else ""


def _is_group(gaz: Gazetteer, key: str) -> bool:
    """A named non-state actor (an armed group, a movement, a mission) rather than a state or its government."""
    rec = gaz.record(key)
    return rec is not None and rec.cls in ("ArmedGroup", "Organization") and \
        rec.kind not in ("coalition", "government", "ministry") and not key.endswith("-government")


def _irregular_side(cand: Candidate) -> bool:
    """Sides fighters/militias can refer back to: government supporters, proxies, armed groups."""
    side = cand.key.split("/", 1)[1]
    return side.startswith("pro-") or "-backed-" in side or (cand.attrs.get("irregular") and "partner" not in side)
