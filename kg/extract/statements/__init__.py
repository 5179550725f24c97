"""Statement extraction: who said what, quoted or reported.

``extractor.extract_statements`` runs it: ``quotes`` finds quotations,
``reported`` finds reported speech, ``speakers`` resolves who spoke to an entity.
"""
