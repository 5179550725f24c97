"""What every extractor needs to know about the article it is reading."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.model import Article, Mention


@dataclass
class ArticleContext:
    """An article with its parsed doc, and helpers to make valid mentions."""

    article: Article
    doc: Doc
    _sent_starts: list[int] = field(init=False, repr=False)
    _sents: list[Span] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sents = list(self.doc.sents)
        self._sent_starts = [s.start_char for s in self._sents]

    @property
    def text(self) -> str:
        """The article text that offsets refer to (not the quote-folded analysis copy)."""
        return self.article.text

    @property
    def sentences(self) -> list[Span]:
        """Sentences that may be extracted from (furniture excluded)."""
        return [s for s in self._sents if not self.in_furniture(s.start_char, s.end_char)]

    def in_furniture(self, start: int, end: int) -> bool:
        """True when the span lies in site furniture, which is never extracted from."""
        return any(f0 <= start and end <= f1 or (start < f1 and f0 < end) for f0, f1 in self.article.furniture)

    def sentence_at(self, char: int) -> Span:
        """The sentence holding a character offset."""
        i = max(bisect_right(self._sent_starts, char) - 1, 0)
        return self._sents[i]

    def mention(self, start: int, end: int) -> Mention:
        """A mention of ``text[start:end]``, trimmed of surrounding whitespace, with its sentence."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        sent = self.sentence_at(start)
        return Mention(start, end, self.text[start:end], (sent.start_char, sent.end_char))

    def span_mention(self, span: Span) -> Mention:
        """A mention of a spaCy span."""
        return self.mention(span.start_char, span.end_char)

    def surface(self, start: int, end: int) -> str:
        """The original text of a span (curly quotes kept)."""
        return self.text[start:end]
