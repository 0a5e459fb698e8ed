"""The submission journal: nothing lost, nothing sent twice.

``Journal`` records every aanleveren attempt durably before it is sent, the kenmerk and
time once Digipoort's receipt is verified, every status fetched, and every message
fetched from the OphaalService. See ``_core`` for the write-ahead and recovery rules.
"""

from __future__ import annotations

from ._core import Journal, new_aanleverkenmerk
from ._schema import SCHEMA_VERSION
from ._types import OPEN_STATES, STATES, DuplicateSubmissionError, FetchRecord, JournalEntry, JournalError

__all__ = [
    "OPEN_STATES",
    "SCHEMA_VERSION",
    "STATES",
    "DuplicateSubmissionError",
    "FetchRecord",
    "Journal",
    "JournalEntry",
    "JournalError",
    "new_aanleverkenmerk",
]
