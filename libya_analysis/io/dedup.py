"""Near-duplicate articles: copies of one story with small changes (a wire copy with a new first
line, a changed word, a dropped paragraph; an updated or syndicated version).

Each article becomes a set of word shingles (`SHINGLE_WORDS` consecutive lower-cased words); a
MinHash signature (datasketch, `NUM_PERM` permutations) of each set goes into a MinHash LSH index,
so only candidate pairs that share a band (`BANDS` bands of `ROWS` rows) are compared: the work grows
with the number of articles, not with its square. A candidate pair is a near-duplicate when the
exact Jaccard similarity of their shingle sets is at least `THRESHOLD`.

Why 0.5: over the 398 CNN articles of the 2011 war, the real copies score 0.79 to 0.85 and the
closest distinct stories (follow-ups of the same day's events) at most 0.40, so 0.5 sits in the gap;
a copy that loses its last of five paragraphs and gains a first line still scores about 0.7.

Copies linked directly or through each other form one story; its original is the earliest
published article, then the lowest `doc_id` (undated articles after dated ones); the others point
to it with `duplicate_of` and their similarity to it. The result does not depend on row order.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pandas as pd

THRESHOLD = 0.5
"""Jaccard similarity of word shingles from which two articles are copies of one story."""
SHINGLE_WORDS = 5
"""Words per shingle: long enough that articles on the same topic share few shingles by chance."""
NUM_PERM = 128
"""MinHash permutations."""
BANDS, ROWS = 32, 4
"""LSH bands of rows (32 x 4 = `NUM_PERM`): a pair with Jaccard similarity J becomes a candidate
with probability 1 - (1 - J^4)^32: 0.87 at 0.5, 0.988 at 0.6, 0.9996 at 0.7 (datasketch's own
choice for 0.5 finds only 0.55 and 0.87 of those). Pairs under 0.2 rarely become candidates
(0.05), and every candidate is checked with the exact similarity."""
SEED = 1
"""MinHash seed: the same signatures on every run and every machine."""
CHUNK = 1000
"""Articles whose signatures are computed together (bounds the memory for shingles)."""
SHINGLE_CACHE = 4096
"""Shingle sets of earlier articles kept for the exact comparison of candidates."""

_WORD = re.compile(r"\w+")


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of `size`-word shingles of a text (lower case, punctuation ignored); a text shorter
    than `size` words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a & b| / |a | b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def similar_pairs(texts: dict[str, str], *, threshold: float = THRESHOLD,
                  num_perm: int = NUM_PERM) -> list[tuple[str, str, float]]:
    """Pairs of ids (a < b) whose texts' shingle sets have a Jaccard similarity of at least
    `threshold`, with that similarity: enough pairs to join every copy to its story (an article
    is compared with one member of each group of earlier copies it may belong to, not with every
    member). Candidates come from MinHash LSH, never from all pairs.

    Articles go in id order, in chunks: each is looked up among the ones before it, then added,
    so only the LSH index (not the shingles or the signatures) grows with the corpus."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=num_perm, params=(BANDS, num_perm // BANDS))
    shingles_of = lru_cache(maxsize=SHINGLE_CACHE)(lambda doc_id: shingles(texts[doc_id]))
    group: dict[str, str] = {}

    def root(doc_id: str) -> str:
        top = doc_id
        while group.get(top, top) != top:
            top = group[top]
        while doc_id != top:  # path compression: the next look-up is one step
            group[doc_id], doc_id = top, group[doc_id]
        return top

    ids = sorted(texts)
    pairs = []
    for begin in range(0, len(ids), CHUNK):
        chunk = [(doc_id, shingles(texts[doc_id])) for doc_id in ids[begin:begin + CHUNK]]
        chunk = [(doc_id, shingle_set) for doc_id, shingle_set in chunk if shingle_set]
        signatures = MinHash.bulk([list(shingle_set) for _, shingle_set in chunk],
                                  num_perm=num_perm, seed=SEED, hashfunc=_hash32)
        for (doc_id, shingle_set), signature in zip(chunk, signatures):
            joined: set[str] = set()
            for other in sorted(lsh.query(signature)):
                if root(other) in joined:
                    continue
                similarity = jaccard(shingles_of(other), shingle_set)
                if similarity >= threshold:
                    pairs.append((other, doc_id, similarity))
                    joined.add(root(other))
            for other_root in joined:
                group[other_root] = doc_id
            lsh.insert(doc_id, signature, check_duplication=False)
    return sorted(pairs)


def _hash32(shingle: str) -> int:
    """A shingle's 32-bit hash for MinHash: CRC-32, fast and the same in every process (the
    candidates it yields are checked with the exact Jaccard similarity)."""
    return zlib.crc32(shingle.encode("utf-8"))


def _original_key(published: Any, doc_id: str) -> tuple[int, str, str]:
    dated = published is not None and not pd.isna(published)
    return (0 if dated else 1, str(pd.Timestamp(published).date()) if dated else "", doc_id)


def stories(ids: Iterable[str], published: dict[str, Any],
            pairs: Iterable[tuple[str, str, float]]) -> dict[str, str]:
    """Each id's story: the original (earliest published, then lowest id) of the ids linked to it
    by `pairs`, directly or through others."""
    parent = {doc_id: doc_id for doc_id in ids}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for a, b, _ in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=lambda d: _original_key(published.get(d), d))
            parent[second] = first
    return {doc_id: root(doc_id) for doc_id in parent}


def near_duplicates(articles: pd.DataFrame, *, threshold: float = THRESHOLD) -> pd.DataFrame:
    """For the `ok` articles: `doc_id`, `story_id`, `duplicate_of` (the story's original, null for
    it) and `similarity` (Jaccard of shingles with the original, null for it)."""
    usable = articles[articles["status"] == "ok"].sort_values("doc_id", kind="stable")
    texts = dict(zip(usable["doc_id"], usable["text"]))
    pairs = similar_pairs(texts, threshold=threshold)
    story_of = stories(texts, dict(zip(usable["doc_id"], usable["published"])), pairs)
    original_shingles = lru_cache(maxsize=SHINGLE_CACHE)(lambda doc_id: shingles(texts[doc_id]))
    rows = []
    for doc_id, story in story_of.items():
        copy = story != doc_id
        similarity = jaccard(shingles(texts[doc_id]), original_shingles(story)) if copy else None
        rows.append({"doc_id": doc_id, "story_id": story, "duplicate_of": story if copy else None,
                     "similarity": similarity})
    return pd.DataFrame(rows, columns=["doc_id", "story_id", "duplicate_of", "similarity"])


def story_ids(articles: pd.DataFrame) -> dict[str, str]:
    """`doc_id` -> `story_id` of the articles that have one (a store without the column: none)."""
    if "story_id" not in articles.columns:
        return {}
    known = articles[articles["story_id"].notna()]
    return dict(zip(known["doc_id"].astype(str), known["story_id"].astype(str)))
