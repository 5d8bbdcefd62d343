"""The words of a partner search, as prefix terms for PostgreSQL's full-text query."""

import re

# Letters and digits only: nothing of tsquery's own syntax (& | ! ( ) : ' *) gets through.
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8


def prefix_terms(query: str) -> list[str]:
    """Each word of `query`, lowercased, as a prefix term (`työpa:*`), at most MAX_TERMS,
    each once and in the order given: "työpa" finds "työpaja"."""
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        term = f"{word}:*"
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]
