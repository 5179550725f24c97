"""Word lists and name indexes, below every stage that reads them.

The data files in ``data/`` (curated lists, and lists generated from public
sources by ``scripts/build_lexicons.py``, each saying where its entries come
from, with the sources' licence notices beside them) are read by
:func:`kg.lexicons.files.read`; the modules here turn them into typed lookups:
the gazetteer of actors, places and countries (``gazetteer``, with
``translit`` for spellings and ``geonames`` for the world's towns and admin
areas), the entity rules' words (``entity_words``), the
attribution vocabulary (``speech_lexicon``) and the event triggers
(``event_triggers``). ``kg.reading``, ``kg.nlp`` and ``kg.extract`` all build
on them; nothing here imports those stages.
"""
