"""SHACL validation of graphs (pySHACL does the checking)."""

from kg.validation.shacl import ValidationOutcome, Validator

__all__ = ["ValidationOutcome", "Validator"]
