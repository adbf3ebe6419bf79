"""Errors that the CLI turns into one clear message (no traceback)."""

from __future__ import annotations

from pathlib import Path


class LibyaAnalysisError(Exception):
    """Base class: a problem the user can fix, with a message saying how."""


class CorpusError(LibyaAnalysisError):
    """Input that cannot be read as a corpus; names the file and, where known, the line."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = self.path if line is None else f"{self.path}, line {line}"
            where += ": "
        super().__init__(where + message)


class ModelNotFoundError(LibyaAnalysisError):
    """The spaCy pipeline is not installed."""


class StoreError(LibyaAnalysisError):
    """A tagged directory that is missing, incomplete or of another schema."""


class GazetteerError(LibyaAnalysisError):
    """An actor gazetteer or place list that does not validate."""


class ReportError(LibyaAnalysisError):
    """Report parameters or notebooks that cannot be run."""


class CorrectionsError(LibyaAnalysisError):
    """A corrections file that does not validate; names the file and the entry."""
