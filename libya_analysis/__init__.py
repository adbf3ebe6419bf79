"""Tag and analyse English news coverage of ISIS and armed conflict in Libya."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .io.store import TaggedCorpus


def open_corpus(path: str | Path, *, tagged: str | Path | None = None, model: str | None = None) -> TaggedCorpus:
    """A tagged store for `path`: the store itself, or the corpus tagged (incrementally) on
    first use. Reading a store imports no NLP library, so notebooks start fast."""
    from .io.store import TaggedCorpus, default_store_for, is_store

    if is_store(path):
        return TaggedCorpus(path)
    from .tagger import tag

    store = Path(tagged) if tagged else default_store_for(path)
    tag(path, store, model=model)
    return TaggedCorpus(store)
