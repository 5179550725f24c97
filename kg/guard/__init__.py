"""Extraction under a per-article time limit: supervised processes, killed and replaced on overrun.

No article may stall or crash a build. A Python loop cannot be interrupted from
outside and spaCy's C code cannot be interrupted at all, so the only limit that
really stops the work is to run extraction in a process of its own and kill it.
``Supervisor`` (``kg.guard.supervisor``) keeps ``processes`` extraction processes
(``kg.guard.extractor``), each holding the spaCy model, and hands them articles in
small batches:

- **The limit.** An extraction process parses a batch together (spaCy is faster on
  batches), then extracts each article and builds its graph, saying when each step
  starts. The parse of ``n`` articles may take ``n`` times ``settings.extraction_timeout``,
  the rest of each article that limit. On overrun the process is SIGKILLed and replaced.
  An article that overran its own step becomes an ``ArticleError`` naming the limit;
  when a joint parse overran, its articles are tried again one by one, so only the
  article that cannot be parsed in time is refused. Nothing of a refused article is
  stored: storing happens in the supervising process, from outcomes only.
- **Two cores per process.** When the machine has a core to spare for each, an
  extraction process has its batches parsed ahead by a process of its own
  (``kg.guard.parser``), so that the next batch's parse overlaps this batch's
  extraction; they are killed together. A parse's limit counts from when the
  extraction process starts waiting for it.
- **Validation** happens in the supervising process as each graph comes back, where it
  also overlaps the parse. It is not under the limit: the shapes are compiled queries
  over one article's graph, whose size the limited extraction already bounds.
- **Crashes.** A process that dies (out of memory, a segfault in native code) fails
  the article it was working on, with its exit status, and is replaced the same way.
- **Throughput.** Each extraction process has its next batch queued while it works, so
  it never waits for the supervisor; outcomes come back in input order.
- Processes are started with ``subprocess`` rather than ``multiprocessing``, so that
  they can be started anywhere, including in Dask's daemonic worker processes, and
  inherit no file descriptors (the supervisor may hold a store's lock). They exit
  when the supervising process goes away, even in the middle of an article.
"""

from kg.guard.supervisor import ExtractorUnavailable, Supervisor, overrun_reason

__all__ = ["ExtractorUnavailable", "Supervisor", "overrun_reason"]
