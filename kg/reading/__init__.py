"""Reading: turn files, records and streams into normalised ``Article`` objects.

Nothing here knows about NLP or RDF; a bad input raises ``ArticleError`` with a
reason a person can act on.
"""

from kg.reading.errors import ArticleError
from kg.reading.sources import read_sources

__all__ = ["ArticleError", "read_sources"]
