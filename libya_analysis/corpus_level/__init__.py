"""Corpus-level steps over the stored tables: incidents, the timeline, topics."""
