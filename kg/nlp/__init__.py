"""The spaCy side: which model to load and the components newskg adds to it."""

from kg.nlp.pipeline import load_pipeline, parse

__all__ = ["load_pipeline", "parse"]
