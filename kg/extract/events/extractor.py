"""Events of one article: triggers, filtered by polarity, with arguments, merged, keyed.

Pipeline per sentence: find triggers (lexicon over lemmas and the parse), keep
those the text asserts, read their arguments, and make one mention per trigger
spanning the trigger and its local arguments. Then mentions of the same event
within the article become one Event: same core type, compatible dates, and a
shared participant (or place); a mention naming no participant at all ("the
warnings", "the leaflet drop") refers back to the latest event of its type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Span, Token

from kg.extract.context import ArticleContext
from kg.extract.events.event_args import ArgumentReader, Arguments
from kg.extract.events.event_keys import (
    actor_anchor,
    anchor_roles,
    anchored_key,
    most_specific_place,
    unanchored_key,
    when,
)
from kg.extract.events.polarity import asserted, modality
from kg.extract.events.reparse import repair
from kg.extract.events.triggers import Trigger, find_triggers, themes
from kg.extract.index import MentionIndex
from kg.extract.temporal import DateResolution
from kg.lexicons.event_triggers import Lexicon, load_lexicon
from kg.model import Entity, Event, Mention
from kg.nlp.tree import climb

_NAME_CLASSES = {"Organization", "ArmedGroup", "Unit", "Location", "Person"}
# Force nouns that name forces by their activity: "army patrols" are patrolling.
_ACTIVITY_FORCES = {"patrol"}
# Families whose events are facts that other events react to ("condemned the strike"), not processes that
# they act on ("suspended the talks").
_ACTS_OF_FORCE = {"Attack", "Movement", "ForcePosture", "Coercion", "Protest"}
_ADDITIVE = {"also", "separately", "separate", "another", "further", "additionally", "meanwhile"}
_MEDIUM_PREPS = {"during", "in", "via", "over", "through", "on"}
_ANAPHORA_WINDOW = 2  # sentences a definite description ("the strike") may reach back
_DEFINITE_DETS = {"the", "this", "that", "these", "those"}


@dataclass
class EventMention:
    """One asserted trigger with its arguments."""

    trigger: Trigger
    core: str
    args: Arguments
    mention: Mention
    sentence: int  # position of the sentence in the article, for nearness
    # Agents and targets as top actors ("Israeli jets" acts for Israel): two mentions
    # naming one side differently can still be the same event.
    sides: dict[str, frozenset[str]] = field(default_factory=dict)
    modality: str | None = None  # "Attempted" or "Foiled" (see polarity.modality)

    @property
    def day(self) -> date | None:
        return self.args.date.day

    def weight(self) -> tuple:
        """How fully this mention identifies its event (the most complete one names the event)."""
        a = self.args
        return (a.date.day is not None, bool(a.agents), bool(a.targets), bool(a.places), -self.mention.start)


def _distinct_kinds(a: EventMention, b: EventMention) -> bool:
    """Two different specific event types (neither is just the core type, nor a type only the CAMEO
    dictionary gave: "wounded" is an assault there, and the shelling's casualties here)."""
    ta, tb = a.trigger.type, b.trigger.type
    return ta != tb and ta != a.core and tb != b.core and not (a.trigger.cameo or b.trigger.cameo)


@dataclass
class _Draft:
    core: str
    mentions: list[EventMention] = field(default_factory=list)

    def keys(self, role: str) -> set[str]:
        if role in ("agents", "targets"):
            return {k for m in self.mentions for k in m.sides[role]}
        return self.keys_exact(role)

    def participants(self) -> set[str]:
        return self.keys_exact("agents") | self.keys_exact("targets")

    def keys_exact(self, role: str) -> set[str]:
        return {k for m in self.mentions for k in getattr(m.args, role)}

    @property
    def day(self) -> date | None:
        return next((m.day for m in self.mentions if m.day), None)


    def accepts(self, m: EventMention) -> bool:
        """Same core type, no date conflict, and a shared participant (or, for place-only mentions, place).

        Participants are compared as sides ("Israeli jets" and "Israel" are one side), unless both
        mentions name different specific kinds of event (an advance and an incursion of one army
        are two events; a "strike" and an "airstrike" can be one).
        """
        if not _compatible(self, m):
            return False
        a = m.args
        theirs = self.keys_exact("places")
        if a.places and theirs and not set(a.places) & theirs and a.participants and self.participants():
            return False  # one side at two named places: "hit Kharkiv" and "an assault near Avdiivka"
        if any(_distinct_kinds(m, x) for x in self.mentions):
            return bool(set(a.agents) & self.keys_exact("agents"))
        if m.sides["agents"] & self.keys("agents"):
            return True
        if m.sides["targets"] & self.keys("targets") and not (a.agents and self.keys("agents")):
            return True
        if (not a.participants or not self.participants()) and set(a.places) & self.keys("places"):
            return True  # one of them names only the place: "a strike hit the camp", "Israel struck the camp"
        return False


def _light_verb(tr: Trigger, lex: Lexicon) -> Token | None:
    """The light verb a nominal trigger is the object of ("launched a strike")."""
    head = tr.head
    if not tr.nominal or head.dep_ not in ("dobj", "nsubjpass", "attr"):
        return None
    return head.head if head.head.lemma_.lower() in lex.words("light_verbs") else None


def _clause_subject(verb: Token) -> Token | None:
    """The subject of a verb, shared along a coordination ("the shelling lasted hours and hit ...")."""
    def own(v: Token) -> Token | None:
        return next((c for c in v.children if c.dep_ == "nsubj"), None)

    return own(climb(verb, lambda v: v.dep_ == "conj" and own(v) is None))


def _absorb(triggers: list[Trigger], lex: Lexicon) -> list[Trigger]:
    """One event per clause: a trigger noun that is the object of a trigger verb is one event with it.

    The noun names the event when the verb is light ("gave support"); otherwise
    the verb does ("relaying the warning", "beefed up support"). An event noun
    that is the subject of a trigger verb of its core type ("the bombardment hit
    a checkpoint") is one event with the verb too: the verb keeps the arguments,
    and refers back like the noun did when the noun is definite (the noun then
    vouches for the event, so the verb needs no argument of its own).
    """
    drop: set[int] = set()
    refer: dict[int, Token] = {}
    by_head = {t.head.i: t for t in triggers}
    for t in triggers:
        if t.nominal:
            continue
        for obj in themes(t.head):
            other = by_head.get(obj.i)
            if other is None or not other.nominal:
                continue
            if t.cameo and lex.core_of(t.type) != lex.core_of(other.type) in _ACTS_OF_FORCE:
                continue  # "Qatar condemned the strike": a condemnation, and the strike ("suspended talks": one)
            drop.add(t.head.i if t.head.lemma_.lower() in lex.words("light_verbs") else obj.i)
        subj = _clause_subject(t.head)
        other = by_head.get(subj.i) if subj is not None else None
        if other is not None and other.nominal and lex.core_of(other.type) == lex.core_of(t.type):
            drop.add(subj.i)
            if _definite(other):
                refer[t.head.i] = subj
    kept = [t for t in triggers if t.head.i not in drop]
    return [replace(t, named_by=refer[t.head.i], needs_arg=False) if t.head.i in refer else t for t in kept]


def _predicative(tr: Trigger) -> bool:
    """"seen as a threat", "described as an attack": a characterisation, not an event report."""
    h = tr.head
    return tr.nominal and h.dep_ == "pobj" and h.head.lower_ == "as"


def _medium_of_speech(tr: Trigger, lex: Lexicon) -> bool:
    """"told reporters during a phone call": the channel of a statement, not an event between parties."""
    h = tr.head
    return (
        tr.nominal
        and h.dep_ == "pobj"
        and h.head.dep_ == "prep"
        and h.head.lower_ in _MEDIUM_PREPS
        and h.head.head.lemma_.lower() in lex.words("reporting_verbs")
    )


def _additive(tr: Trigger) -> bool:
    """"Israeli artillery also fired", "a separate attack", "a second hijacking attempt": the text says this
    is another event."""
    return any((c.dep_ in ("advmod", "amod") and c.lower_ in _ADDITIVE) or (c.ent_type_ == "ORDINAL" and c.i < tr.head.i
               and c.lower_ != "first") for c in tr.head.children)


def _definite(tr: Trigger) -> bool:
    """"the warnings", "this attack", "its advance": a noun phrase that refers back."""
    return tr.named_by is not None or any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE_DETS) for c in tr.head.children
    )


def _inside_name(tr: Trigger, index: MentionIndex) -> bool:
    """A trigger word inside a name ("Operation Olive Branch") is no event; a force named by
    what it does ("army patrols were seen") is one: the unit is its agent."""
    m = index.at_token(tr.head)
    if m is None or m.cls not in _NAME_CLASSES:
        return False
    head = tr.head
    return not (m.cls == "Unit" and head.idx + len(head.text) == m.end and head.lemma_.lower() in _ACTIVITY_FORCES)


def _mention(ctx: ArticleContext, sent: Span, tr: Trigger, args: Arguments, light: Token | None) -> Mention:
    """The trigger plus its local arguments, so the evidence reads as a clause, not a lone word."""
    doc = sent.doc
    idx = set(range(tr.start, tr.end)) | args.tokens
    if light is not None:
        idx.add(light.i)
    if tr.named_by is not None:
        idx.add(tr.named_by.i)
    idx |= {doc[i].left_edge.i for i in args.tokens if doc[i].left_edge.i >= sent.start}
    start, end = max(min(idx), sent.start), min(max(idx) + 1, sent.end)
    return ctx.mention(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def _sides(args: Arguments, entities: dict[str, Entity]) -> dict[str, frozenset[str]]:
    return {role: frozenset(actor_anchor(k, entities) for k in getattr(args, role)) for role in ("agents", "targets")}


def _event_mentions(
    ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity], lex: Lexicon
) -> list[EventMention]:
    repairs = repair(ctx, index)
    reader = ArgumentReader(repairs.names(index, ctx.text), lex, ctx.article.published, frozenset(entities))
    out = []
    for n, original in enumerate(ctx.sentences):
        # the dateline's place is where the lead sentence's events happened, when it names none
        fallback = repairs.dateline_place if original.start_char == repairs.lead else None
        for sent in repairs.spans(original):
            out += _sentence_mentions(ctx, sent, n, reader, entities, lex, fallback)
    return out


def _sentence_mentions(
    ctx: ArticleContext, sent: Span, n: int, reader: ArgumentReader, entities: dict[str, Entity], lex: Lexicon,
    fallback_place: str | None,
) -> list[EventMention]:
    out = []
    triggers = _absorb(find_triggers(sent, lex), lex)
    heads = frozenset(t.head.i for t in triggers)
    for tr in triggers:
        if _predicative(tr) or _medium_of_speech(tr, lex) or _inside_name(tr, reader.index) or not asserted(tr, lex):
            continue
        core = lex.core_of(tr.type)
        light = _light_verb(tr, lex)
        args = reader.read(tr, core, light, heads)
        if fallback_place and not args.places:
            args.add("places", fallback_place)
        if tr.needs_arg and args.empty():
            continue
        if tr.dyadic and not (args.agents and args.targets):
            continue  # CAMEO codes an appeal, a criticism, a rejection between two named parties
        if tr.needs_target and not (args.targets or args.places):
            continue  # "three soldiers died": force used against no one named
        out.append(EventMention(tr, core, args, _mention(ctx, sent, tr, args, light), n, _sides(args, entities),
                                modality(tr, lex)))
    return out


def _outside(period: DateResolution, day: date | None) -> bool:
    """A known day that a period ("in July") excludes."""
    if day is None:
        return False
    return bool((period.earliest and day < period.earliest) or (period.latest and day > period.latest))


def _compatible(d: _Draft, m: EventMention) -> bool:
    """Same core type and no date conflict (two days, a day outside the other's period, or a period of
    its own against a mention dated by none)."""
    if d.core != m.core or (m.day and d.day and m.day != d.day):
        return False
    if _outside(m.args.date, d.day) or any(_outside(x.args.date, m.day) for x in d.mentions):
        return False
    # A mention dated only by a period ("launched its invasion in February 2022") is not an undated one
    # ("the missile attack"): background and news of the day.
    if _period_only(m):
        return d.day is not None or any(_period_only(x) for x in d.mentions)
    return bool(m.args.date) or not all(_period_only(x) for x in d.mentions)


def _period_only(m: EventMention) -> bool:
    return m.day is None and bool(m.args.date)


def _same_word(a: EventMention, b: EventMention) -> bool:
    """Both triggers end in the same word ("air strikes" ... "the strikes"): the usual way news refers back."""
    return a.trigger.word.lemma_.lower() == b.trigger.word.lemma_.lower()


def _antecedent(drafts: list[_Draft], m: EventMention, window: int | None) -> _Draft | None:
    """The event a referring mention points back to: one in the same sentence, else the latest before it
    named by the same word, else the latest before it."""
    best: dict[bool, tuple[int, _Draft]] = {}
    for d in drafts:
        if not _compatible(d, m):
            continue
        for x in d.mentions:
            if x.sentence == m.sentence and x is not m:
                return d
            if x.mention.start < m.mention.start and (window is None or m.sentence - x.sentence <= window):
                same = _same_word(x, m)
                if same not in best or x.mention.start > best[same][0]:
                    best[same] = (x.mention.start, d)
    found = best.get(True) or best.get(False)
    return found[1] if found else None


def _merge(mentions: list[EventMention]) -> list[_Draft]:
    """Group the mentions of one event (see the module docstring for the rules)."""
    drafts: list[_Draft] = []
    bare: list[EventMention] = []
    for m in mentions:
        if m.args.empty():
            bare.append(m)
            continue
        additive = _additive(m.trigger)
        target = None if additive else next((d for d in reversed(drafts) if d.accepts(m)), None)
        if target is None and not additive and _definite(m.trigger) and not m.day:
            # "Following the US strike" right after the strike is reported: the same strike.
            target = _antecedent(drafts, m, window=_ANAPHORA_WINDOW)
        if target is None:
            target = _Draft(m.core)
            drafts.append(target)
        target.mentions.append(m)
    for m in bare:
        if m.trigger.nominal and not _definite(m.trigger):
            continue  # "a show of force" with no one named: too little to know which event it is
        target = _antecedent(drafts, m, window=None)
        if target is None:
            # not one that calls itself another event ("a second hijacking attempt" is not the hijacking before it)
            target = next((d for d in drafts if _compatible(d, m) and not _additive(d.mentions[0].trigger)), None)
        if target is None:
            target = _Draft(m.core)
            drafts.append(target)
        target.mentions.append(m)
    return drafts


def _identity(
    d: _Draft, ctx: ArticleContext, entities: dict[str, Entity], skip: str = "", by_day: bool = False
) -> tuple[str, str, EventMention]:
    """The key of a draft, from all of its mentions (the fullest first), normalised (see event_keys);
    ``skip`` is a role not to anchor on, ``by_day`` keys on the event's day instead of its week."""
    ranked = sorted(d.mentions, key=EventMention.weight, reverse=True)
    head = ranked[0]
    day = _day(d, ctx)
    period = next((m.args.date for m in ranked if m.args.date.earliest or m.args.date.latest), None)
    time = when(day, period.earliest if period else None, period.latest if period else None, ctx.article.published)
    for role in anchor_roles(d.core):
        if role == skip:
            continue
        keys = [k for m in ranked for k in getattr(m.args, role + "s")]
        if role == "place":
            anchor = most_specific_place(keys, entities)
        else:
            anchor = actor_anchor(keys[0], entities) if keys else None
        if anchor:
            key, label = anchored_key(d.core, time, role, anchor, entities, day=day if by_day else None)
            return key, label, head
    key, label = unanchored_key(d.core, day, ctx.article.identifier, head.mention.start)
    return key, label, head


def _other_sides(drafts: list[_Draft], d: _Draft) -> bool:
    """Whether a draft's agents and the agents of drafts keyed alike are both named and all different."""
    theirs = {k for x in drafts for k in x.keys("agents")}
    ours = d.keys("agents")
    return bool(theirs and ours) and not theirs & ours


def _day(d: _Draft, ctx: ArticleContext) -> date | None:
    day = d.day
    published = ctx.article.published
    return None if day is None or (published is not None and day > published) else day


def _to_event(key: str, label: str, head: EventMention, drafts: list[_Draft], ctx: ArticleContext) -> Event:
    mentions = sorted((m for d in drafts for m in d.mentions), key=lambda m: m.mention.start)
    # The type must be a function of the key (two articles state it on one node), and outlets
    # name one event with different fine types ("strike", "airstrike"): the core type is shared.
    ev = Event(key=key, type=head.core, label=label)
    seen: set[tuple[int, int]] = set()
    for m in mentions:
        span = (m.mention.start, m.mention.end)
        if span not in seen:
            seen.add(span)
            ev.mentions.append(m.mention)
        for role in ("agents", "targets", "places"):
            bucket = getattr(ev, role)
            bucket.extend(k for k in getattr(m.args, role) if k not in bucket)
    ev.reported_types = sorted({m.trigger.type for m in mentions} - {head.core})
    kinds = {m.modality for m in mentions}
    ev.modality = "Foiled" if "Foiled" in kinds else "Attempted" if "Attempted" in kinds else None
    ev.date = next((_day(d, ctx) for d in drafts if _day(d, ctx)), None)
    if ev.date is None:
        periods = [m.args.date for m in mentions if m.args.date.earliest or m.args.date.latest]
        if periods:
            ev.earliest, ev.latest = periods[0].earliest, periods[0].latest
    return ev


def extract_events(ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity]) -> list[Event]:
    """Every event the article asserts, one Event per distinct event, keyed for cross-article merging."""
    lex = load_lexicon()
    grouped: dict[str, tuple[str, EventMention, list[_Draft]]] = {}
    for d in _merge(_event_mentions(ctx, index, entities, lex)):
        key, label, head = _identity(d, ctx, entities)
        day = _day(d, ctx)
        if key in grouped and day is not None and {_day(x, ctx) for x in grouped[key][2]} - {None, day}:
            # Two events of one family at one place in one week that this article tells apart by their days.
            key, label, head = _identity(d, ctx, entities, by_day=True)
        elif key in grouped and _other_sides(grouped[key][2], d):
            # Two forces posted in one place on an unknown day are two events, not one.
            key, label, head = _identity(d, ctx, entities, skip="place")
        if key in grouped:
            grouped[key][2].append(d)
        else:
            grouped[key] = (label, head, [d])
    return [_to_event(key, label, head, drafts, ctx) for key, (label, head, drafts) in grouped.items()]
