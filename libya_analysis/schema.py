"""Constants of the data model shared by every stage: the store's schema version and row kinds."""

SCHEMA_VERSION = "2.0"
"""Major.minor of the store layout; a store of another major version must be tagged again."""

TAGGED_STATUSES = ("ok", "near_duplicate")
"""Article statuses that are tagged: a near-duplicate is tagged too, and counted once by story."""

UNLISTED = "unlisted"
"""`actor_type` of a name found by the statistical model that the gazetteer does not know."""

MEDIA = "media"
"""`actor_type` of news outlets and their credited authors: sources of the text, not parties."""

ROLE_LABEL = "ROLE"
"""`label` of a mention naming a party by its role ("the rebels"): a noun phrase, not a named entity."""

# Columns of the per-document tables (see docs/data-model.md).
MENTION_COLUMNS = ["doc_id", "sentence_id", "start_char", "end_char", "text", "actor_id",
                   "actor_name", "actor_type", "label", "resolved_by"]
PLACE_COLUMNS = ["doc_id", "sentence_id", "start_char", "end_char", "text", "place", "country",
                 "place_id", "kind", "resolved"]
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "start_char", "end_char", "text"]
TIMEX_COLUMNS = ["doc_id", "sentence_id", "start_char", "end_char", "text", "type", "value", "mod",
                 "anchor", "future"]

PER_DOCUMENT_TABLES = ("sentences", "mentions", "places", "timexes", "figures")
"""Tables written per part by the worker that parsed the articles (folders of Parquet parts).
`figures` are the casualty figures as extracted; `casualties` adds the corpus-level incident ids."""

SORT_KEYS = {
    "articles": ("doc_id",),
    "sentences": ("doc_id", "sentence_id"),
    "mentions": ("doc_id", "start_char", "end_char"),
    "places": ("doc_id", "start_char", "end_char"),
    "timexes": ("doc_id", "start_char", "end_char"),
    "figures": ("doc_id", "start_char", "end_char"),
}
"""Key columns each per-document table is read back in, whatever order its parts were written."""
