"""Entity extraction: actors, units and locations, resolved to keys within one article.

``extractor.extract_entities`` runs the stages; the rules are ``actors`` (named
entities re-classified by context, with ``name_spans`` and ``metonyms``),
``orgnames``, ``references``, ``locations`` and ``units``; ``persons`` keys
person names and ``registry`` keeps one entity per key with every mention.
"""
