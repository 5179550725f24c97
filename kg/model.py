"""The in-memory shapes that flow between pipeline stages.

They are plain dataclasses so that every stage can be tested on its own and so
that extraction results can cross process boundaries (workers, Dask) by pickling.
Offsets are always 0-based code-point offsets into ``Article.text``, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Span = tuple[int, int]


@dataclass(frozen=True)
class Article:
    """One input article, normalised, with the text every offset refers to."""

    text: str
    source: str
    identifier: str
    title: str | None = None
    title_span: Span | None = None
    author: str | None = None
    published: date | None = None
    publisher: str | None = None
    url: str | None = None
    # Spans of site furniture ("Other reports by ...", share lines): kept in the
    # text so offsets stay true, but never extracted from.
    furniture: tuple[Span, ...] = ()
    # Offset where the body starts (after the header block / date stamp).
    body_start: int = 0


@dataclass(frozen=True)
class Mention:
    """One occurrence of a node in the article text."""

    start: int
    end: int
    anchor: str
    sentence: Span | None = None


# Node classes of the public vocabulary that entity extraction produces.
ACTOR_CLASSES = ("Person", "Organization", "ArmedGroup", "Country")
ENTITY_CLASSES = (*ACTOR_CLASSES, "Unit", "Location")


@dataclass
class Entity:
    """A resolved actor, unit or location of one article.

    ``key`` is the stable identity ("actor/ryan-dillon", "country/syria",
    "unit/coalition-forces", "location/at-tanf"): the same real thing gets the
    same key in every article, which is what merges it across articles.
    ``label`` must be a function of the key alone so that every article
    graph states the same single ``rdfs:label``.
    """

    key: str
    cls: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    wikidata: str | None = None
    affiliation: list[str] = field(default_factory=list)  # keys of Actors (of a Unit, or an unnamed speaker)
    strength: str | None = None  # Units only, as stated ("about 200")
    located_in: list[str] = field(default_factory=list)  # keys of Locations
    coordinates: tuple[float, float] | None = None  # (latitude, longitude)


@dataclass
class Event:
    """Something that happened, with its arguments as entity keys."""

    key: str
    type: str  # local name of a concept in nkg:EventTypes, e.g. "Attack" or "Airstrike"
    label: str
    mentions: list[Mention] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: date | None = None
    earliest: date | None = None
    latest: date | None = None
    # --- issue 13: an attempted or foiled act ("Attempted", "Foiled": nkg:modality); None when it happened;
    # the finer types this article's wording gives it ("Airstrike", "Arrest": nkg:reportedType)
    modality: str | None = None
    reported_types: list[str] = field(default_factory=list)


@dataclass
class Statement:
    """A direct or reported claim attributed to a speaker."""

    key: str
    quote: str  # exact substring of the article text
    quote_span: Span
    direct: bool
    mentions: list[Mention] = field(default_factory=list)
    speaker: str | None = None  # entity key
    spokesperson: str | None = None  # key of the described person or group who spoke for the speaker
    addressees: list[str] = field(default_factory=list)
    date: date | None = None
    about: list[str] = field(default_factory=list)  # event or entity keys


@dataclass
class Extraction:
    """Everything extracted from one article, ready to become RDF."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
