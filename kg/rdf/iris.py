"""Minting instance IRIs under the configured base."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.model import Article
from kg.settings import DEFAULT_BASE_IRI


@dataclass(frozen=True)
class Minter:
    """Instance IRIs: ``<base><key>`` for resolved things, content-derived for the rest."""

    base: str = DEFAULT_BASE_IRI

    def key(self, key: str) -> URIRef:
        """The IRI of an entity, event or statement from its resolution key."""
        return URIRef(self.base + key)

    def article(self, article: Article) -> URIRef:
        """Articles are named by content hash, so an unchanged article keeps its IRI."""
        return URIRef(f"{self.base}article/{article.identifier[:16]}")

    def mention(self, article: Article, start: int, end: int) -> URIRef:
        """A mention is a span of one article: the same span is the same mention."""
        return URIRef(f"{self.base}mention/{article.identifier[:16]}-{start}-{end}")

    def geometry(self, key: str) -> URIRef:
        """The point geometry of a location."""
        return URIRef(f"{self.base}{key}/geometry")

    def is_instance(self, iri: str) -> bool:
        """True for IRIs minted here (as opposed to vocabulary or external IRIs)."""
        return iri.startswith(self.base)
