"""Privacy on the case manager's side: scrubbing free text before it leaves in a package.

``Scrubber.analyze`` finds names (of the case's persons and of third parties), phone numbers,
e-mail addresses, IBANs, passport and file numbers, street addresses and day-precise dates;
``Scrubber.anonymize`` replaces them by the person's pseudonym or a typed placeholder
(``PLACEHOLDERS``). ``fold`` is the comparison form shared with the leak gate.
"""

from kimtools.privacy.lexicon import NameLexicon, fold, fold_word, lexicon_key, span_end
from kimtools.privacy.scrubber import PLACEHOLDERS, TYPES, Detection, KnownPerson, Scrubber

__all__ = [
    "PLACEHOLDERS",
    "TYPES",
    "Detection",
    "KnownPerson",
    "NameLexicon",
    "Scrubber",
    "fold",
    "fold_word",
    "lexicon_key",
    "span_end",
]
