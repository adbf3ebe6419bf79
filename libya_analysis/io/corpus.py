"""Load a corpus of news articles into the `articles` table.

Reading (I/O) is kept apart from the logic that cleans texts and assigns statuses, so the
logic can be tested on plain records. Every input record becomes one row: a record that cannot
be used keeps a `status` saying why (`empty`, `binary`, `undecodable`, `duplicate`,
`duplicate_id`, `malformed`, `missing_id`, `missing_file`, `not_english`) and a `problem` saying
where; a copy of another article's story with small changes is `near_duplicate` (and is tagged).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import CorpusError
from .dedup import near_duplicates, stories
from .language import ENGLISH, article_language

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = [
    "doc_id", "title", "source", "url", "published", "text", "n_words", "status",
    "duplicate_of", "problem", "record", "lines_cut", "story_id", "similarity", "language",
]
"""Columns every `articles` table has, in this order; extra metadata columns follow."""

_BOILERPLATE = re.compile(
    r"""^\s*(
        follow\s+us(\s+on)?\s*:?
      | share(\s+(this|on)(\s+\w+)?)?\s*:?
      | share\s+on\s+(facebook|twitter|whatsapp|linkedin|email)
      | (tweet|email|print|whatsapp|facebook|twitter|linkedin|telegram)
      | leave\s+a\s+(reply|comment)
      | reply
      | exit\s+mobile\s+version
      | click\s+to\s+(share|print|email)\b.*
      | (related|read\s+more|more\s+from\s+\w+)\s*:?
      | advertisement
      | skip\s+to\s+(main\s+)?content
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_HEADLINE_MAX_WORDS = 20
_COMMENT_MARK = re.compile(
    r"""\b\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.)\s*\|     # "May 28, 2011 at 11:39 am |"
      | \|\s*(report\s+abuse|reply)\b                  # "| Report abuse |", "| Reply"
      | ^\s*\(required,\s+but\s+will\s+not\s+be\s+displayed\)
      | ^\s*(comments\s+are\s+(not\s+pre-?screened|closed)|post\s+a\s+comment|no\s+comments\s*:
            |\d+\s+(comments|responses)\s+to\b|your\s+email\s+address\s+will\s+not\s+be\s+published
            |notify\s+me\s+of\s+(follow-up\s+comments|new\s+posts))""",
    re.IGNORECASE | re.VERBOSE,
)
"""Marks of a readers' comment thread or its form: the thread runs from the first to the end."""
_RELATED_HEADER = re.compile(
    r"""^\s*(related(\s+(stories|articles|news|content|posts|coverage|links))?|more\s+to\s+read|read\s+more
      |you\s+(might|may)\s+also\s+like|recommended(\s+for\s+you)?|most\s+(popular|read)|more\s+stories
      |sign\s+up\s+for\s+.{1,60}|also\s+read|see\s+also|trending(\s+now)?)\s*:?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A "related stories" header: it and the headline-like lines after it are cut."""
FURNITURE_MIN_STORIES = 3
"""A line recurring at the start or end of this many distinct stories of one source is furniture."""
FURNITURE_MAX_SHARE = 0.8
"""Furniture is never more than this share of an article's lines: an article it would take (nearly)
whole is kept as it is (its recurring lines are shared text, as in a corpus of excerpts)."""
SAME_STORY_SHARE = 0.3
"""Two articles sharing this share of the shorter one's lines are versions of one story."""
_STORY_LINK_MAX = 20
"""Lines in more articles than this are never evidence that two articles are one story."""


def clean_text(text: str) -> str:
    """Remove boilerplate lines, a verbatim repeat of the previous line, and blank-line runs.

    Only whole lines are removed; kept lines are unchanged, so offsets into the result are
    offsets into real text.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    previous = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if kept and kept[-1].strip():
                kept.append("")
            continue
        if _BOILERPLATE.match(line):
            continue
        if stripped == previous:
            continue
        kept.append(line.rstrip())
        previous = stripped
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)


def cut_comments_and_related(text: str) -> str:
    """Cut a readers' comment thread (from its first mark: a "... 11:39 am |" timestamp, "| Reply",
    the comment form) to the end of the text, and "related stories" blocks (the header and the
    short headline-like lines after it). Whole lines only; what stays is unchanged."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if _COMMENT_MARK.search(line):
            lines = lines[:number]
            break
    kept: list[str] = []
    in_related = False
    for line in lines:
        if _RELATED_HEADER.match(line):
            in_related = True
            continue
        if in_related and line.strip() and len(line.split()) <= _HEADLINE_MAX_WORDS \
                and not re.search(r"[.!?\"”]$", line.strip()):
            continue
        in_related = False
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)


def furniture_lines(texts: Mapping[str, str], sources: Mapping[str, Any]) -> dict[str, set[str]]:
    """Per source, the lines that are page furniture: lines recurring verbatim in at least
    `FURNITURE_MIN_STORIES` distinct stories of the source, in a run at the start or the end of
    an article. Stories, not articles, are counted: articles sharing `SAME_STORY_SHARE` of the
    shorter one's lines (updated versions of one story) are one story. A function of the
    records only, independent of their order."""
    by_source: dict[str, list[str]] = {}
    for doc_id in sorted(texts):
        source = sources.get(doc_id)
        by_source.setdefault("" if source is None or (isinstance(source, float) and pd.isna(source))
                             else str(source), []).append(doc_id)
    found: dict[str, set[str]] = {}
    for source, doc_ids in by_source.items():
        if len(doc_ids) < FURNITURE_MIN_STORIES:
            continue
        lines = {d: [line.strip() for line in texts[d].split("\n") if line.strip()] for d in doc_ids}
        holders: dict[str, list[str]] = {}
        for doc_id in doc_ids:
            for line in dict.fromkeys(lines[doc_id]):
                holders.setdefault(line, []).append(doc_id)
        shared: dict[tuple[str, str], int] = {}
        for line, docs in holders.items():
            if 2 <= len(docs) <= _STORY_LINK_MAX:
                for i, a in enumerate(docs):
                    for b in docs[i + 1:]:
                        shared[(a, b)] = shared.get((a, b), 0) + 1
        linked = [(a, b, 0.0) for (a, b), count in sorted(shared.items())
                  if count >= SAME_STORY_SHARE * min(len(set(lines[a])), len(set(lines[b])))]
        story = stories(doc_ids, {}, linked)
        recurring = {line for line, docs in holders.items()
                     if len(docs) >= FURNITURE_MIN_STORIES and len({story[d] for d in docs}) >= FURNITURE_MIN_STORIES}
        cut: set[str] = set()
        for doc_id in doc_ids:
            for ordered in (lines[doc_id], lines[doc_id][::-1]):
                for line in ordered:
                    if line not in recurring:
                        break
                    cut.add(line)
        if cut:
            found[source] = cut
    return found


def _without_lines(text: str, lines: set[str]) -> str:
    """The text without the given lines (compared stripped) and without blank-line runs they leave."""
    kept: list[str] = []
    for line in text.split("\n"):
        if line.strip() in lines:
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)


def _content_lines(text: Any) -> int:
    return sum(1 for line in text.split("\n") if line.strip()) if isinstance(text, str) else 0


def headline(text: str) -> str | None:
    """The first line when it reads as a headline (short, no closing punctuation), else None."""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        words = line.split()
        if len(words) <= _HEADLINE_MAX_WORDS and not re.search(r"[.!?:;,\"”’']$", line):
            return line
        return None
    return None


def parse_published(value: Any) -> tuple[dt.date | None, str | None]:
    """Parse an ISO `YYYY-MM-DD` date; return (date, problem)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None, None
    text = str(value).strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.+\-Z]*)?", text):
        try:
            return dt.date.fromisoformat(text[:10]), None
        except ValueError:
            pass
    return None, f"unreadable published date {text!r} (expected YYYY-MM-DD); recorded as null"


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Decode UTF-8 bytes; return (text, status) with status `binary` or `undecodable` on failure."""
    if b"\x00" in data:
        return None, "binary"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        return None, f"undecodable:{err.start}"


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# ---------------------------------------------------------------- readers (I/O)

def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Read raw records from a directory of .txt files, a .jsonl file or a .csv file."""
    path = Path(path)
    if not path.exists():
        raise CorpusError("no such file or directory", path=path)
    if path.is_dir():
        return _read_directory(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _read_jsonl(path)
    if suffix == ".csv":
        return _read_csv_corpus(path)
    if suffix == ".txt":
        raise CorpusError("a single .txt file is not a corpus: pass the directory that holds it", path=path)
    raise CorpusError("unsupported input: expected a directory of .txt files, a .jsonl or a .csv file", path=path)


def _read_bytes_record(doc_id: str, data: bytes, file: Path) -> dict[str, Any]:
    text, status = decode(data)
    record: dict[str, Any] = {"doc_id": doc_id, "text": text, "record": str(file)}
    if status == "binary":
        record["status"] = "binary"
        record["problem"] = f"{file}: binary file (NUL bytes), not text"
    elif status:
        offset = int(status.split(":")[1])
        record["status"] = "undecodable"
        record["problem"] = (f"{file}, line {_line_of_offset(data, offset)}: not UTF-8 "
                             f"(byte {offset}); save the file as UTF-8")
    return record


def _read_directory(directory: Path) -> list[dict[str, Any]]:
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    meta_path = directory / "metadata.csv"
    metadata = read_metadata(meta_path) if meta_path.exists() else {}
    if not files and not metadata:
        raise CorpusError("no articles: expected .txt files (one article each) or a .jsonl/.csv file",
                          path=directory)
    records = []
    seen = set()
    for file in files:
        record = _read_bytes_record(file.stem, file.read_bytes(), file)
        meta = metadata.get(file.name) or metadata.get(file.stem)
        if meta:
            record.update({k: v for k, v in meta.items() if k not in ("file", "line")})
            seen.add(meta["file"])
        records.append(record)
    for name, meta in metadata.items():
        if meta["file"] in seen or name != meta["file"]:
            continue
        records.append({
            **{k: v for k, v in meta.items() if k not in ("file", "line")},
            "doc_id": Path(name).stem, "text": None, "status": "missing_file",
            "record": f"{meta_path}:{meta['line']}",
            "problem": f"{meta_path}, line {meta['line']}: names {name!r}, which is not in {directory}",
        })
    return records


def read_metadata(path: Path) -> dict[str, dict[str, Any]]:
    """Read `metadata.csv` (column `file` required); errors name the file and line."""
    data = path.read_bytes()
    text, status = decode(data)
    if text is None:
        raise CorpusError("metadata is not UTF-8 text", path=path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError("empty metadata file: expected a header with a 'file' column", path=path) from None
    header = [h.strip() for h in header]
    if "file" not in header:
        raise CorpusError(f"no 'file' column in the header (found {header})", path=path, line=1)
    by_file: dict[str, dict[str, Any]] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CorpusError(f"{len(row)} fields where the header has {len(header)}", path=path, line=line)
            entry = dict(zip(header, (cell.strip() for cell in row)))
            name = entry["file"]
            if not name:
                raise CorpusError("empty 'file' value", path=path, line=line)
            if name in by_file:
                raise CorpusError(f"{name!r} is listed twice (first on line {by_file[name]['line']})",
                                  path=path, line=line)
            entry["line"] = line
            by_file[name] = entry
            stem = Path(name).stem
            if stem != name:
                by_file.setdefault(stem, entry)
    except csv.Error as err:
        raise CorpusError(f"malformed CSV: {err}", path=path, line=reader.line_num) from None
    return by_file


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    if b"\x00" in data:
        raise CorpusError("binary file (NUL bytes), not JSON lines", path=path)
    records = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as err:
            records.append(_bad_record(number, where, "undecodable",
                                       f"{path}, line {number}: not UTF-8 (byte {err.start} of the line)"))
            continue
        except json.JSONDecodeError as err:
            records.append(_bad_record(number, where, "malformed",
                                       f"{path}, line {number}: not valid JSON ({err.msg}, column {err.colno})"))
            continue
        if not isinstance(obj, dict):
            records.append(_bad_record(number, where, "malformed",
                                       f"{path}, line {number}: expected a JSON object, got {type(obj).__name__}"))
            continue
        records.append(_record_from_mapping(obj, where, f"{path}, line {number}", number))
    if not records:
        raise CorpusError("no articles: the file has no records", path=path)
    return records


def _read_csv_corpus(path: Path) -> list[dict[str, Any]]:
    text, status = decode(path.read_bytes())
    if text is None:
        raise CorpusError("binary file, not CSV" if status == "binary" else "not UTF-8 text", path=path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise CorpusError("empty CSV file: expected a header with 'id' and 'text' columns", path=path) from None
    if "text" not in header or not ({"id", "doc_id"} & set(header)):
        raise CorpusError(f"the header needs 'id' (or 'doc_id') and 'text' columns (found {header})",
                          path=path, line=1)
    records = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"{path}:{line}"
            if len(row) != len(header):
                records.append(_bad_record(line, where, "malformed",
                                           f"{path}, line {line}: {len(row)} fields where the header has {len(header)}"))
                continue
            records.append(_record_from_mapping(dict(zip(header, row)), where, f"{path}, line {line}", line))
    except csv.Error as err:
        raise CorpusError(f"malformed CSV: {err}", path=path, line=reader.line_num) from None
    if not records:
        raise CorpusError("no articles: the file has a header but no records", path=path)
    return records


def _bad_record(number: int, where: str, status: str, problem: str) -> dict[str, Any]:
    return {"doc_id": f"line-{number}", "text": None, "status": status, "problem": problem, "record": where}


def _record_from_mapping(obj: Mapping[str, Any], where: str, label: str, number: int) -> dict[str, Any]:
    record = {k: v for k, v in obj.items() if k not in ("id", "doc_id")}
    raw_id = obj.get("doc_id", obj.get("id"))
    record["record"] = where
    if raw_id is None or str(raw_id).strip() == "":
        record.update(doc_id=f"line-{number}", status="missing_id",
                      problem=f"{label}: no 'id' (or 'doc_id') value")
    else:
        record["doc_id"] = str(raw_id).strip()
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        record["text"] = str(text)
    return record


# ---------------------------------------------------------------- logic

def build_articles(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Clean texts, parse metadata and assign a status to every record.

    Ids are strings; the first record with an id keeps it and later ones get `duplicate_id`.
    Among usable articles sorted by id, the first of an identical cleaned text stays `ok` and
    the others get `duplicate` with `duplicate_of`. An article in another language gets
    `not_english`. Among the English ones, copies of one story with small changes (see
    `dedup.near_duplicates`) get `near_duplicate`, `duplicate_of` (the story's original),
    `similarity`; every usable article has a `story_id`.
    """
    rows: list[dict[str, Any]] = []
    seen_ids: dict[str, str] = {}
    records = list(records)
    cleaned_texts: dict[int, str] = {}
    for number, record in enumerate(records):
        if record.get("status") is None and isinstance(record.get("text"), str):
            cleaned_texts[number] = cut_comments_and_related(clean_text(record["text"]))
    furniture = furniture_lines({str(n): t for n, t in cleaned_texts.items()},
                                {str(n): records[n].get("source") for n in cleaned_texts})
    for number, record in enumerate(records):
        row = dict(record)
        row["doc_id"] = str(row["doc_id"])
        problems = [row.pop("problem")] if row.get("problem") else []
        status = row.get("status")
        text = row.get("text")
        row["lines_cut"] = 0
        if status is None:
            cleaned = cleaned_texts.get(number, "")
            source = row.get("source")
            source_key = "" if source is None or (isinstance(source, float) and pd.isna(source)) else str(source)
            if furniture.get(source_key):
                without = _without_lines(cleaned, furniture[source_key])
                # page furniture is a part of a page: lines that would take (nearly) the whole
                # article are text shared with other articles (a corpus of excerpts), not furniture
                if _content_lines(without) >= (1 - FURNITURE_MAX_SHARE) * _content_lines(cleaned):
                    cleaned = without
            row["text"] = cleaned
            row["lines_cut"] = _content_lines(text) - _content_lines(cleaned)
            status = "ok" if cleaned.strip() else "empty"
            if status == "empty":
                problems.append(f"{row.get('record', row['doc_id'])}: no text after cleaning")
        if row["doc_id"] in seen_ids and not row["doc_id"].startswith("line-"):
            if status == "ok":
                status = "duplicate_id"
            problems.append(f"{row.get('record')}: id {row['doc_id']!r} already used by {seen_ids[row['doc_id']]}")
        else:
            seen_ids.setdefault(row["doc_id"], str(row.get("record")))
        published, problem = parse_published(row.get("published"))
        row["published"] = published
        if problem:
            problems.append(f"{row.get('record', row['doc_id'])}: {problem}")
        title = row.get("title")
        if not (isinstance(title, str) and title.strip()):
            row["title"] = headline(row["text"]) if status == "ok" else None
        row["status"] = status
        row["problem"] = "; ".join(problems) or None
        rows.append(row)

    frame = pd.DataFrame(rows)
    for column in ARTICLE_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame["duplicate_of"] = _duplicate_of(frame)
    frame["similarity"] = float("nan")
    frame.loc[frame["duplicate_of"].notna(), "status"] = "duplicate"
    frame.loc[frame["duplicate_of"].notna(), "similarity"] = 1.0
    _mark_languages(frame)
    _mark_near_duplicates(frame)
    frame["n_words"] = [len(t.split()) if isinstance(t, str) else 0 for t in frame["text"]]
    frame["lines_cut"] = frame["lines_cut"].fillna(0).astype(int)
    for problem in frame["problem"].dropna():
        log.warning(problem)
    extra = [c for c in frame.columns if c not in ARTICLE_COLUMNS]
    frame = frame[ARTICLE_COLUMNS + extra]
    for column in ("title", "source", "url"):
        frame[column] = frame[column].map(lambda v: None if v is None or (isinstance(v, str) and not v.strip())
                                          or (isinstance(v, float) and pd.isna(v)) else str(v))
    return frame.reset_index(drop=True)


def _duplicate_of(frame: pd.DataFrame) -> pd.Series:
    result = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    usable = frame[frame["status"] == "ok"].sort_values("doc_id", kind="stable")
    first: dict[str, str] = {}
    for index, doc_id, text in zip(usable.index, usable["doc_id"], usable["text"]):
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if key in first:
            result[index] = first[key]
        else:
            first[key] = doc_id
    return result


def _mark_languages(frame: pd.DataFrame) -> None:
    """`language` of each usable article; one surely in another language becomes `not_english`."""
    usable = frame.index[frame["status"] == "ok"]
    frame.loc[usable, "language"] = [article_language(text) for text in frame.loc[usable, "text"]]
    other = frame.index[(frame["status"] == "ok") & frame["language"].notna() & (frame["language"] != ENGLISH)]
    frame.loc[other, "status"] = "not_english"
    for index in other:
        problem = f"{frame.at[index, 'record']}: written in {frame.at[index, 'language']!r}, not English; not tagged"
        frame.at[index, "problem"] = "; ".join(p for p in (frame.at[index, "problem"], problem) if p)


def _mark_near_duplicates(frame: pd.DataFrame) -> None:
    """`near_duplicate` status, `duplicate_of`, `similarity` and every usable article's `story_id`."""
    found = near_duplicates(frame).set_index("doc_id")
    usable = frame.index[frame["status"] == "ok"]
    ids = frame.loc[usable, "doc_id"]
    frame.loc[usable, "story_id"] = ids.map(found["story_id"]).to_numpy()
    copies = [i for i, d in zip(usable, ids) if isinstance(found.at[d, "duplicate_of"], str)]
    frame.loc[copies, "status"] = "near_duplicate"
    frame.loc[copies, "duplicate_of"] = frame.loc[copies, "doc_id"].map(found["duplicate_of"]).to_numpy()
    frame.loc[copies, "similarity"] = frame.loc[copies, "doc_id"].map(found["similarity"]).to_numpy()
    exact = frame.index[frame["status"] == "duplicate"]
    story_of = dict(zip(frame.loc[usable, "doc_id"], frame.loc[usable, "story_id"]))
    frame.loc[exact, "story_id"] = frame.loc[exact, "duplicate_of"].map(story_of).to_numpy()


def load_corpus(path: str | Path) -> pd.DataFrame:
    """Read and clean a corpus: one `articles` row per input record."""
    return build_articles(read_records(path))


def corpus_hash(articles: pd.DataFrame) -> str:
    """A hash of what was read: ids, statuses, texts and metadata, in order."""
    digest = hashlib.sha256()
    for row in articles.sort_values("doc_id", kind="stable").itertuples(index=False):
        digest.update(json.dumps([str(v) for v in row], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()
