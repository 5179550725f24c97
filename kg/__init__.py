"""newskg: build a validated knowledge graph of news events, actors and statements.

Data flows one way through the sub-packages:
``reading`` (article) → ``nlp`` (spaCy doc) → ``extract`` (entities, then
statements and events, with stable keys) → ``rdf`` (graph) → ``validation``
(SHACL) → ``store`` → the ``api`` package. ``lexicons`` (word lists and the
gazetteer) sits below ``reading``, ``nlp`` and ``extract``.
"""

__version__ = "0.1.0"
