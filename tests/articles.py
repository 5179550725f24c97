"""Small synthetic articles for tests that need many distinct inputs (written here, not copied)."""

from __future__ import annotations

from pathlib import Path

_PLACES = ["Palmyra", "Deir ez-Zor", "Raqqa", "Idlib", "Manbij", "Kirkuk", "Fallujah", "Ramadi", "Tikrit", "Homs"]
_ACTORS = ["Turkish troops", "Iraqi forces", "Kurdish fighters", "Russian jets", "Syrian Army troops"]
_SPEAKERS = ["Ahmed Karim", "Laura Chen", "Omar Haddad", "Mark Ellison", "Sara Novak"]


def article(i: int) -> str:
    """A short, varied article in the header-block layout."""
    place, other = _PLACES[i % len(_PLACES)], _PLACES[(i + 3) % len(_PLACES)]
    actor, speaker = _ACTORS[i % len(_ACTORS)], _SPEAKERS[i % len(_SPEAKERS)]
    day = 1 + i % 27
    return (
        f"{actor} advance on {place}\n\n"
        f"By Staff Writer {i}\n"
        f"March {day}, 2019\n\n"
        f"{actor} advanced towards {place} on Tuesday after shelling positions near {other}, "
        f"officials said.\n\n"
        f"\"We will hold the road to {other}\", {speaker} told reporters.\n\n"
        f"{speaker} said {actor.lower()} had reinforced their positions around {place} over the weekend.\n"
    )


def write_corpus(folder: Path, count: int) -> Path:
    """``count`` distinct article files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"article_{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return folder
