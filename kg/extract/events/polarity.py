"""Does a trigger assert that its event happened?

A knowledge graph of what happened must not state events the text denies or
only imagines: "has not warned", "would be attacked", "if it did not vacate",
"wants ... to operate", "there have not been any kinetic actions". The checks
are structural: negation and modal auxiliaries on the trigger's clause,
conditional markers, infinitival complements of verbs that do not entail their
complement ("try to form", "refuse to react"; but "continue to mass" and "used
its channel to communicate" do entail it), non-specific determiners on nominal
triggers ("any movement"), and the polarity of the verb a nominal trigger is
an argument of ("there have not been any actions", "to combat this threat").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.events.triggers import Trigger
from kg.lexicons.event_triggers import Lexicon
from kg.nlp.tree import climb

_CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
# Families of acts of force, whose attempts are events (nkg:Attempted) rather than intentions.
_FORCE_FAMILIES = {"Attack", "Movement", "ForcePosture", "Coercion", "Protest"}
# Arguments of a verb that a nominal trigger inherits polarity from.
_CORE_ARGS = {"dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative"}
_MAX_DEPTH = 8


def _locally_non_factual(verb: Token, lex: Lexicon) -> bool:
    """Negation, a modal, a conditional marker or generic time on the verb itself."""
    modals = lex.words("modal_auxiliaries")
    generic = lex.words("generic_adverbials")
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return True
        if c.dep_ == "aux" and c.lower_ in modals:
            return True
        if c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS:
            return True
        if c.dep_ == "advmod" and c.lower_ in generic:
            return True
        if c.dep_ == "nsubj" and c.lower_ in lex.words("non_specific_pronouns"):
            return True  # "whoever attacks us", "anyone fires": no particular act
        if c.dep_ == "prep" and c.lower_ == "in" and " ".join(t.lower_ for t in c.subtree) in generic:
            return True
    return False


def _infinitival(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _context_asserted(verb: Token, lex: Lexicon, depth: int) -> bool:
    """Whether the clause the verb hangs from lets it stand as fact."""
    head, dep = verb.head, verb.dep_
    if head == verb:
        return not _infinitival(verb)  # "Iran to send troops": a headline's plan, not a report
    if depth > _MAX_DEPTH:
        return True
    head_lemma = head.lemma_.lower()
    if dep == "conj":
        # A coordinated verb shares the first one's auxiliaries unless it has its own.
        if any(c.dep_ in ("aux", "auxpass", "neg") for c in verb.children):
            return _context_asserted(head, lex, depth + 1)
        return clause_asserted(head, lex, depth + 1)
    if dep == "xcomp" or _infinitival(verb):
        # "continue to mass", "used its channel to communicate" entail; "try to form" does not.
        return head_lemma in lex.words("implicative_governors") and clause_asserted(head, lex, depth + 1)
    if dep in ("ccomp", "pcomp") and head_lemma in lex.words("non_asserting_governors"):
        return False
    if dep == "pcomp":
        if head_lemma in lex.words("negative_words"):  # "without attacking"
            return False
        gov = head.head
        return clause_asserted(gov, lex, depth + 1) if gov.pos_ in ("VERB", "AUX") and gov != head else True
    if dep == "advcl" and not any(c.dep_ == "mark" for c in verb.children):
        return clause_asserted(head, lex, depth + 1)  # participial: "dropped leaflets, warning ..."
    if dep == "relcl" and _non_specific(head, lex):
        return False  # "anyone who fires at our soldiers": a kind of act, not one that happened
    return True  # reported (ccomp), relative, finite adverbial and root clauses


def _non_specific(noun: Token, lex: Lexicon) -> bool:
    """"anyone", "whoever", "any force", "those who": a head that names no particular referent."""
    if noun.lower_ in lex.words("non_specific_pronouns"):
        return True
    return any(c.dep_ in ("det", "neg") and c.lower_ in lex.words("non_specific_determiners") for c in noun.children)


def clause_asserted(verb: Token, lex: Lexicon, depth: int = 0) -> bool:
    """True when the clause headed by ``verb`` is stated as fact by the text."""
    return not _locally_non_factual(verb, lex) and _context_asserted(verb, lex, depth)


def _presupposed(noun: Token, lex: Lexicon) -> bool:
    """"X denied carrying out the attack": a definite event noun that a denial is about happened all the same
    (who did it is what is denied)."""
    definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
                   for c in noun.children)
    if not definite:
        return False
    verb = noun.head
    while verb.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "pobj") and verb.head != verb:
        verb = verb.head
        if verb.lemma_.lower() in lex.words("denial_verbs"):
            return True
    return False


def _nominal_asserted(noun: Token, lex: Lexicon) -> bool:
    """A nominal trigger is as factual as the verb it is an argument of."""
    if _non_specific(noun, lex):
        return False
    if _presupposed(noun, lex):
        return True
    if any(c.dep_ == "amod" and c.lemma_.lower() in lex.words("non_factual_modifiers") for c in noun.children):
        return False
    noun = climb(noun, lambda t: t.dep_ == "conj")
    gov = noun.head
    if noun.dep_ in _CORE_ARGS and gov.pos_ in ("VERB", "AUX"):
        return gov.lemma_.lower() not in lex.words("non_asserting_governors") and clause_asserted(gov, lex)
    if noun.dep_ == "pobj" and gov.dep_ == "prep":
        if gov.lower_ in lex.words("negative_words"):  # "without warning"
            return False
        verb = gov.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lex.words("light_verbs"):
            return clause_asserted(verb, lex)
        if verb.pos_ in ("VERB", "AUX") and (verb.dep_ == "xcomp" or _infinitival(verb)):
            return _context_asserted(verb, lex, 0)  # "urged both sides to return to talks"
    return True  # "despite U.S. warnings" stays true under a negated main verb


def _promise_asserted(verb: Token, lex: Lexicon) -> bool:
    """"X would retaliate", "X vowed to avenge": the future is the content of the threat, so only
    a negation ("would not respond") or a non-asserted governing clause takes the threat back."""
    if any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS) for c in verb.children):
        return False
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in lex.words("commissive_verbs"):
        return clause_asserted(verb.head, lex)  # "vowed to avenge", "vowed that it would avenge"
    return _context_asserted(verb, lex, 0)


def foils(verb: Token, lex: Lexicon) -> bool:
    """"thwarted", "repelled", "beat back", "fought off": a verb that stops the act it governs."""
    words = lex.words("foiling_verbs")
    lemma = verb.lemma_.lower()
    return lemma in words or any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in words for c in verb.children)


def _governor(noun: Token) -> Token | None:
    """The verb a noun is the object (or passive subject) of."""
    gov = noun.head
    return gov if noun.dep_ in ("dobj", "nsubjpass") and gov.pos_ in ("VERB", "AUX") else None


def _attempt_noun(verb: Token, lex: Lexicon) -> Token | None:
    """"an attempt to storm the base": the attempt noun an infinitival trigger completes."""
    head = verb.head
    if verb.dep_ in ("acl", "xcomp") and head.pos_ == "NOUN" and head.lemma_.lower() in lex.words("attempt_nouns"):
        return head
    return None


def _attempted_by_verb(verb: Token, lex: Lexicon) -> bool:
    """"tried to stab", "attempted to storm": the trigger is the complement of an attempt verb."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.words("attempt_verbs")


def modality(trigger: Trigger, lex: Lexicon) -> str | None:
    """"Attempted" or "Foiled" (the local names of nkg:Attempted, nkg:Foiled) for an act that was tried or
    stopped, None for one stated as done."""
    head = trigger.head
    if lex.core_of(trigger.type) not in _FORCE_FAMILIES:
        return None
    if not trigger.nominal:
        noun = _attempt_noun(head, lex)
        if noun is not None:
            gov = _governor(noun)
            return "Foiled" if gov is not None and foils(gov, lex) else "Attempted"
        return "Attempted" if _attempted_by_verb(head, lex) else None
    mods = {c.lower_ for c in head.children if c.dep_ in ("amod", "compound")}
    gov = _governor(head)
    if mods & lex.words("foiled_modifiers") or (gov is not None and foils(gov, lex)):
        return "Foiled"
    if trigger.attempt is not None or mods & lex.words("attempt_modifiers"):
        return "Attempted"
    return None


def asserted(trigger: Trigger, lex: Lexicon) -> bool:
    """True when the text states the trigger's event as having happened (or happening), or as tried."""
    if not trigger.nominal and not trigger.future and lex.core_of(trigger.type) in _FORCE_FAMILIES:
        noun = _attempt_noun(trigger.head, lex)
        if noun is not None:
            return _nominal_asserted(noun, lex)
        if _attempted_by_verb(trigger.head, lex):
            return clause_asserted(trigger.head.head, lex)
    if trigger.nominal:
        return _nominal_asserted(trigger.head, lex)
    if trigger.future:
        return _promise_asserted(trigger.head, lex)
    return clause_asserted(trigger.head, lex)
