"""The spaCy side: which model to load and the components newskg adds to it."""

from kg.nlp.pipeline import doc_from_bytes, doc_to_bytes, load_pipeline, parse

__all__ = ["doc_from_bytes", "doc_to_bytes", "load_pipeline", "parse"]
