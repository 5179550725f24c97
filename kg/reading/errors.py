"""The one error type of the reading stage."""


class ArticleError(ValueError):
    """An input item that cannot become an article; ``str()`` says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):
        """Pickle by fields, so errors can come back from worker processes."""
        return (ArticleError, (self.source, self.reason))
