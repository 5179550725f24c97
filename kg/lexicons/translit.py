"""Romanised Arabic place names: one comparison key for all spellings, and the article variants.

Outlets write the same village as "Aita al-Shaab", "Ayta ash-Shab" or "Aita
el-Shaab", and the same town as "Zar'it" or "Zarit". Listing every spelling per
place does not scale to unseen places, so the variation is produced by rule:

- ``place_key`` folds the spellings into one comparison key (articles dropped,
  apostrophes dropped, "ay"/"ai", doubled letters, "ou"/"u", a final "-ah"),
  which keys unknown places and matches known ones;
- ``spelling_variants`` writes a known name with each form of its article
  (al-/el-/the assimilated at-/ar-/as-/ash-..., hyphen or space, or none at the
  start), so the entity ruler finds the place whichever form a text uses.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

# Arabic article prefixes of transliterated names: "al-Tanf" = "At Tanf" = "Tanf".
ARTICLE_PREFIX = re.compile(r"^(?:al|el|at|ar|as|ash|ad|adh|an|az|ath)[\s-]+(?=\w)", re.I)
_ARTICLES = frozenset({"al", "el", "il", "ul", "at", "ar", "as", "ash", "ad", "adh", "an", "az", "ath",
                       "et", "er", "es", "esh", "ed", "ez", "en"})
# An article inside a name: "Deir ez-Zor", "Ras al Ain", "At Tanf" (the space form only before a capital).
_ARTICLE_IN_NAME = re.compile(r"\b((?i:al|el|a[tdrzsn]|ash|ath|adh|e[tdrzs]|esh))(-|\s+(?=[A-Z]))(?=\w)")
_SUN_DIGRAPHS = ("sh", "th", "dh")
_SUN_LETTERS = "tdrzsnl"
_APOSTROPHES = "'\u2019\u2018`\u02bf\u02be"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


def _word_key(word: str) -> str:
    word = re.sub(r"[^a-z0-9]", "", word)
    word = re.sub(r"(?<=[aeiou])y|y(?=[^aeiou]|$)", "i", word)  # Ayta = Aita; Kiryat = Kiriat
    word = word.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    word = re.sub(r"(.)\1+", r"\1", word)  # Shaab = Shab, Raqqa = Raqa
    return re.sub(r"(?<=\w\w[aeiou])h$", "", word)  # Raqqah = Raqqa, Hodeidah = Hodeida


@lru_cache(maxsize=16384)  # the same names recur in every article; a key costs a dozen regex passes
def place_key(text: str) -> str:
    """The spelling-insensitive comparison key of a place name ('Ayta ash-Shab' -> 'aita shab')."""
    text = _fold(text)
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = re.sub(r"'s\b", "", text)
    words = [w for w in re.split(r"[^a-z0-9]+", re.sub(r"^the\s+", "", text)) if w]
    kept = [w for w in words if w not in _ARTICLES] or words
    return " ".join(k for k in (_word_key(w) for w in kept) if k)


def place_label(key_slug: str) -> str:
    """The label of an unknown place, made from its key alone ('aita-shab' -> 'Aita Shab')."""
    return " ".join(w[:1].upper() + w[1:] for w in key_slug.split("-") if w)


def _article_forms(following: str) -> list[str]:
    """How the article before ``following`` is written: al-, el-, and its assimilated form."""
    low = following.lower()
    sun = next((d for d in _SUN_DIGRAPHS if low.startswith(d)), low[:1] if low[:1] in _SUN_LETTERS else "")
    forms = ["al-", "al ", "el-"]
    if sun and sun != "l":
        forms += [f"a{sun}-", f"a{sun} ", f"e{sun}-"]
    return forms


def spelling_variants(name: str, limit: int = 2) -> set[str]:
    """The name with every written form of its (first ``limit``) Arabic articles, and without apostrophes.

    A leading article may also be left out ("Tanf"); an inner one may not ("Deir Zor" is no spelling).
    """
    out = {name}
    bare = name
    for ch in _APOSTROPHES:
        bare = bare.replace(ch, "")
    out.add(bare)
    matches = list(_ARTICLE_IN_NAME.finditer(name))[:limit]
    if not matches:
        return out
    pieces, slots, pos = [], [], 0
    for m in matches:
        pieces.append(name[pos:m.start()])
        forms = _article_forms(name[m.end():])
        slots.append(forms + ([""] if m.start() == 0 else []))
        pos = m.end()
    tail = name[pos:]
    for choice in product(*slots):
        text = "".join(p + c for p, c in zip(pieces, choice, strict=False)) + tail
        out.add(text)
        out.add(text.replace("'", ""))
    return {v.strip() for v in out if v.strip()}
