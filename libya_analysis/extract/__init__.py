"""Per-document extraction: the spaCy pipeline and what is read off each parsed article."""
