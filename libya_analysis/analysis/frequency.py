"""Actor frequency tables for the actor notebook: DataFrames in, DataFrames out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import combinations

import pandas as pd

from ..schema import MEDIA, ROLE_LABEL, TAGGED_STATUSES, UNLISTED

UNDATED = "undated"


def collective_ids(actors: pd.DataFrame) -> set[str]:
    """Ids of the collective actors named by role ("Rebel forces (Libya)", "Civilians (Libya)")."""
    if "collective" not in actors.columns:
        return set()
    return set(actors.loc[actors["collective"].fillna(False).astype(bool), "actor_id"])


def mentions_in_scope(mentions: pd.DataFrame, articles: pd.DataFrame, *,
                      actor_types: Sequence[str] | None = None, date_from: str | dt.date | None = None,
                      date_to: str | dt.date | None = None, include_unlisted: bool = False,
                      include_media: bool = False, include_collective: bool = True,
                      actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentions of tagged articles, with the article's `published`, `month`, `source` and
    `story_id` (copies of one story share it; an older store without it: the article itself).

    A date range keeps only articles published in it (undated ones are then left out, and
    counted by `scope_note`). News outlets and credited authors (type `media`) are sources, not
    parties: left out unless `include_media`. Collective actors named by role ("Protesters
    (Libya)") stay unless `include_collective` is False, which needs the `actors` table.
    """
    if not include_collective and actors is None:
        raise ValueError("include_collective=False needs the actors table (actors=...)")
    usable = articles[articles["status"].isin(TAGGED_STATUSES)].copy()
    usable["story_id"] = usable["story_id"].fillna(usable["doc_id"]) if "story_id" in usable else usable["doc_id"]
    usable = usable[["doc_id", "published", "source", "story_id"]]
    usable["published"] = pd.to_datetime(usable["published"], errors="coerce")
    if date_from is not None:
        usable = usable[usable["published"] >= pd.Timestamp(date_from)]
    if date_to is not None:
        usable = usable[usable["published"] <= pd.Timestamp(date_to)]
    frame = mentions.merge(usable, on="doc_id", how="inner")
    if not include_unlisted:
        frame = frame[frame["actor_type"] != UNLISTED]
    if not include_media:
        frame = frame[frame["actor_type"] != MEDIA]
    if not include_collective and actors is not None:
        frame = frame[~frame["actor_id"].isin(collective_ids(actors))]
    if actor_types:
        frame = frame[frame["actor_type"].isin(list(actor_types))]
    frame["month"] = frame["published"].dt.strftime("%Y-%m").fillna(UNDATED)
    frame["source"] = frame["source"].fillna("unknown source")
    return frame.reset_index(drop=True)


def scope_note(articles: pd.DataFrame, scoped: pd.DataFrame) -> pd.DataFrame:
    """How many articles were read, usable, copies of another story, undated and in scope (for the
    notebook's caveats)."""
    ok = articles[articles["status"].isin(TAGGED_STATUSES)]
    return pd.DataFrame({
        "count": [len(articles), len(ok), int((ok["status"] == "near_duplicate").sum()),
                  int(ok["published"].isna().sum()), scoped["doc_id"].nunique()],
    }, index=["input records", "usable articles", "near-duplicates (copies of another article's story)",
              "usable articles without a date", "articles with an actor mention in scope"])


def actor_ranking(scoped: pd.DataFrame, *, top_n: int | None = None, min_mentions: int = 1,
                  count_near_duplicates: bool = False) -> pd.DataFrame:
    """Actors ranked by mentions, then by number of articles naming them. `articles` counts
    distinct stories (a wire copy does not count again) unless `count_near_duplicates`."""
    if scoped.empty:
        return pd.DataFrame(columns=["actor_id", "actor", "type", "mentions", "articles"])
    unit = "doc_id" if count_near_duplicates or "story_id" not in scoped else "story_id"
    table = (scoped.groupby(["actor_id", "actor_name", "actor_type"], as_index=False)
             .agg(mentions=("doc_id", "size"), articles=(unit, "nunique"))
             .rename(columns={"actor_name": "actor", "actor_type": "type"}))
    table = table[table["mentions"] >= min_mentions]
    table = table.sort_values(["mentions", "articles", "actor"], ascending=[False, False, True])
    return (table.head(top_n) if top_n else table).reset_index(drop=True)


def role_resolution(scoped: pd.DataFrame, *, top_n: int | None = None) -> pd.DataFrame:
    """Parties named by role ("the rebels", "militants", "civilians"), per actor and per way they
    were resolved (`owner`, `ally`, `date`, `article`, `collective`), most mentioned first."""
    roles = scoped[scoped["label"] == ROLE_LABEL] if "label" in scoped.columns else scoped.iloc[0:0]
    if roles.empty:
        return pd.DataFrame()
    table = pd.crosstab(roles["actor_name"], roles["resolved_by"])
    table["total"] = table.sum(axis=1)
    table = table.sort_values("total", ascending=False)
    return table.head(top_n) if top_n else table


def by_type(scoped: pd.DataFrame) -> pd.DataFrame:
    """Mentions, articles and distinct actors per actor type."""
    return (scoped.groupby("actor_type")
            .agg(mentions=("doc_id", "size"), articles=("doc_id", "nunique"), actors=("actor_id", "nunique"))
            .sort_values("mentions", ascending=False))


def by_source(scoped: pd.DataFrame, actor_ids: Sequence[str]) -> pd.DataFrame:
    """Mentions of the given actors per source (actors as rows, in the given order)."""
    frame = scoped[scoped["actor_id"].isin(actor_ids)]
    table = pd.crosstab(frame["actor_name"], frame["source"])
    names = scoped.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    return table.reindex([names[a] for a in actor_ids if a in names.index]).fillna(0).astype(int)


def by_month(scoped: pd.DataFrame, actor_ids: Sequence[str]) -> pd.DataFrame:
    """Mentions of the given actors per publication month (months as rows, undated last)."""
    frame = scoped[scoped["actor_id"].isin(actor_ids)]
    table = pd.crosstab(frame["month"], frame["actor_name"])
    months = sorted(m for m in table.index if m != UNDATED) + ([UNDATED] if UNDATED in table.index else [])
    return table.reindex(months)


def cooccurrence(scoped: pd.DataFrame, actor_ids: Sequence[str]) -> pd.DataFrame:
    """Number of sentences naming both actors (symmetric; the diagonal counts sentences naming one)."""
    names = scoped.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    order = [names[a] for a in actor_ids if a in names.index]
    matrix = pd.DataFrame(0, index=order, columns=order)
    frame = scoped[scoped["actor_id"].isin(actor_ids)]
    for _, group in frame.groupby(["doc_id", "sentence_id"]):
        present = sorted(set(group["actor_name"]))
        for name in present:
            matrix.loc[name, name] += 1
        for a, b in combinations(present, 2):
            matrix.loc[a, b] += 1
            matrix.loc[b, a] += 1
    return matrix


def example_sentences(scoped: pd.DataFrame, sentences: pd.DataFrame, actor_ids: Sequence[str], *,
                      per_actor: int = 2) -> pd.DataFrame:
    """For each actor, sentences that name it (from different articles first), mention marked."""
    keyed = sentences.set_index(["doc_id", "sentence_id"])
    rows = []
    for actor_id in actor_ids:
        frame = scoped[scoped["actor_id"] == actor_id].sort_values(["doc_id", "start_char"])
        picked = pd.concat([frame.drop_duplicates("doc_id"), frame]).drop_duplicates(
            ["doc_id", "sentence_id"]).head(per_actor)
        for row in picked.itertuples(index=False):
            sentence = keyed.loc[(row.doc_id, row.sentence_id)]
            start, end = row.start_char - sentence["start_char"], row.end_char - sentence["start_char"]
            text = sentence["text"]
            marked = f"{text[:start]}[{text[start:end]}]{text[end:]}"
            rows.append({"actor": row.actor_name, "doc_id": row.doc_id, "sentence": " ".join(marked.split())})
    return pd.DataFrame(rows, columns=["actor", "doc_id", "sentence"])


def unlisted_candidates(mentions: pd.DataFrame, *, min_mentions: int = 1, top_n: int | None = None) -> pd.DataFrame:
    """Names the gazetteer does not know, by mentions: candidates for new entries."""
    frame = mentions[mentions["actor_type"] == UNLISTED]
    if frame.empty:
        return pd.DataFrame(columns=["name", "label", "mentions", "articles", "example_doc"])
    table = (frame.groupby("actor_id")
             .agg(name=("actor_name", "first"), label=("label", lambda s: s.mode().iat[0]),
                  mentions=("doc_id", "size"), articles=("doc_id", "nunique"), example_doc=("doc_id", "first"))
             .sort_values(["mentions", "articles", "name"], ascending=[False, False, True]))
    table = table[table["mentions"] >= min_mentions].reset_index(drop=True)
    return table.head(top_n) if top_n else table
