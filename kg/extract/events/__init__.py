"""Event extraction: triggers, their arguments and polarity, keyed across articles.

``extractor.extract_events`` runs it: ``triggers`` finds the words that say
something happened, ``event_args`` reads agent, target, place and date from the
parse, ``polarity`` drops what the text does not assert, ``event_keys`` keys the
event so reports of the same event merge.
"""
